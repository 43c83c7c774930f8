import { signal } from '@preact/signals';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ChatStore } from './chat-store';
import { BotAvatar } from './BotAvatar';
import { findModel } from './bot-model';
import { Icon } from './icons';
import { lazyView } from './lazy-view';
import './picker.css';

/**
 * The "Free only" filter: page-local, kept while the page lives, and switched on from outside by a free-tier
 * refusal's "Show free bots" ({@link showFreeBots}).
 */
export const freeOnly = signal(false);
/** Set to ask the picker to open (a refusal's way out); the picker clears it. */
const openRequest = signal(false);

/** Opens the picker with only free bots listed. */
export function showFreeBots(): void {
  freeOnly.value = true;
  openRequest.value = true;
}

/** The open list is its own chunk: the first paint shows only the trigger. */
const Popover = lazyView(() => import('./ModelPickerPopover').then((m) => m.ModelPickerPopover), 'nothing');

/** A key that types a character (no shortcut, no space, which presses the button). */
const isTyping = (event: KeyboardEvent) =>
  event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey;

/**
 * The bot picker in the header: a button showing the current bot that opens a searchable list (recent bots first,
 * then every model), driven by mouse or keyboard. A name that matches no model can be used as a private bot.
 */
export function ModelPicker({ store }: { store: ChatStore }) {
  const selected = store.selectedBot.value;
  const current = findModel(store.models.value, selected);
  const currentName = current?.displayName ?? selected;

  const [open, setOpen] = useState(false);
  /** Counts openings: each mounts a fresh list, starting at the current bot. */
  const [opening, setOpening] = useState(0);
  const [initialQuery, setInitialQuery] = useState('');
  const triggerRef = useRef<HTMLButtonElement>(null);
  const baseId = useId();

  // Fetched right after the first paint, so opening is instant; an opening before it arrives waits for it.
  useEffect(() => Popover.preload(), []);

  const openPicker = (query = '') => {
    setInitialQuery(query);
    setOpening((n) => n + 1);
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) triggerRef.current?.focus();
  };

  const requested = openRequest.value;
  useEffect(() => {
    if (!requested) return;
    openRequest.value = false;
    openPicker();
  }, [requested]);

  const onTriggerKey = (event: KeyboardEvent) => {
    if (open) {
      // The list has not arrived yet (it takes the focus when it does): what is typed meanwhile is its query.
      if (isTyping(event)) {
        event.preventDefault();
        setInitialQuery((query) => query + event.key);
      }
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openPicker();
    } else if (isTyping(event)) {
      // Typing on the closed picker starts a search.
      event.preventDefault();
      openPicker(event.key);
    }
  };

  return (
    <div class="bot-picker model-picker">
      <button
        ref={triggerRef}
        type="button"
        class="picker-trigger"
        aria-haspopup="listbox"
        aria-expanded={open}
        {...(open ? { 'aria-controls': `${baseId}-list` } : {})}
        title={current?.description ? `${currentName} — ${current.description}` : currentName}
        onClick={() => (open ? close(false) : openPicker())}
        onKeyDown={onTriggerKey}
      >
        <BotAvatar name={currentName} iconUrl={current?.iconUrl} size={22} />
        <span class="picker-trigger-name">
          <span class="visually-hidden">{t('modelPicker_botPrefix')} </span>
          {currentName}
        </span>
        <Icon name="chevronDown" size={14} class="picker-chevron" />
      </button>
      {open && <Popover key={opening} store={store} triggerRef={triggerRef} baseId={baseId} initialQuery={initialQuery} onClose={close} />}
    </div>
  );
}
