import type { PointsHistoryEntry, PointsHistoryPage } from '@/lib/poe';
import { localDayStart } from './guard';
import { findPointsEntry } from './points-cost';
import { spentSince as listedSince } from '@/lib/messaging/spending';

/** An answer of ours that Poe's points history may not list yet, with what we reckon it cost. */
export interface UnlistedAnswer {
  id: string;
  bot: string;
  createdAt: number;
  points: number;
}

/**
 * Points spent since `dayStart`: Poe's points history (authoritative) for the day, plus our answers it does not list
 * yet (an answer is listed when an entry for its bot, charged after it started, is not claimed by another answer).
 */
export function spentSince(history: readonly PointsHistoryEntry[], dayStart: number, unlisted: readonly UnlistedAnswer[]): number {
  const today = history.filter((entry) => entry.creationTime >= dayStart);
  let total = listedSince(today, dayStart);
  const claimed = new Set<string>();
  for (const answer of [...unlisted].sort((a, b) => a.createdAt - b.createdAt)) {
    if (answer.createdAt < dayStart) continue;
    const entry = findPointsEntry(today, answer, claimed);
    if (entry) claimed.add(entry.queryId);
    else total += answer.points;
  }
  return Math.max(0, total);
}

/** How long a read of the points history is trusted before a send reads it again. */
const FRESH_MS = 30_000;
/** Pages of 100 read for one day at most (2,000 charges). */
const MAX_PAGES = 20;

export interface DailySpendDeps {
  /** One page of the points history, newest first; throws when it cannot be read. */
  page(startingAfter?: string): Promise<PointsHistoryPage>;
  now(): number;
}

/**
 * Today's spending for the guard: reads the points history back to local midnight (cached briefly), and keeps the
 * answers of ours that ended since, until Poe lists them. Also the source of the points-per-USD rate (the history's
 * newest charges).
 */
export class DailySpend {
  private read: { dayStart: number; at: number; entries: PointsHistoryEntry[] } | undefined;
  private reading: Promise<PointsHistoryEntry[] | undefined> | undefined;
  private readonly unlisted = new Map<string, UnlistedAnswer>();

  constructor(private readonly deps: DailySpendDeps) {}

  /** An answer ended: count it until Poe lists it, and read the history afresh next time. */
  answerEnded(answer: UnlistedAnswer): void {
    this.unlisted.set(answer.id, answer);
    if (this.read) this.read.at = 0;
  }

  /** The key or the host changed: everything read belongs to another account. */
  forget(): void {
    this.read = undefined;
    this.unlisted.clear();
  }

  /** The history entries of the last read (today's, or at least the newest page), without reading. */
  entries(): readonly PointsHistoryEntry[] {
    return this.read?.entries ?? [];
  }

  /** Today's spending from what was read last (no network); undefined when nothing has been read today. */
  cached(): number | undefined {
    const dayStart = localDayStart(this.deps.now());
    if (!this.read || this.read.dayStart !== dayStart) return undefined;
    return spentSince(this.read.entries, dayStart, this.current(dayStart));
  }

  /**
   * Today's spending, reading the history when the last read is stale. When Poe cannot be reached, the last read
   * of today (or only our own answers) is the best there is.
   */
  async spent(): Promise<number> {
    const dayStart = localDayStart(this.deps.now());
    const entries = (await this.refresh()) ?? (this.read?.dayStart === dayStart ? this.read.entries : []);
    return spentSince(entries, dayStart, this.current(dayStart));
  }

  /**
   * History entries for the points-per-USD rate without making a send wait: the last read at once (refreshed behind
   * it when stale); only the very first time is the read waited for.
   */
  async forRate(): Promise<readonly PointsHistoryEntry[]> {
    if (!this.read) return (await this.refresh()) ?? [];
    void this.refresh();
    return this.read.entries;
  }

  /** Reads today's history unless the last read is fresh; undefined when it could not be read. */
  async refresh(): Promise<PointsHistoryEntry[] | undefined> {
    const now = this.deps.now();
    const dayStart = localDayStart(now);
    if (this.read && this.read.dayStart === dayStart && now - this.read.at < FRESH_MS) return this.read.entries;
    // One read at a time: sends racing each other share it.
    this.reading ??= this.readDay(dayStart).finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readDay(dayStart: number): Promise<PointsHistoryEntry[] | undefined> {
    try {
      const entries: PointsHistoryEntry[] = [];
      let after: string | undefined;
      for (let pageNumber = 0; pageNumber < MAX_PAGES; pageNumber++) {
        const page = await this.deps.page(after);
        entries.push(...page.entries);
        const last = page.entries.at(-1);
        if (!page.hasMore || !last || last.creationTime < dayStart) break;
        after = last.queryId;
      }
      this.read = { dayStart, at: this.deps.now(), entries };
      return entries;
    } catch {
      return undefined;
    }
  }

  /** Our answers of today; older ones are dropped. */
  private current(dayStart: number): UnlistedAnswer[] {
    for (const [id, answer] of this.unlisted) if (answer.createdAt < dayStart) this.unlisted.delete(id);
    return [...this.unlisted.values()];
  }
}
