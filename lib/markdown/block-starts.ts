/** How each open block continues on a new line, and which new blocks a line can start (CommonMark + GFM table). */
import type { BlockParser } from './block-parser';
import { splitDefinitions, stripClosingHashes, unescapeString } from './syntax';
import { isHeaderRow, parseDelimiterRow } from './table-syntax';
import type { Block, BlockType, ListData } from './types';

const ATX = /^#{1,6}(?:[ \t]+|$)/;
const FENCE = /^`{3,}(?!.*`)|^~{3,}/;
const CLOSING_FENCE = /^(?:`{3,}|~{3,})(?=[ \t]*$)/;
const SETEXT = /^(?:=+|-+)[ \t]*$/;
const THEMATIC = /^(?:\*[ \t]*){3,}$|^(?:_[ \t]*){3,}$|^(?:-[ \t]*){3,}$/;
const ORDERED = /^(\d{1,9})([.)])/;

export function newBlock(type: BlockType, startLine: number, spec: boolean, sig = ''): Block {
  const key = sig ? `${startLine}:${type}:${sig}` : `${startLine}:${type}`;
  return { type, key, parent: null, open: true, spec, startLine, endLine: startLine, children: [], lines: [] };
}

const isSpaceOrTab = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** 0: the line continues `b`; 1: it does not; 2: it closed `b` and is used up (closing fence). */
export function continueBlock(p: BlockParser, b: Block): 0 | 1 | 2 {
  switch (b.type) {
    case 'quote':
      if (p.indented || p.line[p.nextNonspace] !== '>') return 1;
      p.advanceNextNonspace();
      p.advanceOffset(1, false);
      if (isSpaceOrTab(p.line[p.offset])) p.advanceOffset(1, true);
      return 0;
    case 'list':
      return 0;
    case 'item': {
      const d = b.list;
      if (!d) return 1;
      if (p.blank) {
        if (b.children.length === 0) return 1; // an item can start with at most one blank line
        p.advanceNextNonspace();
        return 0;
      }
      if (p.indent < d.markerOffset + d.padding) return 1;
      p.advanceOffset(d.markerOffset + d.padding, true);
      return 0;
    }
    case 'code':
      return continueCode(p, b);
    case 'para':
    case 'table':
      return p.blank ? 1 : 0;
    default:
      return 1; // headings and rules are one line
  }
}

function continueCode(p: BlockParser, b: Block): 0 | 1 | 2 {
  const f = b.fence;
  if (!f) {
    if (p.indent >= 4) p.advanceOffset(4, true);
    else if (p.blank) p.advanceNextNonspace();
    else return 1;
    return 0;
  }
  const rest = p.line.slice(p.nextNonspace);
  if (p.indent <= 3 && rest[0] === f.char) {
    const m = CLOSING_FENCE.exec(rest);
    if (m && m[0].length >= f.length) {
      p.finalize(b, p.lineNumber);
      return 2;
    }
  }
  for (let i = f.offset; i > 0 && isSpaceOrTab(p.line[p.offset]); i--) p.advanceOffset(1, true);
  return 0;
}

/** Containers nest at most this deep; deeper `>` and list markers stay text (hostile input can't blow the stack). */
const MAX_DEPTH = 64;

function depthOf(b: Block): number {
  let d = 0;
  for (let p = b.parent; p; p = p.parent) d++;
  return d;
}

/** Tries every block start at the cursor: 0 none, 1 a container opened, 2 a leaf took the line. */
export function tryBlockStarts(p: BlockParser, container: Block): 0 | 1 | 2 {
  const ln = p.line;
  const rest = ln.slice(p.nextNonspace);
  const canNest = depthOf(container) < MAX_DEPTH;
  if (!p.indented) {
    if (rest[0] === '>' && canNest) {
      p.advanceNextNonspace();
      p.advanceOffset(1, false);
      if (isSpaceOrTab(ln[p.offset])) p.advanceOffset(1, true);
      p.closeUnmatched();
      p.addChild('quote');
      return 1;
    }
    const atx = ATX.exec(rest);
    if (atx) {
      p.advanceNextNonspace();
      p.closeUnmatched();
      const level = atx[0].trim().length;
      const h = p.addChild('heading', String(level));
      h.level = level;
      h.lines.push(stripClosingHashes(rest.slice(atx[0].length)).trim());
      return useLine(p);
    }
    const fence = FENCE.exec(rest);
    if (fence) {
      const length = fence[0].length;
      const char = fence[0][0] ?? '`';
      const info = unescapeString(rest.slice(length).trim());
      p.closeUnmatched();
      const b = p.addChild('code', `${char}${length}${info}`);
      b.fence = { char, length, offset: p.indent };
      b.info = info;
      return useLine(p);
    }
    if (container.type === 'para') {
      const r = startTable(p, container, rest) || startSetext(p, container, rest);
      if (r) return r;
    }
    if (THEMATIC.test(rest)) {
      p.closeUnmatched();
      p.addChild('hr');
      return useLine(p);
    }
  }
  if ((!p.indented || container.type === 'list') && canNest) {
    const data = parseListMarker(p, container);
    if (data) {
      p.closeUnmatched();
      const tipList = p.tip.list;
      if (p.tip.type !== 'list' || !tipList || tipList.ordered !== data.ordered || tipList.marker !== data.marker) {
        const list = p.addChild('list', data.ordered ? `o${data.start}${data.marker}` : `b${data.marker}`);
        list.list = data;
      }
      p.addChild('item').list = data;
      return 1;
    }
  }
  if (p.indented && p.tip.type !== 'para' && p.tip.type !== 'table' && !p.blank) {
    p.advanceOffset(4, true);
    p.closeUnmatched();
    p.addChild('code');
    return 2;
  }
  return 0;
}

/** Leaves that take the whole line. */
function useLine(p: BlockParser): 2 {
  p.advanceNextNonspace();
  p.advanceOffset(p.line.length - p.offset, false);
  return 2;
}

/** GFM: a paragraph's last line followed by a delimiter row with as many cells becomes a table header. */
function startTable(p: BlockParser, para: Block, rest: string): 0 | 2 {
  const aligns = parseDelimiterRow(rest);
  const header = para.lines.at(-1);
  if (!aligns || header === undefined || !isHeaderRow(header, aligns.length)) return 0;
  const parent = para.parent;
  if (!parent) return 0;
  para.lines.pop();
  if (para.lines.length > 0) p.finalize(para, p.lineNumber - 2);
  else {
    parent.children.pop();
    p.tip = parent;
  }
  // The alignments are part of the key: a partial delimiter row (`|:--|--`) may still gain a colon.
  const table = p.addChild('table', aligns.map((a) => a?.[0] ?? 'n').join(''), p.lineNumber - 1);
  table.aligns = aligns;
  table.lines.push(header);
  return useLine(p);
}

/** `===`/`---` under a paragraph turns it into a heading (its leading link definitions stay definitions). */
function startSetext(p: BlockParser, para: Block, rest: string): 0 | 2 {
  if (!SETEXT.test(rest)) return 0;
  const text = splitDefinitions(para.lines).rest;
  const parent = para.parent;
  if (text.length === 0 || !parent) return 0;
  p.registerDefinitions(para.lines);
  const level = rest[0] === '=' ? 1 : 2;
  const h = newBlock('heading', para.startLine, p.speculative, String(level));
  h.level = level;
  h.parent = parent;
  h.lines = text.slice();
  parent.children[parent.children.length - 1] = h;
  p.tip = h;
  return useLine(p);
}

function parseListMarker(p: BlockParser, container: Block): ListData | null {
  if (p.indent >= 4) return null;
  const rest = p.line.slice(p.nextNonspace);
  const markerOffset = p.indent;
  const interrupts = container.type === 'para';
  let ordered = false;
  let marker = rest[0] ?? '';
  let start = 1;
  let len = 1;
  if (marker !== '*' && marker !== '+' && marker !== '-') {
    const m = ORDERED.exec(rest);
    if (!m) return null;
    start = parseInt(m[1] ?? '1', 10);
    // Only `1.` may interrupt a paragraph, so "in 2024. we…" wrapped onto a new line stays text.
    if (interrupts && start !== 1) return null;
    ordered = true;
    marker = m[2] ?? '.';
    len = m[0].length;
  }
  const next = rest[len];
  if (next !== undefined && !isSpaceOrTab(next)) return null;
  if (interrupts && !/\S/.test(rest.slice(len))) return null;
  p.advanceNextNonspace();
  p.advanceOffset(len, true);
  const spacesStartCol = p.column;
  const spacesStartOffset = p.offset;
  do p.advanceOffset(1, true);
  while (p.column - spacesStartCol < 5 && isSpaceOrTab(p.line[p.offset]));
  const blankItem = p.offset >= p.line.length;
  const spacesAfter = p.column - spacesStartCol;
  let padding = len + spacesAfter;
  if (spacesAfter >= 5 || spacesAfter < 1 || blankItem) {
    // Content starts one space after the marker (the rest is indented code or nothing).
    padding = len + 1;
    p.column = spacesStartCol;
    p.offset = spacesStartOffset;
    if (isSpaceOrTab(p.line[p.offset])) p.advanceOffset(1, true);
  }
  return { ordered, marker, start, padding, markerOffset };
}
