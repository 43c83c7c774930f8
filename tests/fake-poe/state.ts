/** Mutable state of one fake server: accounts (balances), points history, per-message attempts, stored files. */
import { randomBytes } from 'node:crypto';
import { type FakeAccountOptions, USD_PER_POINT } from './account';

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

export function randomId(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

export class FakeState {
  private accounts = new Map<string, FakeAccountOptions>();
  private history = new Map<string, HistoryEntry[]>();
  private attempts = new Set<string>();
  private lastTime = 0;
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
    return this.initialAccounts.has(key);
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
  charge(key: string, botName: string, cost: number): HistoryEntry {
    const account = this.accounts.get(key);
    if (account) {
      const fromPlan = Math.min(cost, Math.max(0, account.planPoints));
      const addonPoints = Math.max(0, account.addonPoints - (cost - fromPlan));
      this.accounts.set(key, { ...account, planPoints: account.planPoints - fromPlan, addonPoints });
    }
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
    this.accounts = new Map(this.initialAccounts);
    this.history = new Map();
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
