/**
 * Line-by-line CommonMark block parser (the container algorithm of commonmark.js, plus GFM tables), fed one
 * complete line at a time so streaming costs O(new text). The unfinished last line is never fed for real: the
 * view asks `speculate(line)` for a throwaway tree that clones only the open path (root → tip), so everything
 * already closed is shared and untouched.
 */
import { continueBlock, newBlock, tryBlockStarts } from './block-starts';
import { displayMathAfter } from './math-syntax';
import { splitDefinitions, type LinkDefinition } from './syntax';
import type { Block, BlockType } from './types';

const CODE_INDENT = 4;
/** Lines that cannot start any block skip the start checks (a commonmark.js shortcut). */
const MAYBE_SPECIAL = /^[#`~*+_=<>0-9|:-]/;
/**
 * A character no line-level construct can hold: rules, setext underlines, table delimiter rows, closing fences and
 * blank lines are made of the others only, and every other block start is decided by a line's first characters. A
 * line that has one and went into a paragraph, table or code block as text stays there as text however it goes on.
 */
const SETTLED = /[^ \t>#`~*_=+\-:|0-9.)\\]/;

function canContain(parent: BlockType, child: BlockType): boolean {
  if (parent === 'list') return child === 'item';
  return (parent === 'doc' || parent === 'quote' || parent === 'item') && child !== 'item';
}

export class BlockParser {
  readonly doc: Block;
  tip: Block;
  lineNumber = 0;
  /** Link reference definitions, first one wins (document-wide). */
  readonly defs: Map<string, LinkDefinition>;
  /** Labels defined since the view last looked (it re-renders finished blocks that wanted them). */
  newLabels: string[] = [];
  readonly speculative: boolean;

  // Per-line cursor, as in commonmark.js.
  line = '';
  offset = 0;
  column = 0;
  nextNonspace = 0;
  nextNonspaceColumn = 0;
  indent = 0;
  indented = false;
  blank = false;
  partiallyConsumedTab = false;
  private oldTip: Block;
  private lastMatched: Block;
  private allClosed = true;
  /** The block the last line's text went into, if any. */
  private lastAdded: Block | null = null;

  constructor(defs = new Map<string, LinkDefinition>(), doc?: Block, speculative = false) {
    this.defs = defs;
    this.speculative = speculative;
    this.doc = doc ?? newBlock('doc', 0, false);
    let tip = this.doc;
    for (let last = tip.children.at(-1); last?.open; last = tip.children.at(-1)) tip = last;
    this.tip = this.oldTip = this.lastMatched = tip;
  }

  /**
   * The tree as if `partialLine` were complete, without changing this parser. `tipTakesMore`: the line went, as
   * text, into the leaf at the end of the tree, and more characters on it would only lengthen that leaf's last line.
   */
  speculate(partialLine: string): { doc: Block; tipTakesMore: boolean } {
    const spec = new BlockParser(this.defs, cloneOpenPath(this.doc, null), true);
    spec.lineNumber = this.lineNumber;
    spec.processLine(partialLine);
    const tip = spec.tip;
    const leaf = tip.type === 'para' || tip.type === 'table' || tip.type === 'code';
    return { doc: spec.doc, tipTakesMore: leaf && spec.lastAdded === tip && SETTLED.test(partialLine) };
  }

  processLine(raw: string): void {
    this.lineNumber++;
    this.line = raw.includes('\0') ? raw.replace(/\0/g, '\ufffd') : raw;
    this.offset = this.column = 0;
    this.blank = this.partiallyConsumedTab = false;
    this.oldTip = this.tip;
    this.lastAdded = null;

    // 1. Walk the open containers, consuming their line prefixes (`>`, item indentation).
    let container = this.doc;
    for (let last = container.children.at(-1); last?.open; last = container.children.at(-1)) {
      container = last;
      this.findNextNonspace();
      const r = continueBlock(this, container);
      if (r === 2) return; // closing code fence: the line is used up
      if (r === 1) {
        container = container.parent ?? this.doc;
        break;
      }
    }
    this.allClosed = container === this.oldTip;
    this.lastMatched = container;

    // 2. New block starts, unless we are inside a code block (tables and paragraphs can be interrupted) or inside a
    //    paragraph's display math that has not closed yet (its lines are the formula's, whatever they look like).
    const inMath = this.tip.type === 'para' && this.tip.mathClose !== undefined && /\S/.test(this.line.slice(this.offset));
    if (inMath) {
      this.findNextNonspace();
      this.advanceNextNonspace();
    }
    let matchedLeaf = inMath || container.type === 'code' || container.type === 'heading' || container.type === 'hr';
    while (!matchedLeaf) {
      this.findNextNonspace();
      if (!this.indented && !MAYBE_SPECIAL.test(this.line.slice(this.nextNonspace, this.nextNonspace + 1))) {
        this.advanceNextNonspace();
        break;
      }
      const r = tryBlockStarts(this, container);
      if (r === 0) {
        this.advanceNextNonspace();
        break;
      }
      container = this.tip;
      matchedLeaf = r === 2;
    }

    // 3. The rest of the line is text: lazy paragraph continuation, or content of the matched block.
    if (!this.allClosed && !this.blank && this.tip.type === 'para') {
      this.addLine();
      return;
    }
    this.closeUnmatched();
    if (container.type === 'code') {
      if (!(container.fence && container.startLine === this.lineNumber)) this.addLine();
    } else if (container.type === 'para' || container.type === 'table') {
      // (A table's delimiter row was used up by its start: nothing is left of that line.)
      if (!this.blank && this.offset < this.line.length) this.addLine();
    } else if (this.offset < this.line.length && !this.blank && container.type !== 'heading' && container.type !== 'hr') {
      this.addChild('para');
      this.advanceNextNonspace();
      this.addLine();
    }
  }

  /** End of stream: close every open block. */
  finishAll(): void {
    while (this.tip !== this.doc) this.finalize(this.tip, this.lineNumber);
  }

  findNextNonspace(): void {
    const ln = this.line;
    let i = this.offset;
    let cols = this.column;
    for (;;) {
      const c = ln[i];
      if (c === ' ') cols++;
      else if (c === '\t') cols += 4 - (cols % 4);
      else break;
      i++;
    }
    this.blank = i >= ln.length;
    this.nextNonspace = i;
    this.nextNonspaceColumn = cols;
    this.indent = cols - this.column;
    this.indented = this.indent >= CODE_INDENT;
  }

  advanceNextNonspace(): void {
    this.offset = this.nextNonspace;
    this.column = this.nextNonspaceColumn;
    this.partiallyConsumedTab = false;
  }

  /** Advances `count` characters, or `count` columns (splitting tabs) when `columns`. */
  advanceOffset(count: number, columns: boolean): void {
    const ln = this.line;
    let left = count;
    while (left > 0 && this.offset < ln.length) {
      if (ln[this.offset] === '\t') {
        const toTab = 4 - (this.column % 4);
        if (columns) {
          this.partiallyConsumedTab = toTab > left;
          const step = Math.min(toTab, left);
          this.column += step;
          if (!this.partiallyConsumedTab) this.offset++;
          left -= step;
        } else {
          this.partiallyConsumedTab = false;
          this.column += toTab;
          this.offset++;
          left--;
        }
      } else {
        this.partiallyConsumedTab = false;
        this.offset++;
        this.column++;
        left--;
      }
    }
  }

  addLine(): void {
    let prefix = '';
    if (this.partiallyConsumedTab) {
      this.offset++; // the tab was partly used as indentation: keep its remaining columns as spaces
      prefix = ' '.repeat(4 - (this.column % 4));
    }
    const text = prefix + this.line.slice(this.offset);
    const tip = this.tip;
    tip.lines.push(text);
    this.lastAdded = tip;
    if (tip.type === 'para' && (tip.mathClose !== undefined || text.includes('$$') || text.includes('\\['))) {
      const math = displayMathAfter(text, tip.mathClose, tip.mathChars ?? 0);
      tip.mathClose = math.close;
      tip.mathChars = math.chars;
    }
  }

  closeUnmatched(): void {
    if (this.allClosed) return;
    while (this.oldTip !== this.lastMatched) {
      const parent = this.oldTip.parent ?? this.doc;
      this.finalize(this.oldTip, this.lineNumber - 1);
      this.oldTip = parent;
    }
    this.allClosed = true;
  }

  addChild(type: BlockType, sig = '', startLine = this.lineNumber): Block {
    while (!canContain(this.tip.type, type)) this.finalize(this.tip, this.lineNumber - 1);
    const b = newBlock(type, startLine, this.speculative, sig);
    b.parent = this.tip;
    this.tip.children.push(b);
    this.tip = b;
    return b;
  }

  finalize(b: Block, endLine: number): void {
    b.open = false;
    b.endLine = endLine;
    if (b.type === 'para') this.registerDefinitions(b.lines);
    else if (b.type === 'code' && !b.fence) {
      while (b.lines.length > 0 && !/\S/.test(b.lines.at(-1) ?? '')) b.lines.pop();
    } else if (b.type === 'item' || b.type === 'list') {
      // As commonmark.js: a container ends with its last child, so trailing blank lines do not count.
      b.endLine = b.children.at(-1)?.endLine ?? b.startLine;
    }
    this.tip = b.parent ?? this.doc;
  }

  registerDefinitions(lines: readonly string[]): void {
    if (this.speculative) return;
    for (const def of splitDefinitions(lines).defs) {
      if (this.defs.has(def.label)) continue;
      this.defs.set(def.label, def);
      this.newLabels.push(def.label);
    }
  }
}

/** Copies the open path so speculation can mutate it; closed blocks are shared (they never change). */
function cloneOpenPath(b: Block, parent: Block | null): Block {
  const c: Block = { ...b, parent, spec: true, lines: b.lines.slice(), children: b.children.slice() };
  const last = c.children.at(-1);
  if (last?.open) c.children[c.children.length - 1] = cloneOpenPath(last, c);
  return c;
}
