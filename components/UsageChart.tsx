import { useId } from 'preact/hooks';
import { t, tCount, uiLocale } from '@/lib/i18n';
import type { DayTotal } from '@/lib/messaging/spending';
import { costText, formatPoints } from './cost-format';

const dayFormat = new Intl.DateTimeFormat(uiLocale(), { month: 'short', day: 'numeric' });
const longDayFormat = new Intl.DateTimeFormat(uiLocale(), { weekday: 'short', month: 'short', day: 'numeric' });

const BAR = 8;
const GAP = 3;
const HEIGHT = 72;

/**
 * Points spent per local day as a small bar chart. The picture has a title that sums it up; every number it shows
 * is also in a table under "Daily totals" (screen readers and anyone who wants the figures). A day of refunds only
 * goes below the line.
 */
export function UsageChart({ days }: { days: DayTotal[] }) {
  const titleId = useId();
  if (days.length === 0) return null;
  const high = Math.max(0, ...days.map((day) => day.points));
  const low = Math.min(0, ...days.map((day) => day.points));
  const span = high - low || 1;
  const zero = (high / span) * HEIGHT;
  const width = days.length * (BAR + GAP) - GAP;
  const busiest = days.reduce((best, day) => (day.points > best.points ? day : best), days[0]!);
  const first = days[0]!;
  const last = days.at(-1)!;
  const title =
    high > 0
      ? t('usageChart_title', dayFormat.format(first.start), dayFormat.format(last.start), longDayFormat.format(busiest.start), formatPoints(busiest.points))
      : t('usageChart_titleNone', dayFormat.format(first.start), dayFormat.format(last.start));
  const charged = days.filter((day) => day.count > 0).reverse();
  return (
    <figure class="usage-chart">
      <svg role="img" aria-labelledby={titleId} viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" width="100%" height={HEIGHT}>
        <title id={titleId}>{title}</title>
        {days.map((day, index) => {
          const size = (Math.abs(day.points) / span) * HEIGHT;
          const y = day.points >= 0 ? zero - size : zero;
          return (
            <rect
              key={day.start}
              class={day.points < 0 ? 'bar refund' : index === days.length - 1 ? 'bar today' : 'bar'}
              x={index * (BAR + GAP)}
              y={y}
              width={BAR}
              // A day with charges that cancel out still shows a sliver, so it reads as "something happened".
              height={day.count > 0 ? Math.max(size, 1.5) : 0}
              rx={1.5}
            >
              <title>{t('usageChart_barTitle', longDayFormat.format(day.start), costText(day.points, day.usd))}</title>
            </rect>
          );
        })}
        <line class="baseline" x1={0} x2={width} y1={zero} y2={zero} />
      </svg>
      <figcaption class="chart-axis">
        <span>{dayFormat.format(first.start)}</span>
        <span>{t('usageChart_max', formatPoints(high))}</span>
        <span>{t('usageChart_today')}</span>
      </figcaption>
      <details class="daily-totals">
        <summary>{tCount({ one: 'usageChart_dailyTotals_one', other: 'usageChart_dailyTotals_other' }, charged.length)}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('usageChart_day')}</th>
              <th scope="col" class="num">
                {t('usagePanel_chargesColumn')}
              </th>
              <th scope="col" class="num">
                {t('usagePanel_costColumn')}
              </th>
            </tr>
          </thead>
          <tbody>
            {charged.map((day) => (
              <tr key={day.start}>
                <td>{longDayFormat.format(day.start)}</td>
                <td class="num">{new Intl.NumberFormat(uiLocale()).format(day.count)}</td>
                <td class="num">{costText(day.points, day.usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
