/** Fenced/indented code: a header with the language and a Copy button, then <pre><code>. */
import { h } from './dom';

const COPY_FEEDBACK_MS = 1500;
const LANGUAGE = /^[A-Za-z0-9_+#.-]{1,32}$/;

/** The info string's first word when it looks like a language name ("```python title=x" → "python"). */
export function languageOf(info: string | undefined): string {
  const word = (info ?? '').trim().split(/\s/, 1)[0] ?? '';
  return LANGUAGE.test(word) ? word : '';
}

export interface CodeView {
  root: HTMLElement;
  code: HTMLElement;
}

export function buildCodeBlock(doc: Document, lang: string, text: string): CodeView {
  const root = h(doc, 'div', { class: 'md-code' });
  const bar = h(doc, 'div', { class: 'md-code-bar' });
  if (lang) {
    const label = h(doc, 'span', { class: 'md-code-lang' });
    label.textContent = lang;
    bar.appendChild(label);
  }
  const copy = h(doc, 'button', { type: 'button', class: 'md-copy' });
  copy.textContent = 'Copy';
  bar.appendChild(copy);
  const pre = h(doc, 'pre');
  const code = h(doc, 'code', lang ? { class: `language-${lang.replace(/[^A-Za-z0-9_-]/g, '_')}` } : undefined);
  code.appendChild(doc.createTextNode(text));
  pre.appendChild(code);
  root.append(bar, pre);
  // Read the text at click time: an open block keeps growing, and highlighting swaps its nodes.
  copy.addEventListener('click', () => void copyText(copy, code.textContent ?? ''));
  return { root, code };
}

async function copyText(button: HTMLElement, text: string): Promise<void> {
  let label = 'Copied';
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    label = 'Copy failed';
  }
  button.textContent = label;
  setTimeout(() => {
    button.textContent = 'Copy';
  }, COPY_FEEDBACK_MS);
}

/**
 * Streaming text into an open code block: append the new characters as a new text node instead of rewriting the
 * block, so earlier lines keep their layout and any selection the user made in them.
 */
export function growCode(view: CodeView, shown: string, next: string): boolean {
  if (!next.startsWith(shown)) return false;
  if (next.length > shown.length) view.code.appendChild(view.code.ownerDocument.createTextNode(next.slice(shown.length)));
  return true;
}
