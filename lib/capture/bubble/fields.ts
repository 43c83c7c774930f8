/**
 * Where the bubble may help: text fields and editors the user writes in, minus the ones it must stay out of.
 *
 * Opt-outs (an element or any ancestor): the attributes writing assistants already honour, so a site that turned
 * Grammarly & co. away turns us away too —
 *   data-gramm="false", data-gramm_editor="false", data-enable-grammarly="false" (Grammarly),
 *   data-lt-active="false" (LanguageTool), data-ms-editor="false" (Microsoft Editor),
 *   data-poe-toolbar="off" (ours, for sites that want to say it to us by name).
 * Never: password fields and fields that hold secrets (one-time codes, card numbers), read-only or disabled fields.
 */

const OPT_OUTS: readonly [string, string][] = [
  ['data-gramm', 'false'],
  ['data-gramm_editor', 'false'],
  ['data-enable-grammarly', 'false'],
  ['data-lt-active', 'false'],
  ['data-ms-editor', 'false'],
  ['data-poe-toolbar', 'off'],
];

/** `input` types that hold prose (an absent or unknown type is a text field). */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', '']);

/** `autocomplete` tokens of secrets: never offered, never read. */
const SECRET_AUTOCOMPLETE = /\b(current-password|new-password|one-time-code|cc-number|cc-csc)\b/i;

export type TextControl = HTMLInputElement | HTMLTextAreaElement;

/** Where a selection is: in a text control, in an editable region (its editing host), or in the page's text. */
export type Place = { kind: 'control'; element: TextControl } | { kind: 'editable'; host: HTMLElement } | { kind: 'page' };

function isElement(node: Node | null | undefined): node is Element {
  return !!node && node.nodeType === 1;
}

/** Whether `node` or an ancestor (across shadow roots) opted out of writing assistants. */
export function optedOut(node: Node | null): boolean {
  for (let at: Node | null = node; at; at = at.parentNode ?? (at as ShadowRoot).host ?? null) {
    if (!isElement(at)) continue;
    for (const [name, value] of OPT_OUTS) if (at.getAttribute(name)?.toLowerCase() === value) return true;
  }
  return false;
}

/** A control holding a secret, or one the user cannot change. */
function isSecret(element: TextControl): boolean {
  if (element instanceof element.ownerDocument.defaultView!.HTMLInputElement && element.type.toLowerCase() === 'password') return true;
  return SECRET_AUTOCOMPLETE.test(element.getAttribute('autocomplete') ?? '');
}

/** The text control `element` is, when it is one the bubble may write into (a prose input or a textarea). */
export function textControl(element: Element | null): TextControl | null {
  if (!element) return null;
  const tag = element.tagName;
  if (tag === 'TEXTAREA') return element as HTMLTextAreaElement;
  if (tag === 'INPUT') {
    const input = element as HTMLInputElement;
    return TEXT_INPUT_TYPES.has((input.getAttribute('type') ?? '').toLowerCase()) || input.type === 'text' ? input : null;
  }
  return null;
}

/** The editing host of `node` (the outermost element of the contenteditable region it is in), if it is in one. */
export function editingHost(node: Node | null): HTMLElement | null {
  let at: Node | null = node;
  while (at && !isElement(at)) at = at.parentNode;
  let host: HTMLElement | null = null;
  for (let element = at as HTMLElement | null; element; element = element.parentElement) {
    const attribute = element.getAttribute('contenteditable')?.toLowerCase();
    if (attribute === 'false') break;
    if (attribute === '' || attribute === 'true' || attribute === 'plaintext-only') host = element;
  }
  return host;
}

/**
 * Where the bubble may act on what is selected: null when it must not (a password or secret field, an opt-out, a
 * read-only or disabled control), or when nothing is selected.
 */
export function placeOf(doc: Document): { place: Place; text: string } | null {
  const active = doc.activeElement;
  const control = textControl(active);
  if (active && (active.tagName === 'INPUT' || active.tagName === 'TEXTAREA') && !control) return null;
  if (control) {
    if (isSecret(control) || control.readOnly || control.disabled || optedOut(control)) return null;
    const start = control.selectionStart ?? 0;
    const end = control.selectionEnd ?? 0;
    const text = control.value.slice(start, end);
    return text.trim() ? { place: { kind: 'control', element: control }, text } : null;
  }
  const selection = doc.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const text = selection.toString();
  if (!text.trim()) return null;
  const anchor = selection.getRangeAt(0).commonAncestorContainer;
  if (optedOut(anchor)) return null;
  const host = editingHost(anchor);
  return { place: host ? { kind: 'editable', host } : { kind: 'page' }, text };
}
