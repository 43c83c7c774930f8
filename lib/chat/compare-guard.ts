import type { CostEstimate, GuardPreferences } from '@/lib/messaging/contracts';
import { t } from '@/lib/i18n';
import { upperPoints } from './estimate';
import { decideSend, formatPoints, type GuardDecision, type HoldReason } from './guard';

/** The most a compare's answers could cost together; undefined when a price is not known. */
export function compareTotal(estimates: readonly CostEstimate[]): number | undefined {
  const uppers = estimates.map(upperPoints);
  return uppers.every((points) => points !== undefined) ? uppers.reduce<number>((sum, points) => sum + points!, 0) : undefined;
}

/**
 * The spending guard's decision on a compare (issue 16), pure: each answer is judged on its own against the
 * per-answer ceiling and Poe's list of models, and all of them together against what is left of the daily budget.
 */
export function decideCompare({
  estimates,
  limits,
  spentToday,
}: {
  estimates: readonly CostEstimate[];
  limits: GuardPreferences;
  spentToday?: number;
}): GuardDecision {
  const eachAlone = { ...limits, dailyBudget: null };
  const reasons: HoldReason[] = estimates.flatMap((estimate) => {
    const decision = decideSend({ estimate, limits: eachAlone });
    return decision.hold ? decision.reasons : [];
  });
  const total = compareTotal(estimates);
  const budget = limits.dailyBudget;
  if (budget !== null) {
    const unpriced = estimates.find((estimate) => upperPoints(estimate) === undefined);
    if (unpriced) {
      // A budget without a ceiling: the price that cannot be known is a reason of its own (with a ceiling it is one already).
      if (!reasons.some((reason) => reason.kind === 'unknown_price')) {
        const alone = decideSend({ estimate: unpriced, limits: { ...limits, answerCeiling: null }, ...(spentToday !== undefined ? { spentToday } : {}) });
        if (alone.hold) reasons.push(...alone.reasons.filter((reason) => reason.kind === 'unknown_price'));
      }
    } else if (total !== undefined && (spentToday ?? 0) + total > budget) {
      const spent = spentToday ?? 0;
      reasons.push({
        kind: 'budget',
        message:
          spent >= budget
            ? t('compareGuard_budgetSpent', formatPoints(budget), formatPoints(spent), formatPoints(total))
            : t('compareGuard_budgetLeft', formatPoints(total), formatPoints(budget - spent), formatPoints(budget)),
      });
    }
  }
  if (reasons.length === 0) return { hold: false };
  return { hold: true, reasons, ...(total !== undefined ? { upToPoints: total } : {}) };
}
