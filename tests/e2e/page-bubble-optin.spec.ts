import type { Page } from '@playwright/test';
import { BUBBLE_SCRIPT_ID } from '../../lib/messaging/bubble-script';
import { bubbleHosts, bubbleShows, bubbleSwitch, clickInBubble, openSettings, registered } from './bubble-kit';
import { CHROME_E2E_BUILD, expect, test } from './fixtures';
import { ask } from './helpers';
import { startPageServer } from './page-server';

/**
 * The selection bubble's opt-in (issue 13), in the e2e build: it has <all_urls>, so access to all sites is granted
 * already (headless Chromium cannot answer the permission prompt; the refusal is tested in
 * tests/unit/page-bubble-ui.test.ts). What is checked is what the browser holds (the registration, read in the worker)
 * and what real pages get from it: the real bubble, or not a byte of it.
 */
test.use({ extensionDir: CHROME_E2E_BUILD });

let site: { url: string; close(): Promise<void> };
test.beforeAll(async () => {
  site = await startPageServer();
});
test.afterAll(async () => site.close());

test('turning it on in Settings registers the bubble; Allow again takes a site off; turning it off unregisters', async ({
  signIn,
  openExtensionPage,
  serviceWorker,
}) => {
  await signIn();
  // Two sites the user had said "Not on this site" to (through the page door, which stores them the same way).
  await serviceWorker.evaluate(() =>
    chrome.storage.local.set({ pageBubble: { enabled: false, blockedSites: ['mail.example.com', 'xn--bcher-kva.de'], suggestion: 'dismissed' } }),
  );
  const panel = await openExtensionPage('sidepanel.html');
  await openSettings(panel);
  await expect(bubbleSwitch(panel)).not.toBeChecked();
  await expect(panel.getByText('nothing is sent until you pick an action')).toBeVisible();
  expect(await registered(serviceWorker)).toEqual([]);

  await bubbleSwitch(panel).click();
  await expect(bubbleSwitch(panel)).toBeChecked();
  await expect.poll(() => registered(serviceWorker)).toMatchObject([
    {
      id: BUBBLE_SCRIPT_ID,
      js: ['content-scripts/bubble.js'],
      matches: ['*://*/*'],
      excludeMatches: ['*://*.mail.example.com/*', '*://*.xn--bcher-kva.de/*'],
      allFrames: true,
      runAt: 'document_idle',
    },
  ]);

  const sites = panel.locator('ul.blocked-sites');
  await expect(sites.getByRole('listitem')).toHaveText([/mail\.example\.com/, /bücher\.de/]);
  await panel.getByRole('button', { name: 'Allow again on bücher.de' }).click();
  await expect(sites.getByRole('listitem')).toHaveText([/mail\.example\.com/]);
  await expect.poll(async () => (await registered(serviceWorker))[0]?.excludeMatches).toEqual(['*://*.mail.example.com/*']);

  await bubbleSwitch(panel).click();
  await expect(bubbleSwitch(panel)).not.toBeChecked();
  await expect.poll(() => registered(serviceWorker)).toEqual([]);
  // This build requires access to every site, so giving it back is refused by the browser, quietly.
  await expect(panel.getByRole('alert')).toHaveCount(0);
});

test('the suggestion appears once, after the first answer, and Turn on turns it on', async ({ signIn, openExtensionPage, serviceWorker }) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  const suggestion = panel.getByRole('complementary', { name: 'Suggestion: Poe on web pages' });
  // The spending guard's suggestion comes first, alone; one suggestion at a time.
  await panel.getByRole('complementary', { name: 'Suggestion: spending limits' }).getByRole('button', { name: 'Not now' }).click();
  await expect(suggestion).toHaveCount(0);

  await ask(panel, 'Hello there');
  await expect(panel.locator('article.message.bot').last().locator('.text')).not.toBeEmpty();
  await expect(suggestion).toContainText('Show a Poe button when you select text on a page?');
  await suggestion.getByRole('button', { name: 'Turn on' }).click();
  await expect(suggestion).toHaveCount(0);
  await expect.poll(async () => (await registered(serviceWorker)).map((script) => script.id)).toEqual([BUBBLE_SCRIPT_ID]);

  // Shown once: a second answer brings nothing back, nor does a reopened panel.
  await ask(panel, 'Again');
  await expect(panel.locator('article.message.bot')).toHaveCount(2);
  await panel.reload();
  await expect(panel.locator('article.message.bot')).toHaveCount(2);
  await expect(suggestion).toHaveCount(0);
  await openSettings(panel);
  await expect(bubbleSwitch(panel)).toBeChecked();
});

test('No thanks ends the suggestion for good', async ({ signIn, openExtensionPage, serviceWorker }) => {
  await signIn();
  await serviceWorker.evaluate(() => chrome.storage.local.set({ spendingGuard: { dailyBudget: null, answerCeiling: null, allowedBots: [], suggestion: 'dismissed' } }));
  const panel = await openExtensionPage('sidepanel.html');
  await ask(panel, 'Hello there');
  const suggestion = panel.getByRole('complementary', { name: 'Suggestion: Poe on web pages' });
  await suggestion.getByRole('button', { name: 'No thanks' }).click();
  await expect(suggestion).toHaveCount(0);
  await expect.poll(() => serviceWorker.evaluate(async () => ((await chrome.storage.local.get('pageBubble')).pageBubble as { suggestion?: string } | undefined)?.suggestion)).toBe('dismissed');
  expect(await registered(serviceWorker)).toEqual([]);
});

/**
 * What the extension put into a page. `worlds`: its script worlds (Chromium gives an extension's content scripts an
 * isolated world whose origin is the extension's; a fresh tab with none got not a byte). A reloaded frame that had
 * one gets it back empty, whatever the extension does, so `bubbles` counts the worlds where the bubble script ran
 * (it marks its world first thing, lib/capture/bubble/once.ts), and `hosts` the bubble elements in the page.
 */
async function injected(page: Page, extensionId: string): Promise<{ worlds: number; bubbles: number; hosts: number }> {
  const cdp = await page.context().newCDPSession(page);
  const ids: number[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }: { context: { id: number; origin: string } }) => {
    if (context.origin === `chrome-extension://${extensionId}`) ids.push(context.id);
  });
  // Enabling reports every context that exists already, before it answers.
  await cdp.send('Runtime.enable');
  let bubbles = 0;
  for (const contextId of ids) {
    const { result } = (await cdp.send('Runtime.evaluate', {
      contextId,
      expression: `!!globalThis[Symbol.for('poe-toolbar.bubble')]`,
      returnByValue: true,
    })) as { result: { value: boolean } };
    if (result.value) bubbles++;
  }
  await cdp.detach();
  return { worlds: ids.length, bubbles, hosts: await bubbleHosts(page) };
}

/** A page loaded afresh and idle: the registration's scripts run at document_idle, which has passed by then. */
async function load(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
}

/** Selects the article's first paragraph with a triple click, as a reader would. */
const selectText = (page: Page) => page.locator('article p').first().click({ clickCount: 3 });

test('on: selecting text shows the bubble; Not on this site keeps it off that site after a reload until Allow again; off: not a byte', async ({
  signIn,
  openExtensionPage,
  serviceWorker,
  context,
  extensionId,
}) => {
  await signIn();
  const article = `${site.url}/article.html`;
  const nothing = { worlds: 0, bubbles: 0, hosts: 0 };

  // Off: a freshly loaded page gets nothing, and selecting text there shows nothing.
  const fresh = await context.newPage();
  await load(fresh, article);
  await selectText(fresh);
  expect(await injected(fresh, extensionId), 'off').toEqual(nothing);
  await fresh.close();

  const panel = await openExtensionPage('sidepanel.html');
  await openSettings(panel);
  await bubbleSwitch(panel).click();
  await expect(bubbleSwitch(panel)).toBeChecked();
  await expect.poll(async () => (await registered(serviceWorker)).map((script) => script.id)).toEqual([BUBBLE_SCRIPT_ID]);

  // On: the real bubble, in a page loaded from then on.
  const page = await context.newPage();
  await load(page, article);
  await selectText(page);
  await expect.poll(() => bubbleShows(page, '.poe')).toBe(true);
  expect(await injected(page, extensionId)).toEqual({ worlds: 1, bubbles: 1, hosts: 1 });

  // "Not on this site", in the bubble: it leaves the page, and a reload brings nothing back (the registration excludes it).
  await clickInBubble(page, '.poe');
  await clickInBubble(page, '.menu .away', 'Not on this site');
  await expect.poll(() => bubbleHosts(page)).toBe(0);
  await expect.poll(async () => (await registered(serviceWorker))[0]?.excludeMatches).toEqual(['*://127.0.0.1/*']);
  await load(page, article);
  await selectText(page);
  expect(await injected(page, extensionId), 'on, but not on this site').toMatchObject({ bubbles: 0, hosts: 0 });

  // Settings lists the site; Allow again brings the bubble back to it.
  const sites = panel.locator('ul.blocked-sites');
  await expect(sites.getByRole('listitem')).toHaveText([/127\.0\.0\.1/]);
  await panel.getByRole('button', { name: 'Allow again on 127.0.0.1' }).click();
  await expect(sites.getByRole('listitem')).toHaveCount(0);
  await expect.poll(async () => (await registered(serviceWorker))[0]?.excludeMatches).toBeUndefined();
  await page.bringToFront();
  await load(page, article);
  await selectText(page);
  await expect.poll(() => bubbleShows(page, '.poe')).toBe(true);

  // Off again: a page loaded afterwards gets nothing.
  await bubbleSwitch(panel).click();
  await expect(bubbleSwitch(panel)).not.toBeChecked();
  await expect.poll(() => registered(serviceWorker)).toEqual([]);
  const later = await context.newPage();
  await load(later, article);
  await selectText(later);
  expect(await injected(later, extensionId), 'off again').toEqual(nothing);
});
