/**
 * Leaf blocks (paragraph, heading, rule, code, table) as DOM. Two entry points: `finalLeaf` renders a closed block
 * from scratch; `openLeaf` renders an open block and returns an updater that patches it in place as more text streams
 * in, and that can usually finish it in place when it closes (paragraphs, tables), ending in the DOM `finalLeaf`
 * would build without building it again.
 */
import { OpenCode, buildCodeBlock, languageOf } from './code-block';
import { h } from './dom';
import { buildInlines, patchInlines, type InlineEnv, type InlineView } from './inline-dom';
import { parseInline, type ResolveRef } from './inline-parser';
import { OpenParagraph, buildParagraphText, leadingDefinitions, paragraphShell, taskMarker, TASK } from './open-paragraph';
import { splitDefinitions, trimEndSpaces } from './syntax';
import { OpenTable } from './table';
import type { Block } from './types';

export interface LeafEnv extends InlineEnv {
  /** Reference lookup; `misses` collects labels that did not resolve (a later definition re-renders the block). */
  resolver(misses?: Set<string>): ResolveRef;
  highlight(code: HTMLElement, lang: string, text: string): void;
}

/** Patches an open leaf to match a newer version of the same block; false means "re-create it". */
export interface OpenLeaf {
  node: Node;
  /** Labels that parts already rendered for good did not resolve: a definition of one means re-creating the leaf. */
  readonly misses?: ReadonlySet<string>;
  update(b: Block): boolean;
  /** The block's last line grew by `text` and nothing else changed (the streaming fast path); false: not handled. */
  append?(text: string): boolean;
  /**
   * The block closed as `b`: bring the DOM to what `finalLeaf` renders for it (same elements, attributes and text),
   * adding the labels it could not resolve to `misses`. False: render it from scratch instead.
   */
  close?(b: Block, misses: Set<string>): boolean;
}

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;

/** GFM task list items start with `[ ]` / `[x]`; the list item gets a class so CSS can drop its bullet. */
export function isTaskParagraph(b: Block | undefined): boolean {
  return b?.type === 'para' && TASK.test(splitDefinitions(b.lines).rest[0] ?? '');
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
      const defs = leadingDefinitions(b.lines);
      if (defs === b.lines.length) return env.doc.createTextNode('');
      const marker = taskable ? taskMarker(b.lines, defs) : null;
      const p = paragraphShell(env, marker ? marker[0] : null);
      const text = trimEndSpaces(b.lines.slice(defs).join('\n').slice(marker ? marker[1] : 0));
      buildParagraphText(env, p, text, resolve);
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
      return new OpenTable(env, b, resolve).node;
    default:
      return h(env.doc, 'hr');
  }
}

export function openLeaf(env: LeafEnv, b: Block, taskable: boolean): OpenLeaf {
  const resolve = env.resolver();
  switch (b.type) {
    case 'para': {
      const para = OpenParagraph.create(env, b, taskable);
      if (para) return para;
      // Only link definitions so far: nothing to show while that lasts.
      return { node: env.doc.createTextNode(''), update: (n) => leadingDefinitions(n.lines) === n.lines.length };
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
      body.update(b.lines);
      return { node: view.root, update: (next) => body.update(next.lines), append: (text) => body.append(text) };
    }
    case 'table': {
      const misses = new Set<string>();
      return new OpenTable(env, b, env.resolver(misses), misses);
    }
    default:
      return { node: h(env.doc, 'hr'), update: () => true };
  }
}
