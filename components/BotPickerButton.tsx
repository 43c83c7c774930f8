import type { ComponentChildren } from 'preact';
import { useId, useRef, useState } from 'preact/hooks';
import type { ChatStore } from './chat-store';
import { lazyView } from './lazy-view';

/** The header picker's list (reused, not copied), loaded when first wanted. */
const Popover = lazyView(() => import('./RegeneratePicker').then((m) => m.RegeneratePicker), 'nothing');

/**
 * A button that opens the bot picker's list for one choice other than the header's ("Regenerate with…", a bot to
 * compare): `onChoose` gets the bot picked; Esc or a pick puts the focus back on the button.
 */
export function BotPickerButton({
  store,
  current,
  onChoose,
  class: className,
  label,
  title,
  children,
}: {
  store: ChatStore;
  /** The bot the list marks as current. */
  current: string;
  onChoose(bot: string): void;
  class: string;
  /** The button's accessible name, when its content is only an icon. */
  label?: string;
  title?: string;
  children: ComponentChildren;
}) {
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
        class={className}
        {...(label ? { 'aria-label': label } : {})}
        {...(title ? { title } : {})}
        aria-haspopup="listbox"
        aria-expanded={open}
        {...(open ? { 'aria-controls': `${baseId}-list` } : {})}
        onClick={() => setOpen(!open)}
        onPointerEnter={() => Popover.preload()}
      >
        {children}
      </button>
      {open && <Popover store={store} triggerRef={triggerRef} baseId={baseId} initialQuery="" current={current} onClose={close} onChoose={onChoose} />}
    </>
  );
}
