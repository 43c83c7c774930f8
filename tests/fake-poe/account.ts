/**
 * The accounts of the fake server: the full `/usage/current_balance` shape (poe-protocol.md §4.6; every field but the
 * total comes from Poe's own CLI) and the free-tier refusal.
 *
 * The free-tier refusal is a guess, stated as one. Poe's 2026 guide says free accounts cannot use paid models through
 * the API but documents no error for it (poe-protocol.md §8.1). We answer **HTTP 403** with an OpenAI-style body,
 * `{"error": {"message": "…subscription…", "type": "permission_error", "code": "subscription_required"}}`: 403 is what
 * Poe's error table uses for "permission denied / authorization" (402 means the balance is empty, which a free account
 * with daily points is not). The client must not depend on the type or code: it branches on the status and
 * recognises the words (lib/poe/errors.ts `SUBSCRIPTION_WORDS`), so a real 402 worded the same way is read alike.
 */
import { errorBody } from './bot-kit';

/** USD per point on Poe's add-on pricing ($30 per million points). */
export const USD_PER_POINT = 0.00003;

export interface FakeAutoRecharge {
  enabled: boolean;
  /** Poe's own word; "never_enabled" is the one value on record. */
  status: string;
  thresholdPoints: number;
  refillPoints: number;
  /** Epoch ms of the last failed recharge, or null. */
  lastFailureTime: number | null;
}

export interface FakeAccountOptions {
  /** Subscription points (spent first). */
  planPoints: number;
  /** Points bought on top (spent after the plan's). */
  addonPoints: number;
  /** A free account: paid bots answer 403 (see above). */
  freeTier: boolean;
  /** Points granted at the next UTC midnight, or null for no daily grant. */
  dailyGrant: number | null;
  /** Points granted on the 1st of next month (UTC), or null for none. */
  monthlyGrant: number | null;
  /** null: Poe's "none set up". */
  autoRecharge: FakeAutoRecharge | null;
  /** 'minimal' answers only the documented `current_point_balance`, as older Poe did. */
  shape: 'full' | 'minimal';
}

/** A subscriber: what FAKE_POE_KEY is unless the test says otherwise. */
export const SUBSCRIBER: FakeAccountOptions = {
  planPoints: 5000,
  addonPoints: 0,
  freeTier: false,
  dailyGrant: null,
  monthlyGrant: 1_000_000,
  autoRecharge: { enabled: false, status: 'never_enabled', thresholdPoints: 0, refillPoints: 0, lastFailureTime: null },
  shape: 'full',
};

/** A free account: daily points, no monthly grant, no auto-recharge. */
export const FREE_ACCOUNT: FakeAccountOptions = {
  planPoints: 3000,
  addonPoints: 0,
  freeTier: true,
  dailyGrant: 3000,
  monthlyGrant: null,
  autoRecharge: null,
  shape: 'full',
};

/** Dollars to the cent, rounded half up in integer cents (toFixed on 0.105 would say "0.10"). */
const usd = (points: number): string => (Math.round(points * USD_PER_POINT * 100 + 1e-9) / 100).toFixed(2);
const micros = (ms: number): number => ms * 1000;

function nextUtcMidnight(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

function nextUtcMonth(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The body of `GET /usage/current_balance` for this account, at `now` (epoch ms). */
export function balanceBody(account: FakeAccountOptions, now: number): Record<string, unknown> {
  const total = account.planPoints + account.addonPoints;
  if (account.shape === 'minimal') return { current_point_balance: total };
  const recharge = account.autoRecharge;
  const cycleStart = new Date(now);
  return {
    current_point_balance: total,
    plan_points_balance: account.planPoints,
    addon_point_balance: account.addonPoints,
    plan_balance_usd: usd(account.planPoints),
    addon_balance_usd: usd(account.addonPoints),
    total_balance_usd: usd(total),
    points_cycle_start_time: micros(Date.UTC(cycleStart.getUTCFullYear(), cycleStart.getUTCMonth(), 1)),
    next_daily_grant_time: account.dailyGrant === null ? null : micros(nextUtcMidnight(now)),
    next_daily_grant_amount: account.dailyGrant,
    next_monthly_grant_time: account.monthlyGrant === null ? null : micros(nextUtcMonth(now)),
    next_monthly_grant_amount: account.monthlyGrant,
    auto_recharge:
      recharge === null
        ? null
        : {
            enabled: recharge.enabled,
            status: recharge.status,
            threshold_points: recharge.thresholdPoints,
            threshold_usd: usd(recharge.thresholdPoints),
            refill_points: recharge.refillPoints,
            refill_usd: usd(recharge.refillPoints),
            last_recharge_failure_time: recharge.lastFailureTime === null ? null : micros(recharge.lastFailureTime),
          },
  };
}

/** What a free account gets from a paid bot (status and body: see the note at the top). */
export function freeTierRefusal(botName: string): { status: 403; body: ReturnType<typeof errorBody> } {
  return {
    status: 403,
    body: errorBody(
      `${botName} is only available to Poe subscribers.`,
      'permission_error',
      'subscription_required',
    ),
  };
}
