import type { ComponentChildren } from 'preact';

/**
 * Stands for an element (a link, a bold host name) inside a translated sentence: pass it as the message's
 * substitution, and `TextWithSlot` puts the element where that language placed it (word order differs).
 */
export const SLOT = '\u0000';

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
