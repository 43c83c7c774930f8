import { t, uiLocale } from '@/lib/i18n';
import type { AccountState, BalanceDetails as Details } from '@/lib/messaging/contracts';
import { POE_BUY_POINTS_URL } from '@/lib/messaging/rules';
import type { ChatStore } from './chat-store';
import { daysLeftText, formatBalanceUsd, formatCountdown, formatUsdWorth } from './balance-format';
import { formatPoints } from './cost-format';
import { useNow } from './use-now';

const dateFormat = new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' });

/** The open balance panel's contents: loaded when the panel first opens (its own chunk, off the first paint). */
export function BalanceBody({
  store,
  account,
  low,
  days,
  onShowUsage,
}: {
  store: ChatStore;
  account: AccountState;
  low: boolean;
  days: number | undefined;
  onShowUsage(): void;
}) {
  const details = account.balanceDetails;
  const counting = Boolean(details?.nextDailyGrant?.at ?? details?.nextMonthlyGrant?.at);
  const now = useNow(counting);
  if (account.balance === undefined) {
    return (
      <div class="balance-body">
        <p class="muted">{account.balanceError ? account.balanceError.message : t('balanceBody_asking')}</p>
        {account.balanceError && (
          <button type="button" class="secondary small" onClick={() => store.refreshBalance()}>
            {t('usagePanel_tryAgain')}
          </button>
        )}
      </div>
    );
  }
  const recharge = details?.autoRecharge;
  return (
    <div class="balance-body">
      <p class="balance-total">
        <strong data-testid="balance-total">{formatPoints(account.balance)}</strong>
        {details?.totalUsd !== undefined && <span class="muted"> · {formatUsdWorth(account.balance, details.totalUsd)}</span>}
      </p>
      {(low || days !== undefined) && (
        <p class={low ? 'balance-pace low' : 'balance-pace muted'} data-testid="balance-pace">
          {days !== undefined
            ? t('balanceBody_pace', capitalise(daysLeftText(days)), formatPoints(account.dailySpend ?? 0))
            : t('balanceBody_lowNoPace')}
        </p>
      )}
      <dl class="balance-facts">
        {details?.planPoints !== undefined && (
          <Fact term={t('balanceBody_planPoints')} points={details.planPoints} usd={details.planUsd} />
        )}
        {details?.addonPoints !== undefined && (
          <Fact term={t('balanceBody_addonPoints')} points={details.addonPoints} usd={details.addonUsd} />
        )}
        {details?.nextDailyGrant && <Grant term={t('balanceBody_nextDaily')} grant={details.nextDailyGrant} now={now} />}
        {details?.nextMonthlyGrant && <Grant term={t('balanceBody_nextMonthly')} grant={details.nextMonthlyGrant} now={now} />}
        {recharge !== undefined && (
          <div data-testid="auto-recharge">
            <dt>{t('balanceBody_autoRecharge')}</dt>
            <dd>{recharge?.enabled ? t('balanceBody_on') : t('balanceBody_off')}</dd>
          </div>
        )}
      </dl>
      {recharge?.enabled && rechargeRule(recharge) && (
        <p class="balance-note muted" data-testid="auto-recharge-rule">
          {rechargeRule(recharge)}
        </p>
      )}
      {recharge?.lastFailureAt !== undefined && (
        <p class="balance-failure" data-testid="auto-recharge-failure">
          {t('balanceBody_rechargeFailed', dateFormat.format(recharge.lastFailureAt))}{' '}
          <a href={POE_BUY_POINTS_URL} target="_blank" rel="noopener noreferrer">
            {t('balanceBody_fixOnPoe')}
          </a>
        </p>
      )}
      <div class="balance-actions">
        <button type="button" class="secondary small" onClick={onShowUsage}>
          {t('usagePanel_title')}
        </button>
        <a class="button-link small" href={POE_BUY_POINTS_URL} target="_blank" rel="noopener noreferrer">
          {t('balanceBody_managePoints')}
        </a>
      </div>
    </div>
  );
}

const capitalise = (text: string) => text.charAt(0).toLocaleUpperCase(uiLocale()) + text.slice(1);

function Fact({ term, points, usd }: { term: string; points: number; usd?: number | undefined }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>
        {formatPoints(points)}
        {usd !== undefined && <span class="muted"> · {formatUsdWorth(points, usd)}</span>}
      </dd>
    </div>
  );
}


function Grant({ term, grant, now }: { term: string; grant: NonNullable<Details['nextDailyGrant']>; now: number }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd class="balance-grant">
        {grant.amount !== undefined && <span>+{formatPoints(grant.amount)}</span>}
        {grant.amount !== undefined && grant.at !== undefined && <span class="visually-hidden">, </span>}
        {grant.at !== undefined && (
          <time class="muted" dateTime={new Date(grant.at).toISOString()} title={dateFormat.format(grant.at)}>
            {formatCountdown(grant.at - now)}
          </time>
        )}
      </dd>
    </div>
  );
}

/** "Adds 10,000 points ($0.30) whenever the balance falls below 1,000 points." — what Poe told us of it. */
function rechargeRule(recharge: NonNullable<Details['autoRecharge']>): string | undefined {
  const refill =
    recharge.refillPoints === undefined
      ? undefined
      : recharge.refillUsd === undefined
        ? formatPoints(recharge.refillPoints)
        : t('balanceBody_pointsWithUsd', formatPoints(recharge.refillPoints), formatBalanceUsd(recharge.refillUsd));
  const threshold = recharge.thresholdPoints !== undefined ? formatPoints(recharge.thresholdPoints) : undefined;
  if (refill && threshold) return t('balanceBody_rechargeRule', refill, threshold);
  if (refill) return t('balanceBody_rechargeWhenLow', refill);
  if (threshold) return t('balanceBody_rechargeBelow', threshold);
  return undefined;
}
