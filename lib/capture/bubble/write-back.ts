import type { Place, TextControl } from './fields';

/**
 * The selection as it was when the user opened the bubble, and writing an answer back into it "as if typed": the
 * editor's own undo stack and input events where the browser offers them (`execCommand('insertText')`), else a
 * direct edit followed by the `beforeinput`/`input` events a site listens to.
 */
export type SavedSelection =
  | { kind: 'control'; element: TextControl; start: number; end: number }
  | { kind: 'editable'; host: HTMLElement; range: Range }
  | { kind: 'page'; range: Range };

export function saveSelection(doc: Document, place: Place): SavedSelection | null {
  if (place.kind === 'control') {
    const { element } = place;
    return { kind: 'control', element, start: element.selectionStart ?? 0, end: element.selectionEnd ?? 0 };
  }
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0).cloneRange();
  return place.kind === 'editable' ? { kind: 'editable', host: place.host, range } : { kind: 'page', range };
}

/** Whether the answer can go back where the text came from (a field or an editor still in the page). */
export function canWriteBack(saved: SavedSelection | null): saved is Exclude<SavedSelection, { kind: 'page' }> {
  if (!saved || saved.kind === 'page') return false;
  const target = saved.kind === 'control' ? saved.element : saved.host;
  return target.isConnected;
}

function inputEvent(view: Window, type: 'beforeinput' | 'input', data: string): InputEvent {
  return new (view as unknown as typeof globalThis).InputEvent(type, { bubbles: true, cancelable: type === 'beforeinput', composed: true, inputType: 'insertReplacementText', data });
}

/** `insertText` through the editing command, which keeps undo and fires the site's events; false when refused. */
function execInsert(doc: Document, text: string): boolean {
  try {
    return doc.execCommand('insertText', false, text);
  } catch {
    return false;
  }
}

/** Writes `text` over the control's [start, end) as if typed. */
function writeControl(element: TextControl, start: number, end: number, text: string): void {
  const doc = element.ownerDocument;
  const view = doc.defaultView!;
  element.focus({ preventScroll: true });
  element.setSelectionRange(start, end);
  const before = element.value;
  if (execInsert(doc, text) && element.value !== before) return;
  if (!element.dispatchEvent(inputEvent(view, 'beforeinput', text))) return;
  element.setRangeText(text, start, end, 'end');
  element.dispatchEvent(inputEvent(view, 'input', text));
}

/** Writes `text` over `range` inside an editing host as if typed. */
function writeEditable(host: HTMLElement, range: Range, text: string): void {
  const doc = host.ownerDocument;
  const view = doc.defaultView!;
  host.focus({ preventScroll: true });
  const selection = doc.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  const before = host.textContent;
  if (execInsert(doc, text) && host.textContent !== before) return;
  if (!host.dispatchEvent(inputEvent(view, 'beforeinput', text))) return;
  range.deleteContents();
  const node = doc.createTextNode(text);
  range.insertNode(node);
  range.setStartAfter(node);
  range.collapse(true);
  selection?.removeAllRanges();
  selection?.addRange(range);
  host.dispatchEvent(inputEvent(view, 'input', text));
}

/** Replace the saved selection with `text`. */
export function replaceSelection(saved: Exclude<SavedSelection, { kind: 'page' }>, text: string): void {
  if (saved.kind === 'control') {
    writeControl(saved.element, saved.start, saved.end, text);
    saved.end = saved.start + text.length;
  } else {
    writeEditable(saved.host, saved.range, text);
  }
}

/** Put `text` after the saved selection, on a new paragraph (a space in one-line inputs). */
export function insertBelow(saved: Exclude<SavedSelection, { kind: 'page' }>, text: string): void {
  if (saved.kind === 'control') {
    const separator = saved.element.tagName === 'INPUT' ? ' ' : '\n\n';
    writeControl(saved.element, saved.end, saved.end, `${separator}${text}`);
    return;
  }
  const range = saved.range.cloneRange();
  range.collapse(false);
  writeEditable(saved.host, range, `\n${text}`);
}
