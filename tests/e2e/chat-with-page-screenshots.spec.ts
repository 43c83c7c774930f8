import type { Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { startPageServer } from './page-server';

/** Screenshots of the quote blocks, This page and the Translate setting, for us to look at (written to /tmp). */
let site: { url: string; close(): Promise<void> };
test.beforeAll(async () => {
  site = await startPageServer();
});
test.afterAll(async () => site.close());

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/panel-${name}.png` });

async function askAbout(serviceWorker: Worker, page: Page, selector: string) {
  await page.evaluate((css) => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector(css)!);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
  }, selector);
  await serviceWorker.evaluate(async (url) => {
    const tab = (await chrome.tabs.query({ url }))[0]!;
    (chrome.contextMenus.onClicked as unknown as { dispatch(i: unknown, t: unknown): void }).dispatch(
      { editable: false, frameId: 0, pageUrl: tab.url, menuItemId: 'ask-selection', selectionText: '' },
      tab,
    );
  }, page.url());
}

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots of chat with this page (${scheme})`, async ({ signIn, context, serviceWorker, openExtensionPage }) => {
    await signIn();
    const panel = await openExtensionPage('sidepanel.html');
    await panel.setViewportSize({ width: 400, height: 720 });
    await panel.emulateMedia({ colorScheme: scheme });
    const article = await context.newPage();
    await article.goto(`${site.url}/article.html`);

    await askAbout(serviceWorker, article, 'article');
    // The background reads the selection after the click: the next one waits until the first is in.
    await expect(panel.locator('.draft-quote')).toHaveCount(1);
    await askAbout(serviceWorker, article, 'article h2');
    await expect(panel.locator('.draft-quote')).toHaveCount(2);
    await panel.getByLabel('Message').pressSequentially('How does a river shape its valley?');
    await shot(panel, `quote-collapsed-${scheme}`);
    await panel.getByRole('button', { name: 'Show all' }).click();
    await shot(panel, `quote-expanded-${scheme}`);
    await panel.getByRole('button', { name: 'Show less' }).click();

    await article.bringToFront();
    await panel.getByRole('button', { name: 'This page' }).click();
    await expect(panel.locator('.page-chip')).toContainText('Fixture article');
    await shot(panel, `this-page-${scheme}`);
    await article.goto(`${site.url}/selection.html`);
    await expect(panel.locator('.page-chip')).toContainText('changed');
    await shot(panel, `refresh-offer-${scheme}`);

    await panel.getByRole('button', { name: 'Settings' }).click();
    await panel.getByLabel('Translate into').selectOption('ja');
    await panel.locator('.translation-setting').scrollIntoViewIfNeeded();
    await shot(panel, `translate-setting-${scheme}`);

    const popup = await openExtensionPage('popup.html');
    await popup.setViewportSize({ width: 380, height: 600 });
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.getByLabel('Message').fill(Array.from({ length: 30 }, (_, i) => `Line ${i + 1} of a long draft`).join('\n'));
    await shot(popup, `popup-long-draft-${scheme}`);
  });
}
