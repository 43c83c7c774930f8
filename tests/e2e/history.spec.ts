import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { chooseBot } from './helpers';

async function ask(page: Page, text: string) {
  await page.getByLabel('Message').fill(text);
  await page.getByLabel('Message').press('Enter');
  await expect(page.locator('article.message.bot').last()).toHaveAttribute('data-status', 'complete');
}

test('conversations are kept: history lists them newest first; open, rename and delete work', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  await ask(page, 'First conversation');
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.locator('article.message')).toHaveCount(0);
  await ask(page, 'Second conversation');

  await page.getByRole('button', { name: 'History' }).click();
  const titles = page.locator('.history-title');
  await expect(titles).toHaveText(['Second conversation', 'First conversation']);

  await page.getByRole('button', { name: 'Actions for “First conversation”' }).click();
  await page.getByRole('button', { name: 'Rename “First conversation”' }).click();
  await page.getByLabel('New title').fill('Renamed chat');
  await page.getByLabel('New title').press('Enter');
  await expect(titles).toHaveText(['Second conversation', 'Renamed chat']);

  await page.getByRole('button', { name: /^Renamed chat/ }).click();
  await expect(page.locator('article.message.user')).toHaveText(/First conversation/);
  await expect(page.locator('article.message.bot .text')).toContainText('You said: First conversation');

  await page.getByRole('button', { name: 'History' }).click();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Actions for “Second conversation”' }).click();
  await page.getByRole('button', { name: 'Delete “Second conversation”' }).click();
  await expect(titles).toHaveText(['Renamed chat']);

  // Survives a reload: it is in IndexedDB, not in the page.
  await page.reload();
  await page.getByRole('button', { name: 'History' }).click();
  await expect(titles).toHaveText(['Renamed chat']);
});

test('edit-and-resend replaces the turn; the answer shows its cost in points', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  await ask(page, 'Helo wrold');
  await expect(page.locator('article.message.bot .answer-cost')).toContainText('12 points');

  await page.locator('article.message.user').getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Edit message').fill('Hello world');
  await page.getByRole('button', { name: 'Save and resend' }).click();
  await expect(page.locator('article.message.bot').last()).toHaveAttribute('data-status', 'complete');
  await expect(page.locator('article.message')).toHaveCount(2);
  await expect(page.locator('article.message.bot .text')).toContainText('You said: Hello world');
  const queries = fakePoe.requests.filter((request) => request.bot?.toLowerCase() === 'echo-bot');
  expect(queries).toHaveLength(2);
  expect(JSON.stringify(queries[1]?.body)).toContain('Hello world');
  expect(JSON.stringify(queries[1]?.body)).not.toContain('Helo wrold');
});
