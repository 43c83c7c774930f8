import type { Page } from '@playwright/test';
import { FAKE_POE_KEY } from '../fake-poe/server';
import { expect, test } from './fixtures';
import { ask, chooseBot } from './helpers';
import { startPageServer } from './page-server';

const lastAnswer = (page: Page) => page.locator('article.message.bot').last();

/** The text the background has saved for the latest answer, read from its IndexedDB. */
async function savedAnswerText(page: Page): Promise<string | undefined> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('poe-toolbar-chats');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const messages = await new Promise<{ role: string; createdAt: number; seq: number; text: string }[]>((resolve, reject) => {
      const request = db.transaction('messages').objectStore('messages').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return messages.filter((message) => message.role === 'bot').sort((x, y) => x.createdAt - y.createdAt || x.seq - y.seq).at(-1)?.text;
  });
}

test('closing the side panel mid-answer does not stop it; reopening shows the full answer', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  let page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Held-Bot');
  await ask(page, 'A story, please');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'streaming');
  await expect(lastAnswer(page).locator('.text')).toHaveText(/begins$/);
  await page.close();

  expect(fakePoe.releaseHeld()).toBe(1);
  page = await openExtensionPage('sidepanel.html');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(page).locator('.text')).toHaveText('Held answer to “A story, please” begins and ends.');
});

test('two extension pages show the same stream', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await chooseBot(panel, 'Held-Bot');
  await ask(panel, 'Shared story');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'streaming');

  const popup = await openExtensionPage('popup.html');
  await expect(lastAnswer(popup)).toHaveAttribute('data-status', 'streaming');
  await expect(lastAnswer(popup).locator('.text')).toHaveText(/begins$/);
  expect(fakePoe.releaseHeld()).toBe(1);
  for (const page of [panel, popup]) {
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
    await expect(lastAnswer(page).locator('.text')).toHaveText('Held answer to “Shared story” begins and ends.');
  }
});

test('a service worker stopped mid-answer leaves the partial text marked interrupted, and Retry completes it', async ({
  signIn,
  openExtensionPage,
  context,
  fakePoe,
}) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Held-Bot');
  await ask(page, 'Keep going');
  await expect(lastAnswer(page).locator('.text')).toHaveText(/begins$/);
  // The partial text is on disk (the first text is saved at once) before the worker is stopped.
  await expect.poll(() => savedAnswerText(page)).toMatch(/begins$/);

  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  // This CDP call does not answer until a worker runs again, so it is not awaited.
  void cdp.send('ServiceWorker.stopAllWorkers').catch(() => undefined);

  // The page reconnects, which starts a new worker; it finds the unfinished answer and marks it.
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'interrupted');
  await expect(lastAnswer(page).locator('.text')).toHaveText('Held answer to “Keep going” begins');
  await expect(lastAnswer(page).getByRole('alert')).toContainText('cut off');

  await lastAnswer(page).getByRole('button', { name: 'Retry' }).click();
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'streaming');
  await expect.poll(() => fakePoe.releaseHeld()).toBeGreaterThan(0);
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(page).locator('.text')).toHaveText('Held answer to “Keep going” begins and ends.');
  await expect(page.locator('article.message.bot')).toHaveCount(1);
});

test('a content script can neither read the key nor get it from the background', async ({ signIn, context, serviceWorker }) => {
  await signIn();
  const site = await startPageServer();
  try {
    const page = await context.newPage();
    await page.goto(`${site.url}/article.html`);
    const tabId = await serviceWorker.evaluate(async (url) => (await chrome.tabs.query({ url: `${url}/*` }))[0]?.id, site.url);
    expect(tabId).toBeDefined();

    const [result] = await serviceWorker.evaluate(
      (target) =>
        chrome.scripting.executeScript({
          target: { tabId: target },
          world: 'ISOLATED',
          func: async () => {
            const seen: Record<string, unknown> = {};
            const attempt = async (label: string, action: () => Promise<unknown>) => {
              try {
                seen[label] = await action();
              } catch (error) {
                seen[label] = `refused: ${String(error)}`;
              }
            };
            await attempt('local', () => chrome.storage.local.get(null));
            await attempt('sync', () => chrome.storage.sync.get(null));
            await attempt('session', () => chrome.storage.session.get(null));
            for (const type of ['hello', 'setKey', 'getKey', 'refreshBalance', 'snapshot']) {
              await attempt(`message:${type}`, () => chrome.runtime.sendMessage({ type }));
            }
            await attempt(
              'port',
              () =>
                new Promise((resolve) => {
                  const received: unknown[] = [];
                  const port = chrome.runtime.connect({ name: 'poe-toolbar-ui' });
                  port.onMessage.addListener((message) => received.push(message));
                  port.onDisconnect.addListener(() => resolve({ disconnected: true, received }));
                  port.postMessage({ type: 'hello' });
                  setTimeout(() => resolve({ disconnected: false, received }), 1_500);
                }),
            );
            await attempt('indexedDB', async () => (await indexedDB.databases()).map((db) => db.name));
            return JSON.stringify(seen);
          },
        }),
      tabId!,
    );
    const everything = String(result?.result);
    expect(everything).toContain('"local"');
    expect(everything).toContain('"disconnected":true');
    expect(everything).not.toContain(FAKE_POE_KEY);
    expect(everything).not.toContain(FAKE_POE_KEY.slice(0, 16));
  } finally {
    await site.close();
  }
});
