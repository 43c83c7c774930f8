import type { Page } from '@playwright/test';
import { bubbleShows, bubbleText, clickInBubble, turnOnBubble } from './bubble-kit';
import { CHROME_E2E_BUILD, expect, test } from './fixtures';
import { startPageServer } from './page-server';

/** Screenshots of the selection bubble for us to look at: /tmp/bubble-<page>-<width>-<state>.png. */

// Turned on in Settings, which needs access to all sites: the e2e build holds it (see bubble-kit.ts turnOnBubble).
test.use({ extensionDir: CHROME_E2E_BUILD });

let site: { url: string; close(): Promise<void> };
test.beforeAll(async () => {
  site = await startPageServer();
});
test.afterAll(async () => site.close());

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/bubble-${name}.png` });

for (const scheme of ['light', 'dark'] as const) {
  for (const width of [400, 1280]) {
    test(`screenshots of the bubble, its menus and a card (${scheme}, ${width} px)`, async ({ context, serviceWorker, signIn, openExtensionPage }) => {
      await signIn();
      await serviceWorker.evaluate(() => chrome.storage.local.set({ selectedBot: 'Markdown-Bot' }));
      await turnOnBubble(openExtensionPage, serviceWorker);
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 760 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${site.url}/bubble-${scheme}.html`);
      const name = `${scheme}-${width}`;

      await page.locator('#para').click({ clickCount: 3 });
      await expect.poll(() => bubbleShows(page, '.poe')).toBe(true);
      await shot(page, `${name}-button`);
      await clickInBubble(page, '.poe');
      await expect.poll(() => bubbleText(page, '.menu')).toContain('Translate to English');
      await shot(page, `${name}-menu`);
      await clickInBubble(page, '.menu .item', 'Explain');
      await expect.poll(() => bubbleShows(page, '.card .body table')).toBe(true);
      await expect.poll(() => bubbleShows(page, '.card .action:not([hidden])')).toBe(true);
      await shot(page, `${name}-card`);
      await page.keyboard.press('Escape');

      await page.locator('#area').click();
      await page.keyboard.press('Control+A');
      await expect.poll(() => bubbleShows(page, '.poe')).toBe(true);
      await clickInBubble(page, '.poe');
      await expect.poll(() => bubbleText(page, '.menu')).toContain('Improve writing');
      await shot(page, `${name}-field-menu`);
      await clickInBubble(page, '.menu .item', 'Change tone…');
      await shot(page, `${name}-tone-menu`);
    });
  }
}
