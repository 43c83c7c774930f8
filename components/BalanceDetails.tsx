import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AccountState, BalanceDetails as Details } from '@/lib/messaging/contracts';
import { POE_BUY_POINTS_URL } from '@/lib/messaging/rules';
import type { ChatStore } from './chat-store';
import { daysLeft, daysLeftText, formatCountdown, formatPoints, formatUsd, formatUsdWorth, isLowBalance } from './balance-format';
import { useNow } from './use-now';
import './balance.css';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Whether auto-recharge will top the balance up (on, and its last attempt did not fail). */
function rechargeWorks(details: Details | undefined): boolean {
  const recharge = details?.autoRecharge;
  return Boolean(recharge?.enabled && recharge.lastFailureAt === undefined);
}

/** The balance's low state and what to say about it, the same in the badge and in the panel. */
function lowBalance(account: AccountState): { low: boolean; days: number | undefined } {
  const balance = account.balance ?? 0;
  return {
    low:
      account.balance !== undefined &&
      isLowBalance({ balance, dailySpend: account.dailySpend, autoRechargeOn: rechargeWorks(account.balanceDetails) }),
    days: daysLeft(balance, account.dailySpend),
  };
}

/**
 * The point balance in the header, and the panel it opens: what the balance is made of, when the next points arrive,
 * whether auto-recharge is on, and how long the balance lasts at the recent pace. A non-modal dialog: Esc, a click
 * outside or moving the focus out closes it.
 */
export function BalanceDetails({ store }: { store: ChatStore }) {
  const account = store.account.value;
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const [placement, setPlacement] = useState<{ top: number; right: number; width: number } | undefined>(undefined);
  const id = useId();

  const place = () => {
    const rect = triggerRef.current?.getBoundingClientRect();
    if (!rect) return;
    const width = Math.min(340, window.innerWidth - 16);
    const right = Math.max(8, Math.min(window.innerWidth - rect.right, window.innerWidth - 8 - width));
    setPlacement({ top: rect.bottom + 4, right, width });
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) triggerRef.current?.focus();
  };
  const toggle = () => {
    if (open) return close(false);
    place();
    setOpen(true);
    // What Poe says now, not what it said at the last answer.
    store.refreshBalance();
  };

  useLayoutEffect(() => {
    if (open) panelRef.current?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const outside = (target: EventTarget | null) =>
      target instanceof Node && !panelRef.current?.contains(target) && !triggerRef.current?.contains(target);
    const onPointerDown = (event: PointerEvent) => outside(event.target) && close(false);
    const onFocusIn = (event: FocusEvent) => outside(event.target) && close(false);
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('focusin', onFocusIn);
    window.addEventListener('resize', place);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('focusin', onFocusIn);
      window.removeEventListener('resize', place);
    };
  }, [open]);

  if (!account) return null;
  const { low, days } = lowBalance(account);
  const label =
    account.balance !== undefined
      ? formatPoints(account.balance)
      : account.balanceError
        ? 'Balance unavailable'
        : '…';
  const hint = low
    ? days !== undefined
      ? `Your Poe points are running low: ${daysLeftText(days)}.`
      : 'Your Poe point balance is low.'
    : 'Poe points left.';
  return (
    <div class="balance-menu">
      <button
        ref={triggerRef}
        type="button"
        class={`balance${low ? ' low' : ''}`}
        data-testid="balance"
        title={`${hint} Show details.`}
        aria-haspopup="dialog"
        aria-expanded={open}
        {...(open ? { 'aria-controls': `${id}-panel` } : {})}
        onClick={toggle}
      >
        {label}
        {low && <span class="low-note"> · low</span>}
      </button>
      {open && (
        <div
          ref={panelRef}
          id={`${id}-panel`}
          class="balance-popover"
          role="dialog"
          aria-labelledby={`${id}-title`}
          tabIndex={-1}
          style={placement ? `top: ${placement.top}px; right: ${placement.right}px; width: ${placement.width}px` : undefined}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.preventDefault();
            event.stopPropagation();
            close(true);
          }}
        >
          <div class="balance-popover-head">
            <h2 id={`${id}-title`}>Poe points</h2>
            <button type="button" class="ghost small" aria-label="Close" onClick={() => close(true)}>
              ✕
            </button>
          </div>
          <BalanceBody store={store} account={account} low={low} days={days} onShowUsage={() => {
            close(false);
            store.showView('usage');
          }} />
        </div>
      )}
    </div>
  );
}

function BalanceBody({
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
