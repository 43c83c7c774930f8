import fs from 'node:fs';
import path from 'node:path';
import { FIREFOX_BUILD, reloadPage, waitFor } from './firefox';
import { expect, loopbackAllowed, test, type ExtensionGlobal } from './fixtures';
import { ask, click, fill, find, query, screenText, waitForAnswer } from './ui';

/**
 * Access to a server on this computer is only offered by the manifest (optional_host_permissions) and asked for with
 * permissions.request() in a click. This suite's Firefox grants such requests without a prompt
 * (`extensions.webextOptionalPermissionPrompts` = false, tests/firefox/firefox.ts), so the real request flow runs.
 */
const BANNER = 'Poe Toolbar needs your permission to reach 127.0.0.1, where your local server runs. Nothing is sent there until you allow it.';

test('the build grants no loopback access at install', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(FIREFOX_BUILD, 'manifest.json'), 'utf8')) as { host_permissions: string[] };
  expect(manifest.host_permissions.join(' ')).not.toMatch(/127\.0\.0\.1|localhost/);
});

test('a loopback base URL saved in Settings asks for access in that click; allowed, the key is checked there', async ({
  openExtensionPage,
  enterKey,
  fakePoe,
}) => {
  const page = await openExtensionPage('sidepanel.html');
  expect(await loopbackAllowed(page)).toBe(false);
  await click(page, 'button', 'Advanced settings');
  expect(await page.evaluate(() => document.body.innerText)).toContain(
    'A server on this computer (127.0.0.1, localhost) needs your permission: your browser asks for it when you save.',
  );
  await fill(page, 'textbox', 'Poe API base URL (advanced)', fakePoe.url);
  await click(page, 'button', 'Save');
  await find(page, 'status', `Saved. Poe Toolbar now talks to ${fakePoe.url}.`);
  expect(await loopbackAllowed(page)).toBe(true);
  expect(await query(page, 'alert', /needs your permission/), 'no banner: access is allowed').toBeUndefined();
  await enterKey(page);
  expect(fakePoe.requests.some((request) => request.path.startsWith('/usage/current_balance'))).toBe(true);
});

test('a loopback base URL set before access was allowed: the banner asks, one click allows it; taken back, the banner returns', async ({
  openExtensionPage,
  enterKey,
  fakePoe,
}) => {
  const page = await openExtensionPage('sidepanel.html');
  await page.evaluate(async (url) => {
    await (globalThis as unknown as ExtensionGlobal).browser.storage.local.set({ baseUrl: url });
  }, fakePoe.url);
  await reloadPage(page);
  const banner = await find(page, 'alert', /needs your permission/);
  expect(await banner.evaluate((el) => (el as HTMLElement).innerText)).toContain(BANNER);
  expect(fakePoe.requests, 'nothing reached the server before access was allowed').toEqual([]);

  await click(page, 'button', 'Allow access to 127.0.0.1');
  await waitFor(async () => ((await query(page, 'alert', /needs your permission/)) ? undefined : true), {
    describe: async () => `The banner stayed. ${await screenText(page)}`,
  });
  expect(await loopbackAllowed(page)).toBe(true);
  await enterKey(page);

  // Taken back (as about:addons → Permissions does): the background says so at once, and sends nothing more there.
  await page.evaluate(() => (globalThis as unknown as ExtensionGlobal).browser.permissions.remove({ origins: ['http://127.0.0.1/*'] }));
  await find(page, 'alert', /needs your permission/);
  await find(page, 'button', 'Allow access to 127.0.0.1');
  const sent = fakePoe.requests.length;
  await ask(page, 'Anyone there?');
  const answer = await waitForAnswer(page, 'error');
  expect(answer.alert).toContain('Poe Toolbar is not allowed to reach 127.0.0.1, so nothing was sent. Allow access to 127.0.0.1 first.');
  expect(fakePoe.requests.slice(sent).filter((request) => request.bot !== undefined)).toEqual([]);
});
