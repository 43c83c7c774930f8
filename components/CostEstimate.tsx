import { useEffect, useState } from 'preact/hooks';
import { t, tCount, uiLocale } from '@/lib/i18n';
import type { CostEstimate as Estimate } from '@/lib/messaging/contracts';
import type { ChatStore } from './chat-store';
import { estimateLabel, formatNumber, formatPoints, formatUsd } from './cost-format';

/** After typing stops for this long, the composer asks the background for a fresh estimate. */
const SETTLE_MS = 300;

function RateLine({ estimate }: { estimate: Extract<Estimate, { rate: unknown }> }) {
  const rate = formatNumber(estimate.rate.pointsPerUsd);
  return estimate.rate.source === 'history' ? (
    <li>{t('costEstimate_rateFromHistory', rate)}</li>
  ) : (
    <li>{t('costEstimate_rateAssumed', rate)}</li>
  );
}

function Detail({ estimate }: { estimate: Estimate }) {
  if (estimate.kind === 'unknown') {
    return (
      <p>
        {estimate.reason === 'not_published'
          ? t('costEstimate_notPublished', estimate.bot)
          : estimate.reason === 'unknown_bot'
            ? t('costEstimate_unknownBot', estimate.bot)
            : t('costEstimate_noPriceList')}
      </p>
    );
  }
  if (estimate.kind === 'request') {
    return (
      <ul>
        <li>
          {t('costEstimate_perRequest', estimate.bot, formatUsd(estimate.usd), formatPoints(estimate.points))}
        </li>
        <RateLine estimate={estimate} />
      </ul>
    );
  }
  const [lowOut, highOut] = estimate.outputTokens;
  const parts = [
    estimate.historyTokens > 0 ? t('costEstimate_partHistory', formatNumber(estimate.historyTokens)) : '',
    t('costEstimate_partMessage', formatNumber(estimate.messageTokens)),
    estimate.fileTokens > 0 ? t('costEstimate_partFiles', formatNumber(estimate.fileTokens)) : '',
  ].filter(Boolean);
  const images = estimate.images > 0 ? tCount({ one: 'costEstimate_images_one', other: 'costEstimate_images_other' }, estimate.images) : '';
  // A list of parts ("the conversation so far 1,200, this message 40") in the reader's list style.
  const partList = new Intl.ListFormat(uiLocale(), { style: 'short', type: 'unit' }).format(parts);
  return (
    <ul>
      <li>
        {parts.length > 1
          ? images
            ? t('costEstimate_inputPartsImages', formatNumber(estimate.inputTokens), partList, images)
            : t('costEstimate_inputParts', formatNumber(estimate.inputTokens), partList)
          : images
            ? t('costEstimate_inputImages', formatNumber(estimate.inputTokens), images)
            : t('costEstimate_input', formatNumber(estimate.inputTokens))}
      </li>
      <li>
        {t('costEstimate_output', formatNumber(lowOut), formatNumber(highOut))}
      </li>
      <li>
        {t('costEstimate_cost', formatUsd(estimate.usd[0]), formatUsd(estimate.usd[1]), formatNumber(estimate.points[0]), formatPoints(estimate.points[1]))}
      </li>
      {estimate.maxPoints !== undefined && estimate.maxOutputTokens !== undefined && (
        <li>
          {t('costEstimate_longest', formatNumber(estimate.maxOutputTokens), formatPoints(estimate.maxPoints))}
        </li>
      )}
      {estimate.uncountedFiles > 0 && (
        <li>
          {tCount({ one: 'costEstimate_uncounted_one', other: 'costEstimate_uncounted_other' }, estimate.uncountedFiles)}
        </li>
      )}
      <RateLine estimate={estimate} />
      <li>{t('costEstimate_tokensNote')}</li>
    </ul>
  );
}

/**
 * What the draft would cost, next to Send: compact ("≈ 40–310 points"), with how it was worked out on hover, on
 * focus, or pinned by a click. The background works it out; the page only asks again when the draft settles.
 */
export function CostEstimate({ store }: { store: ChatStore }) {
  // The message as Send would word it: the quoted selections count too.
  const draft = store.draftMessage.value;
  const attachments = store.attachments.value;
  const bot = store.selectedBot.value;
  const conversationId = store.conversationId.value;
  const parameters = JSON.stringify(store.parametersFor(bot));
  const shown = store.estimate.value;
  const spend = store.spend.value;
  const [pinned, setPinned] = useState(false);
  const empty = store.draftEmpty.value;

  useEffect(() => {
    if (empty) {
      store.requestEstimate();
      return;
    }
    const timer = setTimeout(() => store.requestEstimate(), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [draft, attachments, bot, conversationId, parameters, empty]);

  if (empty || !shown) return null;
  const { estimate, wouldHold } = shown;
  return (
    <div class={`cost-estimate${pinned ? ' open' : ''}${wouldHold ? ' would-hold' : ''}`}>
      <button
        type="button"
        class="cost-label ghost small"
        aria-expanded={pinned}
        aria-controls="cost-detail"
        data-testid="cost-estimate"
        onClick={() => setPinned(!pinned)}
      >
        {estimateLabel(estimate)}
        <span class="visually-hidden"> {t('costEstimate_labelHint')}</span>
      </button>
      <div class="cost-detail" id="cost-detail" role="note">
        <p class="cost-heading">
          {wouldHold ? t('costEstimate_headingWouldHold', estimate.bot) : t('costEstimate_heading', estimate.bot)}
        </p>
        <Detail estimate={estimate} />
        {spend?.dailyBudget !== null && spend?.dailyBudget !== undefined && spend.spentToday !== undefined && (
          <p>
            {t('costEstimate_todaySoFar', formatNumber(spend.spentToday), formatPoints(spend.dailyBudget))}
          </p>
        )}
      </div>
    </div>
  );
}

/** At 80% of the day's budget, a line above the composer says so (the background decides the level). */
export function SpendWarning({ store }: { store: ChatStore }) {
  const spend = store.spend.value;
  if (!spend || spend.level === 'ok' || spend.dailyBudget === null || spend.spentToday === undefined) return null;
  const share = spend.dailyBudget > 0 ? Math.round((spend.spentToday / spend.dailyBudget) * 100) : 100;
  return (
    <p class={`spend-warning ${spend.level}`} role="status" data-testid="spend-warning">
      {spend.level === 'over'
        ? t('costEstimate_budgetSpent', formatNumber(spend.spentToday), formatPoints(spend.dailyBudget))
        : t('costEstimate_budgetShare', new Intl.NumberFormat(uiLocale(), { style: 'percent' }).format(share / 100), formatNumber(spend.spentToday), formatPoints(spend.dailyBudget))}{' '}
      <button type="button" class="ghost small" onClick={() => store.showView('settings')}>
        {t('costEstimate_change')}
      </button>
    </p>
  );
}
