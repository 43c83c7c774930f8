import { useId, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { CostBreakdown } from '@/lib/messaging/contracts';
import { usdValue } from '@/lib/messaging/spending';
import { breakdownLines, costText } from './cost-format';
import { marked } from './HiddenMarks';
import { showHidden } from '@/lib/markdown/visible-text';

/**
 * A charge as one compact line ("120 points · $0.0036") that opens Poe's breakdown of it. Hovering shows the
 * breakdown as a tooltip (also the button's accessible description); a click, Enter or Space shows it below, in the
 * flow (answers are painted in containment: a floating box would be clipped). Breakdown labels and texts come from
 * Poe: shown as text.
 */
export function CostDetails({ points, usd, breakdown, refund = false }: { points: number; usd?: string | undefined; breakdown?: CostBreakdown | undefined; refund?: boolean }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const cost = costText(points, usdValue(usd));
  const line = refund ? t('costDetails_refund', cost) : cost;
  const lines = breakdownLines(breakdown);
  if (lines.length === 0) return <span class="cost-line">{line}</span>;
  return (
    <span class="cost-details">
      <button
        type="button"
        class="cost-line"
        aria-expanded={open}
        {...(open ? { 'aria-controls': id } : {})}
        title={showHidden(lines.map(({ label, text }) => `${label}: ${text}`).join('\n'))}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => event.key === 'Escape' && open && (event.stopPropagation(), setOpen(false))}
      >
        {line}
      </button>
      {open && (
        <dl class="cost-breakdown" id={id} aria-label={t('costDetails_breakdownLabel')}>
          {lines.map(({ label, text }) => (
            <div key={label}>
              <dt>{marked(label)}</dt>
              <dd>{marked(text)}</dd>
            </div>
          ))}
        </dl>
      )}
    </span>
  );
}
