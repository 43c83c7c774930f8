/** Fenced/indented code: a header with the language and a Copy button, then <pre><code>. */
import { t } from '@/lib/i18n';
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

/** `text` null: leave <code> empty for an OpenCode to fill. */
export function buildCodeBlock(doc: Document, lang: string, text: string | null): CodeView {
  const root = h(doc, 'div', { class: 'md-code' });
  const bar = h(doc, 'div', { class: 'md-code-bar' });
  if (lang) {
    const label = h(doc, 'span', { class: 'md-code-lang' });
    label.textContent = lang;
    bar.appendChild(label);
  }
  const copy = h(doc, 'button', { type: 'button', class: 'md-copy' });
  copy.textContent = t('common_copy');
  bar.appendChild(copy);
  const pre = h(doc, 'pre', { tabindex: '0' });
  const code = h(doc, 'code', lang ? { class: `language-${lang.replace(/[^A-Za-z0-9_-]/g, '_')}` } : undefined);
  if (text !== null) code.appendChild(doc.createTextNode(text));
  pre.appendChild(code);
  root.append(bar, pre);
  // Read the text at click time: an open block keeps growing, and highlighting swaps its nodes.
  copy.addEventListener('click', () => void copyText(copy, code.textContent ?? ''));
  return { root, code };
}

async function copyText(button: HTMLElement, text: string): Promise<void> {
  let label = t('common_copied');
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    label = t('markdown_copyFailed');
  }
  button.textContent = label;
  setTimeout(() => {
    button.textContent = t('common_copy');
  }, COPY_FEEDBACK_MS);
}

/** Lines per block-level group in an open code block (see OpenCode). */
const LINES_PER_GROUP = 32;

/**
 * The body of a code block that is still streaming. Chromium lays out a whole <pre> again whenever its text
 * changes (3 ms per chunk for a 2,000-line block), so an open block's lines go into block-level groups of 32
 * (span.md-code-lines, display: block) and only the last group changes. Each group keeps its newlines, so the
 * code's textContent (what Copy copies) is exact and it still reads right without the stylesheet. The finished
 * block is rendered afresh as one text node (and highlighted), once.
 *
 * Updates take in only what is new: lines before the last never change while the block is open (its last line may
 * be speculative: it grows, or goes), so the work per chunk does not grow with the block.
 */
export class OpenCode {
  /** Lines shown, and characters of the last one. */
  private lines = 0;
  private lastLength = 0;
  private tailText = '';
  private tail: Text | null = null;

  constructor(private readonly code: HTMLElement) {}

  /** Shows `lines`; false when they are not these lines grown (the caller re-creates the block). */
  update(lines: readonly string[]): boolean {
    const n = lines.length;
    const last = lines[n - 1] ?? '';
    if (n < this.lines) {
      // The speculative last line went (it turned out to be the closing fence): take it and its line break back.
      const drop = this.lastLength + 1;
      if (n !== this.lines - 1 || n === 0 || this.tailText.length < drop) return false;
      this.setTail(this.tailText.slice(0, -drop));
      this.lines = n;
      this.lastLength = last.length;
      return true;
    }
    let added: string;
    if (this.lines === 0) added = lines.join('\n');
    else {
      const grown = lines[this.lines - 1] ?? '';
      if (grown.length < this.lastLength) return false;
      added = grown.slice(this.lastLength);
      if (n > this.lines) added += '\n' + lines.slice(this.lines).join('\n');
    }
    this.lines = n;
    this.lastLength = last.length;
    this.grow(added);
    return true;
  }

  /** The last line grew by `text`. */
  append(text: string): boolean {
    if (this.lines === 0) return false;
    this.lastLength += text.length;
    this.grow(text);
    return true;
  }

  private grow(added: string): void {
    let text = this.tailText + added;
    for (let cut = groupEnd(text); cut >= 0; cut = groupEnd(text)) {
      this.setTail(text.slice(0, cut));
      this.tail = null; // that group is full: start the next one
      text = text.slice(cut);
    }
    if (text || !this.tail) this.setTail(text);
  }

  private setTail(text: string): void {
    if (this.tail) this.tail.data = text;
    else {
      const doc = this.code.ownerDocument;
      const group = h(doc, 'span', { class: 'md-code-lines' });
      this.tail = group.appendChild(doc.createTextNode(text));
      this.code.appendChild(group);
    }
    this.tailText = text;
  }
}

/** Index just after the group's last newline once `text` holds a full group, else -1. */
function groupEnd(text: string): number {
  let at = -1;
  for (let n = 0; n < LINES_PER_GROUP; n++) {
    at = text.indexOf('\n', at + 1);
    if (at < 0) return -1;
  }
  return at + 1;
}
