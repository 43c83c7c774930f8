import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FAKE_POE_KEY } from '../fake-poe/server';
import { CHROME_BUILD, expect, test } from './fixtures';

/**
 * The build exactly as shipped: access to a server on this computer is only offered (optional_host_permissions), so a
 * loopback base URL is not reachable until the user allows it. Every other Chromium test loads the granted copy.
 */
test.use({ loopbackGranted: false });

test('the shipped build pointed at a server on 127.0.0.1 explains that it needs access, offers to ask, and sends nothing there', async ({
  serviceWorker,
  openExtensionPage,
  fakePoe,
}) => {
  const manifest = JSON.parse(readFileSync(path.join(CHROME_BUILD, 'manifest.json'), 'utf8')) as { host_permissions: string[] };
  expect(manifest.host_permissions.join(' '), 'the shipped build itself, not a granted copy').not.toMatch(/127\.0\.0\.1|localhost/);

  // Pointed at the fake server as signIn does (a base URL saved earlier, before access to it was allowed).
  await serviceWorker.evaluate((url) => chrome.storage.local.set({ baseUrl: url }), fakePoe.url);
  const page = await openExtensionPage('sidepanel.html');
  const banner = page.getByRole('alert').filter({ hasText: 'needs your permission' });
  await expect(banner).toHaveText(
    /^Poe Toolbar needs your permission to reach 127\.0\.0\.1, where your local server runs\. Nothing is sent there until you allow it\./,
  );
  await expect(banner.getByRole('button', { name: 'Allow access to 127.0.0.1' })).toBeVisible();

  // A key typed meanwhile is not sent there to be checked: the refusal says why, and the banner stays.
  await page.getByLabel('Poe API key').fill(FAKE_POE_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'nothing was sent' })).toHaveText(
    'Poe Toolbar is not allowed to reach 127.0.0.1, so nothing was sent. Allow access to 127.0.0.1 first.',
  );
  await expect(banner).toBeVisible();
  expect(fakePoe.requests.map((request) => `${request.method} ${request.path}`)).toEqual([]);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshot: the shipped build asking for access to a local server (${scheme})`, async ({ serviceWorker, openExtensionPage, fakePoe }) => {
    await serviceWorker.evaluate((url) => chrome.storage.local.set({ baseUrl: url }), fakePoe.url);
    const page = await openExtensionPage('sidepanel.html');
    await page.setViewportSize({ width: 400, height: 720 });
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.getByRole('button', { name: 'Allow access to 127.0.0.1' })).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/sidepanel-host-access-${scheme}.png` });
  });
}
