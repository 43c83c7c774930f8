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

/**
 * The waits between looks for an answer's charge, and between tries to record it: Poe may list a charge seconds late,
 * and a busy machine may take seconds to land the answer's final save. About half a minute in all, then it is left
 * unpriced (the balance and Usage still show the charge).
 */
export const POINTS_COST_RETRY_MS = [2_000, 4_000, 8_000, 16_000] as const;

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
 * Finds what an answer cost and records it on the answer, looking again while Poe has not listed the charge and
 * trying again while the answer cannot take it yet (POINTS_COST_RETRY_MS). Once found, the entry is the answer's: a
 * later try records the same one.
 */
export async function recordAnswerCost(answer: { id: string; conversationId: string; bot: string; createdAt: number }, lookup: CostLookup): Promise<void> {
  let entry = await lookup.find(answer);
  for (const wait of POINTS_COST_RETRY_MS) {
    if (entry) break;
    await lookup.sleep(wait);
    entry = await lookup.find(answer);
  }
  if (!entry || (await lookup.record(answer.conversationId, answer.id, entry))) return;
  for (const wait of POINTS_COST_RETRY_MS) {
    await lookup.sleep(wait);
    if (await lookup.record(answer.conversationId, answer.id, entry)) return;
  }
}
