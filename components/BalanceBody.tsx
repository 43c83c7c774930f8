import type { AccountState, BalanceDetails as Details } from '@/lib/messaging/contracts';
import { POE_BUY_POINTS_URL } from '@/lib/messaging/rules';
import type { ChatStore } from './chat-store';
import { daysLeftText, formatCountdown, formatPoints, formatUsd, formatUsdWorth } from './balance-format';
import { useNow } from './use-now';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

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
        <p class="muted">{account.balanceError ? account.balanceError.message : 'Asking Poe…'}</p>
        {account.balanceError && (
          <button type="button" class="secondary small" onClick={() => store.refreshBalance()}>
            Try again
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
            ? `${capitalise(daysLeftText(days))} (about ${formatPoints(account.dailySpend ?? 0)} a day).`
            : 'Your balance is low: a long answer from a large model may not fit.'}
        </p>
      )}
      <dl class="balance-facts">
        {details?.planPoints !== undefined && (
          <Fact term="Plan points" points={details.planPoints} usd={details.planUsd} />
        )}
        {details?.addonPoints !== undefined && (
          <Fact term="Add-on points" points={details.addonPoints} usd={details.addonUsd} />
        )}
        {details?.nextDailyGrant && <Grant term="Next daily points" grant={details.nextDailyGrant} now={now} />}
        {details?.nextMonthlyGrant && <Grant term="Next monthly points" grant={details.nextMonthlyGrant} now={now} />}
        {recharge !== undefined && (
          <div data-testid="auto-recharge">
            <dt>Auto-recharge</dt>
            <dd>{recharge?.enabled ? 'On' : 'Off'}</dd>
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
          The last automatic recharge failed on {dateFormat.format(recharge.lastFailureAt)}.{' '}
          <a href={POE_BUY_POINTS_URL} target="_blank" rel="noopener noreferrer">
            Fix it on Poe
          </a>
        </p>
      )}
      <div class="balance-actions">
        <button type="button" class="secondary small" onClick={onShowUsage}>
          Recent usage
        </button>
        <a class="button-link small" href={POE_BUY_POINTS_URL} target="_blank" rel="noopener noreferrer">
          Manage points on Poe
        </a>
      </div>
    </div>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

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
  const refillUsd = recharge.refillUsd !== undefined ? ` (${formatUsd(recharge.refillUsd)})` : '';
  const refill = recharge.refillPoints !== undefined ? `Adds ${formatPoints(recharge.refillPoints)}${refillUsd}` : undefined;
  const threshold = recharge.thresholdPoints !== undefined ? formatPoints(recharge.thresholdPoints) : undefined;
  if (refill && threshold) return `${refill} whenever the balance falls below ${threshold}.`;
  if (refill) return `${refill} when the balance runs low.`;
  if (threshold) return `Tops up whenever the balance falls below ${threshold}.`;
  return undefined;
}
