import type { BrowserContext, Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { ask, chooseBot } from './helpers';
import { startPageServer } from './page-server';

/** The spending guard (issue 12): the estimate next to Send, limits, held sends and bots outside Poe's list. */

let site: { url: string; close(): Promise<void> };
test.beforeAll(async () => {
  site = await startPageServer();
});
test.afterAll(async () => site.close());

const estimate = (page: Page) => page.getByTestId('cost-estimate');
const held = (page: Page) => page.getByTestId('held-send');
const lastAnswer = (page: Page) => page.locator('article.message.bot').last();
const botRequests = (fakePoe: { requests: { bot?: string }[] }, bot: string) =>
  fakePoe.requests.filter((request) => request.bot?.toLowerCase() === bot.toLowerCase()).length;

/** "≈ 61–901 points" → [61, 901]. */
async function range(page: Page): Promise<[number, number]> {
  const text = (await estimate(page).innerText()).replace(/,/g, '');
  const match = /≈ (\d+)–(\d+) points/.exec(text);
  expect(match, `an estimate range, got “${text}”`).not.toBeNull();
  return [Number(match![1]), Number(match![2])];
}

async function setLimits(page: Page, limits: { daily?: number; ceiling?: number }) {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Daily budget (points)').fill(limits.daily === undefined ? '' : String(limits.daily));
  await page.getByLabel('Per-answer ceiling (points)').fill(limits.ceiling === undefined ? '' : String(limits.ceiling));
  await page.getByRole('button', { name: 'Save limits' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved\./ })).toBeVisible();
  await page.getByRole('button', { name: 'Back to chat' }).click();
}

test('the estimate next to Send follows the draft for a token-priced bot, and a request-priced bot shows its fixed price', async ({
  signIn,
  openExtensionPage,
}) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'GPT-5.4');
  await page.getByLabel('Message').fill('Hello there, how are you?');
  // GPT-5.4: $2.30 in / $18 out per million tokens, at the assumed 33,333 points per dollar (the fake history is
  // empty): a 100-token answer ≈ 61 points, a 1,500-token one ≈ 901.
  await expect(estimate(page)).toHaveText(/≈ \d+–[\d,]+ points/);
  const [low, high] = await range(page);
  expect(low).toBeGreaterThanOrEqual(55);
  expect(low).toBeLessThanOrEqual(70);
  expect(high).toBeGreaterThanOrEqual(880);
  expect(high).toBeLessThanOrEqual(920);

  // A long draft costs more input: the range moves up.
  await page.getByLabel('Message').fill('word '.repeat(4000));
  await expect.poll(async () => (await range(page))[0]).toBeGreaterThan(low + 10);

  // The detail says how it was worked out, on click.
  await estimate(page).click();
  const detail = page.getByRole('note');
  await expect(detail).toBeVisible();
  await expect(detail).toContainText('Output: 100–1,500 tokens');
  await expect(detail).toContainText('is assumed');
  await expect(detail).toContainText('The longest answer allowed (128,000 tokens)');

  await chooseBot(page, 'Flat-Bot');
  await expect(estimate(page)).toHaveText(/^≈ 30 points/);
  await chooseBot(page, 'Echo-Bot');
  await expect(estimate(page)).toHaveText(/^price not published/);
});

test('a send over the per-answer ceiling waits for "Send anyway", and a double click sends it exactly once', async ({
  signIn,
  openExtensionPage,
  fakePoe,
}) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await setLimits(page, { ceiling: 100 });
  await chooseBot(page, 'GPT-5.4');
  await ask(page, 'Write me a long essay');

  const card = held(page);
  await expect(card).toContainText('more than your per-answer ceiling of 100 points');
  await expect(card).toContainText('Write me a long essay');
  expect(botRequests(fakePoe, 'gpt-5.4')).toBe(0);
  await expect(page.locator('article.message')).toHaveCount(0);

  const send = card.getByRole('button', { name: /^Send anyway \(up to [\d,]+ points\)$/ });
  await send.dblclick();
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  await expect(held(page)).toHaveCount(0);
  await expect(page.locator('article.message.user')).toHaveCount(1);
  expect(botRequests(fakePoe, 'gpt-5.4')).toBe(1);
  // Under the ceiling, nothing asks.
  await chooseBot(page, 'Flat-Bot');
  await ask(page, 'And a short one');
  await expect(lastAnswer(page)).toContainText('Flat answer to: And a short one');
  await expect(held(page)).toHaveCount(0);
});

test('"Edit first" gives the held question back to the composer and sends nothing', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await setLimits(page, { ceiling: 10 });
  await chooseBot(page, 'Flat-Bot');
  await ask(page, 'Too dear for my ceiling');
  await held(page).getByRole('button', { name: 'Edit first' }).click();
  await expect(held(page)).toHaveCount(0);
  await expect(page.getByLabel('Message')).toHaveValue('Too dear for my ceiling');
  expect(botRequests(fakePoe, 'flat-bot')).toBe(0);
});

/** Opens a fixture page as an ordinary website tab and returns its tab id. */
async function openSite(context: BrowserContext, serviceWorker: Worker, name: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(`${site.url}/${name}`);
  const tabId = await serviceWorker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]?.id, `${site.url}/${name}`);
  expect(tabId).toBeDefined();
  return tabId!;
}

test('past 80% of the daily budget the panel warns, and a page quick action over budget waits in the panel', async ({
  signIn,
  context,
  serviceWorker,
  openExtensionPage,
  fakePoe,
}) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await setLimits(panel, { daily: 35 });
  await chooseBot(panel, 'Flat-Bot');
  await ask(panel, 'First of the day');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  // 30 of 35 points: past 80%.
  await expect(panel.getByTestId('spend-warning')).toContainText('of today’s budget: 30 of 35 points');

  const tabId = await openSite(context, serviceWorker, 'selection.html');
  await serviceWorker.evaluate(
    async ([id]) => {
      const tab = await chrome.tabs.get(id);
      (chrome.contextMenus.onClicked as unknown as { dispatch(i: unknown, t: unknown): void }).dispatch(
        { editable: false, frameId: 0, pageUrl: tab.url, menuItemId: 'quick-explain', selectionText: 'Budget line' },
        tab,
      );
    },
    [tabId] as const,
  );
  const card = held(panel);
  await expect(card).toContainText('From a web page, to Flat-Bot');
  await expect(card).toContainText('left of today’s budget');
  expect(botRequests(fakePoe, 'flat-bot')).toBe(1);

  await card.getByRole('button', { name: 'Send anyway (up to 30 points)' }).click();
  await expect(panel.locator('article.message.user')).toContainText('Explain this clearly');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  expect(botRequests(fakePoe, 'flat-bot')).toBe(2);
  await expect(panel.getByTestId('spend-warning')).toContainText('Today’s budget is spent');
});

test('a bot outside Poe’s list asks once, quoting Poe’s warning, and is remembered', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  const trigger = page.getByRole('button', { name: /^Bot: / });
  await trigger.click();
  await page.getByLabel('Search bots').fill('Private-Bot-7');
  await page.getByRole('option', { name: 'Use bot “Private-Bot-7”' }).click();
  await page.getByLabel('Message').fill('Hello, private bot');
  await expect(estimate(page)).toHaveText(/^not in Poe’s list/);
  await page.getByLabel('Message').press('Enter');

  const card = held(page);
  await expect(card).toContainText('entire point balance available to any bot that is queried');
  expect(botRequests(fakePoe, 'private-bot-7')).toBe(0);
  await card.getByRole('button', { name: 'Allow Private-Bot-7 and send' }).click();
  await expect(lastAnswer(page)).toContainText('Private answer to: Hello, private bot');

  await ask(page, 'Again, please');
  await expect(lastAnswer(page)).toContainText('Private answer to: Again, please');
  await expect(held(page)).toHaveCount(0);
  expect(botRequests(fakePoe, 'private-bot-7')).toBe(2);

  // Remembered in Settings, where it can be forgotten.
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('list').filter({ hasText: 'private-bot-7' })).toBeVisible();
});
