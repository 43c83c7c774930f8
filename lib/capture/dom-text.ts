/**
 * Plain text from a DOM subtree, the way a reader sees it: paragraphs separated by a blank line, headings and list
 * items on lines of their own (`# Heading`, `- item`, `1. item`), table rows on lines with ` | ` between cells, and
 * `<pre>` kept verbatim. Scripts, styles, form controls, media and hidden elements are left out.
 *
 * Works on any Document (live, cloned, or parsed with DOMParser) and never mutates it.
 */

export interface DomTextOptions {
  /** Leave out an element and everything inside it (on top of the built-in rules). */
  skip?: (element: Element) => boolean;
  /** Stop walking once about this many characters are written (the caller caps the exact length). */
  limit?: number;
}

/** Elements whose content is never text for a reader. */
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'base', 'svg', 'math', 'canvas',
  'iframe', 'frame', 'frameset', 'object', 'embed', 'audio', 'video', 'img', 'picture', 'source', 'track', 'map',
  'select', 'input', 'textarea', 'button', 'datalist', 'slot',
]);

/** Blocks followed and preceded by a blank line. */
const PARAGRAPHS = new Set([
  'p', 'pre', 'blockquote', 'table', 'ul', 'ol', 'dl', 'figure', 'hr', 'section', 'article', 'main', 'header',
  'footer', 'nav', 'aside', 'address', 'details', 'fieldset', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
]);

/** Blocks that start and end a line. */
const LINES = new Set([
  'div', 'li', 'tr', 'dt', 'dd', 'figcaption', 'summary', 'caption', 'legend', 'option', 'center', 'hgroup', 'body',
]);

const HEADING = /^h([1-6])$/;

/** True for markup that hides an element whatever the style sheets say. */
export function isHiddenByMarkup(element: Element): boolean {
  const hidden = element.getAttribute('hidden');
  if (hidden !== null && hidden !== 'until-found') return true;
  if (element.getAttribute('aria-hidden') === 'true') return true;
  if (element.localName === 'dialog' && !element.hasAttribute('open')) return true;
  const style = (element as Partial<HTMLElement>).style;
  return style?.display === 'none' || style?.visibility === 'hidden';
}

export function domToText(root: Node, options: DomTextOptions = {}): string {
  const writer = new TextWriter(options.limit ?? Number.POSITIVE_INFINITY);
  const lists: { ordered: boolean; next: number }[] = [];
  const skip = options.skip;

  const walk = (node: Node, pre: boolean): void => {
    if (writer.full) return;
    if (node.nodeType === 3 /* TEXT_NODE */) {
      const text = node.nodeValue ?? '';
      if (pre) writer.raw(text);
      else writer.inline(text);
      return;
    }
    if (node.nodeType !== 1 /* ELEMENT_NODE */ && node.nodeType !== 9 && node.nodeType !== 11) return;
    if (node.nodeType !== 1) {
      for (let child = node.firstChild; child; child = child.nextSibling) walk(child, pre);
      return;
    }
    const element = node as Element;
    const name = element.localName;
    if (SKIPPED.has(name) || isHiddenByMarkup(element) || skip?.(element)) return;
    if (name === 'br') return writer.lineBreak();

    const heading = HEADING.exec(name);
    const inList = lists.length > 0;
    const paragraph = PARAGRAPHS.has(name) && !((name === 'ul' || name === 'ol') && inList);
    const line = paragraph ? false : LINES.has(name) || name === 'ul' || name === 'ol';
    if (paragraph) writer.block(2);
    else if (line) writer.block(1);

    const savedIndent = writer.indent;
    if (heading) writer.prefix = `${'#'.repeat(Number(heading[1]))} `;
    if ((name === 'td' || name === 'th') && element.previousElementSibling) writer.separate(' | ');
    if (name === 'ul' || name === 'ol') {
      const start = Number.parseInt(element.getAttribute('start') ?? '', 10);
      lists.push({ ordered: name === 'ol', next: Number.isFinite(start) ? start : 1 });
    }
    if (name === 'li') {
      const list = lists[lists.length - 1];
      const depth = Math.max(lists.length, 1);
      const value = Number.parseInt(element.getAttribute('value') ?? '', 10);
      let marker = '- ';
      if (list?.ordered) {
        const number = Number.isFinite(value) ? value : list.next;
        list.next = number + 1;
        marker = `${number}. `;
      }
      writer.prefix = `${'  '.repeat(depth - 1)}${marker}`;
      writer.indent = '  '.repeat(depth);
    }

    const keepWhitespace = pre || name === 'pre';
    for (let child = element.firstChild; child; child = child.nextSibling) walk(child, keepWhitespace);

    if (name === 'ul' || name === 'ol') lists.pop();
    writer.indent = savedIndent;
    if (heading || name === 'li') writer.prefix = '';
    if (paragraph) writer.block(2);
    else if (line) writer.block(1);
  };

  walk(root, false);
  return writer.finish();
}

/** Accumulates text, owing line breaks, spaces and line prefixes until the next visible character is written. */
class TextWriter {
  private readonly parts: string[] = [];
  private length = 0;
  /** Newlines owed before the next text. */
  private breaks = 0;
  /** What separates the next text from the previous one on the same line: '', ' ' or ' | '. */
  private gap = '';
  private lineStart = true;
  /** Written at the start of the next line instead of the indent (a list marker or heading marker). */
  prefix = '';
  /** Written at the start of every other line (continuation lines inside list items). */
  indent = '';

  constructor(private readonly limit: number) {}

  get full(): boolean {
    return this.length >= this.limit;
  }

  block(newlines: 1 | 2): void {
    if (this.length > 0) this.breaks = Math.max(this.breaks, newlines);
    this.gap = '';
  }

  lineBreak(): void {
    if (this.length > 0) this.breaks = Math.min(this.breaks + 1, 2);
    this.gap = '';
  }

  separate(gap: string): void {
    if (!this.lineStart) this.gap = gap;
  }

  inline(text: string): void {
    const collapsed = text.replace(/\s+/g, ' ');
    if (collapsed.length === 0) return;
    const core = collapsed.trim();
    if (collapsed.startsWith(' ') && !this.gap) this.gap = ' ';
    if (core.length > 0) this.write(core);
    if (collapsed.endsWith(' ')) this.gap = ' ';
  }

  raw(text: string): void {
    if (text.length === 0) return;
    this.write(text.replace(/\r\n?/g, '\n'));
    this.lineStart = text.endsWith('\n');
  }

  finish(): string {
    return this.parts
      .join('')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }

  private write(text: string): void {
    if (this.breaks > 0) {
      this.push('\n'.repeat(this.breaks));
      this.breaks = 0;
      this.lineStart = true;
    }
    if (this.lineStart) {
      this.push(this.prefix || this.indent);
      this.prefix = '';
      this.lineStart = false;
    } else if (this.gap) {
      this.push(this.gap);
    }
    this.gap = '';
    this.push(text);
  }

  private push(text: string): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.length += text.length;
  }
}
