import type { CostEstimate } from '@/lib/messaging/contracts';

/** Cost wording the pages share: points as whole numbers with separators, dollars to two significant digits. */

export const formatNumber = (value: number) => Math.round(value).toLocaleString('en-US');

export const formatPoints = (points: number) => `${formatNumber(points)} ${Math.round(points) === 1 ? 'point' : 'points'}`;

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 100) return `$${Math.round(usd)}`;
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  // Fractions of a cent matter here: two significant digits ($0.027, $0.0018).
  return `$${Number(usd.toPrecision(2))}`;
}

/** The compact line next to Send: "≈ 40–310 points", "≈ 30 points", "price not published". */
export function estimateLabel(estimate: CostEstimate): string {
  if (estimate.kind === 'tokens') {
    const [low, high] = estimate.points;
    return low === high ? `≈ ${formatPoints(high)}` : `≈ ${formatNumber(low)}–${formatPoints(high)}`;
  }
  if (estimate.kind === 'request') return `≈ ${formatPoints(estimate.points)}`;
  if (estimate.reason === 'not_published') return 'price not published';
  if (estimate.reason === 'unknown_bot') return 'not in Poe’s list';
  return 'price unknown';
}
