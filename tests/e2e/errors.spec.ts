import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ask, chooseBot } from './helpers';

/** Failures as people meet them: a human message, and the way out on screen. */

const lastAnswer = (page: Page) => page.locator('article.message.bot').last();
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

test('a rejected key offers "Enter a new key", which opens key entry; the stale balance is gone', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await page.setViewportSize({ width: 400, height: 720 });
  await expect(page.getByTestId('balance')).toContainText('points');
  await chooseBot(page, 'Unauthorized-Bot');
  await ask(page, 'hello?');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'error');
  await expect(lastAnswer(page).getByRole('alert')).toContainText('Your Poe API key was rejected');
  await expect(page.getByTestId('balance')).toHaveText('Balance unavailable');
  await shot(page, 'sidepanel-key-rejected-light');

  await lastAnswer(page).getByRole('button', { name: 'Enter a new key' }).click();
  await expect(page.getByLabel('Replace key')).toBeFocused();
});

test('out of points: a clear message with a link to buy points, never retried', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  for (const bot of ['NoPoints-Bot', 'InsufficientFund-Bot']) {
    await chooseBot(page, bot);
    await ask(page, `points via ${bot}`);
    const answer = page.locator('article.message.bot', { has: page.getByText(/out of Poe points/) }).last();
    await expect(answer).toHaveAttribute('data-status', 'error');
    await expect(answer.getByRole('link', { name: 'Buy points on Poe' })).toHaveAttribute('href', 'https://poe.com/api_key');
    expect(fakePoe.requests.filter((request) => request.bot?.toLowerCase() === bot.toLowerCase())).toHaveLength(1);
    await page.getByRole('button', { name: 'New chat' }).click();
  }
});

test('a rate limit shows one live countdown, then the answer', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'RateLimit-Bot');
  await ask(page, 'busy?');
  const countdown = lastAnswer(page).getByRole('status').filter({ hasText: 'rate-limiting' });
  await expect(countdown).toHaveText(/^Poe is rate-limiting this key\. Retrying in \d+ s…$/);
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  await expect(countdown).toHaveCount(0);
});

test('a redirecting server: nothing is followed, and the message says so', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Redirect-Bot');
  await ask(page, 'secret conversation');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'error');
  await expect(lastAnswer(page).getByRole('alert')).toContainText('Poe answered with a redirect; nothing was sent further.');
  expect(fakePoe.redirectTarget.requests).toEqual([]);
  expect(fakePoe.requests.filter((request) => request.bot?.toLowerCase() === 'redirect-bot')).toHaveLength(1);

  // An upload answered with a 308: the file goes nowhere else, and the message says why the send failed.
  fakePoe.setRedirects({ upload: true, status: 308 });
  await chooseBot(page, 'Echo-Bot');
  await page.getByLabel('Attach files').setInputFiles([{ name: 'private.txt', mimeType: 'text/plain', buffer: Buffer.from('my secret notes') }]);
  await ask(page, 'read my notes');
  // A second alert with the message: the upload's (the first is Redirect-Bot's answer).
  await expect(page.getByRole('alert').filter({ hasText: 'Poe answered with a redirect; nothing was sent further.' })).toHaveCount(2);
  expect(fakePoe.requests.filter((request) => request.path.includes('file_upload'))).toHaveLength(1);
  expect(fakePoe.redirectTarget.requests).toEqual([]);
});

test('a silent bot: after 10 s the wait is shown with Stop, and Stop ends it calmly', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await page.setViewportSize({ width: 400, height: 720 });
  await chooseBot(page, 'Silent-Bot');
  await ask(page, 'anyone there?');
  const waiting = lastAnswer(page).getByRole('status').filter({ hasText: 'Waiting for Poe' });
  await expect(waiting).toHaveText(/^Waiting for Poe…$/);
  await expect(waiting).toContainText(/Waiting for Poe… [1-9]\d s/, { timeout: 60_000 });
  await shot(page, 'sidepanel-waiting-light');
  await waiting.getByRole('button', { name: 'Stop' }).click();
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'stopped');
  await expect(lastAnswer(page).locator('.status-line')).toHaveText('Stopped by you');
  await expect(lastAnswer(page).getByRole('alert')).toHaveCount(0);
});

test('a base URL saved says so, and the old failure goes with it', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await page.setViewportSize({ width: 400, height: 720 });
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Poe API base URL (advanced)').fill('https://example.com');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Use https://api.poe.com');
  await page.getByLabel('Poe API base URL (advanced)').fill(fakePoe.url);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toContainText(`Saved. Poe Toolbar now talks to ${fakePoe.url}.`);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await shot(page, 'sidepanel-settings-light');
});
