import type { Page, Worker } from '@playwright/test';
import type { FakePoe } from '../fake-poe/server';
import { expect, test } from './fixtures';
import { ask, botTrigger, chooseBot } from './helpers';

/**
 * The races a person can cause by acting quickly (or a page going away), each driven as a person would, with no
 * waiting between the actions that race. Each test waits for its own answer, never for a clock.
 */

const bubbles = (page: Page) => page.locator('article.message');
const answerTo = (page: Page, question: string) =>
  page.locator('article.message.bot').filter({ hasText: `You said: ${question}` });
const botQueries = (fakePoe: FakePoe) => fakePoe.requests.filter((request) => request.bot !== undefined);

/** What the background stored, read from its IndexedDB: conversations with their messages' texts. */
async function stored(serviceWorker: Worker): Promise<{ title: string; texts: string[] }[]> {
  return serviceWorker.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('poe-toolbar-chats');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const conversations = await all<{ id: string; title: string }>('conversations');
    const messages = await all<{ conversationId: string; seq: number; text: string }>('messages');
    db.close();
    return [
      ...conversations.map((conversation) => ({
        title: conversation.title,
        texts: messages.filter((m) => m.conversationId === conversation.id).sort((a, b) => a.seq - b.seq).map((m) => m.text),
      })),
      // Messages whose conversation is gone (there must never be any).
      ...messages
        .filter((m) => !conversations.some((conversation) => conversation.id === m.conversationId))
        .map((m) => ({ title: '(orphan)', texts: [m.text] })),
    ];
  });
}

test('"New chat" then Enter at once asks in a new conversation, not the previous one', async ({ signIn, openExtensionPage, serviceWorker }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  await ask(page, 'first topic');
  await expect(answerTo(page, 'first topic')).toHaveAttribute('data-status', 'complete');

  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByLabel('Message').fill('second topic');
  await page.getByLabel('Message').press('Enter');

  await expect(answerTo(page, 'second topic')).toHaveAttribute('data-status', 'complete');
  await expect(bubbles(page)).toHaveCount(2);
  // Echo-Bot counts the messages it was sent: one each, so the second question did not go into the first chat. (The
  // answer's final save is written just after the page is told it is complete: wait for exactly that.)
  await expect
    .poll(async () => (await stored(serviceWorker)).map((c) => c.texts).sort())
    .toEqual([
      ['first topic', 'You said: first topic\n\n(1 message in conversation)'],
      ['second topic', 'You said: second topic\n\n(1 message in conversation)'],
    ]);
});

test('a bot picked then Enter at once asks that bot, and the header keeps it', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  await ask(page, 'warm up');
  await expect(answerTo(page, 'warm up')).toHaveAttribute('data-status', 'complete');

  await botTrigger(page).click();
  await page.getByLabel('Search bots').fill('Plain-Bot');
  await page.getByLabel('Search bots').press('Enter');
  await page.getByLabel('Message').fill('which bot are you?');
  await page.getByLabel('Message').press('Enter');

  const answer = page.locator('article.message.bot').last();
  await expect(answer).toHaveAttribute('aria-label', 'Plain-Bot');
  await expect(answer).toHaveAttribute('data-status', 'complete');
  expect(botQueries(fakePoe).map((request) => request.bot)).toEqual(['echo-bot', 'plain-bot']);
  await expect(botTrigger(page)).toHaveAccessibleName('Bot: Plain-Bot');
});

test('Regenerate double-clicked, or two retry commands in one task, asks Poe once', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  await ask(page, 'once please');
  await expect(answerTo(page, 'once please')).toHaveAttribute('data-status', 'complete');
  expect(botQueries(fakePoe)).toHaveLength(1);

  await page.getByRole('button', { name: 'Regenerate', exact: true }).dblclick();
  await expect(answerTo(page, 'once please')).toHaveAttribute('data-status', 'complete');
  await expect(page.getByRole('button', { name: 'Regenerate', exact: true })).toBeVisible();
  expect(botQueries(fakePoe)).toHaveLength(2);
  await expect(page.locator('article.message.bot')).toHaveCount(1);

  // Two retry commands posted back to back by a page (a stale page, a script): the background runs one.
  const outcomes = await page.evaluate(async () => {
    const { conversationId, messageId } = await new Promise<{ conversationId: string; messageId: string }>((resolve) => {
      const port = chrome.runtime.connect({ name: 'poe-toolbar-ui' });
      port.onMessage.addListener((event) => {
        if (event.type !== 'snapshot') return;
        resolve({ conversationId: event.conversationId, messageId: event.messages.at(-1).id });
        port.disconnect();
      });
      port.postMessage({ type: 'hello', requestId: 'probe', surface: 'popup' });
    });
    const port = chrome.runtime.connect({ name: 'poe-toolbar-ui' });
    const answers: { requestId: string; type: string; kind?: string }[] = [];
    const both = new Promise<void>((resolve) =>
      port.onMessage.addListener((event) => {
        if (event.type === 'done' || event.type === 'commandFailed') answers.push({ requestId: event.requestId, type: event.type, kind: event.error?.kind });
        if (answers.length === 2) resolve();
      }),
    );
    port.postMessage({ type: 'retry', requestId: 'retry-a', conversationId, messageId });
    port.postMessage({ type: 'retry', requestId: 'retry-b', conversationId, messageId });
    await both;
    return answers.sort((a, b) => a.requestId.localeCompare(b.requestId));
  });
  expect(outcomes).toEqual([
    { requestId: 'retry-a', type: 'done' },
    { requestId: 'retry-b', type: 'commandFailed', kind: 'busy' },
  ]);
  await expect(answerTo(page, 'once please')).toHaveAttribute('data-status', 'complete');
  expect(botQueries(fakePoe)).toHaveLength(3);
  await expect(page.locator('article.message.bot')).toHaveCount(1);
});

test('a popup closed right after Enter: the question is asked, and the answer is there when it opens again', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const setup = await openExtensionPage('sidepanel.html');
  await chooseBot(setup, 'Echo-Bot');
  await setup.close();

  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Message').fill('asked on the way out');
  await popup.getByLabel('Message').press('Enter');
  await popup.close();

  const again = await openExtensionPage('popup.html');
  await expect(answerTo(again, 'asked on the way out')).toHaveAttribute('data-status', 'complete');
  await expect(again.locator('article.message.user .text')).toHaveText(['asked on the way out']);
  expect(botQueries(fakePoe)).toHaveLength(1);
});

test('deleting a conversation mid-answer leaves nothing behind in IndexedDB', async ({ signIn, openExtensionPage, serviceWorker, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Held-Bot');
  await ask(page, 'to be deleted');
  const answer = page.locator('article.message.bot').last();
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await expect(answer.locator('.text')).toContainText('begins');

  await page.getByRole('button', { name: 'History' }).click();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Actions for “to be deleted”' }).click();
  await page.getByRole('button', { name: 'Delete “to be deleted”' }).click();
  await expect(page.getByText('No conversations yet.')).toBeVisible();
  expect(await stored(serviceWorker)).toEqual([]);
  // Were the bot to go on now, nothing of it may reach storage: the run ended before the delete.
  fakePoe.releaseHeld();
  await page.getByRole('button', { name: 'Back to chat' }).click();
  await expect(bubbles(page)).toHaveCount(0);
  expect(await stored(serviceWorker)).toEqual([]);
});

test('sending while History is open shows the chat with the answer', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  await ask(page, 'first');
  await expect(answerTo(page, 'first')).toHaveAttribute('data-status', 'complete');
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('region', { name: 'Chat history' })).toBeVisible();

  await page.getByLabel('Message').fill('from history');
  await page.getByLabel('Message').press('Enter');
  await expect(page.getByRole('region', { name: 'Chat history' })).toHaveCount(0);
  await expect(answerTo(page, 'from history')).toHaveAttribute('data-status', 'complete');
});
