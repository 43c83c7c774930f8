import { useMemo } from 'preact/hooks';
import { t, tCount, uiLocale } from '@/lib/i18n';
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
import { SLOT, TextWithSlot } from './text-slot';
import { ViewHeader } from './ViewHeader';
import './usage.css';

const timeFormat = new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'short', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(uiLocale(), { month: 'short', day: 'numeric' });
const numberFormat = new Intl.NumberFormat(uiLocale());

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
    <section class="usage" aria-label={t('usagePanel_title')}>
      <ViewHeader store={store} title={t('usagePanel_title')} />
      {balance !== undefined && <p class="muted usage-balance">{t('usagePanel_left', formatPoints(balance))}</p>}
      {!usage || (usage.entries.length === 0 && usage.loading) ? (
        <p class="muted" role="status">
          {t('usagePanel_loading')}
        </p>
      ) : usage.entries.length === 0 && usage.error ? (
        <UsageFailure store={store} error={usage.error} />
      ) : usage.entries.length === 0 ? (
        <div class="usage-empty">
          <p>{t('usagePanel_empty', HISTORY_DAYS)}</p>
          <p class="muted">{t('usagePanel_emptyHelp')}</p>
        </div>
      ) : (
        <UsageReport store={store} usage={usage} />
      )}
      <footer class="usage-footer">
        <button type="button" class="secondary small" onClick={back}>
          {t('viewHeader_backToChat')}
        </button>
        <a class="fine-print" href={POE_BUY_POINTS_URL} target="_blank" rel="noopener noreferrer">
          {t('usagePanel_manage')}
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
        <TextWithSlot text={complete ? t('usagePanel_totalLastDays', HISTORY_DAYS, SLOT) : t('usagePanel_totalSince', dayFormat.format(report.from), SLOT)}>
          <strong>{costText(report.total.points, report.total.usd)}</strong>
        </TextWithSlot>{' '}
        <span class="muted">
          {refunds > 0
            ? t('usagePanel_overChargesWithRefunds', tCount({ one: 'usagePanel_charges_one', other: 'usagePanel_charges_other' }, report.total.count), tCount({ one: 'usagePanel_refunds_one', other: 'usagePanel_refunds_other' }, refunds))
            : t('usagePanel_overCharges', tCount({ one: 'usagePanel_charges_one', other: 'usagePanel_charges_other' }, report.total.count))}
        </span>
        {!complete && <span class="muted"> {t('usagePanel_olderNotLoaded')}</span>}
      </p>
      <UsageChart days={report.days} />

      <h3>{t('usagePanel_byBot')}</h3>
      <table class="usage-bots">
        <thead>
          <tr>
            <th scope="col">{t('usagePanel_bot')}</th>
            <th scope="col" class="num">
              {t('usagePanel_chargesColumn')}
            </th>
            <th scope="col" class="num">
              {t('usagePanel_pointsColumn')}
            </th>
            <th scope="col" class="num">
              USD
            </th>
          </tr>
        </thead>
        <tbody>
          {report.bots.map((bot) => (
            <tr key={bot.bot}>
              <th scope="row">{displayName(models, bot.bot) || t('usagePanel_unnamedBot')}</th>
              <td class="num">{numberFormat.format(bot.count)}</td>
              <td class="num">{numberFormat.format(bot.points)}</td>
              <td class="num">{bot.usd === undefined ? '—' : formatUsd(bot.usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{t('usagePanel_chargesTitle')}</h3>
      <table class="usage-charges">
        <thead>
          <tr>
            <th scope="col">{t('usagePanel_chargeColumn')}</th>
            <th scope="col" class="num">
              {t('usagePanel_costColumn')}
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
        <span class="charge-bot">{displayName(store.models.value, entry.bot) || t('usagePanel_unnamedBot')}</span>
        <span class="charge-meta">
          <time dateTime={new Date(entry.creationTime).toISOString()}>{timeFormat.format(entry.creationTime)}</time>
          {entry.usageType && entry.usageType !== 'API' && (
            <>
              {' · '}
              {entry.usageType === 'Chat' ? (
                entry.chatName ? (
                  <TextWithSlot text={t('usagePanel_onPoeChatNamed', SLOT)}>{marked(entry.chatName)}</TextWithSlot>
                ) : (
                  t('usagePanel_onPoeChat')
                )
              ) : (
                <TextWithSlot text={t('usagePanel_onPoe', SLOT)}>
                  {marked(entry.usageType)}
                  {entry.chatName ? <>: {marked(entry.chatName)}</> : null}
                </TextWithSlot>
              )}
            </>
          )}
        </span>
        {entry.conversationId && (
          <button type="button" class="link-button" onClick={() => store.openConversation(entry.conversationId!)}>
            {marked(entry.conversationTitle || t('usagePanel_untitled'))}
          </button>
        )}
      </td>
      <td class="num">
        <CostDetails points={entry.costPoints} usd={entry.costUsd} breakdown={entry.breakdown} refund={refund} />
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
          {t('usagePanel_tryAgain')}
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
        {usage.loadingAll ? t('usagePanel_loadingAll', HISTORY_DAYS, numberFormat.format(usage.entries.length)) : t('usagePanel_loadingOlder')}
      </p>
    );
  }
  if (usage.nextStartingAfter === undefined) {
    return <p class="muted usage-actions">{t('usagePanel_everything', HISTORY_DAYS)}</p>;
  }
  return (
    <p class="usage-actions">
      <button type="button" class="secondary small" onClick={() => store.loadMoreUsage()}>
        {t('usagePanel_loadOlder')}
      </button>
      <button type="button" class="ghost small" onClick={() => store.loadMoreUsage(true)}>
        {t('usagePanel_loadAll', HISTORY_DAYS)}
      </button>
    </p>
  );
}
