import type { ChatStore } from './chat-store';
import type { MainView } from './page-state';
import { BalanceDetails } from './BalanceDetails';
import { Icon } from './icons';
import { ModelPicker } from './ModelPicker';

/** The bot picker, the point balance and the page's tools, always in view. */
export function AccountBar({ store }: { store: ChatStore }) {
  const account = store.account.value;
  const view = store.view.value;
  const onView = (next: MainView) => store.showView(next);
  if (!account) return null;
  return (
    <header class="account-bar">
      <ModelPicker store={store} />
      <BalanceDetails store={store} />
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
