import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ask, chooseBot } from './helpers';

const answers = (page: Page) => page.locator('article.message.bot');
/**
 * Enough turns that the first answer lies beyond the render-ahead margin (a scroller height) even while the answers are
 * still empty: on opening, the first look at what is near can come before the renderer has loaded and the answers have
 * their heights (under load it did, with 8 turns, and the first answer was rightly rendered as near).
 */
const TURNS = 14;

/** The conversation's scroller is at its bottom (within a pixel). */
async function atBottom(page: Page): Promise<boolean> {
  return page.locator('.messages').evaluate((list) => list.scrollHeight - list.scrollTop - list.clientHeight <= 1);
}

test('a long conversation opens at its bottom, renders the answers near the reader, and the rest as the reader scrolls up', async ({ signIn, openExtensionPage }) => {
  test.slow(); // fourteen streamed answers, then a reopen
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Markdown-Bot');
  for (let turn = 1; turn <= TURNS; turn++) {
    await ask(page, `Part ${turn}, please`);
    await expect(answers(page)).toHaveCount(turn);
    await expect(answers(page).nth(turn - 1)).toHaveAttribute('data-status', 'complete');
  }

  // Reopened, the panel shows the conversation again: its newest answer rendered, at the bottom.
  await page.reload();
  const last = answers(page).last().locator('.text');
  await expect(answers(page)).toHaveCount(TURNS);
  await expect(last.locator('h1')).toHaveCount(1);
  await expect(last.locator('table th').first()).toBeVisible();
  await expect(last).not.toHaveAttribute('aria-busy', 'true');
  await expect.poll(() => atBottom(page)).toBe(true);
  // Answers above it rendering (or not) must not look like the reader scrolling away.
  await expect(page.getByRole('button', { name: /Jump to latest/ })).toHaveCount(0);

  // The first answer is several screens up: not rendered yet, its text there as plain source (found by find-in-page).
  const first = answers(page).first().locator('.text');
  await expect(first).toHaveClass(/md-source/);
  await expect(first).toContainText('# Streaming markdown, all the pieces');
  expect(await first.locator('h1').count()).toBe(0);

  // Scrolling up to it, as a person does, renders it.
  const list = page.locator('.messages');
  await list.hover();
  await expect(async () => {
    await page.mouse.wheel(0, -4000);
    await expect(first.locator('h1')).toHaveCount(1, { timeout: 1000 });
  }).toPass();
  await expect(first).not.toHaveClass(/md-source/);
  await expect(first.locator('table th').first()).toBeVisible();

  // The reader scrolled away: the way back is offered, and taken.
  await page.getByRole('button', { name: /Jump to latest/ }).click();
  await expect.poll(() => atBottom(page)).toBe(true);
  await expect(page.getByRole('button', { name: /Jump to latest/ })).toHaveCount(0);
});
