import type { BrowserContext, Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { chooseBot, clickMenu, openSite, signedInPanel } from './helpers';
import { startPageServer } from './page-server';
import { PAGE_NOISE } from './video-pages';

let site: { url: string; close(): Promise<void> };
test.beforeAll(async () => {
  site = await startPageServer();
});
test.afterAll(async () => site.close());

const openVideoPage = (context: BrowserContext, serviceWorker: Worker, path: string) => openSite(context, serviceWorker, site.url, path);

const lastAnswer = (panel: Page) => panel.locator('article.message.bot').last();
const composer = (panel: Page) => panel.getByLabel('Message');
const chips = (panel: Page) => panel.getByRole('list', { name: 'Attached files' }).getByRole('listitem');
const videoTime = (page: Page) => page.evaluate(() => document.querySelector('video')!.currentTime);

/** The text of the file the last question to `bot` carried, as Poe received it. */
async function sentFile(fakePoe: { requests: { bot?: string; body?: unknown }[] }, bot: string): Promise<{ name: string; text: string }> {
  const query = fakePoe.requests.filter((request) => request.bot?.toLowerCase() === bot).at(-1)!;
  const attachment = (query.body as { query: { attachments: { url: string; name: string }[] }[] }).query.at(-1)!.attachments[0]!;
  return { name: attachment.name, text: await (await fetch(attachment.url)).text() };
}

test('"Summarize this video" on a watch page sends the transcript (not the comments); a time in the answer seeks the video in its tab', async ({
  signIn,
  context,
  serviceWorker,
  openExtensionPage,
  fakePoe,
}) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Files-Bot');
  const { page, tabId } = await openVideoPage(context, serviceWorker, 'watch?v=rivers0001');
  await clickMenu(serviceWorker, tabId, { menuItemId: 'summarize-video-page' });

  await expect(panel.locator('article.message.user')).toContainText('Summarize the video “How rivers shape valleys”');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  const file = await sentFile(fakePoe, 'files-bot');
  expect(file.name).toBe('Transcript – How rivers shape valleys.txt');
  expect(file.text).toContain('Title: How rivers shape valleys\nChannel: Fixture River Channel\nURL: ');
  expect(file.text).toContain('/watch?v=rivers0001');
  expect(file.text).toContain('Captions: English (en)\n');
  expect(file.text).toContain('as [m:ss]. Cite times that way.');
  expect(file.text).toContain('[0:05] Rivers begin as small streams in the hills.');
  expect(file.text).toContain('[0:42] A young river cuts downward into its valley.\n[2:05] Older rivers wind');
  for (const noise of PAGE_NOISE) expect(JSON.stringify(fakePoe.requests) + file.text).not.toContain(noise);

  // The bot cites the transcript's times: they are links to the video at that time, and a click seeks it in its tab.
  const link = lastAnswer(panel).locator('a.md-time', { hasText: '0:42' });
  await expect(link).toHaveAttribute('href', `${site.url}/watch?v=rivers0001&t=42s`);
  expect(await videoTime(page)).toBe(0);
  await link.click();
  await expect.poll(() => videoTime(page)).toBe(42);
  await expect(panel.locator('article.message.user a.md-time')).toHaveCount(0);
});

test('a video with only automatic captions says so in the transcript', async ({ signIn, context, serviceWorker, openExtensionPage, fakePoe }) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Files-Bot');
  const { tabId } = await openVideoPage(context, serviceWorker, 'watch?v=autoonly01');
  await clickMenu(serviceWorker, tabId, { menuItemId: 'summarize-video-page' });
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  const file = await sentFile(fakePoe, 'files-bot');
  expect(file.text).toContain('Captions: English (en) (auto-generated captions)');
  // The fixture answers the automatic track with srv3 XML, though json3 was asked for.
  expect(file.text).toContain('[0:03] so um rivers are basically\n[1:01] water going downhill');
  await expect(lastAnswer(panel)).toContainText('[0:03] so um rivers are basically');
});

test('a video without captions: the message is on screen, nothing is sent, and only a labelled title-and-description file is offered', async ({
  signIn,
  context,
  serviceWorker,
  openExtensionPage,
  fakePoe,
}) => {
  const panel = await signedInPanel({ signIn, openExtensionPage });
  const { tabId } = await openVideoPage(context, serviceWorker, 'watch?v=nocaption1');
  await clickMenu(serviceWorker, tabId, { menuItemId: 'summarize-video-page' });
  await expect(panel.getByText('This video has no captions; Poe Toolbar will not guess what it says.')).toBeVisible();
  await expect(panel.locator('article.message')).toHaveCount(0);
  expect(fakePoe.requests.filter((request) => request.bot)).toEqual([]);

  // Taken, the offered file is a chip labelled for what it is; sent, Poe gets a file headed the same way.
  await panel.getByRole('button', { name: 'Ask about the title and description only' }).click();
  await expect(panel.getByText('This video has no captions; Poe Toolbar will not guess what it says.')).toHaveCount(0);
  const chip = chips(panel);
  await expect(chip).toHaveCount(1);
  await expect(chip).toHaveAttribute('data-kind', 'video');
  await expect(chip).toContainText('Silent drone flight over the Rhine');
  await expect(chip).toContainText('Title and description only: this video has no captions.');
  await chooseBot(panel, 'Echo-Bot');
  await composer(panel).fill('What is this video about?');
  await composer(panel).press('Enter');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  const offered = await sentFile(fakePoe, 'echo-bot');
  expect(offered.name).toBe('Title and description – Silent drone flight over the Rhine.txt');
  expect(offered.text).toMatch(/^This video has no captions\. Only its title and description follow; they do not say what the video says\./);
  expect(offered.text).toContain('Drone footage of the Rhine valley at dawn.');
  for (const noise of PAGE_NOISE) expect(offered.text).not.toContain(noise);
});

test('a page that is one captioned <video>: asked about through its WebVTT track; a cited time seeks it', async ({
  signIn,
  context,
  serviceWorker,
  openExtensionPage,
  fakePoe,
}) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Files-Bot');
  const { page, tabId, url } = await openVideoPage(context, serviceWorker, 'talk.html');
  await clickMenu(serviceWorker, tabId, { menuItemId: 'ask-video-page' });
  await expect(chips(panel)).toContainText('A talk about rivers');
  await expect(chips(panel)).toContainText('Transcript · English captions');
  await expect(composer(panel)).toHaveValue(/^About this video: “A talk about rivers”/);
  await composer(panel).press('End');
  await composer(panel).pressSequentially('When does it mention the sea?');
  await composer(panel).press('Enter');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  const file = await sentFile(fakePoe, 'files-bot');
  expect(file.text).toContain('[0:01] Ada Fixture: Welcome to a talk about rivers & valleys.');
  expect(file.text).toContain('[0:31] Every river ends somewhere, usually in the sea.');

  const link = lastAnswer(panel).locator('a.md-time', { hasText: '0:31' });
  await expect(link).toHaveAttribute('href', `${url}#t=31`);
  await link.click();
  await expect.poll(() => videoTime(page)).toBe(31);
});

test('"This page" on a watch page attaches the transcript, never the comments, and the chip says how long it is', async ({
  signIn,
  context,
  serviceWorker,
  openExtensionPage,
  fakePoe,
}) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Files-Bot');
  const { page } = await openVideoPage(context, serviceWorker, 'watch?v=rivers0001');
  // The panel sits next to the page the user reads: that tab is the active one.
  await page.bringToFront();
  await panel.getByRole('button', { name: 'This page' }).click();
  const chip = chips(panel);
  await expect(chip).toHaveAttribute('data-kind', 'video');
  await expect(chip).toContainText('How rivers shape valleys');
  await expect(chip).toContainText(/Transcript · 12:34 · English captions · [\d,]+ characters/);
  await composer(panel).fill('What happens at the sea?');
  await composer(panel).press('Enter');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  const file = await sentFile(fakePoe, 'files-bot');
  expect(file.name).toBe('Transcript – How rivers shape valleys.txt');
  for (const noise of PAGE_NOISE) expect(file.text).not.toContain(noise);
});
