/**
 * lib/messaging/spending.ts: sums over points-history charges by the user's local day (time zones, DST), per bot,
 * and what was spent since a moment (the spending guard's question). Time zones are set per test through TZ.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addLocalDays, dailyTotals, spentSince, startOfLocalDay, sumCharges, totalsByBot, usdValue } from '@/lib/messaging/spending';

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});
const at = (iso: string) => new Date(iso).getTime();

describe('sums', () => {
  it('adds points (refunds subtract) and USD where Poe gave it', () => {
    const sum = sumCharges([
      { costPoints: 120, costUsd: '0.0036' },
      { costPoints: -40, costUsd: '-0.0012' },
      { costPoints: 10 },
      { costPoints: 5, costUsd: 'free' },
    ]);
    expect(sum.points).toBe(95);
    expect(sum.count).toBe(4);
    expect(sum.usd).toBeCloseTo(0.0024, 10);
    expect(sumCharges([{ costPoints: 3 }]).usd).toBeUndefined();
    expect(usdValue(' 0.5 ')).toBe(0.5);
    expect(usdValue('1e3')).toBeUndefined();
  });

  it('spentSince counts charges at or after the moment, refunds included', () => {
    const since = at('2026-03-10T00:00:00Z');
    const charges = [
      { creationTime: since - 1, costPoints: 500 },
      { creationTime: since, costPoints: 100 },
      { creationTime: since + 60_000, costPoints: 40 },
      { creationTime: since + 120_000, costPoints: -30 },
    ];
    expect(spentSince(charges, since)).toBe(110);
    expect(spentSince([], since)).toBe(0);
  });

  it('totals per bot, case-insensitively, most points first', () => {
    const bots = totalsByBot([
      { bot: 'Echo-Bot', creationTime: 1, costPoints: 12, costUsd: '0.00036' },
      { bot: 'GPT-5.4', creationTime: 2, costPoints: 180 },
      { bot: 'echo-bot', creationTime: 3, costPoints: 12, costUsd: '0.00036' },
      { bot: 'GPT-5.4', creationTime: 4, costPoints: -180 },
    ]);
    expect(bots.map(({ bot, points, count }) => [bot, points, count])).toEqual([
      ['Echo-Bot', 24, 2],
      ['GPT-5.4', 0, 2],
    ]);
    expect(bots[0]!.usd).toBeCloseTo(0.00072, 10);
    expect(bots[1]!.usd).toBeUndefined();
  });
});

describe('local days', () => {
  it('buckets by the local day, not the UTC one', () => {
    process.env.TZ = 'Asia/Tokyo';
    // 23:30 UTC on the 9th is 08:30 on the 10th in Tokyo.
    const charges = [
      { creationTime: at('2026-03-09T23:30:00Z'), costPoints: 7 },
      { creationTime: at('2026-03-09T14:30:00Z'), costPoints: 5 }, // 23:30 on the 9th in Tokyo
    ];
    const days = dailyTotals(charges, at('2026-03-09T00:00:00Z'), at('2026-03-10T12:00:00Z'));
    expect(days.map((day) => [new Date(day.start).toISOString(), day.points])).toEqual([
      ['2026-03-08T15:00:00.000Z', 5],
      ['2026-03-09T15:00:00.000Z', 7],
    ]);
    process.env.TZ = 'America/Los_Angeles';
    const west = dailyTotals(charges, at('2026-03-09T00:00:00Z'), at('2026-03-10T12:00:00Z'));
    // In California both are on the 9th (15:30 and 06:30), and the span starts on the 8th (16:00 local).
    expect(west.map((day) => day.points)).toEqual([0, 12, 0]);
  });

  it('steps across a DST change by the calendar: a 23-hour and a 25-hour day are one day each', () => {
    process.env.TZ = 'Europe/Berlin';
    // Clocks go forward on 29 March 2026 and back on 25 October 2026.
    const spring = dailyTotals([{ creationTime: at('2026-03-29T21:59:00Z'), costPoints: 3 }], at('2026-03-28T12:00:00Z'), at('2026-03-30T12:00:00Z'));
    expect(spring.map((day) => new Date(day.start).toISOString())).toEqual([
      '2026-03-27T23:00:00.000Z',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
    // 23:59 local on the 29th (summer time) belongs to the 29th, the 23-hour day.
    expect(spring.map((day) => day.points)).toEqual([0, 3, 0]);
    expect(spring[2]!.start - spring[1]!.start).toBe(23 * 3_600_000);

    const autumn = dailyTotals([], at('2026-10-25T12:00:00Z'), at('2026-10-26T12:00:00Z'));
    expect(autumn).toHaveLength(2);
    expect(autumn[1]!.start - autumn[0]!.start).toBe(25 * 3_600_000);
    expect(addLocalDays(at('2026-10-25T12:00:00Z'), -29)).toBe(startOfLocalDay(at('2026-09-26T12:00:00Z')));
  });

  it("today's spend for the guard starts at local midnight", () => {
    process.env.TZ = 'America/New_York';
    const now = at('2026-07-01T03:30:00Z'); // 23:30 on 30 June in New York
    const charges = [
      { creationTime: at('2026-06-30T04:30:00Z'), costPoints: 50 }, // 00:30 on the 30th: today
      { creationTime: at('2026-06-30T03:30:00Z'), costPoints: 70 }, // 23:30 on the 29th: yesterday
    ];
    expect(spentSince(charges, startOfLocalDay(now))).toBe(50);
  });
});
