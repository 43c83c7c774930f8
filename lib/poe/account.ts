/** The account endpoints of protocol §4.6 / §8.3: balance (also how a key is validated) and points history. */
import { isRecord } from './errors';
import { fetchJson, unexpectedShape } from './http';
import { DEFAULT_BASE_URL, checkApiKey, poeHeaders, trimBaseUrl } from './request';
import type { PointsHistoryEntry, PointsHistoryPage } from './types';

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
  const body = await getAccountJson('/usage/current_balance', options);
  const balance = isRecord(body) ? body['current_point_balance'] : undefined;
  if (typeof balance !== 'number' || !Number.isFinite(balance)) {
    throw unexpectedShape('a point balance', body, options.apiKey);
  }
  return balance;
}

export interface PointsHistoryOptions extends AccountRequestOptions {
  /** 1–100 entries per page (Poe's default is 20). Out-of-range values are clamped. */
  limit?: number;
  /** The `queryId` of the last entry of the previous page. */
  startingAfter?: string;
}

function toEntry(value: unknown): PointsHistoryEntry | undefined {
  if (!isRecord(value)) return undefined;
  const { creation_time: created, bot_name: botName, query_id: queryId, usage_type: usageType, cost_points: cost } = value;
  if (typeof queryId !== 'string' || typeof created !== 'number' || typeof cost !== 'number') return undefined;
  return {
    // Poe counts microseconds; Date and the rest of the app count milliseconds.
    creationTime: Math.floor(created / 1000),
    botName: typeof botName === 'string' ? botName : '',
    queryId,
    usageType: typeof usageType === 'string' ? usageType : '',
    costPoints: cost,
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
  const entries = body['data'].map(toEntry).filter((entry) => entry !== undefined);
  return { hasMore: body['has_more'] === true, entries };
}
