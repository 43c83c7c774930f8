import { t } from '@/lib/i18n';
import type { ChatStore } from './chat-store';

/**
 * ‹ 2 / 3 › on a regenerated or edited message (issue 16): each version shows with its own continuation. Off while
 * the conversation is answering (the background refuses a switch then: the answer is being written on this path).
 */
export function VersionSwitcher({ store, messageId, index, count }: { store: ChatStore; messageId: string; index: number; count: number }) {
  const busy = store.isAnswering.value;
  const to = (target: number) => () => store.switchVersion(messageId, target);
  const why = busy ? t('versionSwitcher_busy') : undefined;
  return (
    <div class="version-switcher" role="group" aria-label={t('versionSwitcher_label')}>
      <button type="button" class="ghost small version-step" aria-label={t('versionSwitcher_previous')} title={why} disabled={busy || index <= 0} onClick={to(index - 1)}>
        ‹
      </button>
      <span class="version-count" aria-live="polite">
        {index + 1} / {count}
      </span>
      <button type="button" class="ghost small version-step" aria-label={t('versionSwitcher_next')} title={why} disabled={busy || index >= count - 1} onClick={to(index + 1)}>
        ›
      </button>
    </div>
  );
}
