import browser from 'webextension-polyfill';
import { t } from '@/lib/i18n';
import type { Surface } from '@/lib/messaging/contracts';
import type { ChatStore } from './chat-store';
import type { MainView } from './page-state';
import { BalanceDetails } from './BalanceDetails';
import { Icon } from './icons';
import { ModelPicker } from './ModelPicker';
import { tabUrl } from './tab-address';

/** The full tab with the conversation on screen; the popup closes behind it. */
function openInTab(store: ChatStore, surface: Surface): void {
  void browser.tabs.create({ url: tabUrl(browser.runtime.getURL('/'), store.conversationId.peek()) }).then(() => {
    if (surface === 'popup') window.close();
  });
}

/**
 * The bot picker, the point balance and the page's tools, always in view. `docked`: the full tab shows the history
 * beside the chat, so it has no History button.
 */
export function AccountBar({ store, surface, docked = false }: { store: ChatStore; surface: Surface; docked?: boolean }) {
  const account = store.account.value;
  const view = store.view.value;
  const onView = (next: MainView) => store.showView(next);
  if (!account) return null;
  return (
    <header class="account-bar">
      <ModelPicker store={store} />
      <BalanceDetails store={store} />
      <div class="toolbar">
        {surface !== 'tab' && (
          <button type="button" class="icon-button" aria-label={t('accountBar_openInTab')} title={t('accountBar_openInTab')} onClick={() => openInTab(store, surface)}>
            <Icon name="expand" />
          </button>
        )}
        {!docked && (
        <button
          type="button"
          class="icon-button"
          aria-label={t('accountBar_history')}
          title={t('accountBar_history')}
          aria-pressed={view === 'history'}
          onClick={() => onView(view === 'history' ? 'chat' : 'history')}
        >
          <Icon name="history" />
        </button>
        )}
        <button
          type="button"
          class="icon-button"
          aria-label={t('accountBar_newChat')}
          title={t('accountBar_newChat')}
          onClick={() => store.newChat()}
        >
          <Icon name="plus" />
        </button>
        <button
          type="button"
          class="icon-button"
          aria-label={t('settingsPanel_title')}
          title={t('settingsPanel_title')}
          aria-pressed={view === 'settings'}
          onClick={() => onView(view === 'settings' ? 'chat' : 'settings')}
        >
          <Icon name="gear" />
        </button>
      </div>
    </header>
  );
}
