import type { BrowserContext, Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { chooseBot, clickMenu, openSite, signedInPanel } from './helpers';
import { startPageServer } from './page-server';

/** Screenshots of what a PDF or a video gives the draft (issue 14), for us to look at (written to /tmp). */
let site: { url: string; close(): Promise<void> };
test.beforeAll(async () => {
  site = await startPageServer();
});
test.afterAll(async () => site.close());

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/panel-${name}.png` });

const openTab = async (context: BrowserContext, serviceWorker: Worker, path: string) => (await openSite(context, serviceWorker, site.url, path)).tabId;

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots of PDF and video chips (${scheme})`, async ({ signIn, context, serviceWorker, openExtensionPage }) => {
    const panel = await signedInPanel({ signIn, openExtensionPage });
    await panel.setViewportSize({ width: 400, height: 720 });
    await panel.emulateMedia({ colorScheme: scheme });
    await chooseBot(panel, 'Text-Echo-Bot');
    const chips = panel.getByRole('list', { name: 'Attached files' }).getByRole('listitem');

    await clickMenu(serviceWorker, await openTab(context, serviceWorker, 'report.pdf'), { menuItemId: 'ask-pdf' });
    await expect(chips.filter({ hasText: 'Quarterly Report' })).toContainText('PDF · 3 pages');
    await expect(chips.filter({ hasText: 'Quarterly Report' })).toContainText('Goes as its text: Text-Echo-Bot reads text only.');
    await clickMenu(serviceWorker, await openTab(context, serviceWorker, 'scanned.pdf'), { menuItemId: 'ask-pdf' });
    await expect(chips.filter({ hasText: 'Scanned Letter' })).toContainText('is a scanned PDF');
    await clickMenu(serviceWorker, await openTab(context, serviceWorker, 'watch?v=rivers0001'), { menuItemId: 'ask-video-page' });
    await expect(chips.filter({ hasText: 'How rivers shape valleys' })).toContainText('Transcript');
    await panel.bringToFront();
    await shot(panel, `pdf-video-chips-${scheme}`);

    await clickMenu(serviceWorker, await openTab(context, serviceWorker, 'watch?v=nocaption1'), { menuItemId: 'ask-video-page' });
    const offer = panel.getByRole('button', { name: 'Ask about the title and description only' });
    await expect(offer).toBeVisible();
    await panel.bringToFront();
    await shot(panel, `no-captions-offer-${scheme}`);
    await offer.click();
    await expect(chips.filter({ hasText: 'Silent drone flight' })).toContainText('Title and description only');
    await shot(panel, `no-captions-taken-${scheme}`);
  });
}
