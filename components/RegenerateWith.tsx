import { t } from '@/lib/i18n';
import { BotPickerButton } from './BotPickerButton';
import type { ChatStore } from './chat-store';
import { Icon } from './icons';

/** "Regenerate with…" (a chevron beside Regenerate): asks this answer's question again of a bot chosen in the picker, as a new version. */
export function RegenerateWith({ store, messageId, bot }: { store: ChatStore; messageId: string; bot: string }) {
  return (
    <BotPickerButton
      store={store}
      current={bot}
      onChoose={(chosen) => store.retryWith(messageId, chosen)}
      class="ghost small regenerate-with"
      label={t('regenerateWith_label')}
      title={t('regenerateWith_title')}
    >
      <Icon name="chevronDown" size={14} />
    </BotPickerButton>
  );
}
