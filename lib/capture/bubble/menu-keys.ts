/**
 * The bubble's keyboard: Alt+Enter opens the menu on a selection, the arrows walk the menu, Enter picks (an item is a
 * button; the Ask field sends its question), Esc closes everything and the focus goes back to where the user was.
 */
import type { SavedSelection } from './write-back';

/** The keyboard way in: with text selected, Alt+Enter opens the menu (documented in the README). */
export const OPEN_MENU_KEY = { key: 'Enter', altKey: true } as const;

/** What the page-wide keys act on. */
export interface KeyTarget {
  /** Whether the event happened inside the bubble (its own keys are its own). */
  inside(event: Event): boolean;
  /** Whether anything of the bubble shows (the button, the menu or a card), which Esc then closes. */
  showing(): boolean;
  dismiss(): void;
  /** Looks at the selection again; true when there is one to ask about. */
  selectionMade(): boolean;
  openMenu(): void;
}

/** The page-wide key listeners (installed on the document, capturing). */
export function pageKeys(target: KeyTarget): { keydown(event: KeyboardEvent): void; keyup(event: KeyboardEvent): void } {
  return {
    keydown(event) {
      if (event.key === 'Escape') {
        if (target.showing()) target.dismiss();
        return;
      }
      if (event.key === OPEN_MENU_KEY.key && event.altKey && !target.inside(event) && target.selectionMade()) {
        event.preventDefault();
        target.openMenu();
      }
    },
    // A selection made with the keyboard (Shift+arrows, Ctrl+A): any key that leaves text selected. Esc dismisses.
    keyup(event) {
      if (!target.inside(event) && event.key !== 'Escape' && event.key !== 'Tab') target.selectionMade();
    },
  };
}

/** Up and Down move the focus through the menu's items and its Ask field, round the ends. */
export function walkMenu(event: KeyboardEvent, box: HTMLElement, focused: Element | null | undefined): void {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const items = [...box.querySelectorAll<HTMLElement>('.item, input')];
  const index = items.indexOf(focused as HTMLElement);
  const next = items[(index + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length];
  next?.focus();
  event.preventDefault();
}

/** Enter in the Ask field sends its question (not while an input method composes); an empty field sends nothing. */
export function sendOnEnter(input: HTMLInputElement, send: (question: string) => void): void {
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    const question = input.value.trim();
    if (question) send(question);
  });
}

/** Gives the focus back where the user was: the field with its selection restored; on a page, to nothing. */
export function returnFocus(doc: Document, saved: SavedSelection | null | undefined): void {
  if (!saved || saved.kind === 'page') {
    (doc.activeElement as HTMLElement | null)?.blur();
    return;
  }
  if (saved.kind === 'control') {
    saved.element.focus({ preventScroll: true });
    saved.element.setSelectionRange(saved.start, saved.end);
  } else {
    saved.host.focus({ preventScroll: true });
    const selection = doc.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(saved.range);
  }
}
