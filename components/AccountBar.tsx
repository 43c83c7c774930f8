import type { ChatStore } from './chat-store';
import type { MainView } from './page-state';
import { Icon } from './icons';
import { ModelPicker } from './ModelPicker';

const numberFormat = new Intl.NumberFormat();
/** Below this many points a single long answer from a large model may not fit: warn. */
export const LOW_BALANCE_POINTS = 500;

/** The bot picker, the point balance and the page's tools, always in view. */
export function AccountBar({ store }: { store: ChatStore }) {
  const account = store.account.value;
  const view = store.view.value;
  const onView = (next: MainView) => store.showView(next);
  if (!account) return null;
  return (
    <header class="account-bar">
      <ModelPicker store={store} />
      <BalanceBadge store={store} onShowUsage={() => onView(view === 'usage' ? 'chat' : 'usage')} />
      <div class="toolbar">
        <button
          type="button"
          class="icon-button"
          aria-label="History"
          title="History"
          aria-pressed={view === 'history'}
          onClick={() => onView(view === 'history' ? 'chat' : 'history')}
        >
          <Icon name="history" />
        </button>
        <button
          type="button"
          class="icon-button"
          aria-label="New chat"
          title="New chat"
          onClick={() => store.newChat()}
        >
          <Icon name="plus" />
        </button>
        <button
          type="button"
          class="icon-button"
          aria-label="Settings"
          title="Settings"
          aria-pressed={view === 'settings'}
          onClick={() => onView(view === 'settings' ? 'chat' : 'settings')}
        >
          <Icon name="gear" />
        </button>
      </div>
    </header>
  );
}

function BalanceBadge({ store, onShowUsage }: { store: ChatStore; onShowUsage(): void }) {
  const account = store.account.value;
  if (!account) return null;
  const low = account.balance !== undefined && account.balance < LOW_BALANCE_POINTS;
  const label =
    account.balance !== undefined
      ? `${numberFormat.format(account.balance)} points`
      : account.balanceError
        ? 'Balance unavailable'
        : '…';
  return (
    <button
      type="button"
      class={`balance${low ? ' low' : ''}`}
      data-testid="balance"
      title={low ? 'Your Poe point balance is low. Show recent usage.' : 'Poe points left. Show recent usage.'}
      onClick={onShowUsage}
    >
      {label}
      {low && <span class="low-note"> · low</span>}
    </button>
  );
}
