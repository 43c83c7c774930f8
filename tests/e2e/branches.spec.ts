import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ask, botOption, signedInPanel } from './helpers';

/** Issue 16: Regenerate and Edit keep earlier versions; each version shows its own continuation. */

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });
const messages = (page: Page) => page.locator('article.message');
const answerTo = (page: Page, question: string) => page.locator('article.message.bot').filter({ hasText: `You said: ${question}` });
const switcher = (message: Locator) => message.getByRole('group', { name: 'Versions' });

test('regenerate and edit keep versions with their own continuations; regenerate with another bot', async ({ signIn, openExtensionPage }) => {
  const page = await signedInPanel({ signIn, openExtensionPage }, 'Echo-Bot');
  await page.setViewportSize({ width: 400, height: 720 });

  await ask(page, 'first question');
  await expect(answerTo(page, 'first question')).toHaveAttribute('data-status', 'complete');
  await ask(page, 'a follow-up');
  await expect(answerTo(page, 'a follow-up')).toHaveAttribute('data-status', 'complete');
  await expect(messages(page)).toHaveCount(4);

  // Regenerate the first answer: no question asked, the later turn leaves the view, the answer is version 2 of 2.
  const first = page.locator('article.message.bot').first();
  await first.getByRole('button', { name: 'Regenerate', exact: true }).click();
  await expect(messages(page)).toHaveCount(2);
  await expect(first).toHaveAttribute('data-status', 'complete');
  await expect(switcher(first)).toContainText('2 / 2');
  await expect(page.getByText('You said: a follow-up')).toHaveCount(0);

  // Version 1 comes back with its own follow-up.
  await switcher(first).getByRole('button', { name: 'Previous version' }).click();
  await expect(switcher(first)).toContainText('1 / 2');
  await expect(messages(page)).toHaveCount(4);
  await expect(answerTo(page, 'a follow-up')).toHaveAttribute('data-status', 'complete');
  await expect(switcher(first).getByRole('button', { name: 'Previous version' })).toBeDisabled();

  // Edit the first question: the edited one is version 2; switching back shows the original with all that followed.
  const question = page.locator('article.message.user').first();
  await question.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Edit message').fill('an edited question');
  await page.getByRole('button', { name: 'Save and resend' }).click();
  await expect(answerTo(page, 'an edited question')).toHaveAttribute('data-status', 'complete');
  await expect(messages(page)).toHaveCount(2);
  await expect(switcher(question)).toContainText('2 / 2');
  await switcher(question).getByRole('button', { name: 'Previous version' }).focus();
  await page.keyboard.press('Enter');
  await expect(question).toContainText('first question');
  await expect(messages(page)).toHaveCount(4);
  await expect(answerTo(page, 'a follow-up')).toBeVisible();
  // The answer's own versions are still there, as they were.
  await expect(switcher(first)).toContainText('1 / 2');

  // Regenerate with another bot, chosen in the picker: its answer is version 3, labelled with that bot.
  await first.getByRole('button', { name: 'Regenerate with…' }).click();
  await page.getByLabel('Search bots').fill('Plain');
  await expect(botOption(page, 'Plain-Bot')).toBeVisible();
  await shot(page, 'branches-regenerate-with-light');
  await botOption(page, 'Plain-Bot').click();
  await expect(first).toContainText('This is **not bold** and # not a heading.');
  await expect(first).toHaveAttribute('data-status', 'complete');
  await expect(first.locator('.author')).toHaveText('Plain-Bot');
  await expect(switcher(first)).toContainText('3 / 3');
  await expect(messages(page)).toHaveCount(2);

  // The view shrank to what fits: nothing below, so no "Jump to latest".
  await expect(page.getByRole('button', { name: /Jump to latest/ })).toHaveCount(0);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await shot(page, `branches-switcher-${scheme}`);
  }

  // Back to version 2 (Echo-Bot's regenerated answer), and the header's bot did not change.
  await switcher(first).getByRole('button', { name: 'Previous version' }).click();
  await expect(switcher(first)).toContainText('2 / 3');
  await expect(first.locator('.author')).toHaveText('Echo-Bot');
  await expect(answerTo(page, 'first question')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Bot: / })).toHaveAccessibleName('Bot: Echo-Bot');
});

test('a stopped answer is said calmly, not as an error; it can be regenerated as a new version', async ({ signIn, openExtensionPage }) => {
  const page = await signedInPanel({ signIn, openExtensionPage }, 'Slow-Drip');
  await page.setViewportSize({ width: 400, height: 720 });
  await ask(page, 'Tell me a story');
  const answer = page.locator('article.message.bot');
  await expect(answer.locator('.text')).toContainText('The river');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(answer).toHaveAttribute('data-status', 'stopped');
  const status = answer.locator('.status-line');
  await expect(status).toHaveText('Stopped by you');
  // The muted text colour of the theme, not the error red.
  const [color, muted] = await status.evaluate((element) => [getComputedStyle(element).color, getComputedStyle(element.closest('article')!.querySelector('.author')!).color]);
  expect(color).toBe(muted);
  await expect(answer.getByRole('alert')).toHaveCount(0);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await shot(page, `branches-stopped-${scheme}`);
  }
  await answer.getByRole('button', { name: 'Regenerate', exact: true }).click();
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(switcher(answer)).toContainText('2 / 2');
});
