import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AccountService } from '@/lib/chat/account-service';
import { PoeSignIn, TOKEN_RETRY_DELAYS_MS, type WebAuthResult } from '@/lib/chat/sign-in';
import { deleteApiKey, readApiKey, readKeyInfo } from '@/lib/storage/key-vault';
import { baseUrlSetting } from '@/lib/storage/settings';
import { codeChallenge } from '@/lib/poe';
import { FAKE_POE_KEY, startFakePoe, type FakePoe } from '../fake-poe/server';

const REDIRECT = 'https://abcdefghijklmnop.chromiumapp.org/';
const NOW = 1_800_000_000_000;

/** The browser's sign-in window, as far as the fake server goes: follows its redirect and stops at the redirect URL. */
async function followToRedirect(url: string): Promise<WebAuthResult> {
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  return location?.startsWith(REDIRECT) ? { ok: true, url: location } : { ok: false, failure: 'unreachable' };
}

describe('Sign in with Poe (background flow against the fake Poe)', () => {
  let fake: FakePoe;
  let account: AccountService;
  let changes: boolean[];
  let sleeps: number[];
  const launched: string[] = [];
  const signInWith = (launch: (url: string) => Promise<WebAuthResult> = followToRedirect) =>
    new PoeSignIn({
      clientId: 'poe-toolbar-e2e',
      redirectUrl: () => REDIRECT,
      launch: async (url) => {
        launched.push(url);
        return launch(url);
      },
      readBaseUrl: () => baseUrlSetting.getValue(),
      storeKey: (key, info) => account.setKey(key, info),
      onChange: (pending) => changes.push(pending),
      now: () => NOW,
      sleep: async (ms) => void sleeps.push(ms),
    });

  beforeAll(async () => {
    fake = await startFakePoe();
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fakeBrowser.reset();
    fake.reset();
    fake.setOAuth({ authorize: 'approve' });
    await deleteApiKey();
    await baseUrlSetting.setValue(fake.url);
    account = new AccountService();
    changes = [];
    sleeps = [];
    launched.length = 0;
  });

  it('exchanges the code with its PKCE verifier and stores the issued key with its expiry', async () => {
    const signIn = signInWith();
    await signIn.signIn();
    expect(signIn.status()).toEqual({ pending: false });
    expect(changes).toEqual([true, false]);
    const [key] = fake.issuedKeys();
    expect(key).toBeDefined();
    expect(await readApiKey()).toBe(key);
    expect(await readKeyInfo()).toEqual({ origin: 'signIn', expiresAt: NOW + 30 * 24 * 3600 * 1000 });
    // The verifier that reached /token is the one whose S256 challenge went to /oauth/authorize.
    const challenge = new URL(launched[0]!).searchParams.get('code_challenge');
    const token = fake.requests.find((request) => request.path === '/token')!.body as Record<string, string>;
    expect(await codeChallenge(token['code_verifier']!)).toBe(challenge);
    expect(token['redirect_uri']).toBe(REDIRECT);
    // The issued key spends the account's points, like any key of it.
    expect((await account.state()).balance).toBe(fake.balance());
  });

  it('stores a key Poe issues without an expiry as one that does not expire', async () => {
    fake.setOAuth({ authorize: 'approve', expiresIn: null });
    await signInWith().signIn();
    expect(await readKeyInfo()).toEqual({ origin: 'signIn' });
  });

  it('ignores a callback with another state: no token request, nothing stored', async () => {
    fake.setOAuth({ authorize: 'approve', wrongState: true });
    const signIn = signInWith();
    await signIn.signIn();
    expect(signIn.status().error).toMatchObject({ kind: 'protocol', message: expect.stringMatching(/did not belong to this sign-in/) });
    expect(fake.requests.some((request) => request.path === '/token')).toBe(false);
    expect(await readApiKey()).toBeUndefined();
  });

  it('says "You cancelled sign-in" when the user denies, or closes the window', async () => {
    fake.setOAuth({ authorize: 'deny' });
    const denied = signInWith();
    await denied.signIn();
    expect(denied.status().error?.message).toMatch(/^You cancelled sign-in\./);
    const closed = signInWith(async () => ({ ok: false, failure: 'cancelled' }));
    await closed.signIn();
    expect(closed.status().error?.message).toMatch(/^You cancelled sign-in\./);
    expect(await readApiKey()).toBeUndefined();
  });

  it('asks to sign in again when Poe refuses the code (invalid_grant)', async () => {
    fake.setOAuth({ authorize: 'approve', codeLifetimeMs: 0 });
    const signIn = signInWith();
    await signIn.signIn();
    expect(signIn.status().error).toMatchObject({ kind: 'auth', message: expect.stringMatching(/Please sign in again/) });
    expect(await readApiKey()).toBeUndefined();
  });

  it('retries server_error with the same code, then succeeds', async () => {
    fake.setOAuth({ authorize: 'approve', tokenServerErrors: 2 });
    const signIn = signInWith();
    await signIn.signIn();
    expect(sleeps).toEqual([...TOKEN_RETRY_DELAYS_MS]);
    expect(fake.requests.filter((request) => request.path === '/token')).toHaveLength(3);
    expect(signIn.status().error).toBeUndefined();
    expect(await readApiKey()).toBe(fake.issuedKeys()[0]);
  });

  it('gives up on a lasting server_error with a message that invites a retry', async () => {
    fake.setOAuth({ authorize: 'approve', tokenServerErrors: 10 });
    const signIn = signInWith();
    await signIn.signIn();
    expect(fake.requests.filter((request) => request.path === '/token')).toHaveLength(TOKEN_RETRY_DELAYS_MS.length + 1);
    expect(signIn.status().error).toMatchObject({ kind: 'server', message: expect.stringMatching(/try again in a moment/) });
  });

  it('keeps the current key when a new sign-in fails, and runs one sign-in at a time', async () => {
    expect(await account.setKey(FAKE_POE_KEY)).toEqual({ ok: true });
    let opened!: (release: (result: WebAuthResult) => void) => void;
    const windowOpen = new Promise<(result: WebAuthResult) => void>((resolve) => (opened = resolve));
    const signIn = signInWith(() => new Promise((resolve) => opened(resolve)));
    const first = signIn.signIn();
    const second = signIn.signIn();
    expect(second).toBe(first);
    const release = await windowOpen;
    expect(signIn.status().pending).toBe(true);
    release({ ok: false, failure: 'cancelled' });
    await first;
    expect(launched).toHaveLength(1);
    expect(await readApiKey()).toBe(FAKE_POE_KEY);
    expect(await readKeyInfo()).toEqual({ origin: 'pasted' });
  });

  it('drops the key when the base URL changed while the window was open', async () => {
    const signIn = signInWith(async (url) => {
      const result = await followToRedirect(url);
      await baseUrlSetting.setValue('http://127.0.0.1:1');
      return result;
    });
    await signIn.signIn();
    expect(signIn.status().error?.message).toMatch(/base URL changed during sign-in/);
    expect(await readApiKey()).toBeUndefined();
  });
});
