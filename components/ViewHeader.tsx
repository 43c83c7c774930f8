import { t } from '@/lib/i18n';
import type { ChatStore } from './chat-store';
import { Icon } from './icons';

/** The title of a view other than the chat, with the way back to it. */
export function ViewHeader({ store, title }: { store: ChatStore; title: string }) {
  return (
    <div class="view-header">
      <button type="button" class="icon-button" aria-label={t('viewHeader_backToChat')} title={t('viewHeader_backToChat')} onClick={() => store.showView('chat')}>
        <Icon name="back" />
      </button>
      <h2>{title}</h2>
    </div>
  );
}
