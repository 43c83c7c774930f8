/** Mutable state of one fake server: accounts (balances), points history, per-message attempts, stored files. */
import { randomBytes } from 'node:crypto';
import { type FakeAccountOptions, USD_PER_POINT } from './account';

export interface HistoryEntry {
  creation_time: number;
  bot_name: string;
  query_id: string;
  usage_type: 'API' | 'Chat' | 'Canvas App';
  /** Negative for a refund. */
  cost_points: number;
  cost_usd: string;
  /** Label → text in Poe's order, e.g. "Input": "120 points (3581 tokens)". */
  cost_breakdown_in_points: Record<string, string>;
  /** Only on "Chat" entries. */
  chat_name?: string;
}

/** How one charge is itemised (see {@link breakdownFor}). */
export interface ChargeDetails {
  /** Tokens of the query as sent (history included). */
  inputTokens?: number;
  /** Part of the query was history Poe had cached: a cache discount line. */
  cached?: boolean;
  /** Priced per request (image, video, audio bots): one "Request" line, no tokens. */
  perRequest?: boolean;
}

/** A past charge put in the history by a test or the demo: `ageMs` before now. */
export interface SeedCharge extends ChargeDetails {
  bot: string;
  points: number;
  ageMs: number;
  usageType?: HistoryEntry['usage_type'];
  chatName?: string;
}

/** Poe keeps 30 days of points history. */
export const HISTORY_DAYS = 30;
const DAY_US = 24 * 60 * 60 * 1_000_000;

const points = (n: number) => `${n} points`;

/**
 * Poe's itemisation of a charge as its points-history entries show it: Input / Output / Total for token-priced
 * answers (with a negative "Cache discount" when history was cached), a "Request" line for per-request bots, a
 * "Refund" for negative charges. The parts always add up to the total charged.
 */
export function breakdownFor(cost: number, details: ChargeDetails = {}): Record<string, string> {
  if (cost < 0) return { Refund: points(cost), Total: points(cost) };
  if (details.perRequest || cost < 2) return { Request: points(cost), Total: points(cost) };
  const input = Math.max(1, Math.round(cost / 3));
  const inputTokens = details.inputTokens ?? input * 30;
  const discount = details.cached ? -Math.floor(input / 2) : 0;
  const output = cost - input - discount;
  return {
    Input: `${input} points (${inputTokens} tokens)`,
    ...(discount < 0 ? { 'Cache discount': points(discount) } : {}),
    Output: `${output} points (${output * 9} tokens)`,
    Total: points(cost),
  };
}

export interface StoredFile {
  name: string;
  mimeType: string;
  /** Bytes, or a URL to redirect to (uploads by `download_url`). */
  content: Buffer | { redirect: string };
}

export function randomId(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

export class FakeState {
  private accounts = new Map<string, FakeAccountOptions>();
  private history = new Map<string, HistoryEntry[]>();
  private attempts = new Set<string>();
  private lastTime = 0;
  /** Keys made by Sign in with Poe: keys of the primary account, each with its expiry (epoch ms; null: none). */
  private issued = new Map<string, number | null>();
  readonly files = new Map<string, StoredFile>();

  /** `seedHistory` older entries are put in the history of `primaryKey` (for demos). */
  constructor(
    private readonly initialAccounts: ReadonlyMap<string, FakeAccountOptions>,
    private readonly primaryKey: string,
    private readonly seedHistory: number,
  ) {
    this.reset();
  }

  isKnownKey(key: string): boolean {
    if (this.initialAccounts.has(key)) return true;
    const expiresAt = this.issued.get(key);
    return expiresAt !== undefined && (expiresAt === null || Date.now() < expiresAt);
  }

  /** The account a key spends from: a signed-in key spends the primary account's points, as on Poe. */
  accountOf(key: string): string {
    return this.issued.has(key) ? this.primaryKey : key;
  }

  /** A new key of the primary account (Sign in with Poe), accepted until `expiresInSeconds` have passed. */
  issueKey(expiresInSeconds: number | null): string {
    const key = `fake-poe-oauth-${randomId(24)}`;
    this.issued.set(key, expiresInSeconds === null ? null : Date.now() + expiresInSeconds * 1000);
    return key;
  }

  /** Every signed-in key stops working now (their time is up, or the user revoked them at poe.com/api/keys). */
  expireIssuedKeys(): void {
    for (const key of this.issued.keys()) this.issued.set(key, 0);
  }

  issuedKeys(): string[] {
    return [...this.issued.keys()];
  }

  account(key: string): FakeAccountOptions | undefined {
    return this.accounts.get(key);
  }

  setAccount(key: string, patch: Partial<FakeAccountOptions>): void {
    const account = this.accounts.get(key);
    if (account) this.accounts.set(key, { ...account, ...patch });
  }

  balance(key: string): number {
    const account = this.accounts.get(key);
    return account ? account.planPoints + account.addonPoints : 0;
  }

  /** Sets the total; the add-on points stay as they were where the total allows. */
  setBalance(key: string, n: number): void {
    const account = this.accounts.get(key);
    if (!account) return;
    const addonPoints = Math.min(account.addonPoints, Math.max(0, n));
    this.accounts.set(key, { ...account, addonPoints, planPoints: n - addonPoints });
  }

  /** Deducts `cost` (plan points first, never below zero) and records the answer in the history. */
  charge(key: string, botName: string, cost: number, details: ChargeDetails = {}): HistoryEntry {
    const account = this.accounts.get(key);
    if (account) {
      const fromPlan = Math.min(cost, Math.max(0, account.planPoints));
      const addonPoints = Math.max(0, account.addonPoints - (cost - fromPlan));
      this.accounts.set(key, { ...account, planPoints: account.planPoints - fromPlan, addonPoints });
    }
    const entry = this.entry(botName, cost, this.nextTime(), details);
    const list = this.history.get(key) ?? [];
    list.unshift(entry);
    this.history.set(key, list);
    return entry;
  }

  /** Puts past charges in a key's history, where their times fall (a test's or demo's history). */
  addHistory(key: string, charges: readonly SeedCharge[]): HistoryEntry[] {
    const now = Date.now() * 1000;
    const added = charges.map((charge) => ({
      ...this.entry(charge.bot, charge.points, Math.round(now - charge.ageMs * 1000), charge),
      ...(charge.usageType ? { usage_type: charge.usageType } : {}),
      ...(charge.chatName !== undefined ? { chat_name: charge.chatName } : {}),
    }));
    const list = [...(this.history.get(key) ?? []), ...added].sort((a, b) => b.creation_time - a.creation_time);
    this.history.set(key, list);
    return added;
  }

  /**
   * Newest first, the last 30 days only; `startingAfter` is the query_id of the last entry already seen.
   * Undefined = unknown cursor.
   */
  page(key: string, limit: number, startingAfter?: string): { has_more: boolean; length: number; data: HistoryEntry[] } | undefined {
    const oldest = Date.now() * 1000 - HISTORY_DAYS * DAY_US;
    const list = (this.history.get(key) ?? []).filter((entry) => entry.creation_time >= oldest);
    let start = 0;
    if (startingAfter !== undefined) {
      const at = list.findIndex((e) => e.query_id === startingAfter);
      if (at < 0) return undefined;
      start = at + 1;
    }
    const data = list.slice(start, start + limit);
    return { has_more: start + limit < list.length, length: data.length, data };
  }

  /** True the first time a given key (bot + last user content) is seen since the last reset. */
  firstAttempt(key: string): boolean {
    if (this.attempts.has(key)) return false;
    this.attempts.add(key);
    return true;
  }

  /** Restores balances and history (including the seed) and forgets attempts. Stored files stay served. */
  reset(): void {
    this.accounts = new Map(this.initialAccounts);
    this.history = new Map();
    this.issued = new Map();
    this.attempts.clear();
    const seedBots: [string, number][] = [['Claude-Sonnet-4.5', 240], ['GPT-5.4', 180], ['Gemini-3-Flash', 40], ['Echo-Bot', 12]];
    const seeded: SeedCharge[] = [];
    // Spread over the 30 days, with a poe.com chat charge and a refund now and then.
    const spacingMs = ((HISTORY_DAYS - 1) * 86_400_000) / Math.max(1, this.seedHistory);
    for (let i = 0; i < this.seedHistory; i++) {
      const [bot, cost] = seedBots[i % seedBots.length] ?? ['Echo-Bot', 12];
      const ageMs = (i + 1) * spacingMs;
      if (i % 11 === 10) seeded.push({ bot, points: -cost, ageMs });
      else if (i % 5 === 4) seeded.push({ bot, points: cost, ageMs, usageType: 'Chat', chatName: `Trip ideas ${i}` });
      else seeded.push({ bot, points: cost + (i % 7) * 3, ageMs, cached: i % 3 === 0 });
    }
    this.history.set(this.primaryKey, []);
    this.addHistory(this.primaryKey, seeded);
  }

  private entry(botName: string, cost: number, creationTime: number, details: ChargeDetails = {}): HistoryEntry {
    return {
      creation_time: creationTime,
      bot_name: botName,
      query_id: randomId(18),
      usage_type: 'API',
      cost_points: cost,
      cost_usd: (cost * USD_PER_POINT).toFixed(5),
      cost_breakdown_in_points: breakdownFor(cost, details),
    };
  }

  /** Microseconds, strictly increasing. */
  private nextTime(): number {
    this.lastTime = Math.max(Date.now() * 1000, this.lastTime + 1);
    return this.lastTime;
  }
}
