import type { PointsHistoryEntry } from '@/lib/poe';

/** How far apart Poe's clock and ours may be when matching an answer to its points-history entry. */
const CLOCK_SLACK_MS = 10_000;

/**
 * Finds the points-history entry that paid for an answer: same bot (Poe's history names bots by display name, we
 * may hold the lower-case id), charged after the answer started, not already matched to another answer. Entries come
 * newest first, so the oldest fitting one is the right one.
 */
export function findPointsEntry(
  entries: readonly PointsHistoryEntry[],
  answer: { bot: string; createdAt: number },
  alreadyMatched: ReadonlySet<string>,
): PointsHistoryEntry | undefined {
  const bot = answer.bot.toLowerCase();
  const fitting = entries.filter(
    (entry) =>
      entry.botName.toLowerCase() === bot &&
      entry.creationTime >= answer.createdAt - CLOCK_SLACK_MS &&
      !alreadyMatched.has(entry.queryId),
  );
  return fitting.at(-1);
}
