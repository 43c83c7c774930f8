import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { chooseBot, clickMenu, openSite, selectElementText } from './helpers';
import { startPageServer } from './page-server';

let site: { url: string; close(): Promise<void> };
test.beforeAll(async () => {
  site = await startPageServer();
});
test.afterAll(async () => site.close());

const composer = (panel: Page) => panel.getByLabel('Message');
const quotes = (panel: Page) => panel.getByRole('list', { name: 'Quoted from pages' }).getByRole('listitem');
const pageChip = (panel: Page) => panel.locator('.page-chip');
const lastAnswer = (panel: Page) => panel.locator('article.message.bot').last();

test('a selection asked about shows as a quote block, the caret waits for the question, Send sends quote + question; a second selection adds a quote', async ({
  signIn,
  context,
  serviceWorker,
  openExtensionPage,
  fakePoe,
}) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await chooseBot(panel, 'Echo-Bot');
  const { page, tabId } = await openSite(context, serviceWorker, site.url, 'selection.html');

  await selectElementText(page, 'multiline');
  await clickMenu(serviceWorker, tabId, { menuItemId: 'ask-selection', selectionText: 'Line one Line two Line three' });
  await expect(quotes(panel)).toHaveCount(1);
  await expect(quotes(panel).first().locator('blockquote')).toHaveText('Line one\nLine two\nLine three');
  await expect(quotes(panel).first().getByRole('link', { name: 'Fixture selection' })).toHaveAttribute('href', `${site.url}/selection.html`);
  await expect(composer(panel)).toBeFocused();
  await expect(composer(panel)).toHaveValue('');

  await selectElementText(page, 'second-paragraph');
  await clickMenu(serviceWorker, tabId, { menuItemId: 'ask-selection', selectionText: 'Another paragraph below.' });
  await expect(quotes(panel)).toHaveCount(2);
  await expect(quotes(panel).nth(1).locator('blockquote')).toHaveText('Another paragraph below.');

  // Typed where the caret waits, without clicking first.
  await panel.keyboard.type('Which line comes first?');
  await panel.keyboard.press('Enter');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  await expect(quotes(panel)).toHaveCount(0);
  await expect(composer(panel)).toHaveValue('');

  const query = fakePoe.requests.findLast((request) => request.bot?.toLowerCase() === 'echo-bot')!;
  const body = query.body as { query: { content: string }[] };
  expect(body.query.at(-1)!.content).toBe(
    `> Line one\n> Line two\n> Line three\n\n— from “Fixture selection” (${site.url}/selection.html)\n\n` +
      `> Another paragraph below.\n\n— from “Fixture selection” (${site.url}/selection.html)\n\nWhich line comes first?`,
  );
  await expect(panel.locator('article.message.user').last()).toContainText('Which line comes first?');
});

test('a quote survives closing the panel, and can be removed', async ({ signIn, context, serviceWorker, openExtensionPage }) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  const { page, tabId } = await openSite(context, serviceWorker, site.url, 'selection.html');
  await selectElementText(page, 'multiline');
  await clickMenu(serviceWorker, tabId, { menuItemId: 'ask-selection', selectionText: 'Line one' });
  await expect(quotes(panel)).toHaveCount(1);
  await composer(panel).fill('Half a question');
  await panel.close();

  const again = await openExtensionPage('sidepanel.html');
  await expect(quotes(again)).toHaveCount(1);
  await expect(composer(again)).toHaveValue('Half a question');
  await quotes(again).first().getByRole('button', { name: /^Remove the quote/ }).click();
  await expect(quotes(again)).toHaveCount(0);
  await expect(composer(again)).toHaveValue('Half a question');
});

test('This page attaches the tab’s text with its size, can be removed, and offers Refresh when the tab navigates', async ({
  signIn,
  context,
  serviceWorker,
  openExtensionPage,
  fakePoe,
}) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await chooseBot(panel, 'Echo-Bot');
  const { page } = await openSite(context, serviceWorker, site.url, 'article.html');
  // The panel sits next to the page the user reads: that tab is the active one.
  await page.bringToFront();

  const thisPage = panel.getByRole('button', { name: 'This page' });
  await thisPage.click();
  await expect(pageChip(panel)).toHaveCount(1);
  await expect(pageChip(panel)).toContainText('Fixture article');
  await expect(pageChip(panel)).toContainText(/127\.0\.0\.1:\d+ · [\d,]+ characters · \d+ (B|KB)/);
  await expect(thisPage).toBeDisabled();

  await pageChip(panel).getByRole('button', { name: 'Remove Fixture article' }).click();
  await expect(pageChip(panel)).toHaveCount(0);
  await thisPage.click();
  await expect(pageChip(panel)).toContainText('Fixture article');

  await page.goto(`${site.url}/selection.html`);
  await expect(pageChip(panel)).toContainText('The tab has changed since.');
  await pageChip(panel).getByRole('button', { name: 'Refresh' }).click();
  await expect(pageChip(panel)).toContainText('Fixture selection');
  await expect(pageChip(panel)).not.toContainText('changed');
  await expect(pageChip(panel)).toHaveCount(1);

  await composer(panel).fill('What is on it?');
  await composer(panel).press('Enter');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  const query = fakePoe.requests.findLast((request) => request.bot?.toLowerCase() === 'echo-bot')!;
  const attachments = (query.body as { query: { attachments?: { url: string }[] }[] }).query.at(-1)!.attachments!;
  expect(attachments).toHaveLength(1);
  const text = await (await fetch(attachments[0]!.url)).text();
  expect(text).toContain('Line two');
  expect(text).not.toContain('First line of the article.');
});

test('This page on a page extensions may not read says so', async ({ signIn, context, openExtensionPage }) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  const blocked = await context.newPage();
  await blocked.goto('chrome://version');
  await blocked.bringToFront();
  await panel.getByRole('button', { name: 'This page' }).click();
  await expect(panel.locator('.page-attach-error')).toContainText('Browsers do not let extensions read this page');
  await panel.getByRole('button', { name: 'Dismiss' }).click();
  await expect(panel.locator('.page-attach-error')).toHaveCount(0);
});

test('the composer grows with a long draft up to 40% of the panel, then shrinks back after Send', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await panel.setViewportSize({ width: 400, height: 800 });
  await chooseBot(panel, 'Echo-Bot');
  const height = () => composer(panel).evaluate((element) => element.getBoundingClientRect().height);
  const empty = await height();
  await composer(panel).fill(Array.from({ length: 8 }, (_, i) => `Line ${i + 1} of a long question`).join('\n'));
  const grown = await height();
  expect(grown).toBeGreaterThan(empty * 2);
  await composer(panel).fill(Array.from({ length: 80 }, (_, i) => `Line ${i + 1}`).join('\n'));
  expect(await height()).toBeLessThanOrEqual(800 * 0.4 + 1);
  expect(await height()).toBeGreaterThan(grown);
  await composer(panel).press('Enter');
  await expect(composer(panel)).toHaveValue('');
  expect(await height()).toBe(empty);
});

test('Translate into: the language chosen in Settings is the one the quick Translate asks for', async ({ signIn, context, serviceWorker, openExtensionPage, fakePoe }) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await chooseBot(panel, 'Echo-Bot');
  await panel.getByRole('button', { name: 'Settings' }).click();
  const languages = panel.getByLabel('Translate into');
  await expect(languages.locator('option').first()).toHaveText(/^Browser language \(.+\)$/);
  await languages.selectOption('ja');
  await expect(panel.locator('.translation-setting')).toBeVisible();

  const { page, tabId } = await openSite(context, serviceWorker, site.url, 'selection.html');
  await selectElementText(page, 'second-paragraph');
  await expect
    .poll(() => serviceWorker.evaluate(async () => (await chrome.storage.local.get(null)) as Record<string, unknown>).then((all) => JSON.stringify(all)))
    .toContain('"into":"ja"');
  await clickMenu(serviceWorker, tabId, { menuItemId: 'quick-translate', selectionText: 'Another paragraph below.' });
  await expect.poll(() => fakePoe.requests.filter((request) => request.bot?.toLowerCase() === 'echo-bot').length).toBeGreaterThan(0);
  const query = fakePoe.requests.findLast((request) => request.bot?.toLowerCase() === 'echo-bot')!;
  expect((query.body as { query: { content: string }[] }).query.at(-1)!.content).toContain('Translate this into Japanese.');
});
