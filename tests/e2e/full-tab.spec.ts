import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ask, askEcho, chooseBot } from './helpers';

/** The full tab (issue 16): the same app, wide, with the history docked and an address per conversation. */

const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Conversations' });

test('"Open in a tab" shows the conversation in a wide tab whose address can be bookmarked and followed back', async ({ signIn, openExtensionPage, context }) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await chooseBot(panel, 'Echo-Bot');
  await askEcho(panel, 'Lighthouses of Brittany');
  await panel.getByRole('button', { name: 'New chat' }).click();
  await askEcho(panel, 'Sourdough starter ratios');

  const [tab] = await Promise.all([context.waitForEvent('page'), panel.getByRole('button', { name: 'Open in a tab' }).click()]);
  await tab.setViewportSize({ width: 1280, height: 800 });
  await expect(tab).toHaveURL(/\/app\.html#c=/);
  await expect(tab.locator('article.message.user')).toHaveText(/Sourdough starter ratios/);
  await expect(tab).toHaveTitle('Sourdough starter ratios — Poe Toolbar');
  // Wide: the history is docked beside the chat, so there is no History button.
  await expect(sidebar(tab).locator('.history-title')).toHaveText(['Sourdough starter ratios', 'Lighthouses of Brittany']);
  await expect(tab.getByRole('button', { name: 'History' })).toHaveCount(0);
  const sourdough = tab.url();

  await sidebar(tab).getByRole('button', { name: /^Lighthouses of Brittany/ }).click();
  await expect(tab.locator('article.message.user')).toHaveText(/Lighthouses of Brittany/);
  await expect(tab).not.toHaveURL(sourdough);
  const lighthouses = tab.url();

  // Back goes to the conversation before; the address alone (a bookmark, a reload) opens its conversation.
  await tab.goBack();
  await expect(tab.locator('article.message.user')).toHaveText(/Sourdough starter ratios/);
  const bookmark = await context.newPage();
  await bookmark.setViewportSize({ width: 1280, height: 800 });
  await bookmark.goto(lighthouses);
  await expect(bookmark.locator('article.message.user')).toHaveText(/Lighthouses of Brittany/);
  await bookmark.reload();
  await expect(bookmark.locator('article.message.user')).toHaveText(/Lighthouses of Brittany/);

  // Narrow, the tab is the panel again: History is a view of its own.
  await bookmark.setViewportSize({ width: 600, height: 800 });
  await expect(sidebar(bookmark)).toHaveCount(0);
  await bookmark.getByRole('button', { name: 'History' }).click();
  await expect(bookmark.locator('.history-title')).toHaveText(['Sourdough starter ratios', 'Lighthouses of Brittany']);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots of the full tab (${scheme})`, async ({ signIn, openExtensionPage }) => {
    await signIn();
    const panel = await openExtensionPage('sidepanel.html');
    await chooseBot(panel, 'Markdown-Bot');
    await ask(panel, 'Show me code and a table');
    await expect(panel.locator('article.message.bot').last()).toHaveAttribute('data-status', 'complete');
    const id = await panel.evaluate(() => new URL(location.href).hash);
    const tab = await openExtensionPage(`app.html${id}`);
    await tab.setViewportSize({ width: 1280, height: 800 });
    await tab.emulateMedia({ colorScheme: scheme });
    await sidebar(tab).getByRole('button', { name: /^Show me code/ }).click();
    await expect(tab.locator('article.message.bot table').first()).toBeVisible();
    await tab.screenshot({ path: `test-results/screenshots/full-tab-${scheme}.png` });
    await panel.setViewportSize({ width: 400, height: 720 });
    await panel.emulateMedia({ colorScheme: scheme });
    await panel.screenshot({ path: `test-results/screenshots/sidepanel-open-in-tab-${scheme}.png` });
  });
}
