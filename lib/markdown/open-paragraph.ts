/**
 * A paragraph that is still streaming, kept flat however long it grows.
 *
 * Its inline source is parsed from the last *cut* on. A cut is a point that nothing before it depends past (every
 * emphasis run before it matched or dropped, every `[` closed or failed, every code span closed, no lookahead across
 * it: see `parseInline`'s `Cut`), so parsing the text before it and the text after it separately gives what parsing
 * the whole does, and keeps giving it however the text goes on. Once the text after the last cut holds one at least
 * CUT_MIN characters in, the part before it is rendered for good, appended after the earlier final parts and never
 * touched again; only the short tail after the last cut is parsed and patched per update. Text already on screen is
 * never re-parsed, and a paragraph of 100 KB costs per chunk what one of 1 KB does. (A paragraph whose tail can't be
 * cut, e.g. after an unmatched `*` that a later `*` could still close, falls back to parsing that tail per chunk, as
 * CommonMark requires.)
 *
 * When the paragraph closes, `close` parses the tail once more, as final; the DOM is then what `finalLeaf` builds
 * from scratch (the same elements, attributes and text; only where text nodes split differs), without the O(length)
 * re-render.
 */
import { t } from '@/lib/i18n';
import { h } from './dom';
import { buildInlines, patchInlines, type InlineView } from './inline-dom';
import { parseInline, type ResolveRef } from './inline-parser';
import type { LeafEnv, OpenLeaf } from './leaves';
import { parseDefinition, trimEndSpaces } from './syntax';
import type { Block } from './types';

/** A cut is taken once the tail holds one at least this far in (smaller tails are re-parsed; cheap). */
const CUT_MIN = 256;

/**
 * A long paragraph is shown as block-level runs (`span.md-run`) of about this many characters, each ending at a
 * sentence end where one falls within RUN_MIN characters after that, else at the first cut after. Chromium lays out
 * a paragraph as a whole whenever any of its text changes (a 100 KB one: ~30 ms per chunk), and a run is laid out
 * on its own. The cost is a line break every ~30 lines of a very long paragraph; shorter ones are one run, plain.
 * Where runs end depends only on the text (see `runEnd`), so a streamed paragraph and a one-shot render agree.
 */
export const RUN_MIN = 2048;

/**
 * Where the run that reaches RUN_MIN characters at `target` ends, given the cuts of `src` (indices below `src.length`
 * are final, see `parseInline`): the first cut after a sentence end in [target, target + RUN_MIN), else the first
 * cut at or after target + RUN_MIN once every index before that is known. -1: not decided yet.
 */
export function runEnd(src: string, cuts: readonly number[], target: number): number {
  const limit = target + RUN_MIN;
  for (const p of cuts) {
    if (p < target) continue;
    if (p >= limit) break;
    if (SENTENCE_END.test(src[p - 2] ?? '')) return p;
  }
  if (limit > src.length) return -1;
  for (const p of cuts) if (p >= limit) return p;
  return -1;
}

const SENTENCE_END = /[.!?]/;

export const TASK = /^\[([ xX])\](?:[ \t]+|$)/;

/** How many leading lines are link reference definitions. */
export function leadingDefinitions(lines: readonly string[]): number {
  let i = 0;
  while (i < lines.length && parseDefinition(lines[i] ?? '') !== null) i++;
  return i;
}

/**
 * The task marker of a paragraph whose text lines are `lines[from…]` (the marker is matched on the whole trimmed
 * text, so a bare `[ ]` is one only when nothing follows): [checked, marker length], or null.
 */
export function taskMarker(lines: readonly string[], from: number): [boolean, number] | null {
  const first = lines[from] ?? '';
  const m = TASK.exec(first);
  if (!m) return null;
  const bare = m[0].length === first.length && !/[ \t]$/.test(m[0]);
  if (bare && lines.length - from > 1) return null;
  return [m[1] !== ' ', m[0].length];
}

/** Can the first line, growing, still change whether the paragraph is a task or starts with a definition? */
function firstLineUnsettled(first: string, taskable: boolean): boolean {
  if (/^ {0,3}\[/.test(first)) return true;
  return taskable && first.length < 4 && /^(?:\[(?:[ xX]\]?)?)?$/.test(first);
}

/** Renders a finished paragraph's inline text into `p` (after its checkbox, if any): as runs when it is long. */
export function buildParagraphText(env: LeafEnv, p: HTMLElement, text: string, resolve: ResolveRef): void {
  const cuts: number[] = [];
  const items = parseInline(text, resolve, cuts);
  const ends: number[] = [];
  for (let start = 0, end = runEnd(text, cuts, RUN_MIN); end > 0; end = runEnd(text, cuts, start + RUN_MIN)) {
    ends.push(end);
    start = end;
  }
  if (ends.length === 0) {
    buildInlines(env, items, p);
    return;
  }
  ends.push(text.length);
  let start = 0;
  for (const end of ends) {
    const run = h(env.doc, 'span', { class: 'md-run' });
    buildInlines(env, parseInline(text.slice(start, end), resolve), run);
    p.appendChild(run);
    start = end;
  }
}

export class OpenParagraph implements OpenLeaf {
  readonly node: HTMLElement;
  /** Labels that the final parts could not resolve: a definition of one means re-creating the paragraph. */
  readonly misses = new Set<string>();
  private readonly defs: number;
  private readonly task: boolean | null;
  private readonly taskLength: number;
  /** Text lines (after the definitions) taken in, and characters of the last one. */
  private lines = 0;
  private lastLength = 0;
  /** Source after the last cut: parsed per update. */
  private pending = '';
  /** Characters of the source before `pending` (rendered for good), and where the current run starts. */
  private done = 0;
  private runStart = 0;
  /** Where the current run's inline nodes go: the paragraph itself until the first run ends, then its span. */
  private container: HTMLElement;
  private appendable = false;
  private readonly tail: InlineView = { items: [], nodes: [] };
  private readonly transient: ResolveRef;
  private readonly final: ResolveRef;

  /** null when the block is only link definitions (it renders nothing). */
  static create(env: LeafEnv, b: Block, taskable: boolean): OpenParagraph | null {
    const defs = leadingDefinitions(b.lines);
    if (defs === b.lines.length) return null;
    return new OpenParagraph(env, b, taskable, defs);
  }

  private constructor(
    private readonly env: LeafEnv,
    b: Block,
    private readonly taskable: boolean,
    defs: number,
  ) {
    this.defs = defs;
    const marker = taskable ? taskMarker(b.lines, defs) : null;
    this.task = marker ? marker[0] : null;
    this.taskLength = marker ? marker[1] : 0;
    this.transient = env.resolver();
    this.final = env.resolver(this.misses);
    this.node = this.container = paragraphShell(env, this.task);
    this.takeIn(b);
    this.render(null);
  }

  update(b: Block): boolean {
    if (!this.takeIn(b)) return false;
    this.render(null);
    return true;
  }

  /** More characters on the last line, nothing else changed (the streaming fast path). */
  append(text: string): boolean {
    if (!this.appendable) return false;
    this.pending += text;
    this.lastLength += text.length;
    this.render(null);
    return true;
  }

  close(b: Block, misses: Set<string>): boolean {
    if (!this.takeIn(b)) return false;
    this.render(misses);
    for (const label of this.misses) misses.add(label);
    return true;
  }

  /**
   * Adds the text `b` has beyond what was taken in. False when `b` is not this paragraph grown (fewer lines, other
   * definitions or task marker): the caller re-creates it. Lines before the last never change while a block is open
   * (only a speculative last line comes and goes, or grows), so only the counts are compared.
   */
  private takeIn(b: Block): boolean {
    const lines = b.lines;
    const defs = leadingDefinitions(lines);
    const n = lines.length - defs;
    if (defs !== this.defs || n === 0 || n < this.lines) return false;
    const marker = this.taskable ? taskMarker(lines, defs) : null;
    if ((marker ? marker[0] : null) !== this.task || (marker ? marker[1] : 0) !== this.taskLength) return false;
    const last = lines[defs + n - 1] ?? '';
    let added: string;
    if (this.lines === 0) added = lines.slice(defs).join('\n').slice(this.taskLength);
    else {
      const grown = lines[defs + this.lines - 1] ?? '';
      if (grown.length < this.lastLength) return false;
      added = grown.slice(this.lastLength);
      if (n > this.lines) added += '\n' + lines.slice(defs + this.lines, defs + n).join('\n');
    }
    this.pending += added;
    this.lines = n;
    this.lastLength = last.length;
    this.appendable = n > 1 || !firstLineUnsettled(last, this.taskable);
    return true;
  }

  /**
   * Renders what was taken in: ends runs and takes cuts as they become known, then patches the tail. `misses`: the
   * paragraph closed; the tail is final (and its unresolved labels go there).
   */
  private render(misses: Set<string> | null): void {
    for (;;) {
      const src = trimEndSpaces(this.pending);
      const cuts: number[] = [];
      const items = parseInline(src, misses ? this.env.resolver(misses) : this.transient, cuts);
      const end = runEnd(src, cuts, this.runStart + RUN_MIN - this.done);
      if (end > 0) {
        this.commit(end, true);
        continue;
      }
      const cut = misses ? 0 : (cuts.at(-1) ?? 0);
      if (cut >= CUT_MIN) {
        this.commit(cut, false);
        continue;
      }
      patchInlines(this.env, this.container, this.tail, items);
      return;
    }
  }

  /** Renders the first `length` characters of the pending text for good; `endRun`: and ends the run there. */
  private commit(length: number, endRun: boolean): void {
    const text = this.pending.slice(0, length);
    this.pending = this.pending.slice(length);
    this.done += length;
    const container = this.container;
    for (const nodes of this.tail.nodes) for (const n of nodes) container.removeChild(n);
    this.tail.items = [];
    this.tail.nodes = [];
    buildInlines(this.env, parseInline(text, this.final), container);
    if (!endRun) return;
    const doc = this.env.doc;
    if (container === this.node) {
      // The first run ends: what the paragraph holds so far (after its checkbox) becomes that run.
      const first = h(doc, 'span', { class: 'md-run' });
      const keep = this.task === null ? 0 : 1;
      while (container.childNodes.length > keep) first.appendChild(container.childNodes[keep] as Node);
      container.appendChild(first);
    }
    this.container = this.node.appendChild(h(doc, 'span', { class: 'md-run' }));
    this.runStart = this.done;
  }
}

export function paragraphShell(env: LeafEnv, task: boolean | null): HTMLElement {
  const p = h(env.doc, 'p');
  if (task !== null) p.appendChild(h(env.doc, 'input', { type: 'checkbox', disabled: '', checked: task ? '' : undefined, 'aria-label': task ? t('markdown_taskDone') : t('markdown_taskNotDone') }));
  return p;
}
