import { useMemo } from 'preact/hooks';
import type { UsageEntry } from '@/lib/messaging/contracts';
import { POE_BUY_POINTS_URL } from '@/lib/messaging/rules';
import { addLocalDays, dailyTotals, sumCharges, totalsByBot } from '@/lib/messaging/spending';
import type { ChatStore } from './chat-store';
import { CostDetails } from './CostDetails';
import { costText, formatPoints, formatUsd } from './cost-format';
import { ErrorNotice } from './ErrorNotice';
import { marked } from './HiddenMarks';
import { displayName } from './bot-model';
import type { UsageView } from './page-state';
import { UsageChart } from './UsageChart';
import { ViewHeader } from './ViewHeader';
import './usage.css';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const numberFormat = new Intl.NumberFormat();

/** Poe keeps this many days of points history. */
const HISTORY_DAYS = 30;

/**
 * What answers cost, from Poe's points history: a chart per day, totals per bot, and each charge with the
 * conversation it paid for. Pages through the 30 days Poe keeps only as far as the user asks.
 */
export function UsagePanel({ store }: { store: ChatStore }) {
  const usage = store.usage.value;
  const balance = store.account.value?.balance;
  const back = () => store.showView('chat');
  return (
    <section class="usage" aria-label="Recent usage">
      <ViewHeader store={store} title="Recent usage" />
      {balance !== undefined && <p class="muted usage-balance">{formatPoints(balance)} left.</p>}
      {!usage || (usage.entries.length === 0 && usage.loading) ? (
        <p class="muted" role="status">
          Loading your points history from Poe…
        </p>
      ) : usage.entries.length === 0 && usage.error ? (
        <UsageFailure store={store} error={usage.error} />
      ) : usage.entries.length === 0 ? (
        <div class="usage-empty">
          <p>No charges in the last {HISTORY_DAYS} days.</p>
          <p class="muted">Each answer you get through Poe shows up here with what it cost.</p>
        </div>
      ) : (
        <UsageReport store={store} usage={usage} />
      )}
      <footer class="usage-footer">
        <button type="button" class="secondary small" onClick={back}>
          Back to chat
        </button>
        <a class="fine-print" href={POE_BUY_POINTS_URL} target="_blank" rel="noopener noreferrer">
          Manage your Poe points and API key
        </a>
      </footer>
    </section>
  );
}

function UsageReport({ store, usage }: { store: ChatStore; usage: UsageView }) {
  const { entries } = usage;
  const complete = usage.nextStartingAfter === undefined;
  const models = store.models.value;
  const report = useMemo(() => {
    const now = Date.now();
    const oldest = entries.reduce((min, entry) => Math.min(min, entry.creationTime), now);
    // All 30 days once everything is loaded; otherwise only the days the loaded charges cover (the oldest may be partial).
    const from = complete ? Math.min(oldest, addLocalDays(now, 1 - HISTORY_DAYS)) : oldest;
    return { from, days: dailyTotals(entries, from, now), total: sumCharges(entries), bots: totalsByBot(entries) };
  }, [entries, complete]);
  const refunds = entries.filter((entry) => entry.costPoints < 0).length;
  return (
    <>
      <p class="usage-summary">
        {complete ? `Last ${HISTORY_DAYS} days` : `Since ${dayFormat.format(report.from)}`}: <strong>{costText(report.total.points, report.total.usd)}</strong>{' '}
        <span class="muted">
          over {report.total.count} {report.total.count === 1 ? 'charge' : 'charges'}
          {refunds > 0 ? `, ${refunds} ${refunds === 1 ? 'refund' : 'refunds'} included` : ''}.
        </span>
        {!complete && <span class="muted"> Older charges are not loaded yet.</span>}
      </p>
      <UsageChart days={report.days} />

      <h3>By bot</h3>
      <table class="usage-bots">
        <thead>
          <tr>
            <th scope="col">Bot</th>
            <th scope="col" class="num">
              Charges
            </th>
            <th scope="col" class="num">
              Points
            </th>
            <th scope="col" class="num">
              USD
            </th>
          </tr>
        </thead>
        <tbody>
          {report.bots.map((bot) => (
            <tr key={bot.bot}>
              <th scope="row">{displayName(models, bot.bot) || 'Unnamed bot'}</th>
              <td class="num">{numberFormat.format(bot.count)}</td>
              <td class="num">{numberFormat.format(bot.points)}</td>
              <td class="num">{bot.usd === undefined ? '—' : formatUsd(bot.usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Charges</h3>
      <table class="usage-charges">
        <thead>
          <tr>
            <th scope="col">Charge</th>
            <th scope="col" class="num">
              Cost
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <ChargeRow key={entry.queryId} entry={entry} store={store} />
          ))}
        </tbody>
      </table>
      <UsagePaging store={store} usage={usage} />
    </>
  );
}

/** One charge: the bot, when and where (a poe.com chat, a conversation here), and what it cost. */
function ChargeRow({ entry, store }: { entry: UsageEntry; store: ChatStore }) {
  const refund = entry.costPoints < 0;
  return (
    <tr class={refund ? 'refund' : undefined}>
      <td>
        <span class="charge-bot">{displayName(store.models.value, entry.bot) || 'Unnamed bot'}</span>
        <span class="charge-meta">
          <time dateTime={new Date(entry.creationTime).toISOString()}>{timeFormat.format(entry.creationTime)}</time>
          {entry.usageType && entry.usageType !== 'API' && (
            <>
              {' '}
              · on Poe {entry.usageType === 'Chat' ? 'chat' : marked(entry.usageType)}
              {entry.chatName ? <>: {marked(entry.chatName)}</> : null}
            </>
          )}
        </span>
        {entry.conversationId && (
          <button type="button" class="link-button" onClick={() => store.openConversation(entry.conversationId!)}>
            {marked(entry.conversationTitle || 'Untitled conversation')}
          </button>
        )}
      </td>
      <td class="num">
        <CostDetails points={entry.costPoints} usd={entry.costUsd} breakdown={entry.breakdown} prefix={refund ? 'Refund ' : ''} />
      </td>
    </tr>
  );
}

/** A page of the history Poe could not give: why, and "Try again" for the same page. */
function UsageFailure({ store, error }: { store: ChatStore; error: NonNullable<UsageView['error']> }) {
  return (
    <>
      <ErrorNotice error={error} store={store} />
      <p class="usage-actions">
        <button type="button" class="secondary small" onClick={() => store.loadMoreUsage()}>
          Try again
        </button>
      </p>
    </>
  );
}

function UsagePaging({ store, usage }: { store: ChatStore; usage: UsageView }) {
  if (usage.error) {
    return <UsageFailure store={store} error={usage.error} />;
  }
  if (usage.loading) {
    return (
      <p class="muted usage-actions" role="status">
        {usage.loadingAll ? `Loading all ${HISTORY_DAYS} days… ${numberFormat.format(usage.entries.length)} charges so far` : 'Loading older charges…'}
      </p>
    );
  }
  if (usage.nextStartingAfter === undefined) {
    return <p class="muted usage-actions">That is everything: Poe keeps {HISTORY_DAYS} days of history.</p>;
  }
  return (
    <p class="usage-actions">
      <button type="button" class="secondary small" onClick={() => store.loadMoreUsage()}>
        Load older charges
      </button>
      <button type="button" class="ghost small" onClick={() => store.loadMoreUsage(true)}>
        Load all {HISTORY_DAYS} days
      </button>
    </p>
  );
}
