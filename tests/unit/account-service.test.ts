import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AccountService } from '@/lib/chat/account-service';
import { findPointsEntry } from '@/lib/chat/points-cost';
import { deleteApiKey, readApiKey } from '@/lib/storage/key-vault';
import { baseUrlSetting } from '@/lib/storage/settings';
import { FAKE_POE_KEY, startFakePoe, type FakePoe } from '../fake-poe/server';

describe('AccountService (key custody)', () => {
  let fake: FakePoe;
  beforeAll(async () => {
    fake = await startFakePoe();
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fakeBrowser.reset();
    await deleteApiKey();
    await baseUrlSetting.setValue(fake.url);
  });

  it('refuses a key Poe rejects, with a human message, and stores nothing', async () => {
    const result = await new AccountService().setKey('not-a-key');
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', message: 'Your Poe API key was rejected.' } });
    expect(await readApiKey()).toBeUndefined();
  });

  it('stores a good key outside browser storage and shows only its last four characters', async () => {
    const account = new AccountService();
    expect(await account.setKey(FAKE_POE_KEY)).toEqual({ ok: true });
    expect(await readApiKey()).toBe(FAKE_POE_KEY);
    const state = await account.state();
    expect(state).toMatchObject({ hasKey: true, keyHint: '…cdef', balance: 5000 });
    expect(JSON.stringify(state)).not.toContain(FAKE_POE_KEY);
    for (const area of [fakeBrowser.storage.local, fakeBrowser.storage.sync, fakeBrowser.storage.session]) {
      expect(JSON.stringify(await area.get(null))).not.toContain(FAKE_POE_KEY);
    }
  });

  it('forgets the key when the base URL changes, and refuses hosts the key must not go to', async () => {
    const account = new AccountService();
    await account.setKey(FAKE_POE_KEY);
    expect(await account.setBaseUrl('https://evil.example.com')).toMatchObject({ ok: false });
    expect(await readApiKey()).toBe(FAKE_POE_KEY);
    expect(await account.setBaseUrl('http://api.poe.com')).toMatchObject({ ok: false });
    expect(await account.setBaseUrl('https://api.poe.com/')).toEqual({ ok: true });
    expect(await baseUrlSetting.getValue()).toBe('https://api.poe.com');
    expect(await readApiKey()).toBeUndefined();
  });
});

describe('AccountService (host access)', () => {
  let fake: FakePoe;
  beforeAll(async () => {
    fake = await startFakePoe();
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fakeBrowser.reset();
    fake.reset();
    await deleteApiKey();
    await baseUrlSetting.setValue(fake.url);
  });

  it('sends nothing to a host the browser does not let it reach, and says why', async () => {
    const asked: string[] = [];
    const account = new AccountService(async (baseUrl) => {
      asked.push(baseUrl);
      return false;
    });
    const refusal = { kind: 'forbidden', message: 'Poe Toolbar is not allowed to reach 127.0.0.1, so nothing was sent. Allow access to 127.0.0.1 first.' };
    expect(await account.setKey(FAKE_POE_KEY)).toEqual({ ok: false, error: refusal });
    expect(await readApiKey()).toBeUndefined();
    expect(await account.refreshModels()).toEqual({ models: [], error: refusal });
    expect(await account.state()).toMatchObject({ hasKey: false, baseUrl: fake.url, hostAccess: false });
    expect(fake.requests).toEqual([]);
    expect(asked.every((baseUrl) => baseUrl === fake.url)).toBe(true);
  });

  it('a key stored before access was taken away: the balance says why it is not shown, usage stays empty', async () => {
    let allowed = true;
    const account = new AccountService(async () => allowed);
    expect(await account.setKey(FAKE_POE_KEY)).toEqual({ ok: true });
    fake.reset();
    allowed = false;
    await account.refreshBalance();
    expect((await account.state()).balanceError?.message).toContain('not allowed to reach 127.0.0.1');
    expect((await account.usagePage()).error?.kind).toBe('forbidden');
    expect(await account.pointsEntryFor({ bot: 'Echo-Bot', createdAt: 0 })).toBeUndefined();
    expect(fake.requests).toEqual([]);
  });
});

describe('findPointsEntry', () => {
  const entry = (queryId: string, botName: string, creationTime: number) => ({ queryId, botName, creationTime, usageType: 'API', costPoints: 7 });

  it('matches the oldest unmatched entry of the same bot charged after the answer started', () => {
    const entries = [entry('q3', 'Echo-Bot', 3_000_000), entry('q2', 'Other', 2_500_000), entry('q1', 'Echo-Bot', 2_000_000), entry('q0', 'Echo-Bot', 100)];
    expect(findPointsEntry(entries, { bot: 'echo-bot', createdAt: 1_990_000 }, new Set())?.queryId).toBe('q1');
    expect(findPointsEntry(entries, { bot: 'echo-bot', createdAt: 1_990_000 }, new Set(['q1']))?.queryId).toBe('q3');
    expect(findPointsEntry(entries, { bot: 'nobody', createdAt: 0 }, new Set())).toBeUndefined();
  });
});
