import type { ComponentChildren } from 'preact';

/**
 * Stands for an element (a link, a bold host name) inside a translated sentence: pass it as the message's
 * substitution, and `TextWithSlot` puts the element where that language placed it (word order differs).
 */
// A private-use character: no language's text has it, and browser.i18n passes it through (Chrome drops a NUL).
export const SLOT = '\uE000';

/** `text` (a message given SLOT for one placeholder) with `children` in the slot. */
export function TextWithSlot({ text, children }: { text: string; children: ComponentChildren }) {
  const at = text.indexOf(SLOT);
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      {children}
      {text.slice(at + SLOT.length)}
    </>
  );
}
