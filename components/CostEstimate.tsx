import { useEffect, useState } from 'preact/hooks';
import type { CostEstimate as Estimate } from '@/lib/messaging/contracts';
import type { ChatStore } from './chat-store';
import { estimateLabel, formatNumber, formatPoints, formatUsd } from './cost-format';

/** After typing stops for this long, the composer asks the background for a fresh estimate. */
const SETTLE_MS = 300;

function RateLine({ estimate }: { estimate: Extract<Estimate, { rate: unknown }> }) {
  const rate = formatNumber(estimate.rate.pointsPerUsd);
  return estimate.rate.source === 'history' ? (
    <li>Points: about {rate} per US dollar, worked out from your own points history.</li>
  ) : (
    <li>Points: {rate} per US dollar is assumed (Poe’s add-on price, $30 per million points) until your points history shows the rate, so this is an estimate.</li>
  );
}

function Detail({ estimate }: { estimate: Estimate }) {
  if (estimate.kind === 'unknown') {
    return (
      <p>
        {estimate.reason === 'not_published'
          ? `Poe lists ${estimate.bot} without a price, so its cost cannot be estimated. Poe’s points history shows what each answer cost afterwards.`
          : estimate.reason === 'unknown_bot'
            ? `${estimate.bot} is not in Poe’s model list (a creator’s or a private bot?), so its price is unknown. Poe Toolbar asks before the first send to it.`
            : 'Poe Toolbar has no price list from Poe yet. It loads when the panel opens; check your connection.'}
      </p>
    );
  }
  if (estimate.kind === 'request') {
    return (
      <ul>
        <li>
          {estimate.bot} costs a fixed {formatUsd(estimate.usd)} per request, about {formatPoints(estimate.points)}.
        </li>
        <RateLine estimate={estimate} />
      </ul>
    );
  }
  const [lowOut, highOut] = estimate.outputTokens;
  const parts = [
    estimate.historyTokens > 0 ? `the conversation so far ${formatNumber(estimate.historyTokens)}` : '',
    `this message ${formatNumber(estimate.messageTokens)}`,
    estimate.fileTokens > 0 ? `files ${formatNumber(estimate.fileTokens)}` : '',
  ].filter(Boolean);
  return (
    <ul>
      <li>
        Input: about {formatNumber(estimate.inputTokens)} tokens
        {parts.length > 1 ? ` — ${parts.join(', ')}` : ''}
        {estimate.images > 0 ? ` (${estimate.images} ${estimate.images === 1 ? 'image' : 'images'})` : ''}.
      </li>
      <li>
        Output: {formatNumber(lowOut)}–{formatNumber(highOut)} tokens, a short to a long typical answer.
      </li>
      <li>
        Cost: {formatUsd(estimate.usd[0])}–{formatUsd(estimate.usd[1])}, about {formatNumber(estimate.points[0])}–{formatPoints(estimate.points[1])}.
      </li>
      {estimate.maxPoints !== undefined && estimate.maxOutputTokens !== undefined && (
        <li>
          The longest answer allowed ({formatNumber(estimate.maxOutputTokens)} tokens) would cost up to {formatPoints(estimate.maxPoints)}.
        </li>
      )}
      {estimate.uncountedFiles > 0 && (
        <li>
          {estimate.uncountedFiles === 1 ? 'One file' : `${estimate.uncountedFiles} files`} could not be counted and may add to the cost.
        </li>
      )}
      <RateLine estimate={estimate} />
      <li>Tokens are estimated at about 4 characters each (one per Chinese, Japanese or Korean character); each model counts its own way.</li>
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
        <span class="visually-hidden"> for this message, estimated. Show how it was worked out.</span>
      </button>
      <div class="cost-detail" id="cost-detail" role="note">
        <p class="cost-heading">
          About what sending this to {estimate.bot} would cost
          {wouldHold ? ' — more than your limits allow: Poe Toolbar will ask before sending.' : '.'}
        </p>
        <Detail estimate={estimate} />
        {spend?.dailyBudget !== null && spend?.dailyBudget !== undefined && spend.spentToday !== undefined && (
          <p>
            Today so far: {formatNumber(spend.spentToday)} of your {formatPoints(spend.dailyBudget)} budget.
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
        ? `Today’s budget is spent: ${formatNumber(spend.spentToday)} of ${formatPoints(spend.dailyBudget)}. Poe Toolbar asks before each send.`
        : `You have used ${share}% of today’s budget: ${formatNumber(spend.spentToday)} of ${formatPoints(spend.dailyBudget)}.`}{' '}
      <button type="button" class="ghost small" onClick={() => store.showView('settings')}>
        Change
      </button>
    </p>
  );
}
