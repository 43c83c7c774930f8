/** How points and money read everywhere a cost is shown (answers, the conversation total, the usage view). */
import type { CostBreakdown, CostEstimate } from '@/lib/messaging/contracts';
import { t, tCount, uiLocale } from '@/lib/i18n';

let numberFormat: Intl.NumberFormat | undefined;

/** A whole number with the reader's separators. */
export const formatNumber = (value: number) =>
  (numberFormat ??= new Intl.NumberFormat(uiLocale(), { maximumFractionDigits: 0 })).format(Math.round(value));

export function formatPoints(points: number): string {
  return tCount({ one: 'costFormat_points_one', other: 'costFormat_points_other' }, Math.round(points));
}

/**
 * USD with two significant digits below a dollar (answers cost fractions of a cent: $0.0036, $0.00075) and cents
 * above; never fewer than two decimals.
 */
export function formatUsd(usd: number): string {
  const abs = Math.abs(usd);
  const decimals = abs === 0 || abs >= 1 ? 2 : Math.min(8, Math.max(2, 1 - Math.floor(Math.log10(abs))));
  return new Intl.NumberFormat(uiLocale(), { style: 'currency', currency: 'USD', minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(usd);
}

/** "120 points · $0.0036"; the points alone when Poe gave no USD. */
export function costText(points: number, usd: number | undefined): string {
  return usd === undefined || !Number.isFinite(usd) ? formatPoints(points) : `${formatPoints(points)} · ${formatUsd(usd)}`;
}

/** Poe's breakdown as lines, in Poe's order ("Input: 120 points (3581 tokens)"). */
export function breakdownLines(breakdown: CostBreakdown | undefined): { label: string; text: string }[] {
  return Object.entries(breakdown ?? {}).map(([label, text]) => ({ label, text }));
}

/** The compact line next to Send: "≈ 40–310 points", "≈ 30 points", "price not published". */
export function estimateLabel(estimate: CostEstimate): string {
  if (estimate.kind === 'tokens') {
    const [low, high] = estimate.points;
    return low === high ? `≈ ${formatPoints(high)}` : `≈ ${t('costFormat_pointsRange', formatNumber(low), formatPoints(high))}`;
  }
  if (estimate.kind === 'request') return `≈ ${formatPoints(estimate.points)}`;
  if (estimate.reason === 'not_published') return t('costFormat_priceNotPublished');
  if (estimate.reason === 'unknown_bot') return t('costFormat_notInList');
  return t('costFormat_priceUnknown');
}
