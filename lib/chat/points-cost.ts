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

/** How long to wait before looking for an answer's charge in the points history a second time. */
export const POINTS_HISTORY_RECHECK_MS = 4_000;

/** What is recorded on an answer of the charge that paid for it. */
export type PointsCharge = Pick<PointsHistoryEntry, 'queryId' | 'costPoints' | 'costUsd' | 'costBreakdown'>;

export interface CostLookup {
  /** The points-history entry that paid for an answer, if Poe lists it yet. */
  find(answer: { bot: string; createdAt: number }): Promise<PointsCharge | undefined>;
  /** False when the answer could not take its price yet (still being saved). */
  record(conversationId: string, messageId: string, entry: PointsCharge): Promise<boolean>;
  sleep(ms: number): Promise<void>;
}

/**
 * Finds what an answer cost and records it on the answer; Poe may list the charge a moment late (and the answer's
 * last save may still be landing), so try twice.
 */
export async function recordAnswerCost(answer: { id: string; conversationId: string; bot: string; createdAt: number }, lookup: CostLookup): Promise<void> {
  const entry = (await lookup.find(answer)) ?? (await lookup.sleep(POINTS_HISTORY_RECHECK_MS).then(() => lookup.find(answer)));
  if (!entry || (await lookup.record(answer.conversationId, answer.id, entry))) return;
  await lookup.sleep(POINTS_HISTORY_RECHECK_MS);
  await lookup.record(answer.conversationId, answer.id, entry);
}
