import { useId, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ChatStore } from './chat-store';
import { Icon } from './icons';
import { lazyView } from './lazy-view';

/** The header picker's list (reused, not copied), loaded when first wanted. */
const Popover = lazyView(() => import('./RegeneratePicker').then((m) => m.RegeneratePicker), 'nothing');

/** "Regenerate with…" (a chevron beside Regenerate): asks this answer's question again of a bot chosen in the picker, as a new version. */
export function RegenerateWith({ store, messageId, bot }: { store: ChatStore; messageId: string; bot: string }) {
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const baseId = useId();
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) triggerRef.current?.focus();
  };
  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        class="ghost small regenerate-with"
        aria-label={t('regenerateWith_label')}
        title={t('regenerateWith_title')}
        aria-haspopup="listbox"
        aria-expanded={open}
        {...(open ? { 'aria-controls': `${baseId}-list` } : {})}
        onClick={() => setOpen(!open)}
        onPointerEnter={() => Popover.preload()}
      >
        <Icon name="chevronDown" size={14} />
      </button>
      {open && (
        <Popover
          store={store}
          triggerRef={triggerRef}
          baseId={baseId}
          initialQuery=""
          current={bot}
          onClose={close}
          onChoose={(chosen: string) => store.retryWith(messageId, chosen)}
        />
      )}
    </>
  );
}
