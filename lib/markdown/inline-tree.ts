/**
 * The inline parser's working tree (a doubly linked list, so emphasis can wrap runs of siblings in O(1)) and the
 * CommonMark delimiter algorithm that turns `*`, `_` and `~` runs into em/strong/del.
 */
import { linkifyText } from './autolink';
import type { Inline, LinkTarget } from './types';

export type NodeKind = 'root' | 'text' | 'code' | 'br' | 'em' | 'strong' | 'del' | 'link' | 'img' | 'math';

export class INode {
  parent: INode | null = null;
  prev: INode | null = null;
  next: INode | null = null;
  first: INode | null = null;
  last: INode | null = null;
  href = '';
  title = '';
  file: LinkTarget['file'];
  /** Math: display (block) rather than inline. Its TeX is `v`, its source as written `title`. */
  display = false;
  constructor(
    readonly k: NodeKind,
    public v = '',
  ) {}

  append(child: INode): void {
    child.parent = this;
    child.prev = this.last;
    child.next = null;
    if (this.last) this.last.next = child;
    else this.first = child;
    this.last = child;
  }

  insertAfter(n: INode): void {
    n.parent = this.parent;
    n.prev = this;
    n.next = this.next;
    if (this.next) this.next.prev = n;
    else if (this.parent) this.parent.last = n;
    this.next = n;
  }

  unlink(): void {
    if (this.prev) this.prev.next = this.next;
    else if (this.parent) this.parent.first = this.next;
    if (this.next) this.next.prev = this.prev;
    else if (this.parent) this.parent.last = this.prev;
    this.parent = this.prev = this.next = null;
  }
}

export interface Delim {
  node: INode;
  /** Source index just after the run (the parser's dependency bookkeeping). */
  end: number;
  /** Index of this delimiter's entry in the parser's dependency list, when it keeps one. */
  dep: number;
  ch: string;
  count: number;
  orig: number;
  canOpen: boolean;
  canClose: boolean;
  prev: Delim | null;
  next: Delim | null;
}

/** The delimiter stack's top lives on the parser; this is the slice of it the algorithm needs. */
export interface DelimStack {
  delims: Delim | null;
  /** `d` left the stack for good because of the source up to index `at` (inclusive): nothing later can use it. */
  settled(d: Delim, at: number): void;
}

function removeDelim(s: DelimStack, d: Delim, at: number): void {
  if (d.prev) d.prev.next = d.next;
  if (d.next) d.next.prev = d.prev;
  else s.delims = d.prev;
  s.settled(d, at);
}

/** Moves the siblings strictly between `from` and `to` into a new `kind` node placed after `from`. */
function wrapBetween(from: INode, to: INode, kind: 'em' | 'strong' | 'del'): void {
  const wrapper = new INode(kind);
  let t = from.next;
  while (t && t !== to) {
    const next = t.next;
    t.unlink();
    wrapper.append(t);
    t = next;
  }
  from.insertAfter(wrapper);
}

/**
 * CommonMark "process emphasis" for the delimiters above `bottom` (with GFM `~`/`~~` strikethrough). The ones left
 * unmatched are dropped as settled at `leftAt` (a link's end), or, at the end of the text (Infinity), as not settled:
 * a closer further on could still match them.
 */
export function processEmphasis(s: DelimStack, bottom: Delim | null, leftAt = Infinity): void {
  const openersBottom = new Map<string, Delim | null>();
  let closer = s.delims;
  while (closer && closer.prev !== bottom) closer = closer.prev;
  while (closer) {
    if (!closer.canClose) {
      closer = closer.next;
      continue;
    }
    const key = `${closer.ch}${closer.canOpen ? 1 : 0}${closer.orig % 3}`;
    const limit = openersBottom.has(key) ? openersBottom.get(key) : bottom;
    let opener = closer.prev;
    let found = false;
    while (opener && opener !== bottom && opener !== limit) {
      if (opener.ch === closer.ch && opener.canOpen && matches(opener, closer)) {
        found = true;
        break;
      }
      opener = opener.prev;
    }
    const oldCloser = closer;
    if (found && opener) {
      const use = closer.ch === '~' ? closer.count : closer.count >= 2 && opener.count >= 2 ? 2 : 1;
      opener.count -= use;
      closer.count -= use;
      opener.node.v = opener.node.v.slice(0, opener.node.v.length - use);
      closer.node.v = closer.node.v.slice(0, closer.node.v.length - use);
      wrapBetween(opener.node, closer.node, closer.ch === '~' ? 'del' : use === 1 ? 'em' : 'strong');
      const at = closer.end - 1;
      for (let d = closer.prev; d && d !== opener; d = d.prev) removeDelim(s, d, at);
      if (opener.count === 0) {
        opener.node.unlink();
        removeDelim(s, opener, at);
      }
      if (closer.count === 0) {
        closer.node.unlink();
        const next = closer.next;
        removeDelim(s, closer, at);
        closer = next;
      }
    } else {
      closer = closer.next;
      openersBottom.set(key, oldCloser.prev);
      if (!oldCloser.canOpen) removeDelim(s, oldCloser, oldCloser.end - 1);
    }
  }
  while (s.delims && s.delims !== bottom) removeDelim(s, s.delims, leftAt);
}

function matches(opener: Delim, closer: Delim): boolean {
  if (closer.ch === '~') return opener.count === closer.count; // GFM: ~x~ and ~~x~~, lengths must agree
  // The "rule of 3" for runs that can both open and close.
  const odd =
    (closer.canOpen || opener.canClose) && closer.orig % 3 !== 0 && (opener.orig + closer.orig) % 3 === 0;
  return !odd;
}

/** Text content of a subtree, iteratively (nesting depth is attacker-controlled). */
function plainText(first: INode | null): string {
  let s = '';
  let n = first;
  const stack: (INode | null)[] = [];
  while (n || stack.length > 0) {
    if (!n) {
      n = stack.pop() ?? null;
      continue;
    }
    if (n.k === 'text' || n.k === 'code') s += n.v;
    else if (n.k === 'math') s += n.title;
    else if (n.k === 'br') s += '\n';
    else if (n.first) {
      stack.push(n.next);
      n = n.first;
      continue;
    }
    n = n.next;
  }
  return s;
}

/** Deeper emphasis/links are flattened to their text: `*` runs can nest thousands deep otherwise. */
const MAX_INLINE_DEPTH = 32;

/** Working tree → immutable inline AST: adjacent text merged, bare URLs linked outside links. */
export function toInline(first: INode | null, inLink = false, depth = 0): Inline[] {
  const out: Inline[] = [];
  for (let n = first; n; n = n.next) {
    const prev = out.at(-1);
    if (depth >= MAX_INLINE_DEPTH && n.k !== 'text' && n.k !== 'code' && n.k !== 'br' && n.k !== 'math') {
      const v = plainText(n.first);
      if (prev?.k === 'text') out[out.length - 1] = { k: 'text', v: prev.v + v };
      else out.push({ k: 'text', v });
      continue;
    }
    switch (n.k) {
      case 'text':
        if (!n.v) break;
        if (prev?.k === 'text') out[out.length - 1] = { k: 'text', v: prev.v + n.v };
        else out.push({ k: 'text', v: n.v });
        break;
      case 'code':
        out.push({ k: 'code', v: n.v });
        break;
      case 'br':
        out.push({ k: 'br' });
        break;
      case 'math':
        out.push({ k: 'math', v: n.v, display: n.display, raw: n.title });
        break;
      case 'em':
      case 'strong':
      case 'del':
        out.push({ k: n.k, c: toInline(n.first, inLink, depth + 1) });
        break;
      case 'link':
        out.push({ k: 'link', href: n.href, title: n.title, c: toInline(n.first, true, depth + 1), ...fileOf(n) });
        break;
      case 'img':
        out.push({ k: 'img', src: n.href, alt: plainText(n.first), title: n.title, ...fileOf(n) });
        break;
      case 'root':
        break;
    }
  }
  return inLink ? out : out.flatMap((i) => (i.k === 'text' ? linkifyText(i.v) : [i]));
}

function fileOf(n: INode): { file?: LinkTarget['file'] } {
  return n.file ? { file: n.file } : {};
}
