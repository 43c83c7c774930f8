import { test, expect } from './fixtures';
import { ask, chooseBot } from './helpers';

test('a bad key is refused with a clear message and a good key shows the balance', async ({ openExtensionPage, serviceWorker, fakePoe }) => {
  await serviceWorker.evaluate((url) => chrome.storage.local.set({ baseUrl: url }), fakePoe.url);
  const page = await openExtensionPage('sidepanel.html');

  await page.getByLabel('Poe API key').fill('not-a-real-key');
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByRole('alert')).toContainText('Your Poe API key was rejected');
  await expect(page.getByLabel('Message')).toHaveCount(0);

  await page.getByLabel('Poe API key').fill('fake-poe-key-0123456789abcdef');
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByTestId('balance')).toHaveText(/^[\d,.\s]+ points$/);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('key-hint')).toHaveText('…cdef');
});

test('an answer grows on screen as it streams', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Slow-Drip');
  await ask(page, 'Tell me a story');

  const answer = page.locator('article.message.bot .text').last();
  const seen = new Set<string>();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const status = await page.locator('article.message.bot').last().getAttribute('data-status');
    const text = (await answer.count()) > 0 ? await answer.innerText() : '';
    if (status === 'complete') break;
    if (text) seen.add(text);
    await page.waitForTimeout(50);
  }
  await expect(page.locator('article.message.bot').last()).toHaveAttribute('data-status', 'complete');
  const final = await answer.innerText();
  const intermediate = [...seen].filter((text) => text !== final);
  expect(intermediate.length).toBeGreaterThanOrEqual(3);
  for (const text of intermediate) expect(final.startsWith(text.trimEnd()), `${JSON.stringify(text)} is not a prefix of ${JSON.stringify(final)}`).toBe(true);
});

test('402 is shown as out of points', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'NoPoints-Bot');
  await ask(page, 'Hello?');
  const answer = page.locator('article.message.bot').last();
  await expect(answer).toHaveAttribute('data-status', 'error');
  await expect(answer.getByRole('alert')).toContainText('out of Poe points');
});

test('429 with Retry-After waits visibly, retries, then answers', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'RateLimit-Bot');
  await ask(page, 'Are you there?');
  const answer = page.locator('article.message.bot').last();
  await expect(answer.getByRole('status')).toContainText('Retrying in');
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.locator('.text')).not.toBeEmpty();
  const attempts = fakePoe.requests.filter((request) => request.bot?.toLowerCase() === 'ratelimit-bot');
  expect(attempts.length).toBe(2);
});

test('a stream cut mid-answer keeps its partial text, marked interrupted, and Retry re-asks', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Cut-Bot');
  await ask(page, 'Go on');
  const answer = page.locator('article.message.bot').last();
  await expect(answer).toHaveAttribute('data-status', 'interrupted');
  const partial = await answer.locator('.text').innerText();
  expect(partial.length).toBeGreaterThan(0);
  await expect(answer.locator('.status-line')).toHaveText('Interrupted');
  await expect(answer.getByRole('alert')).not.toBeEmpty();
  await expect(answer.getByRole('button', { name: 'Retry' })).toBeVisible();
});
