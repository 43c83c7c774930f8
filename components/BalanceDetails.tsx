import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { AccountState, BalanceDetails as Details } from '@/lib/messaging/contracts';
import type { ChatStore } from './chat-store';
import { daysLeft, daysLeftText, isLowBalance } from './balance-format';
import { formatPoints } from './cost-format';
import { lazyView } from './lazy-view';
import './balance.css';

const BalanceBody = lazyView(() => import('./BalanceBody').then((m) => m.BalanceBody));

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
        ? t('balanceDetails_unavailable')
        : '…';
  const hint = low
    ? days !== undefined
      ? t('balanceDetails_runningLow', daysLeftText(days))
      : t('balanceDetails_low')
    : t('balanceDetails_pointsLeft');
  return (
    <div class="balance-menu">
      <button
        ref={triggerRef}
        type="button"
        class={`balance${low ? ' low' : ''}`}
        data-testid="balance"
        title={t('balanceDetails_showDetails', hint)}
        aria-haspopup="dialog"
        aria-expanded={open}
        {...(open ? { 'aria-controls': `${id}-panel` } : {})}
        onClick={toggle}
      >
        {label}
        {low && <span class="low-note"> · {t('balanceDetails_lowNote')}</span>}
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
            <h2 id={`${id}-title`}>{t('balanceDetails_title')}</h2>
            <button type="button" class="ghost small" aria-label={t('common_close')} onClick={() => close(true)}>
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
