/** How the balance reads to people: points, dollars, countdowns to the next grant, and when to call it low. */
import { t, tCount, uiLocale } from '@/lib/i18n';

/** Without a known daily spend, below this many points a single long answer from a large model may not fit. */
export const LOW_BALANCE_POINTS = 500;
/** With a known daily spend, fewer days left than this at the recent pace is low. */
export const LOW_BALANCE_DAYS = 3;

/** Points read the same everywhere: the one definition is with the other costs. */

let usdFormatter: Intl.NumberFormat | undefined;
const usdFormat = () => (usdFormatter ??= new Intl.NumberFormat(uiLocale(), { style: 'currency', currency: 'USD' }));

/** A balance in dollars, "$19.82"; an amount under a cent is not rounded to "$0.00" (answer costs use cost-format's). */
export function formatBalanceUsd(amount: number): string {
  if (amount > 0 && amount < 0.01) return t('balanceFormat_lessThan', usdFormat().format(0.01));
  return usdFormat().format(amount);
}

/** What `points` are worth when Poe says `usd`: Poe rounds to the cent, and a few points are not worth "$0.00". */
export function formatUsdWorth(points: number, usd: number): string {
  return usd === 0 && points > 0 ? t('balanceFormat_lessThan', usdFormat().format(0.01)) : formatBalanceUsd(usd);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "in 45 s", "in 12 min", "in 3 h 12 min", "in 2 days 5 h"; "any moment now" once the time has come. */
export function formatCountdown(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return t('balanceFormat_anyMoment');
  if (ms < MINUTE) return t('balanceFormat_inSeconds', Math.ceil(ms / 1000));
  if (ms < HOUR) return t('balanceFormat_inMinutes', Math.ceil(ms / MINUTE));
  if (ms < DAY) {
    // Whole minutes, rounded up: "in 3 h 12 min" stays true until the grant arrives.
    const minutes = Math.ceil(ms / MINUTE);
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest === 0 ? t('balanceFormat_inHours', hours) : t('balanceFormat_inHoursMinutes', hours, rest);
  }
  const hours = Math.floor(ms / HOUR);
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  // "2 days" as the countdown says it (German's "in 2 Tagen" declines it), inside one sentence per shape.
  const dayText = tCount({ one: 'balanceFormat_countdownDays_one', other: 'balanceFormat_countdownDays_other' }, days);
  return rest === 0 ? t('balanceFormat_inDays', dayText) : t('balanceFormat_inDaysHours', dayText, rest);
}

/** How long the balance lasts at the recent daily spend; undefined when the spend is unknown or nil. */
export function daysLeft(balance: number, dailySpend: number | undefined): number | undefined {
  if (dailySpend === undefined || !(dailySpend > 0)) return undefined;
  return Math.max(0, balance) / dailySpend;
}

/** "about 2 days left at your recent pace". */
export function daysLeftText(days: number): string {
  if (days < 1) return t('balanceFormat_lessThanADayLeft');
  return tCount({ one: 'balanceFormat_daysLeft_one', other: 'balanceFormat_daysLeft_other' }, Math.round(days));
}

export interface BalanceState {
  balance: number;
  dailySpend?: number | undefined;
  /** An auto-recharge that is on and has not failed refills the balance: it is never "low". */
  autoRechargeOn?: boolean;
}

/** Low relative to the recent daily spend where it is known, else below a fixed threshold. */
export function isLowBalance({ balance, dailySpend, autoRechargeOn }: BalanceState): boolean {
  if (autoRechargeOn) return false;
  const days = daysLeft(balance, dailySpend);
  return days !== undefined ? days < LOW_BALANCE_DAYS : balance < LOW_BALANCE_POINTS;
}
