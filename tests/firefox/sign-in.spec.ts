import { createHash } from 'node:crypto';
import { GECKO_ID } from './firefox';
import { expect, test } from './fixtures';
import { click, find } from './ui';

/**
 * Sign in with Poe in Firefox (the e2e build has a test client id): Firefox's own `identity.launchWebAuthFlow`, whose
 * redirect URL is `https://<sha1 of the add-on id>.extensions.allizom.org/`, against the fake Poe. Poe's consent is
 * given at once (the fake server's `approve` mode): what is tested is Firefox's half, the redirect URL and the flow.
 */
test('signs in with Poe through Firefox’s sign-in window and keeps the issued key', async ({ openExtensionPage, pointAtFakePoe, fakePoe }) => {
  fakePoe.setOAuth({ authorize: 'approve', expiresIn: 7 * 86_400 });
  const page = await openExtensionPage('sidepanel.html');
  await pointAtFakePoe(page);
  await click(page, 'button', 'Sign in with Poe');
  const balance = await find(page, 'button', /points$/);
  expect(await balance.evaluate((el) => (el as HTMLElement).innerText)).toBe('5,000 points');

  const redirect = `https://${createHash('sha1').update(GECKO_ID).digest('hex')}.extensions.allizom.org/`;
  const token = fakePoe.requests.find((request) => request.path === '/token');
  expect(token?.body).toMatchObject({ client_id: 'poe-toolbar-e2e', redirect_uri: redirect });
  const [key] = fakePoe.issuedKeys();
  expect(key).toBeDefined();
  expect(await page.content()).not.toContain(key);

  await click(page, 'button', 'Settings');
  await find(page, 'button', 'Sign in with Poe again');
  expect(await page.evaluate(() => document.querySelector('[data-testid=key-status]')?.textContent)).toBe('Signed in with Poe · key expires in 7 days');
});
