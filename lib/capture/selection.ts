import type { SelectionText } from '@/lib/messaging/content-contracts';
import { capText, MAX_TEXT_CHARS } from './page-text';

/** Input types whose value can be selected (the others have no `selectionStart`); never a password field. */
const SELECTABLE_INPUTS = new Set(['text', 'search', 'url', 'tel']);

/**
 * The user's whole selection as plain text, line breaks kept: the selected part of a focused text field, otherwise
 * the document's selection (which in Chrome's context-menu `selectionText` would have its line breaks collapsed).
 */
export function readSelection(doc: Document, maxChars = MAX_TEXT_CHARS): SelectionText {
  const text = (selectedFieldText(doc) ?? safeSelectionString(doc))
    .replace(/\r\n?/g, '\n')
    // Blank lines before and after (a selection ending at a paragraph's end has some), not the first line's indent.
    .replace(/^\s*\n/, '')
    .replace(/\n\s*$/, '');
  return {
    text: capText(text, maxChars),
    title: doc.title,
    url: doc.location?.href ?? doc.URL,
  };
}

/** The selected part of the focused `<textarea>` or text `<input>` (looking into open shadow roots), if any. */
export function selectedFieldText(doc: Document): string | null {
  let active: Element | null = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  if (!active) return null;
  const name = active.localName;
  if (name !== 'textarea' && name !== 'input') return null;
  const field = active as HTMLInputElement | HTMLTextAreaElement;
  if (name === 'input' && !SELECTABLE_INPUTS.has((field as HTMLInputElement).type)) return null;
  try {
    const start = field.selectionStart;
    const end = field.selectionEnd;
    if (start === null || end === null || end <= start) return null;
    return field.value.slice(start, end);
  } catch {
    return null;
  }
}

function safeSelectionString(doc: Document): string {
  try {
    return doc.getSelection()?.toString() ?? '';
  } catch {
    return '';
  }
}

export type { SelectionText };
