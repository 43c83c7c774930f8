/**
 * The balance, end to end below the UI: lib/poe reading every optional field of /usage/current_balance (and
 * dropping nulls and garbage), the fake server's shapes and free tier, the background's details and daily spend,
 * and how pages word it (countdowns, days left, low).
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getBalanceDetails, parseBalance, streamBotResponse, type PoeEvent } from '@/lib/poe';
import { errorFromStatus } from '@/lib/poe/errors';
import { AccountService } from '@/lib/chat/account-service';
import { dailySpend, toBalanceDetails } from '@/lib/chat/balance';
import { priceClass } from '@/lib/chat/model-summary';
import { accountSchema } from '@/lib/messaging/contracts';
import { deleteApiKey } from '@/lib/storage/key-vault';
import { baseUrlSetting } from '@/lib/storage/settings';
import {
  LOW_BALANCE_POINTS,
  daysLeft,
  daysLeftText,
  formatCountdown,
  formatBalanceUsd,
  formatUsdWorth,
  isLowBalance,
} from '@/components/balance-format';
import { formatPoints } from '@/components/cost-format';
import { FAKE_POE_FREE_KEY, FAKE_POE_KEY, startFakePoe, type FakePoe } from '../fake-poe/server';

const FULL = {
  current_point_balance: 4880,
  plan_points_balance: 3380,
  addon_point_balance: 1500,
  plan_balance_usd: '0.10',
  addon_balance_usd: '0.05',
  total_balance_usd: '0.15',
  points_cycle_start_time: 1_764_547_200_000_000,
  next_daily_grant_time: 1_764_720_000_000_000,
  next_daily_grant_amount: 3000,
  next_monthly_grant_time: 1_767_225_600_000_000,
  next_monthly_grant_amount: 1_000_000,
  auto_recharge: {
    enabled: true,
    status: 'enabled',
    threshold_points: 1000,
    threshold_usd: '0.03',
    refill_points: 10000,
    refill_usd: '0.30',
    last_recharge_failure_time: 1_764_633_600_123_456,
  },
};

describe('parseBalance', () => {
  it('reads every field Poe may send, times in ms and USD as numbers', () => {
    expect(parseBalance(FULL)).toEqual({
      currentPointBalance: 4880,
      planPoints: 3380,
      addonPoints: 1500,
      planUsd: 0.1,
      addonUsd: 0.05,
      totalUsd: 0.15,
      pointsCycleStartTime: 1_764_547_200_000,
      nextDailyGrantTime: 1_764_720_000_000,
      nextDailyGrantAmount: 3000,
      nextMonthlyGrantTime: 1_767_225_600_000,
      nextMonthlyGrantAmount: 1_000_000,
      autoRecharge: {
        enabled: true,
        status: 'enabled',
        thresholdPoints: 1000,
        thresholdUsd: 0.03,
        refillPoints: 10000,
        refillUsd: 0.3,
        lastFailureTime: 1_764_633_600_123,
      },
    });
  });

  it('needs only the documented total; absent fields stay absent', () => {
    expect(parseBalance({ current_point_balance: 12 })).toEqual({ currentPointBalance: 12 });
  });

  it('drops nulls, keeps auto_recharge null as "none set up"', () => {
    const nulls = Object.fromEntries(Object.keys(FULL).map((key) => [key, null]));
    expect(parseBalance({ ...nulls, current_point_balance: 0 })).toEqual({ currentPointBalance: 0, autoRecharge: null });
  });

  it('drops garbage field by field and never invents a value', () => {
    const parsed = parseBalance({
      current_point_balance: 100,
      plan_points_balance: '3380',
      addon_point_balance: Number.NaN,
      plan_balance_usd: '1e3',
      addon_balance_usd: 'twelve',
      total_balance_usd: ' 19.82 ',
      next_daily_grant_time: -5,
      next_daily_grant_amount: {},
      next_monthly_grant_time: 'soon',
      auto_recharge: { enabled: 'yes', status: 7, refill_points: '10', last_recharge_failure_time: 0, extra: true },
    });
    expect(parsed).toEqual({ currentPointBalance: 100, totalUsd: 19.82, autoRecharge: {} });
  });

  it('has no balance without a numeric total', () => {
    for (const body of [null, [], 'x', {}, { current_point_balance: '5' }, { current_point_balance: Infinity }]) {
      expect(parseBalance(body)).toBeUndefined();
    }
  });

  it('an auto_recharge that is not an object or null is as if absent', () => {
    expect(parseBalance({ current_point_balance: 1, auto_recharge: 'off' })).toEqual({ currentPointBalance: 1 });
  });
});

describe('what pages get', () => {
  it('toBalanceDetails keeps grants with a time or an amount and passes the contract', () => {
    const details = toBalanceDetails(parseBalance(FULL)!, 1_000);
    expect(details).toMatchObject({
      planPoints: 3380,
      addonPoints: 1500,
      nextDailyGrant: { at: 1_764_720_000_000, amount: 3000 },
      nextMonthlyGrant: { at: 1_767_225_600_000, amount: 1_000_000 },
      autoRecharge: { enabled: true, thresholdPoints: 1000, refillPoints: 10000, lastFailureAt: 1_764_633_600_123 },
      fetchedAt: 1_000,
    });
    expect(accountSchema.safeParse({ hasKey: true, baseUrl: 'x', hostAccess: true, balance: 4880, balanceDetails: details }).success).toBe(true);
    const bare = toBalanceDetails({ currentPointBalance: 1, nextDailyGrantAmount: 5, autoRecharge: {} }, 2);
    expect(bare).toEqual({ nextDailyGrant: { amount: 5 }, autoRecharge: { enabled: false }, fetchedAt: 2 });
    expect(toBalanceDetails({ currentPointBalance: 1, autoRecharge: null }, 2)).toEqual({ autoRecharge: null, fetchedAt: 2 });
  });

  it('the contract refuses details that are not numbers', () => {
    const bad = { hasKey: true, baseUrl: 'x', hostAccess: true, balanceDetails: { fetchedAt: 1, planPoints: '3' } };
    expect(accountSchema.safeParse(bad).success).toBe(false);
    expect(accountSchema.safeParse({ hasKey: true, baseUrl: 'x', hostAccess: true, dailySpend: -1 }).success).toBe(false);
  });

  it('priceClass says free only where every published price is zero', () => {
    expect(priceClass(null)).toBeUndefined();
    expect(priceClass({})).toBeUndefined();
    expect(priceClass({ prompt: 0, completion: 0 })).toBe('free');
    expect(priceClass({ prompt: 0, completion: 0.000001 })).toBe('paid');
    expect(priceClass({ request: 0.02 })).toBe('paid');
  });
});

describe('dailySpend', () => {
  const DAY = 86_400_000;
  const now = 100 * DAY;
  const entry = (daysAgo: number, costPoints: number) => ({
    creationTime: now - daysAgo * DAY,
    botName: 'b',
    queryId: `q${daysAgo}`,
    usageType: 'API',
    costPoints,
  });

  it('averages the last 7 days when the page reaches past them', () => {
    expect(dailySpend([entry(1, 700), entry(6, 700), entry(8, 5000)], now)).toBeCloseTo(200);
  });

  it('over a younger history, the span it covers (at least one day)', () => {
    expect(dailySpend([entry(0.5, 300), entry(2, 300)], now)).toBeCloseTo(300);
    expect(dailySpend([entry(0.01, 300)], now)).toBeCloseTo(300);
  });

  it('counts refunds against the spend, never below zero, and knows nothing without entries', () => {
    expect(dailySpend([entry(1, 100), entry(2, -500), entry(9, 1)], now)).toBe(0);
    expect(dailySpend([], now)).toBeUndefined();
    expect(dailySpend([entry(10, 100)], now)).toBeUndefined();
  });
});

describe('wording', () => {
  it('formatCountdown', () => {
    expect(formatCountdown(0)).toBe('any moment now');
    expect(formatCountdown(-5)).toBe('any moment now');
    expect(formatCountdown(Number.NaN)).toBe('any moment now');
    expect(formatCountdown(44_200)).toBe('in 45 s');
    expect(formatCountdown(60_000)).toBe('in 1 min');
    expect(formatCountdown(12 * 60_000 - 1)).toBe('in 12 min');
    expect(formatCountdown(3 * 3_600_000 + 11 * 60_000 + 1)).toBe('in 3 h 12 min');
    expect(formatCountdown(3 * 3_600_000)).toBe('in 3 h');
    expect(formatCountdown(24 * 3_600_000)).toBe('in 1 day');
    expect(formatCountdown(53 * 3_600_000 + 59 * 60_000)).toBe('in 2 days 5 h');
  });

  it('points, dollars and days left', () => {
    expect(formatPoints(1)).toBe('1 point');
    expect(formatPoints(4880.4)).toMatch(/^4.880 points$/);
    expect(formatBalanceUsd(19.82)).toBe('$19.82');
    expect(formatBalanceUsd(0.004)).toBe('less than $0.01');
    expect(formatBalanceUsd(0)).toBe('$0.00');
    expect(formatUsdWorth(120, 0)).toBe('less than $0.01');
    expect(formatUsdWorth(0, 0)).toBe('$0.00');
    expect(formatUsdWorth(5000, 0.15)).toBe('$0.15');
    expect(daysLeft(1000, undefined)).toBeUndefined();
    expect(daysLeft(1000, 0)).toBeUndefined();
    expect(daysLeft(1000, 500)).toBe(2);
    expect(daysLeftText(2.2)).toBe('about 2 days left at your recent pace');
    expect(daysLeftText(1.2)).toBe('about 1 day left at your recent pace');
    expect(daysLeftText(0.4)).toBe('less than a day left at your recent pace');
  });

  it('low is relative to the daily spend where known, else a fixed threshold; a working auto-recharge is never low', () => {
    expect(isLowBalance({ balance: LOW_BALANCE_POINTS - 1 })).toBe(true);
    expect(isLowBalance({ balance: LOW_BALANCE_POINTS })).toBe(false);
    expect(isLowBalance({ balance: 5000, dailySpend: 2500 })).toBe(true);
    expect(isLowBalance({ balance: 100, dailySpend: 10 })).toBe(false);
    expect(isLowBalance({ balance: 100, autoRechargeOn: true })).toBe(false);
  });
});

describe('a free-tier refusal', () => {
  it('a 402 or 403 that speaks of a subscription is subscription_required; other refusals stay what they were', () => {
    const body = (message: string, code?: string) => JSON.stringify({ error: { message, type: 'x', ...(code ? { code } : {}) } });
    expect(errorFromStatus(403, body('GPT-5.4 is only available to Poe subscribers.'), null, {}).kind).toBe('subscription_required');
    expect(errorFromStatus(402, body('Upgrade your plan to use this model'), null, {}).kind).toBe('subscription_required');
    expect(errorFromStatus(403, body('Denied', 'subscription_required'), null, {}).kind).toBe('subscription_required');
    expect(errorFromStatus(403, body('This request was flagged by moderation'), null, {}).kind).toBe('forbidden');
    expect(errorFromStatus(402, body('You have run out of points'), null, {}).kind).toBe('insufficient_points');
    expect(errorFromStatus(403, '', null, {}).message).toBe('Poe refused this request.');
  });
});

describe('against the fake server', () => {
  let poe: FakePoe;
  beforeAll(async () => {
    poe = await startFakePoe();
  });
  afterAll(() => poe.close());
  beforeEach(async () => {
    poe.reset();
    fakeBrowser.reset();
    await deleteApiKey();
    await baseUrlSetting.setValue(poe.url);
  });

  it('serves the full shape, and each variation', async () => {
    const read = () => getBalanceDetails({ apiKey: FAKE_POE_KEY, baseUrl: poe.url });
    const before = Date.now();
    const subscriber = await read();
    expect(subscriber).toMatchObject({ currentPointBalance: 5000, planPoints: 5000, addonPoints: 0, totalUsd: 0.15 });
    expect(subscriber.nextMonthlyGrantAmount).toBe(1_000_000);
    expect(subscriber.nextMonthlyGrantTime).toBeGreaterThan(before);
    expect(subscriber.nextDailyGrantTime).toBeUndefined();
    expect(subscriber.autoRecharge).toMatchObject({ enabled: false, status: 'never_enabled' });

    poe.setAccount({ autoRecharge: null, dailyGrant: 100, addonPoints: 1000, planPoints: 2000 });
    expect(await read()).toMatchObject({ currentPointBalance: 3000, addonPoints: 1000, autoRecharge: null, nextDailyGrantAmount: 100 });

    poe.setAccount({ autoRecharge: { enabled: true, status: 'enabled', thresholdPoints: 500, refillPoints: 9000, lastFailureTime: 1_700_000_000_000 } });
    expect((await read()).autoRecharge).toMatchObject({ enabled: true, refillPoints: 9000, lastFailureTime: 1_700_000_000_000 });

    poe.setAccount({ shape: 'minimal' });
    expect(await read()).toEqual({ currentPointBalance: 3000 });
  });

  it('spends plan points first, then add-on points', async () => {
    poe.setAccount({ planPoints: 10, addonPoints: 100 });
    for await (const event of streamBotResponse({ bot: 'Echo-Bot', messages: [{ role: 'user', content: 'hi' }], apiKey: FAKE_POE_KEY, baseUrl: poe.url })) {
      if (event.type === 'failed') throw event.error;
    }
    expect(await getBalanceDetails({ apiKey: FAKE_POE_KEY, baseUrl: poe.url })).toMatchObject({ planPoints: 0, addonPoints: 98 });
  });

  it('a free account is refused a paid bot (403, subscription_required) and answered by a free one', async () => {
    const ask = async (bot: string) => {
      const events: PoeEvent[] = [];
      for await (const event of streamBotResponse({ bot, messages: [{ role: 'user', content: 'hi' }], apiKey: FAKE_POE_FREE_KEY, baseUrl: poe.url })) events.push(event);
      return events.at(-1)!;
    };
    const refused = await ask('GPT-5.4');
    expect(refused).toMatchObject({ type: 'failed', error: { kind: 'subscription_required', status: 403 } });
    expect(await ask('Echo-Bot')).toMatchObject({ type: 'failed', error: { kind: 'subscription_required' } });
    expect(await ask('Free-Bot')).toEqual({ type: 'done' });
    const free = await getBalanceDetails({ apiKey: FAKE_POE_FREE_KEY, baseUrl: poe.url });
    expect(free).toMatchObject({ currentPointBalance: 3000, nextDailyGrantAmount: 3000, autoRecharge: null });
  });

  it('/v1/models lists null pricing and null context windows, and a free bot with zero prices', async () => {
    const { data } = (await (await fetch(`${poe.url}/v1/models`)).json()) as { data: Record<string, unknown>[] };
    const sora = data.find((model) => model.id === 'sora-2')!;
    expect(sora.pricing).toBeNull();
    expect(sora.context_window).toBeNull();
    expect(sora.context_length).toBeNull();
    expect(data.find((model) => model.id === 'free-bot')?.pricing).toMatchObject({ prompt: '0', completion: '0' });
  });

  it('the background sends the details and the recent daily spend', async () => {
    const account = new AccountService();
    expect(await account.setKey(FAKE_POE_KEY)).toEqual({ ok: true });
    for (let i = 0; i < 3; i++) {
      for await (const event of streamBotResponse({ bot: 'Echo-Bot', messages: [{ role: 'user', content: `q${i}` }], apiKey: FAKE_POE_KEY, baseUrl: poe.url })) {
        if (event.type === 'failed') throw event.error;
      }
    }
    await account.refreshBalance();
    const state = await account.state();
    expect(state.balance).toBe(5000 - 36);
    expect(state.balanceDetails).toMatchObject({ planPoints: 5000 - 36, nextMonthlyGrant: { amount: 1_000_000 } });
    // Three answers of 12 points today: a day's pace of 36.
    expect(state.dailySpend).toBeCloseTo(36);
    expect(accountSchema.safeParse(state).success).toBe(true);
    await account.removeKey();
    const gone = await account.state();
    expect(gone.balanceDetails).toBeUndefined();
    expect(gone.dailySpend).toBeUndefined();
  });
});
