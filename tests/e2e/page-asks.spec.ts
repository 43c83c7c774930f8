import type { Page } from '@playwright/test';
import { CHROME_E2E_BUILD, expect, test } from './fixtures';
import { chooseBot, clickMenu, openSite, selectElementText } from './helpers';
import { startPageServer } from './page-server';

let site: { url: string; close(): Promise<void> };
test.beforeAll(async () => {
  site = await startPageServer();
});
test.afterAll(async () => site.close());

const composer = (panel: Page) => panel.getByLabel('Message');
const chips = (panel: Page) => panel.getByRole('list', { name: 'Attached files' }).getByRole('listitem');
const lastAnswer = (panel: Page) => panel.locator('article.message.bot').last();

test('asking about a multi-line selection quotes it with its line breaks, title and URL, composer focused (panel opened after)', async ({
  signIn,
  context,
  serviceWorker,
  openExtensionPage,
}) => {
  await signIn();
  const { page, tabId } = await openSite(context, serviceWorker, site.url, 'selection.html');
  await selectElementText(page, 'multiline');
  await clickMenu(serviceWorker, tabId, { menuItemId: 'ask-selection', selectionText: 'Line one Line two Line three' });

  const panel = await openExtensionPage('sidepanel.html');
  // The selection is a quote block above the question (chat-with-page.spec.ts follows it to the bot).
  const quote = panel.getByRole('list', { name: 'Quoted from pages' }).getByRole('listitem');
  await expect(quote.locator('blockquote')).toHaveText('Line one\nLine two\nLine three');
  await expect(quote.locator('.quote-source')).toContainText(/Fixture selection · 127\.0\.0\.1:\d+/);
  await expect(composer(panel)).toHaveValue('');
  await expect(composer(panel)).toBeFocused();
  await expect(panel.locator('article.message')).toHaveCount(0);
});

test('a quick action sends at once and the answer streams in the open panel', async ({ signIn, context, serviceWorker, openExtensionPage, fakePoe }) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await chooseBot(panel, 'Echo-Bot');
  const { page, tabId } = await openSite(context, serviceWorker, site.url, 'selection.html');
  await selectElementText(page, 'multiline');
  await clickMenu(serviceWorker, tabId, { menuItemId: 'quick-explain', selectionText: 'Line one Line two Line three' });

  await expect(panel.locator('article.message.user')).toContainText('Explain this clearly');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(panel).locator('.text')).toContainText('You said: > Line one');
  const query = fakePoe.requests.find((request) => request.bot?.toLowerCase() === 'echo-bot');
  expect(JSON.stringify(query?.body)).toContain('> Line one\\n> Line two');
});

test('"Ask Poe about this page" attaches the article text, not its navigation', async ({ signIn, context, serviceWorker, openExtensionPage, fakePoe }) => {
  await signIn();
  const { tabId } = await openSite(context, serviceWorker, site.url, 'article.html');
  await clickMenu(serviceWorker, tabId, { menuItemId: 'ask-page' });
  const panel = await openExtensionPage('sidepanel.html');
  await expect(chips(panel)).toHaveCount(1);
  await expect(composer(panel)).toHaveValue(/^About this page: “Fixture article”/);
  await chooseBot(panel, 'Echo-Bot');
  await composer(panel).press('End');
  await composer(panel).pressSequentially('What is it about?');
  await composer(panel).press('Enter');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(panel).locator('.text')).toContainText('(text/plain)');

  const query = fakePoe.requests.find((request) => request.bot?.toLowerCase() === 'echo-bot')!;
  const body = query.body as { query: { attachments: { url: string }[] }[] };
  const fileUrl = body.query.at(-1)!.attachments[0]!.url;
  const text = await (await fetch(fileUrl)).text();
  expect(text).toContain('First line of the article.');
  expect(text).toContain('Second line, with bold words.');
  expect(text).not.toContain('Home · About · Contact');
});

test('"Ask Poe about this image" hands the image URL to Poe to fetch', async ({ signIn, context, serviceWorker, openExtensionPage, fakePoe }) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await chooseBot(panel, 'Echo-Bot');
  const { tabId } = await openSite(context, serviceWorker, site.url, 'colour-box.html');
  await clickMenu(serviceWorker, tabId, { menuItemId: 'ask-image', mediaType: 'image', srcUrl: `${site.url}/red.png` });
  await expect(chips(panel)).toHaveCount(1);
  await expect(chips(panel)).toContainText('red.png');
  await composer(panel).press('End');
  await composer(panel).pressSequentially('What colour is it?');
  await composer(panel).press('Enter');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(panel).locator('.text')).toContainText('red.png (image/png)');
  const upload = fakePoe.requests.find((request) => request.path.includes('file_upload'));
  expect(upload?.body).toMatchObject({ kind: 'urlencoded', fields: { download_url: `${site.url}/red.png` } });
});

test.describe('captures', () => {
  test.use({ extensionDir: CHROME_E2E_BUILD });

  test('a region capture of a red box becomes a PNG of its size and colour, uploaded with the question', async ({
    signIn,
    context,
    serviceWorker,
    openExtensionPage,
    fakePoe,
  }) => {
    await signIn();
    const panel = await openExtensionPage('sidepanel.html');
    await chooseBot(panel, 'Echo-Bot');
    const { page, tabId } = await openSite(context, serviceWorker, site.url, 'colour-box.html');
    await page.bringToFront();
    await clickMenu(serviceWorker, tabId, { menuItemId: 'capture-region' });
    // The picker is drawn by the content script; drag inside the red box (left 50, top 60, 200×100).
    await page.waitForTimeout(300);
    await page.mouse.move(70, 80);
    await page.mouse.down();
    await page.mouse.move(120, 110, { steps: 4 });
    await page.mouse.move(170, 130, { steps: 4 });
    await page.mouse.up();

    await expect(chips(panel)).toHaveCount(1);
    await expect(chips(panel)).toContainText('region-100x50.png');
    const pixels = await chips(panel).locator('img').evaluate(async (img: HTMLImageElement) => {
      await img.decode();
      const canvas = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
      const context2d = canvas.getContext('2d')!;
      context2d.drawImage(img, 0, 0);
      const { data } = context2d.getImageData(img.naturalWidth >> 1, img.naturalHeight >> 1, 1, 1);
      return { width: img.naturalWidth, height: img.naturalHeight, rgb: [data[0], data[1], data[2]] };
    });
    expect(pixels).toEqual({ width: 100, height: 50, rgb: [255, 0, 0] });

    await composer(panel).press('End');
    await composer(panel).pressSequentially('What is this?');
    await composer(panel).press('Enter');
    await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
    await expect(lastAnswer(panel).locator('.text')).toContainText('region-100x50.png (image/png)');
    const upload = fakePoe.requests.find((request) => request.path.includes('file_upload'));
    expect(upload?.body).toMatchObject({ kind: 'multipart', files: [{ field: 'file', filename: 'region-100x50.png', contentType: 'image/png' }] });
  });
});

test('a user-defined action appears in the menu and sends its filled template at once', async ({ signIn, context, serviceWorker, openExtensionPage, fakePoe }) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await chooseBot(panel, 'Echo-Bot');
  await panel.getByRole('button', { name: 'Settings' }).click();
  await panel.getByRole('button', { name: 'Add prompt' }).click();
  await panel.getByLabel('Name', { exact: true }).fill('Haiku it');
  await panel.getByLabel('Prompt template').fill('Write a haiku about “{title}” ({url})');
  await panel.getByRole('button', { name: 'Save prompt' }).click();
  await expect(panel.getByRole('list', { name: 'Your prompts' })).toContainText('Haiku it');

  const actionId = await serviceWorker.evaluate(async () => {
    const { promptActions } = await chrome.storage.local.get('promptActions');
    // Saved after the default prompts (issue 16).
    return (promptActions as { id: string }[]).at(-1)!.id;
  });
  // The menu item exists: updating an unknown id would fail.
  await expect.poll(() => serviceWorker.evaluate((id) => chrome.contextMenus.update(`action:${id}`, {}).then(() => true, () => false), actionId)).toBe(true);

  const { tabId } = await openSite(context, serviceWorker, site.url, 'article.html');
  await clickMenu(serviceWorker, tabId, { menuItemId: `action:${actionId}` });
  await expect(panel.locator('article.message.user')).toContainText('Write a haiku about “Fixture article”');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  expect(fakePoe.requests.some((request) => JSON.stringify(request.body ?? null).includes('Write a haiku about'))).toBe(true);
});

test('a content script message of the wrong shape, of a forbidden type, or unasked-for is rejected and changes nothing', async ({
  signIn,
  context,
  serviceWorker,
  openExtensionPage,
}) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  const { tabId } = await openSite(context, serviceWorker, site.url, 'colour-box.html');
  const replies = await serviceWorker.evaluate(
    (id) =>
      chrome.scripting
        .executeScript({
          target: { tabId: id },
          func: async () => {
            const send = (message: unknown) => chrome.runtime.sendMessage(message).then((reply) => reply ?? null, (error) => String(error));
            return [
              await send({ type: 'region.selected', rect: 'everything', viewport: { width: 1, height: 1 } }),
              await send({ type: 'setKey', key: 'stolen' }),
              await send({ type: 'send', bot: 'Echo-Bot', text: 'from a page' }),
              // Well-formed, but this tab was never asked to pick a region.
              await send({ type: 'region.selected', rect: { x: 0, y: 0, width: 10, height: 10 }, viewport: { width: 100, height: 100 } }),
            ];
          },
        })
        .then((results) => results[0]?.result),
    tabId,
  );
  expect(JSON.stringify(replies)).not.toContain('fake-poe-key');
  await panel.waitForTimeout(500);
  await expect(chips(panel)).toHaveCount(0);
  await expect(panel.locator('article.message')).toHaveCount(0);
  await expect(composer(panel)).toHaveValue('');
  await panel.getByRole('button', { name: 'Settings' }).click();
  await expect(panel.getByTestId('key-hint')).toHaveText('…cdef');
});
