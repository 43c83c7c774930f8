import { BUBBLE_HOST_TAG_NAME, FIELD_MENU, MISSPELT, fieldPrompt, firstEcho, inputIds } from '../e2e/bubble-facts';
import { startPageServer } from '../e2e/page-server';
import { waitFor } from './firefox';
import { expect, test } from './fixtures';
import { chooseBot, turnOnBubble } from './ui';

/**
 * The selection bubble in Firefox, driven with the keyboard alone: its shadow root is closed, and over WebDriver BiDi
 * nothing (unlike Chromium's DevTools protocol) can look inside it, which is the point. The bubble is turned on in
 * Settings, as a person does (this suite's Firefox grants access to all sites without a prompt).
 */

let site: { url: string; close(): Promise<void> };
test.beforeAll(async () => {
  site = await startPageServer();
});
test.afterAll(async () => site.close());

test('Fix spelling from the keyboard in a textarea, then Replace writes it back as typed', async ({ signedInPage, firefox, fakePoe }) => {
  const panel = await signedInPage();
  await chooseBot(panel, 'Echo-Bot');
  await turnOnBubble(panel);

  const page = await firefox.newPage();
  await page.goto(`${site.url}/bubble.html`);
  await page.evaluate(() => {
    const area = document.getElementById('area') as HTMLTextAreaElement;
    area.focus();
  });
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  // Alt+Enter opens the menu with its first item focused; the arrow keys walk down to "Fix spelling and grammar".
  await page.keyboard.down('Alt');
  await page.keyboard.press('Enter');
  await page.keyboard.up('Alt');
  await waitFor(async () => ((await page.evaluate(() => document.activeElement?.tagName)) === BUBBLE_HOST_TAG_NAME ? true : undefined), {
    describe: async () => 'The bubble’s menu did not take the focus.',
  });
  for (let i = 0; i < FIELD_MENU.indexOf('Fix spelling and grammar'); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');

  const answer = firstEcho(fieldPrompt({ kind: 'writing', id: 'fix' }, MISSPELT));
  // The answer is complete and stored (read from the extension's database in the panel's page).
  await waitFor(
    async () =>
      (await panel.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('poe-toolbar-chats');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const all = db.transaction('messages').objectStore('messages').getAll();
        const messages = await new Promise<{ role: string; status: string }[]>((resolve) => (all.onsuccess = () => resolve(all.result)));
        db.close();
        return messages.some((message) => message.role === 'bot' && message.status === 'complete');
      }))
        ? true
        : undefined,
    { describe: async () => 'The answer did not complete.' },
  );
  expect(fakePoe.requests.filter((request) => request.bot?.toLowerCase() === 'echo-bot')).toHaveLength(1);
  // When the card hears the end it moves the focus from Stop to Replace, and Enter writes the answer back. Stop does
  // nothing to an answer that has ended, so Enter is pressed until the field holds the answer.
  const value = () => page.evaluate(() => (document.getElementById('area') as HTMLTextAreaElement).value);
  await waitFor(async () => {
    if ((await value()) === answer) return true;
    const focusInBubble = (await page.evaluate(() => document.activeElement?.tagName)) === BUBBLE_HOST_TAG_NAME;
    if (focusInBubble) await page.keyboard.press('Enter');
    return (await value()) === answer ? true : undefined;
  }, { interval: 200, describe: async () => `The field holds ${JSON.stringify(await value())}.` });
  expect(await page.evaluate(inputIds)).toContain('area');
  await page.close();
});
