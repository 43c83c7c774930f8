/**
 * Sums over points-history charges, shared by the background (the spending guard: what was spent today) and the
 * pages (the usage view: per day, per bot). Pure: days are the user's local days, as the browser's time zone has
 * them (a DST change makes a day 23 or 25 hours long; days are stepped by the calendar, never by 24 h).
 */

/** What a sum needs of a charge: when (epoch ms), how many points (negative: a refund), USD as Poe wrote it. */
export interface Charge {
  creationTime: number;
  costPoints: number;
  costUsd?: string | undefined;
}

export interface CostSum {
  points: number;
  /** The USD of the charges that had one; undefined when none had. */
  usd?: number;
  /** How many charges were summed. */
  count: number;
}

/** Poe's USD as a number; undefined for anything that is not a plain decimal. */
export function usdValue(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d+(\.\d+)?$/.test(text.trim())) return undefined;
  return Number(text);
}

/** Adds charges up: points (refunds subtract), USD where known, and how many. */
export function sumCharges(charges: Iterable<Pick<Charge, 'costPoints' | 'costUsd'>>): CostSum {
  let points = 0;
  let usd: number | undefined;
  let count = 0;
  for (const charge of charges) {
    points += charge.costPoints;
    const value = usdValue(charge.costUsd);
    if (value !== undefined) usd = (usd ?? 0) + value;
    count++;
  }
  return { points, count, ...(usd !== undefined ? { usd } : {}) };
}

/** Points spent at or after `since` (epoch ms), refunds subtracted: what a daily budget is checked against. */
export function spentSince(charges: Iterable<Pick<Charge, 'creationTime' | 'costPoints'>>, since: number): number {
  let points = 0;
  for (const charge of charges) if (charge.creationTime >= since) points += charge.costPoints;
  return points;
}

/** Midnight (local time) that starts the day of `time`. */
export function startOfLocalDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** Midnight (local time) `days` calendar days after the one that starts the day of `time` (negative: before). */
export function addLocalDays(time: number, days: number): number {
  const date = new Date(startOfLocalDay(time));
  date.setDate(date.getDate() + days);
  return date.getTime();
}

export interface DayTotal extends CostSum {
  /** Local midnight that starts the day. */
  start: number;
}

/**
 * One total per local day from the day of `from` to the day of `to`, oldest first, days without charges included
 * (as zero). Charges outside that span are left out.
 */
export function dailyTotals(charges: readonly Charge[], from: number, to: number): DayTotal[] {
  const days: DayTotal[] = [];
  const last = startOfLocalDay(to);
  const byDay = new Map<number, Charge[]>();
  for (const charge of charges) {
    const day = startOfLocalDay(charge.creationTime);
    const list = byDay.get(day);
    if (list) list.push(charge);
    else byDay.set(day, [charge]);
  }
  for (let start = startOfLocalDay(from); start <= last; start = addLocalDays(start, 1)) {
    days.push({ start, ...sumCharges(byDay.get(start) ?? []) });
  }
  return days;
}

export interface BotTotal extends CostSum {
  bot: string;
}

/** Totals per bot (names compared case-insensitively, the first spelling seen kept), most points first. */
export function totalsByBot(charges: readonly (Charge & { bot: string })[]): BotTotal[] {
  const groups = new Map<string, { bot: string; charges: Charge[] }>();
  for (const charge of charges) {
    const key = charge.bot.toLowerCase();
    const group = groups.get(key) ?? { bot: charge.bot, charges: [] };
    group.charges.push(charge);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ bot, charges: own }) => ({ bot, ...sumCharges(own) }))
    .sort((a, b) => b.points - a.points || a.bot.localeCompare(b.bot));
}
