import type { BrowserContext, Page, Worker } from '@playwright/test';
import { expect } from './fixtures';

/** The header button that shows the current bot and opens the picker. */
export const botTrigger = (page: Page) => page.getByRole('button', { name: /^Bot: / });

/** An option's accessible name starts with the bot's display name, then what the row shows (", text → text, …"). */
export const optionName = (displayName: string) => new RegExp(`^${displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(,|$)`);

/** The picker's option for a bot, by display name. */
export const botOption = (page: Page, displayName: string) => page.getByRole('option', { name: optionName(displayName) });

/** Picks a bot as a person would: open the picker, search for it, click it; waits until the header shows it. */
export async function chooseBot(page: Page, displayName: string) {
  const trigger = botTrigger(page);
  await trigger.click();
  await page.getByLabel('Search bots').fill(displayName);
  await botOption(page, displayName).click();
  await expect(trigger).toHaveAccessibleName(`Bot: ${displayName}`);
}

/** Signs in, opens the side panel's page and, given one, picks the bot there: where most panel tests start. */
export async function signedInPanel(
  { signIn, openExtensionPage }: { signIn: () => Promise<void>; openExtensionPage: (name: string) => Promise<Page> },
  bot?: string,
): Promise<Page> {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  if (bot) await chooseBot(panel, bot);
  return panel;
}

/** Types a message in the composer and sends it with Enter (does not wait for the answer). */
export async function ask(page: Page, text: string) {
  await page.getByLabel('Message').fill(text);
  await page.getByLabel('Message').press('Enter');
}

/** Asks Echo-Bot and waits for its answer to exactly this question to be complete on screen. */
export async function askEcho(page: Page, text: string) {
  await ask(page, text);
  const answer = page.locator('article.message.bot').last();
  await expect(answer.locator('.text')).toContainText(`You said: ${text}`);
  await expect(answer).toHaveAttribute('data-status', 'complete');
}

/** Runs the extension's real context-menu listener, as a click on the item would. */
export async function clickMenu(serviceWorker: Worker, tabId: number, info: Record<string, unknown>) {
  await serviceWorker.evaluate(
    async ([id, data]) => {
      const tab = await chrome.tabs.get(id);
      (chrome.contextMenus.onClicked as unknown as { dispatch(i: unknown, t: unknown): void }).dispatch(
        { editable: false, frameId: 0, pageUrl: tab.url, ...data },
        tab,
      );
    },
    [tabId, info] as const,
  );
}

/**
 * Opens a fixture page of the page server (`siteUrl`) as an ordinary website tab; returns it with its tab id and
 * address, once the browser reports the tab loaded (a PDF's viewer has the tab only then).
 */
export async function openSite(
  context: BrowserContext,
  serviceWorker: Worker,
  siteUrl: string,
  name: string,
): Promise<{ page: Page; tabId: number; url: string }> {
  const url = `${siteUrl}/${name}`;
  const page = await context.newPage();
  await page.goto(url);
  // The id the poll saw is kept: asking again could miss it (a PDF tab's status goes back to loading as its viewer starts).
  let tabId: number | undefined;
  await expect
    .poll(async () => (tabId = await serviceWorker.evaluate(async (address) => (await chrome.tabs.query({ url: address, status: 'complete' }))[0]?.id, url)))
    .toBeDefined();
  return { page, tabId: tabId!, url };
}

/** Selects the text of the element with this id, as a person dragging over it would. */
export async function selectElementText(page: Page, id: string) {
  await page.evaluate((elementId) => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById(elementId)!);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
  }, id);
}

/** The id of the conversation titled `title`, read from the background's IndexedDB (any extension page or the worker). */
export async function conversationTitled(context: Page | Worker, title: string): Promise<string | undefined> {
  const read = async (title: string) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('poe-toolbar-chats');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const conversations = await new Promise<{ id: string; title: string }[]>((resolve, reject) => {
      const request = db.transaction('conversations').objectStore('conversations').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return conversations.find((each) => each.title === title)?.id;
  };
  // Page and Worker each have evaluate, with signatures TypeScript cannot call through the union.
  return 'mainFrame' in context ? context.evaluate(read, title) : context.evaluate(read, title);
}
