/**
 * CommonMark inline parser (code spans, emphasis, links, images, autolinks, escapes, entities, hard breaks) plus GFM
 * strikethrough and bare URLs. Raw HTML is deliberately not recognised: `<b>` stays the text "<b>".
 * Output is a plain AST; it never produces HTML, and URLs are filtered later, when the DOM is built.
 */
import { INode, processEmphasis, toInline, type Delim, type DelimStack } from './inline-tree';
import {
  ASCII_PUNCT,
  decodeEntity,
  normalizeLabel,
  scanDestination,
  scanLabel,
  scanTitle,
  skipSpaceNewline,
  trimEndSpaces,
} from './syntax';
import type { Inline, LinkTarget } from './types';

/** Resolves a normalised reference label (definitions and inline_ref files). */
export type ResolveRef = (label: string) => LinkTarget | undefined;

interface Bracket {
  node: INode;
  image: boolean;
  active: boolean;
  prevDelim: Delim | null;
  prev: Bracket | null;
  /** Source index just after the `[`: the link text starts here (shortcut references use it as the label). */
  index: number;
  /** Another `[` opened after this one: its text can't double as a reference label. */
  bracketAfter: boolean;
}

const TEXT_RUN = /[^\n\\`*_~[\]!<&]+/y;
const URI_AUTOLINK = /<([A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\u0000-\u0020]*)>/y;
const EMAIL_AUTOLINK =
  /<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)>/y;
const ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/y;
const WHITESPACE = /\s/;
const PUNCT = /[\p{P}\p{S}]/u;

export function parseInline(src: string, resolve: ResolveRef): Inline[] {
  return new InlineParser(src, resolve).parse();
}

class InlineParser implements DelimStack {
  private pos = 0;
  private readonly root = new INode('root');
  delims: Delim | null = null;
  private brackets: Bracket | null = null;
  /** Backtick run lengths known to have no closer further on (keeps unmatched runs linear). */
  private readonly noCloser = new Set<number>();

  constructor(
    private readonly src: string,
    private readonly resolve: ResolveRef,
  ) {}

  parse(): Inline[] {
    const src = this.src;
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (c === '\n') this.newline();
      else if (c === '\\') this.backslash();
      else if (c === '`') this.backticks();
      else if (c === '*' || c === '_' || c === '~') this.delimiterRun(c);
      else if (c === '[') this.openBracket(false, 1);
      else if (c === '!' && src[this.pos + 1] === '[') this.openBracket(true, 2);
      else if (c === ']') this.closeBracket();
      else if (c === '<') this.angle();
      else if (c === '&') this.entity();
      else this.textRun();
    }
    processEmphasis(this, null);
    return toInline(this.root.first);
  }

  private text(v: string): INode {
    const n = new INode('text', v);
    this.root.append(n);
    return n;
  }

  private textRun(): void {
    TEXT_RUN.lastIndex = this.pos;
    const m = TEXT_RUN.exec(this.src);
    const v = m ? m[0] : (this.src[this.pos] ?? '');
    this.text(v);
    this.pos += v.length;
  }

  private skipLeadingSpaces(): void {
    while (this.src[this.pos] === ' ') this.pos++;
  }

  private newline(): void {
    this.pos++;
    const last = this.root.last;
    if (last?.k === 'text' && last.v.endsWith(' ')) {
      const hard = last.v.endsWith('  ');
      last.v = trimEndSpaces(last.v);
      if (hard) this.root.append(new INode('br'));
      else this.text('\n');
    } else this.text('\n');
    this.skipLeadingSpaces();
  }

  private backslash(): void {
    const next = this.src[this.pos + 1];
    if (next === '\n') {
      this.pos += 2;
      this.root.append(new INode('br'));
      this.skipLeadingSpaces();
    } else if (next !== undefined && ASCII_PUNCT.test(next)) {
      this.text(next);
      this.pos += 2;
    } else {
      this.text('\\');
      this.pos++;
    }
  }

  private backticks(): void {
    const src = this.src;
    const start = this.pos;
    while (src[this.pos] === '`') this.pos++;
    const n = this.pos - start;
    if (!this.noCloser.has(n)) {
      for (let i = src.indexOf('`', this.pos); i >= 0; i = src.indexOf('`', i)) {
        let j = i;
        while (src[j] === '`') j++;
        if (j - i === n) {
          let code = src.slice(this.pos, i).replace(/\n/g, ' ');
          if (code.length > 1 && code.startsWith(' ') && code.endsWith(' ') && /[^ ]/.test(code)) {
            code = code.slice(1, -1);
          }
          this.root.append(new INode('code', code));
          this.pos = j;
          return;
        }
        i = j;
      }
      this.noCloser.add(n);
    }
    this.text(src.slice(start, this.pos));
  }

  private delimiterRun(ch: string): void {
    const src = this.src;
    const start = this.pos;
    while (src[this.pos] === ch) this.pos++;
    const count = this.pos - start;
    const node = this.text(src.slice(start, this.pos));
    if (ch === '~' && count > 2) return;
    const before = src[start - 1] ?? '\n';
    const after = src[this.pos] ?? '\n';
    const beforeSpace = WHITESPACE.test(before);
    const afterSpace = WHITESPACE.test(after);
    const beforePunct = PUNCT.test(before);
    const afterPunct = PUNCT.test(after);
    const left = !afterSpace && (!afterPunct || beforeSpace || beforePunct);
    const right = !beforeSpace && (!beforePunct || afterSpace || afterPunct);
    // `_` may not open or close inside a word (snake_case_names stay text).
    const canOpen = ch === '_' ? left && (!right || beforePunct) : left;
    const canClose = ch === '_' ? right && (!left || afterPunct) : right;
    if (!canOpen && !canClose) return;
    const d: Delim = { node, ch, count, orig: count, canOpen, canClose, prev: this.delims, next: null };
    if (this.delims) this.delims.next = d;
    this.delims = d;
  }

  private openBracket(image: boolean, width: number): void {
    const node = this.text(image ? '![' : '[');
    this.pos += width;
    if (this.brackets) this.brackets.bracketAfter = true;
    this.brackets = {
      node,
      image,
      active: true,
      prevDelim: this.delims,
      prev: this.brackets,
      index: this.pos,
      bracketAfter: false,
    };
  }

  private closeBracket(): void {
    const closePos = this.pos;
    this.pos++;
    const opener = this.brackets;
    if (!opener || !opener.active) {
      if (opener) this.brackets = opener.prev;
      this.text(']');
      return;
    }
    const target = this.inlineTarget() ?? this.referenceTarget(opener, closePos);
    if (!target) {
      this.brackets = opener.prev;
      this.pos = closePos + 1;
      this.text(']');
      return;
    }
    const node = new INode(opener.image ? 'img' : 'link');
    node.href = target.href;
    node.title = target.title;
    node.file = target.file;
    for (let t = opener.node.next; t; ) {
      const next: INode | null = t.next;
      t.unlink();
      node.append(t);
      t = next;
    }
    this.root.append(node);
    processEmphasis(this, opener.prevDelim);
    this.brackets = opener.prev;
    opener.node.unlink();
    // Links may not contain links: earlier `[` openers can no longer form one.
    if (!opener.image) for (let b = this.brackets; b; b = b.prev) if (!b.image) b.active = false;
  }

  /** `(dest "title")` right after `]`; advances past it on success. */
  private inlineTarget(): LinkTarget | undefined {
    const src = this.src;
    if (src[this.pos] !== '(') return undefined;
    let p = skipSpaceNewline(src, this.pos + 1);
    const dest = scanDestination(src, p);
    if (!dest) return undefined;
    const afterDest = dest[1];
    p = skipSpaceNewline(src, afterDest);
    let title = '';
    if (p > afterDest) {
      const t = scanTitle(src, p);
      if (t) {
        title = t[0];
        p = skipSpaceNewline(src, t[1]);
      }
    }
    if (src[p] !== ')') return undefined;
    this.pos = p + 1;
    return { href: dest[0], title };
  }

  /** `[text][label]`, `[text][]` or `[text]` against the definitions; advances past a used label. */
  private referenceTarget(opener: Bracket, closePos: number): LinkTarget | undefined {
    const end = scanLabel(this.src, this.pos);
    let label: string | null = null;
    if (end > this.pos + 2) label = this.src.slice(this.pos + 1, end - 1);
    else if (!opener.bracketAfter) label = this.src.slice(opener.index, closePos);
    const norm = label === null ? '' : normalizeLabel(label);
    const target = norm ? this.resolve(norm) : undefined;
    if (target && end > this.pos) this.pos = end;
    return target;
  }

  private angle(): void {
    URI_AUTOLINK.lastIndex = this.pos;
    const uri = URI_AUTOLINK.exec(this.src);
    EMAIL_AUTOLINK.lastIndex = this.pos;
    const email = uri ? null : EMAIL_AUTOLINK.exec(this.src);
    const m = uri ?? email;
    if (!m) {
      this.text('<');
      this.pos++;
      return;
    }
    const raw = m[1] ?? '';
    const link = new INode('link');
    link.href = email ? `mailto:${raw}` : raw;
    link.append(new INode('text', raw));
    this.root.append(link);
    this.pos += m[0].length;
  }

  private entity(): void {
    ENTITY.lastIndex = this.pos;
    const m = ENTITY.exec(this.src);
    if (m) {
      this.text(decodeEntity(m[0], m[1], m[2], m[3]));
      this.pos += m[0].length;
    } else {
      this.text('&');
      this.pos++;
    }
  }
}
