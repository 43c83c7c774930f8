/**
 * CommonMark inline parser (code spans, emphasis, links, images, autolinks, escapes, entities, hard breaks) plus GFM
 * strikethrough and bare URLs. Raw HTML is deliberately not recognised: `<b>` stays the text "<b>".
 * Output is a plain AST; it never produces HTML, and URLs are filtered later, when the DOM is built.
 */
import { MathScanner, type MathScan } from './math-syntax';
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
  type Reach,
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
  /** Its entry in the parser's dependency list. */
  dep: number;
}

const TEXT_RUN = /[^\n\\`*_~[\]!<&$]+/y;
const URI_AUTOLINK = /<([A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\u0000-\u0020]*)>/y;
const EMAIL_AUTOLINK =
  /<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)>/y;
const ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/y;
const WHITESPACE = /\s/;
const PUNCT = /[\p{P}\p{S}]/u;
/** A cut goes after a space or line break and before a character that is not one. */
function isCutChar(src: string, p: number): boolean {
  const before = src.charCodeAt(p - 1);
  const at = src.charCodeAt(p);
  return (before === 0x20 || before === 0x0a) && at !== 0x20 && at !== 0x0a && at !== 0x09 && at !== 0x0d;
}

/**
 * With `cuts`, the parser also lists the *cuts* of `src`, in order: indices `p` such that parsing `src.slice(0, p)`
 * and `src.slice(p)` separately gives what parsing `src` does, and keeps giving it whatever text is appended to
 * `src`. Whether an index below `src.length` is a cut never changes as text is appended (see `InlineParser.cuts`).
 */
export function parseInline(src: string, resolve: ResolveRef, cuts?: number[]): Inline[] {
  const parser = new InlineParser(src, resolve, cuts !== undefined);
  const items = parser.parse();
  if (cuts) parser.cuts(cuts);
  return items;
}

class InlineParser implements DelimStack {
  private pos = 0;
  private readonly root = new INode('root');
  delims: Delim | null = null;
  private brackets: Bracket | null = null;
  /** Backtick run lengths known to have no closer further on (keeps unmatched runs linear). */
  private readonly noCloser = new Set<number>();
  /**
   * Dependencies, as pairs (start, reach): what the parser decided at `start` depended on the source up to `reach`
   * (inclusive; Infinity when it may still change with more text). Kept only when cuts are asked for, and only for
   * what can span a space: delimiter runs, brackets and code spans. (Escapes, entities, autolinks and the flanking
   * rules look no further than the next space, and a cut always follows a space or line break.)
   */
  private readonly deps: number[] | null;
  private readonly math: MathScanner;

  constructor(
    private readonly src: string,
    private readonly resolve: ResolveRef,
    track: boolean,
  ) {
    this.deps = track ? [] : null;
    this.math = new MathScanner(src);
  }

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
      else if (c === '$') this.dollar();
      else this.textRun();
    }
    processEmphasis(this, null);
    return toInline(this.root.first);
  }

  private depend(start: number, reach: number): number {
    if (!this.deps) return -1;
    this.deps.push(start, reach);
    return this.deps.length - 1;
  }

  settled(d: Delim, at: number): void {
    if (this.deps && d.dep >= 0) this.deps[d.dep] = at;
  }

  /**
   * Pushes every index `p` that nothing before it depends past and that sits in a run of text after a space or line
   * break and before a non-space (so text nodes split there; text runs, line ends and bare URLs never straddle it).
   * Before such a `p` every delimiter run is matched or dropped, every `[` closed or failed, every backtick run has
   * its closer, every lookahead stopped short of `p`: more text cannot change what comes before it. And an index
   * that is not a cut never becomes one: what blocks it is either settled already or can only settle at or after the
   * end of the text, which is beyond it.
   */
  cuts(out: number[]): void {
    const deps = this.deps;
    if (!deps) return;
    const src = this.src;
    // Entries are in order of their start (the parser moves forward), so a running maximum walks them once.
    let reach = -1;
    let d = 0;
    for (let p = 1; p < src.length; p++) {
      while (d < deps.length && (deps[d] as number) < p) {
        reach = Math.max(reach, deps[d + 1] as number);
        d += 2;
      }
      if (reach === Infinity) return;
      if (reach < p && isCutChar(src, p)) out.push(p);
    }
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
    if ((next === '(' || next === '[') && this.takeMath(this.math.bracket(this.pos))) return;
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
          this.depend(start, j);
          return;
        }
        i = j;
      }
      this.noCloser.add(n);
    }
    // No closer yet: one may still come.
    this.depend(start, Infinity);
    this.text(src.slice(start, this.pos));
  }

  /** `$` math, or the run of `$` as text. */
  private dollar(): void {
    if (this.takeMath(this.math.dollar(this.pos))) return;
    const start = this.pos;
    while (this.src[this.pos] === '$') this.pos++;
    this.text(this.src.slice(start, this.pos));
  }

  /** Appends the formula a scan found (true), recording how far the decision looked either way. */
  private takeMath(scan: MathScan): boolean {
    // A formula can span spaces and lines, and an unclosed one waits for its closer: a cut must not fall inside.
    this.depend(this.pos, scan.reach);
    const m = scan.math;
    if (!m) return false;
    const node = new INode('math', m.tex);
    node.display = m.display;
    node.title = m.raw;
    this.root.append(node);
    this.pos = m.end;
    return true;
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
    // Until a closer uses it up or it is dropped, a later run may still match this one.
    const dep = this.depend(start, Infinity);
    const d: Delim = { node, end: this.pos, dep, ch, count, orig: count, canOpen, canClose, prev: this.delims, next: null };
    if (this.delims) this.delims.next = d;
    this.delims = d;
  }

  private openBracket(image: boolean, width: number): void {
    const start = this.pos;
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
      // Open until a `]` closes it (as a link or as text).
      dep: this.depend(start, Infinity),
    };
  }

  private closeBracket(): void {
    const closePos = this.pos;
    this.pos++;
    const opener = this.brackets;
    if (!opener || !opener.active) {
      if (opener) {
        this.brackets = opener.prev;
        this.settle(opener.dep, closePos);
      }
      this.text(']');
      return;
    }
    const reach: Reach = { at: closePos + 1 };
    const target = this.inlineTarget(reach) ?? this.referenceTarget(opener, closePos, reach);
    if (!target) {
      this.brackets = opener.prev;
      this.settle(opener.dep, reach.at);
      this.pos = closePos + 1;
      this.text(']');
      return;
    }
    this.settle(opener.dep, Math.max(reach.at, this.pos - 1));
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
    processEmphasis(this, opener.prevDelim, this.pos - 1);
    this.brackets = opener.prev;
    opener.node.unlink();
    // Links may not contain links: earlier `[` openers can no longer form one.
    if (!opener.image) for (let b = this.brackets; b; b = b.prev) if (!b.image) b.active = false;
  }

  private settle(dep: number, at: number): void {
    if (this.deps && dep >= 0) this.deps[dep] = at >= this.src.length ? Infinity : at;
  }

  /** `(dest "title")` right after `]`; advances past it on success. `reach` records how far it looked. */
  private inlineTarget(reach: Reach): LinkTarget | undefined {
    const src = this.src;
    if (src[this.pos] !== '(') return undefined;
    let p = skipSpaceNewline(src, this.pos + 1, reach);
    const dest = scanDestination(src, p, reach);
    if (!dest) return undefined;
    const afterDest = dest[1];
    p = skipSpaceNewline(src, afterDest, reach);
    let title = '';
    if (p > afterDest) {
      const t = scanTitle(src, p, reach);
      if (t) {
        title = t[0];
        p = skipSpaceNewline(src, t[1], reach);
      }
    }
    if (src[p] !== ')') return undefined;
    this.pos = p + 1;
    return { href: dest[0], title };
  }

  /** `[text][label]`, `[text][]` or `[text]` against the definitions; advances past a used label. */
  private referenceTarget(opener: Bracket, closePos: number, reach: Reach): LinkTarget | undefined {
    const end = scanLabel(this.src, this.pos, reach);
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
