import { t, tCount, uiLocale } from '@/lib/i18n';
import type { CostEstimate, GuardPreferences, HeldSend, Spend } from '@/lib/messaging/contracts';
import { upperPoints } from './estimate';

/**
 * The spending guard's decisions, pure: whether a send may go at once or waits for the user's explicit OK, and why.
 * The background (send-guard.ts) feeds it the estimate, the limits and today's spending.
 */

/** Poe's own warning about keys and other people's bots (External Application Guide, creator.poe.com). */
export const POE_KEY_WARNING =
  'This API makes the API key owner’s entire point balance available to any bot that is queried, so you may want to be careful about calling bots that are not your own or are not marked as official.';

/** The share of the daily budget at which the pages warn. */
export const BUDGET_WARNING_SHARE = 0.8;

export type HoldReason = HeldSend['reasons'][number];

export type GuardDecision = { hold: false } | { hold: true; reasons: HoldReason[]; upToPoints?: number };

export interface GuardCheck {
  estimate: CostEstimate;
  limits: GuardPreferences;
  /** Points spent today (counted only when a daily budget is set). */
  spentToday?: number;
}

const formatNumber = (value: number) => new Intl.NumberFormat(uiLocale()).format(Math.round(value));
export const formatPoints = (points: number) => tCount({ one: 'guard_points_one', other: 'guard_points_other' }, Math.round(points));

/** Bot names compare without case: Poe treats them so. */
export const botKey = (bot: string) => bot.trim().toLowerCase();

export function decideSend({ estimate, limits, spentToday }: GuardCheck): GuardDecision {
  const reasons: HoldReason[] = [];
  const bot = estimate.bot;
  if (estimate.kind === 'unknown' && estimate.reason === 'unknown_bot' && !limits.allowedBots.includes(botKey(bot))) {
    reasons.push({
      kind: 'unknown_bot',
      // Poe's warning is quoted as Poe wrote it (in English).
      message: t('guard_unknownBot', bot, POE_KEY_WARNING),
    });
  }
  const upTo = upperPoints(estimate);
  const limited = limits.dailyBudget !== null || limits.answerCeiling !== null;
  if (limited && upTo === undefined) {
    reasons.push({
      kind: 'unknown_price',
      message:
        estimate.kind === 'unknown' && estimate.reason === 'no_list'
          ? t('guard_noPriceList', bot)
          : t('guard_noPrice', bot),
    });
  }
  if (upTo !== undefined && limits.answerCeiling !== null && upTo > limits.answerCeiling) {
    reasons.push({
      kind: 'ceiling',
      message: t('guard_overCeiling', formatPoints(upTo), formatPoints(limits.answerCeiling)),
    });
  }
  if (upTo !== undefined && limits.dailyBudget !== null && (spentToday ?? 0) + upTo > limits.dailyBudget) {
    const spent = spentToday ?? 0;
    reasons.push({
      kind: 'budget',
      message:
        spent >= limits.dailyBudget
          ? t('guard_budgetSpent', formatPoints(limits.dailyBudget), formatPoints(spent), formatPoints(upTo))
          : t('guard_overBudget', formatPoints(upTo), formatPoints(limits.dailyBudget - spent), formatNumber(spent), formatPoints(limits.dailyBudget)),
    });
  }
  if (reasons.length === 0) return { hold: false };
  return { hold: true, reasons, ...(upTo !== undefined ? { upToPoints: upTo } : {}) };
}

/** Where today's spending stands against the daily budget. */
export function spendLevel(spentToday: number | undefined, dailyBudget: number | null): Spend['level'] {
  if (dailyBudget === null || spentToday === undefined) return 'ok';
  if (spentToday >= dailyBudget) return 'over';
  return spentToday >= dailyBudget * BUDGET_WARNING_SHARE ? 'warning' : 'ok';
}

/** Local midnight of the day `now` falls in: the one definition is with the other sums over charges. */
export { startOfLocalDay as localDayStart } from '@/lib/messaging/spending';
