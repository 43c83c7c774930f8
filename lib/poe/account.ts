/** The account endpoints of protocol §4.6 / §8.3: balance (also how a key is validated) and points history. */
import { isRecord } from './errors';
import { defined, finite } from './fields';
import { fetchJson, unexpectedShape } from './http';
import { DEFAULT_BASE_URL, checkApiKey, poeHeaders, trimBaseUrl } from './request';
import type { CostBreakdown, PoeAutoRecharge, PoeBalance, PointsHistoryEntry, PointsHistoryPage } from './types';

export interface AccountRequestOptions {
  apiKey: string;
  /** Default https://api.poe.com; a trailing slash is fine. */
  baseUrl?: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

async function getAccountJson(path: string, options: AccountRequestOptions): Promise<unknown> {
  const invalidKey = checkApiKey(options.apiKey);
  if (invalidKey) throw invalidKey;
  const url = `${trimBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL)}${path}`;
  return fetchJson(
    options.fetch ?? globalThis.fetch,
    url,
    { method: 'GET', headers: poeHeaders(options.apiKey, 'application/json'), ...(options.signal ? { signal: options.signal } : {}) },
    { apiKey: options.apiKey },
  );
}

/**
 * The key's point balance. This is the call that proves a key works (`/v1/models` is public), so a 401 here means
 * "wrong key". Throws PoeError.
 */
export async function getBalance(options: AccountRequestOptions): Promise<number> {
  return (await getBalanceDetails(options)).currentPointBalance;
}

/** The whole balance answer: the total, and whatever Poe said about plan, add-on, grants and auto-recharge. */
export async function getBalanceDetails(options: AccountRequestOptions): Promise<PoeBalance> {
  const body = await getAccountJson('/usage/current_balance', options);
  const balance = parseBalance(body);
  if (!balance) throw unexpectedShape('a point balance', body, options.apiKey);
  return balance;
}

/** Poe writes USD as decimal strings ("19.82"); a plain number is read too. Anything else is dropped. */
function usd(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return finite(value);
}

/** Poe counts microseconds; the app counts milliseconds. Zero or negative means "not set". */
function time(value: unknown): number | undefined {
  const micros = finite(value);
  return micros !== undefined && micros > 0 ? Math.floor(micros / 1000) : undefined;
}

function parseAutoRecharge(value: unknown): PoeAutoRecharge | null | undefined {
  if (value === null) return null;
  if (!isRecord(value)) return undefined;
  return defined<PoeAutoRecharge>({
    enabled: typeof value['enabled'] === 'boolean' ? value['enabled'] : undefined,
    status: typeof value['status'] === 'string' && value['status'].length <= 100 ? value['status'] : undefined,
    thresholdPoints: finite(value['threshold_points']),
    thresholdUsd: usd(value['threshold_usd']),
    refillPoints: finite(value['refill_points']),
    refillUsd: usd(value['refill_usd']),
    lastFailureTime: time(value['last_recharge_failure_time']),
  });
}

/**
 * Reads a `/usage/current_balance` body (protocol §4.6). Only `current_point_balance` is required; every other field
 * is optional and dropped when absent, null or unreadable. Undefined when there is no usable total.
 */
export function parseBalance(body: unknown): PoeBalance | undefined {
  if (!isRecord(body)) return undefined;
  const total = finite(body['current_point_balance']);
  if (total === undefined) return undefined;
  const autoRecharge = parseAutoRecharge(body['auto_recharge']);
  return defined<PoeBalance>({
    currentPointBalance: total,
    planPoints: finite(body['plan_points_balance']),
    addonPoints: finite(body['addon_point_balance']),
    planUsd: usd(body['plan_balance_usd']),
    addonUsd: usd(body['addon_balance_usd']),
    totalUsd: usd(body['total_balance_usd']),
    pointsCycleStartTime: time(body['points_cycle_start_time']),
    nextDailyGrantTime: time(body['next_daily_grant_time']),
    nextDailyGrantAmount: finite(body['next_daily_grant_amount']),
    nextMonthlyGrantTime: time(body['next_monthly_grant_time']),
    nextMonthlyGrantAmount: finite(body['next_monthly_grant_amount']),
    autoRecharge,
  });
}

export interface PointsHistoryOptions extends AccountRequestOptions {
  /** 1–100 entries per page (Poe's default is 20). Out-of-range values are clamped. */
  limit?: number;
  /** The `queryId` of the last entry of the previous page. */
  startingAfter?: string;
}

/** Poe writes money as decimal strings; anything else is dropped rather than shown wrong. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

function toBreakdown(value: unknown): CostBreakdown | undefined {
  if (!isRecord(value)) return undefined;
  const breakdown: CostBreakdown = {};
  // JSON objects keep their order: Poe's order is the order shown.
  for (const [label, text] of Object.entries(value)) if (typeof text === 'string' && label.trim()) breakdown[label] = text;
  return Object.keys(breakdown).length > 0 ? breakdown : undefined;
}

function toEntry(value: unknown): PointsHistoryEntry | undefined {
  if (!isRecord(value)) return undefined;
  const { creation_time: created, bot_name: botName, query_id: queryId, usage_type: usageType, cost_points: cost } = value;
  if (typeof queryId !== 'string' || typeof created !== 'number' || typeof cost !== 'number') return undefined;
  if (!Number.isFinite(created) || !Number.isFinite(cost)) return undefined;
  const { cost_usd: usd, cost_breakdown_in_points: rawBreakdown, chat_name: chatName } = value;
  const breakdown = toBreakdown(rawBreakdown);
  return {
    // Poe counts microseconds; Date and the rest of the app count milliseconds.
    creationTime: Math.floor(created / 1000),
    botName: typeof botName === 'string' ? botName : '',
    queryId,
    usageType: typeof usageType === 'string' ? usageType : '',
    costPoints: cost,
    ...(typeof usd === 'string' && DECIMAL.test(usd.trim()) ? { costUsd: usd.trim() } : {}),
    ...(breakdown ? { costBreakdown: breakdown } : {}),
    ...(typeof chatName === 'string' && chatName ? { chatName } : {}),
  };
}

/** One page of the points history, newest first. Entries Poe sent malformed are skipped. Throws PoeError. */
export async function getPointsHistory(options: PointsHistoryOptions): Promise<PointsHistoryPage> {
  const query = new URLSearchParams();
  if (options.limit !== undefined) query.set('limit', String(Math.min(100, Math.max(1, Math.floor(options.limit)))));
  if (options.startingAfter) query.set('starting_after', options.startingAfter);
  const search = query.toString();
  const body = await getAccountJson(`/usage/points_history${search ? `?${search}` : ''}`, options);
  if (!isRecord(body) || !Array.isArray(body['data'])) throw unexpectedShape('a points history', body, options.apiKey);
  const data: unknown[] = body['data'];
  const entries = data.map(toEntry).filter((entry) => entry !== undefined);
  const hasMore = body['has_more'] === true;
  const last = data.at(-1);
  const cursor = isRecord(last) && typeof last['query_id'] === 'string' ? last['query_id'] : undefined;
  return { hasMore, entries, ...(hasMore && cursor ? { nextStartingAfter: cursor } : {}) };
}
