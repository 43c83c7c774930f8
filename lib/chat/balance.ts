/** The balance as pages see it: Poe's answer reduced to what the details panel shows, and the recent daily spend. */
import type { PoeBalance, PointsHistoryEntry } from '@/lib/poe';
import type { BalanceDetails } from '@/lib/messaging/contracts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The spend rate looks back this far: long enough to smooth one busy hour, short enough to follow a new habit. */
export const SPEND_WINDOW_DAYS = 7;

function grant(at: number | undefined, amount: number | undefined): BalanceDetails['nextDailyGrant'] {
  if (at === undefined && amount === undefined) return undefined;
  return { ...(at !== undefined ? { at } : {}), ...(amount !== undefined ? { amount } : {}) };
}

function autoRecharge(value: PoeBalance['autoRecharge']): BalanceDetails['autoRecharge'] {
  if (value === undefined || value === null) return value;
  const { enabled, thresholdPoints, thresholdUsd, refillPoints, refillUsd, lastFailureTime } = value;
  return {
    // Poe's status string is not documented; only "enabled: true" counts as on.
    enabled: enabled === true,
    ...(thresholdPoints !== undefined ? { thresholdPoints } : {}),
    ...(thresholdUsd !== undefined ? { thresholdUsd } : {}),
    ...(refillPoints !== undefined ? { refillPoints } : {}),
    ...(refillUsd !== undefined ? { refillUsd } : {}),
    ...(lastFailureTime !== undefined ? { lastFailureAt: lastFailureTime } : {}),
  };
}

export function toBalanceDetails(balance: PoeBalance, fetchedAt: number): BalanceDetails {
  const daily = grant(balance.nextDailyGrantTime, balance.nextDailyGrantAmount);
  const monthly = grant(balance.nextMonthlyGrantTime, balance.nextMonthlyGrantAmount);
  const recharge = autoRecharge(balance.autoRecharge);
  return {
    ...(balance.planPoints !== undefined ? { planPoints: balance.planPoints } : {}),
    ...(balance.addonPoints !== undefined ? { addonPoints: balance.addonPoints } : {}),
    ...(balance.planUsd !== undefined ? { planUsd: balance.planUsd } : {}),
    ...(balance.addonUsd !== undefined ? { addonUsd: balance.addonUsd } : {}),
    ...(balance.totalUsd !== undefined ? { totalUsd: balance.totalUsd } : {}),
    ...(daily ? { nextDailyGrant: daily } : {}),
    ...(monthly ? { nextMonthlyGrant: monthly } : {}),
    ...(recharge !== undefined ? { autoRecharge: recharge } : {}),
    fetchedAt,
  };
}

/**
 * Points spent per day over the last {@link SPEND_WINDOW_DAYS} days, from the newest page of the points history
 * (refunds count against it). When the page does not reach back that far (more pages, or a history younger than the
 * window), the rate is over the span it covers, counted as at least one day so that one busy hour does not read as
 * a daily pace. Undefined when there is nothing to go on.
 */
export function dailySpend(entries: readonly PointsHistoryEntry[], now: number): number | undefined {
  const windowStart = now - SPEND_WINDOW_DAYS * DAY_MS;
  const recent = entries.filter((entry) => entry.creationTime >= windowStart && entry.creationTime <= now);
  if (recent.length === 0) return undefined;
  // An older entry on the page proves the whole window is listed; otherwise only the span from the oldest one is.
  const coversWindow = entries.some((entry) => entry.creationTime < windowStart);
  const spanMs = coversWindow ? now - windowStart : now - Math.min(...recent.map((entry) => entry.creationTime));
  const total = recent.reduce((sum, entry) => sum + entry.costPoints, 0);
  return Math.max(0, total / Math.max(1, spanMs / DAY_MS));
}
