import { test as base, expect, CHROME_E2E_BUILD } from './fixtures';
import { bubbleShows, clickInBubble, turnOnBubble } from './bubble-kit';
import { startWatchSite } from './watch-site';

/**
 * The bubble's "This video" (issue 14) on a watch page at YouTube's own address (a local HTTPS imitation the browser
 * resolves to 127.0.0.1): selected text there offers the video itself, and picking "Summarize this video" asks about
 * its transcript in the side panel.
 */
const test = base.extend<object, { watchSite: Awaited<ReturnType<typeof startWatchSite>> }>({
  watchSite: [
    async ({}, use) => {
      const site = await startWatchSite();
      await use(site);
      await site.close();
    },
    { scope: 'worker' },
  ],
  launchArgs: async ({ watchSite }, use) => use(watchSite.launchArgs),
});
test.use({ extensionDir: CHROME_E2E_BUILD });

test('on a watch page the bubble offers the video; "Summarize this video" asks about its transcript in the side panel', async ({
  context,
  serviceWorker,
  signIn,
  openExtensionPage,
  watchSite,
  fakePoe,
}) => {
  await signIn();
  await serviceWorker.evaluate(() => chrome.storage.local.set({ selectedBot: 'Files-Bot' }));
  await turnOnBubble(openExtensionPage, serviceWorker);
  const panel = await openExtensionPage('sidepanel.html');
  const page = await context.newPage();
  await page.goto(`${watchSite.url}/watch?v=rivers0001`);

  // The title, selected as a reader would: the Poe button, then the menu with the video's own section.
  await page.locator('h1').click({ clickCount: 3 });
  await expect.poll(() => bubbleShows(page, '.poe')).toBe(true);
  await clickInBubble(page, '.poe');
  await expect.poll(() => bubbleShows(page, '.menu')).toBe(true);
  await clickInBubble(page, '.item', 'Summarize this video');

  await panel.bringToFront();
  await expect(panel.locator('article.message.user')).toContainText('Summarize the video “How rivers shape valleys”');
  const answer = panel.locator('article.message.bot').last();
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer).toContainText('Transcript – How rivers shape valleys.txt');
  await expect(answer).toContainText('[0:05] Rivers begin as small streams in the hills.');
  expect(fakePoe.requests.filter((request) => request.bot?.toLowerCase() === 'files-bot')).toHaveLength(1);
});
