/**
 * Leaf blocks (paragraph, heading, rule, code, table) as DOM. Two entry points: `finalLeaf` renders a closed block
 * from scratch, exactly once (so the finished DOM never depends on how the text was chunked); `openLeaf` renders an
 * open block and returns an updater that patches it in place as more text streams in.
 */
import { OpenCode, buildCodeBlock, languageOf } from './code-block';
import { h } from './dom';
import { buildInlines, patchInlines, type InlineEnv, type InlineView } from './inline-dom';
import { parseInline, type ResolveRef } from './inline-parser';
import { splitDefinitions, trimEndSpaces } from './syntax';
import { splitRow } from './table-syntax';
import type { Block } from './types';

export interface LeafEnv extends InlineEnv {
  /** Reference lookup; `misses` collects labels that did not resolve (a later definition re-renders the block). */
  resolver(misses?: Set<string>): ResolveRef;
  highlight(code: HTMLElement, lang: string, text: string): void;
}

/** Patches an open leaf to match a newer version of the same block; false means "re-create it". */
export interface OpenLeaf {
  node: Node;
  update(b: Block): boolean;
}

const TASK = /^\[([ xX])\](?:[ \t]+|$)/;
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;

interface ParagraphParts {
  /** null: not a task item; else whether it is checked. */
  task: boolean | null;
  text: string;
  /** Only link reference definitions: renders nothing. */
  empty: boolean;
}

function paragraphParts(b: Block, taskable: boolean): ParagraphParts {
  const rest = splitDefinitions(b.lines).rest;
  let text = trimEndSpaces(rest.join('\n'));
  let task: boolean | null = null;
  const m = taskable ? TASK.exec(text) : null;
  if (m) {
    task = m[1] !== ' ';
    text = text.slice(m[0].length);
  }
  return { task, text, empty: rest.length === 0 };
}

/** GFM task list items start with `[ ]` / `[x]`; the list item gets a class so CSS can drop its bullet. */
export function isTaskParagraph(b: Block | undefined): boolean {
  return b?.type === 'para' && TASK.test(splitDefinitions(b.lines).rest[0] ?? '');
}

function paragraphShell(env: LeafEnv, task: boolean | null): HTMLElement {
  const p = h(env.doc, 'p');
  if (task !== null) p.appendChild(h(env.doc, 'input', { type: 'checkbox', disabled: '', checked: task ? '' : undefined, 'aria-label': task ? 'Done' : 'Not done' }));
  return p;
}

function headingShell(env: LeafEnv, b: Block): HTMLElement {
  return h(env.doc, HEADINGS[Math.min(Math.max(b.level ?? 1, 1), 6) - 1] ?? 'h6');
}

const headingText = (b: Block): string => b.lines.join('\n').trim();
const codeText = (b: Block): string => b.lines.join('\n');

export function finalLeaf(env: LeafEnv, b: Block, taskable: boolean, misses: Set<string>): Node {
  const resolve = env.resolver(misses);
  switch (b.type) {
    case 'para': {
      const parts = paragraphParts(b, taskable);
      if (parts.empty) return env.doc.createTextNode('');
      const p = paragraphShell(env, parts.task);
      buildInlines(env, parseInline(parts.text, resolve), p);
      return p;
    }
    case 'heading': {
      const el = headingShell(env, b);
      buildInlines(env, parseInline(headingText(b), resolve), el);
      return el;
    }
    case 'code': {
      const lang = languageOf(b.info);
      const text = codeText(b);
      const view = buildCodeBlock(env.doc, lang, text);
      if (lang) env.highlight(view.code, lang, text);
      return view.root;
    }
    case 'table':
      return buildTable(env, b, resolve).root;
    default:
      return h(env.doc, 'hr');
  }
}

export function openLeaf(env: LeafEnv, b: Block, taskable: boolean): OpenLeaf {
  const resolve = env.resolver();
  switch (b.type) {
    case 'para': {
      const first = paragraphParts(b, taskable);
      if (first.empty) return { node: env.doc.createTextNode(''), update: (n) => paragraphParts(n, taskable).empty };
      const p = paragraphShell(env, first.task);
      const view: InlineView = { items: [], nodes: [] };
      patchInlines(env, p, view, parseInline(first.text, resolve));
      return {
        node: p,
        update(next) {
          const parts = paragraphParts(next, taskable);
          if (parts.empty || parts.task !== first.task) return false;
          patchInlines(env, p, view, parseInline(parts.text, resolve));
          return true;
        },
      };
    }
    case 'heading': {
      const el = headingShell(env, b);
      const view: InlineView = { items: [], nodes: [] };
      patchInlines(env, el, view, parseInline(headingText(b), resolve));
      return { node: el, update: (next) => (patchInlines(env, el, view, parseInline(headingText(next), resolve)), true) };
    }
    case 'code': {
      const view = buildCodeBlock(env.doc, languageOf(b.info), null);
      const body = new OpenCode(view.code);
      body.grow(codeText(b));
      return { node: view.root, update: (next) => body.grow(codeText(next)) };
    }
    case 'table': {
      const table = buildTable(env, b, resolve);
      return { node: table.root, update: (next) => table.update(next) };
    }
    default:
      return { node: h(env.doc, 'hr'), update: () => true };
  }
}

interface TableView {
  root: HTMLElement;
  update(b: Block): boolean;
}

/** GFM table; rows are independent lines, so an open table only appends (or redoes its last, partial) row. */
function buildTable(env: LeafEnv, b: Block, resolve: ResolveRef): TableView {
  const doc = env.doc;
  const aligns = b.aligns ?? [];
  const root = h(doc, 'div', { class: 'md-table' });
  const table = h(doc, 'table');
  const head = h(doc, 'thead');
  head.appendChild(buildRow(env, b.lines[0] ?? '', 'th', aligns, resolve));
  table.appendChild(head);
  root.appendChild(table);
  let body: HTMLElement | null = null;
  const shown: string[] = [];
  const rows: HTMLElement[] = [];
  const update = (next: Block): boolean => {
    const lines = next.lines;
    let i = 0;
    while (i < shown.length && i + 1 < lines.length && shown[i] === lines[i + 1]) i++;
    for (const row of rows.splice(i)) row.remove();
    shown.length = i;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j] ?? '';
      if (!body) table.appendChild((body = h(doc, 'tbody')));
      const row = buildRow(env, line, 'td', aligns, resolve);
      body.appendChild(row);
      rows.push(row);
      shown.push(line);
    }
    if (body && rows.length === 0) {
      body.remove();
      body = null;
    }
    return true;
  };
  update(b);
  return { root, update };
}

function buildRow(env: LeafEnv, line: string, tag: 'th' | 'td', aligns: readonly (string | null)[], resolve: ResolveRef): HTMLElement {
  const tr = h(env.doc, 'tr');
  const cells = splitRow(line);
  for (let i = 0; i < aligns.length; i++) {
    const cell = h(env.doc, tag, { align: aligns[i] ?? undefined });
    buildInlines(env, parseInline(cells[i] ?? '', resolve), cell);
    tr.appendChild(cell);
  }
  return tr;
}
