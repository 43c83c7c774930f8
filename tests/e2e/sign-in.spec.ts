import type { BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FAKE_POE_KEY, type RecordedRequest } from '../fake-poe/server';
import { CHROME_BUILD, CHROME_E2E_BUILD, expect, test } from './fixtures';
import { ask, chooseBot } from './helpers';

/**
 * Sign in with Poe (protocol §9) in the e2e build, which has a test client id: the real `identity.launchWebAuthFlow`
 * in headless Chromium opens the fake Poe's consent page as a window Playwright can click, and Chromium catches the
 * redirect to `https://<id>.chromiumapp.org/`. Everything is real: PKCE, the token exchange, the key vault.
 */
test.use({ extensionDir: CHROME_E2E_BUILD });

const DAY = 86_400_000;

/** Clicks a sign-in button in the panel and returns Poe's consent window. */
async function openConsent(context: BrowserContext, panel: Page, button = 'Sign in with Poe'): Promise<Page> {
  const consent = context.waitForEvent('page', { predicate: (page) => page.url().includes('/oauth/authorize') });
  await panel.getByRole('button', { name: button, exact: true }).click();
  const page = await consent;
  await expect(page.getByRole('heading', { name: /Allow poe-toolbar-e2e to use your Poe account/ })).toBeVisible();
  return page;
}

/** The token requests the fake Poe received, with their forms. */
const tokenRequests = (requests: RecordedRequest[]) =>
  requests.filter((request) => request.method === 'POST' && request.path === '/token') as (RecordedRequest & { body: Record<string, string> })[];

test.beforeEach(async ({ serviceWorker, fakePoe }) => {
  await serviceWorker.evaluate((url) => chrome.storage.local.set({ baseUrl: url }), fakePoe.url);
});

test('signs in through Poe’s consent page; the key works, stays in the background, and its expiry shows', async ({
  context,
  openExtensionPage,
  fakePoe,
  serviceWorker,
  consoleLines,
}) => {
  const panel = await openExtensionPage('sidepanel.html');
  // The key form stays as the alternative.
  await expect(panel.getByLabel('Poe API key')).toBeVisible();
  const consent = await openConsent(context, panel);
  await expect(panel.getByRole('button', { name: 'Waiting for Poe…' })).toBeDisabled();
  await expect(panel.getByRole('status').filter({ hasText: 'Finish signing in with Poe in the window that opened' })).toBeVisible();
  await consent.getByRole('button', { name: 'Allow' }).click();

  await expect(panel.getByTestId('balance')).toContainText('points');
  const [key] = fakePoe.issuedKeys();
  expect(key).toBeDefined();
  const [token] = tokenRequests(fakePoe.requests);
  expect(token?.body).toMatchObject({ grant_type: 'authorization_code', client_id: 'poe-toolbar-e2e', redirect_uri: expect.stringMatching(/^https:\/\/[a-p]{32}\.chromiumapp\.org\/$/) });

  // The issued key answers bot queries.
  await chooseBot(panel, 'Echo-Bot');
  await ask(panel, 'hello through a signed-in key');
  await expect(panel.locator('article.message.bot').last()).toHaveAttribute('data-status', 'complete');
  expect(fakePoe.requests.find((request) => request.bot)?.headers['authorization']).toBe(`Bearer ${key}`);

  await panel.getByRole('button', { name: 'Settings' }).click();
  await expect(panel.getByTestId('key-status')).toHaveText('Signed in with Poe · key expires in 30 days');
  await expect(panel.getByTestId('key-hint')).toHaveText(`…${key!.slice(-4)}`);
  await expect(panel.getByRole('button', { name: 'Sign in with Poe again' })).toBeVisible();

  // Never in storage.local (nor sync), never in a page, never in a console.
  const stored = await serviceWorker.evaluate(async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.sync.get(null)]));
  expect(stored).not.toContain(key);
  expect(await panel.content()).not.toContain(key);
  expect(consoleLines.filter((line) => line.includes(key!))).toEqual([]);
});

test('denying or closing Poe’s window says "You cancelled sign-in"; pasting a key still works', async ({ context, openExtensionPage, fakePoe }) => {
  const panel = await openExtensionPage('sidepanel.html');
  const denied = await openConsent(context, panel);
  await denied.getByRole('button', { name: 'Deny' }).click();
  await expect(panel.getByTestId('sign-in-outcome')).toHaveText(/^You cancelled sign-in\./);
  await expect(panel.getByTestId('sign-in-outcome')).toHaveAttribute('role', 'status');

  const closed = await openConsent(context, panel);
  await expect(panel.getByTestId('sign-in-outcome')).toHaveCount(0);
  await closed.close();
  await expect(panel.getByTestId('sign-in-outcome')).toHaveText(/^You cancelled sign-in\./);
  expect(tokenRequests(fakePoe.requests)).toEqual([]);

  await panel.getByLabel('Poe API key').fill(FAKE_POE_KEY);
  await panel.getByRole('button', { name: 'Save key' }).click();
  await expect(panel.getByTestId('balance')).toContainText('points');
  await panel.getByRole('button', { name: 'Settings' }).click();
  await expect(panel.getByTestId('key-status')).toHaveText('Pasted API key');
});

test('a callback carrying another sign-in’s state is ignored: no code exchanged, nothing stored', async ({ context, openExtensionPage, fakePoe }) => {
  fakePoe.setOAuth({ wrongState: true });
  const panel = await openExtensionPage('sidepanel.html');
  const consent = await openConsent(context, panel);
  await consent.getByRole('button', { name: 'Allow' }).click();
  await expect(panel.getByRole('alert')).toHaveText(/did not belong to this sign-in, so it was ignored and nothing was stored/);
  expect(tokenRequests(fakePoe.requests)).toEqual([]);
  await expect(panel.getByRole('button', { name: 'Sign in with Poe', exact: true })).toBeEnabled();
});

test('a code Poe no longer accepts (invalid_grant) asks to sign in again, and signing in again works', async ({ context, openExtensionPage, fakePoe }) => {
  fakePoe.setOAuth({ codeLifetimeMs: 0 });
  const panel = await openExtensionPage('sidepanel.html');
  let consent = await openConsent(context, panel);
  await consent.getByRole('button', { name: 'Allow' }).click();
  await expect(panel.getByRole('alert')).toHaveText('Poe did not accept this sign-in: it had expired or was already used. Please sign in again.');

  fakePoe.setOAuth({});
  consent = await openConsent(context, panel);
  await consent.getByRole('button', { name: 'Allow' }).click();
  await expect(panel.getByTestId('balance')).toContainText('points');
});

test('a server_error from the token endpoint is retried with the same code', async ({ context, openExtensionPage, fakePoe }) => {
  fakePoe.setOAuth({ tokenServerErrors: 1 });
  const panel = await openExtensionPage('sidepanel.html');
  const consent = await openConsent(context, panel);
  await consent.getByRole('button', { name: 'Allow' }).click();
  await expect(panel.getByTestId('balance')).toContainText('points');
  const tokens = tokenRequests(fakePoe.requests);
  expect(tokens).toHaveLength(2);
  expect(tokens[1]!.body['code']).toBe(tokens[0]!.body['code']);
});

test('once Poe refuses a signed-in key one click signs in again; before a key lapses the panel asks to sign in again', async ({
  context,
  openExtensionPage,
  fakePoe,
}) => {
  const panel = await openExtensionPage('sidepanel.html');
  const consent = await openConsent(context, panel);
  // The user picks a 7-day key on Poe's consent page.
  await consent.getByLabel('Key expires').selectOption({ label: 'in 7 days' });
  await consent.getByRole('button', { name: 'Allow' }).click();
  await expect(panel.getByTestId('balance')).toContainText('points');
  await expect(panel.getByTestId('key-expiry')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Settings' }).click();
  await expect(panel.getByTestId('key-status')).toHaveText('Signed in with Poe · key expires in 7 days');
  await panel.getByRole('button', { name: 'Back to chat' }).click();

  // Poe stops accepting the key: the failed answer offers to sign in again, which replaces the key.
  const [oldKey] = fakePoe.issuedKeys();
  fakePoe.expireIssuedKeys();
  await chooseBot(panel, 'Echo-Bot');
  await ask(panel, 'is my key still good?');
  await expect(panel.locator('article.message.bot').last()).toHaveAttribute('data-status', 'error');
  const again = context.waitForEvent('page', { predicate: (page) => page.url().includes('/oauth/authorize') });
  await panel.getByRole('button', { name: 'Sign in with Poe again' }).first().click();
  await (await again).getByRole('button', { name: 'Allow' }).click();
  await panel.getByRole('button', { name: 'Settings' }).click();
  await expect(panel.getByTestId('key-status')).toHaveText('Signed in with Poe · key expires in 30 days');
  const newKey = fakePoe.issuedKeys()[1];
  expect(newKey).toBeDefined();
  expect(newKey).not.toBe(oldKey);
  await expect(panel.getByTestId('key-hint')).toHaveText(`…${newKey!.slice(-4)}`);
  await panel.getByRole('button', { name: 'Back to chat' }).click();

  // The clock runs ahead (Playwright's clock is the whole context's): the notice from 3 days before, then the
  // expired message, each with the way out.
  await panel.clock.install();
  await panel.reload();
  await expect(panel.getByTestId('balance')).toContainText('points');
  await panel.clock.fastForward(27 * DAY + 60_000);
  const notice = panel.getByTestId('key-expiry');
  await expect(notice).toHaveText(/Your Poe sign-in ends in 3 days\. Sign in again now/);
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(notice.getByRole('button', { name: 'Sign in again' })).toBeVisible();
  await panel.clock.fastForward(3 * DAY);
  await expect(notice).toHaveText(/Your Poe sign-in has expired/);
  await expect(notice).toHaveAttribute('role', 'alert');
  await panel.getByRole('button', { name: 'Settings' }).click();
  await expect(panel.getByTestId('key-status')).toHaveText('Signed in with Poe · key expired');
});

test.describe('a build without a client id', () => {
  test.use({ extensionDir: CHROME_BUILD });

  test('offers only the key form and asks for no identity permission', async ({ openExtensionPage }) => {
    const manifest = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { permissions: string[] };
    expect(manifest(CHROME_BUILD).permissions).not.toContain('identity');
    expect(manifest(CHROME_E2E_BUILD).permissions).toContain('identity');
    const panel = await openExtensionPage('sidepanel.html');
    await expect(panel.getByLabel('Poe API key')).toBeVisible();
    await expect(panel.getByRole('button', { name: /Sign in with Poe/ })).toHaveCount(0);
  });
});

/** Screenshots of Sign in with Poe, for us to look at (written to test-results/screenshots/). */
for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots of Sign in with Poe (${scheme})`, async ({ context, openExtensionPage }) => {
    const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/sign-in-${name}-${scheme}.png` });
    const panel = await openExtensionPage('sidepanel.html');
    await panel.setViewportSize({ width: 400, height: 720 });
    await panel.emulateMedia({ colorScheme: scheme });
    await expect(panel.getByRole('button', { name: 'Sign in with Poe', exact: true })).toBeVisible();
    await shot(panel, 'first-run');
    let consent = await openConsent(context, panel);
    await expect(panel.getByRole('button', { name: 'Waiting for Poe…' })).toBeVisible();
    await shot(panel, 'waiting');
    await consent.getByRole('button', { name: 'Deny' }).click();
    await expect(panel.getByTestId('sign-in-outcome')).toBeVisible();
    await shot(panel, 'cancelled');
    consent = await openConsent(context, panel);
    await consent.getByRole('button', { name: 'Allow' }).click();
    await expect(panel.getByTestId('balance')).toContainText('points');
    await panel.getByRole('button', { name: 'Settings' }).click();
    await expect(panel.getByTestId('key-status')).toBeVisible();
    await shot(panel, 'settings');
    await panel.getByRole('button', { name: 'Back to chat' }).click();
    await panel.clock.install();
    await panel.reload();
    await panel.emulateMedia({ colorScheme: scheme });
    await expect(panel.getByTestId('balance')).toContainText('points');
    await panel.clock.fastForward(28 * DAY);
    await expect(panel.getByTestId('key-expiry')).toBeVisible();
    await shot(panel, 'expires-soon');
    await panel.clock.fastForward(3 * DAY);
    await expect(panel.getByTestId('key-expiry')).toHaveAttribute('role', 'alert');
    await shot(panel, 'expired');
  });
}
