/** Mutable state of one fake server: balances, points history, per-message attempts, stored files. */
import { randomBytes } from 'node:crypto';

export interface HistoryEntry {
  creation_time: number;
  bot_name: string;
  query_id: string;
  usage_type: 'API';
  cost_points: number;
  cost_usd: string;
}

export interface StoredFile {
  name: string;
  mimeType: string;
  /** Bytes, or a URL to redirect to (uploads by `download_url`). */
  content: Buffer | { redirect: string };
}

/** USD per point on Poe's add-on pricing ($30 per million points). */
const USD_PER_POINT = 0.00003;

export function randomId(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

export class FakeState {
  private balances = new Map<string, number>();
  private history = new Map<string, HistoryEntry[]>();
  private attempts = new Set<string>();
  private lastTime = 0;
  /** Keys made by Sign in with Poe: keys of the primary account, each with its expiry (epoch ms; null: none). */
  private issued = new Map<string, number | null>();
  readonly files = new Map<string, StoredFile>();

  /** `seedHistory` older entries are put in the history of `primaryKey` (for demos). */
  constructor(
    private readonly initialBalances: ReadonlyMap<string, number>,
    private readonly primaryKey: string,
    private readonly seedHistory: number,
  ) {
    this.reset();
  }

  isKnownKey(key: string): boolean {
    if (this.initialBalances.has(key)) return true;
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

  balance(key: string): number {
    return this.balances.get(key) ?? 0;
  }

  setBalance(key: string, n: number): void {
    this.balances.set(key, n);
  }

  /** Deducts `cost` (never below zero) and records the answer in the history. */
  charge(key: string, botName: string, cost: number): HistoryEntry {
    this.balances.set(key, Math.max(0, this.balance(key) - cost));
    const entry = this.entry(botName, cost, this.nextTime());
    const list = this.history.get(key) ?? [];
    list.unshift(entry);
    this.history.set(key, list);
    return entry;
  }

  /** Newest first; `startingAfter` is the query_id of the last entry already seen. Undefined = unknown cursor. */
  page(key: string, limit: number, startingAfter?: string): { has_more: boolean; length: number; data: HistoryEntry[] } | undefined {
    const list = this.history.get(key) ?? [];
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
    this.balances = new Map(this.initialBalances);
    this.history = new Map();
    this.issued = new Map();
    this.attempts.clear();
    const seedBots: [string, number][] = [['Claude-Sonnet-4.5', 240], ['GPT-5.4', 180], ['Gemini-3-Flash', 40], ['Echo-Bot', 12]];
    const now = Date.now() * 1000;
    const seeded: HistoryEntry[] = [];
    for (let i = 0; i < this.seedHistory; i++) {
      const [bot, cost] = seedBots[i % seedBots.length] ?? ['Echo-Bot', 12];
      seeded.push(this.entry(bot, cost + (i % 7) * 3, now - (i + 1) * 47 * 60 * 1_000_000));
    }
    this.history.set(this.primaryKey, seeded);
  }

  private entry(botName: string, cost: number, creationTime: number): HistoryEntry {
    return {
      creation_time: creationTime,
      bot_name: botName,
      query_id: randomId(18),
      usage_type: 'API',
      cost_points: cost,
      cost_usd: (cost * USD_PER_POINT).toFixed(5),
    };
  }

  /** Microseconds, strictly increasing. */
  private nextTime(): number {
    this.lastTime = Math.max(Date.now() * 1000, this.lastTime + 1);
    return this.lastTime;
  }
}
