// @vitest-environment happy-dom
/**
 * Incremental rendering stays flat as the answer grows — proved by counting work, never by a clock.
 *
 * An answer made of N identical copies of one section is streamed in fixed-size chunks (the section is padded so every
 * copy is cut into exactly the same chunks). Whatever came before, streaming the last copy must cost what streaming
 * the first one did: the same characters scanned by the block parser and the inline parser, and the same number of
 * DOM nodes inserted, removed or changed. A renderer whose per-chunk work grows with the document (a full re-render,
 * a re-parse of every line, a re-scan of finished blocks) fails that, and the "naive" control below shows the same
 * meter catching one. Wall-clock figures live in `npm run bench` (tests/bench/), which prints them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BlockParser } from '@/lib/markdown/block-parser';
import { BlockView } from '@/lib/markdown/view';
import { StreamingMarkdown } from '@/lib/markdown';

/** Characters handed to the inline parser: the open leaf is re-parsed per chunk, finished ones never again. */
const inline = vi.hoisted(() => ({ calls: 0, chars: 0 }));
vi.mock('@/lib/markdown/inline-parser', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/markdown/inline-parser')>();
  return {
    ...real,
    parseInline: (src: string, resolve: Parameters<typeof real.parseInline>[1]) => {
      inline.calls++;
      inline.chars += src.length;
      return real.parseInline(src, resolve);
    },
  };
});

/** Lines fed to the block parser: complete lines for real (once each), the partial last line speculatively. */
const lines = { real: 0, realChars: 0, speculative: 0, speculativeChars: 0 };
const realProcessLine = BlockParser.prototype.processLine;

/** Block records the view brings up to date: it skips settled (finished) ones, so a render visits the open path only. */
const view = { visits: 0 };
type Update = (this: BlockView, ...args: unknown[]) => boolean;
const viewProto = BlockView.prototype as unknown as { update: Update };
const realUpdate = viewProto.update;
if (typeof realUpdate !== 'function') throw new Error('lib/markdown/view.ts: BlockView has no update() any more; re-point this meter');

beforeEach(() => {
  viewProto.update = function (this: BlockView, ...args: unknown[]) {
    view.visits++;
    return realUpdate.apply(this, args);
  };
  BlockParser.prototype.processLine = function (this: BlockParser, raw: string) {
    if (this.speculative) {
      lines.speculative++;
      lines.speculativeChars += raw.length;
    } else {
      lines.real++;
      lines.realChars += raw.length;
    }
    return realProcessLine.call(this, raw);
  };
});
afterEach(() => {
  viewProto.update = realUpdate;
  BlockParser.prototype.processLine = realProcessLine;
});

interface Streamer {
  append(chunk: string): void;
  finish(): void;
}
type Mount = (container: HTMLElement) => Streamer;

const incremental: Mount = (container) => new StreamingMarkdown(container);

/** The control: every chunk re-renders the whole text so far from scratch (what the incremental renderer avoids). */
const fullRerender: Mount = (container) => {
  const md = new StreamingMarkdown(container);
  let text = '';
  return {
    append(chunk) {
      text += chunk;
      md.reset(text);
    },
    finish: () => md.finish(),
  };
};

interface Work {
  /** DOM nodes inserted (whole subtrees counted), removed, or changed (text or attribute). */
  dom: number;
  /** The most DOM work any one chunk of the copy did. */
  worstChunkDom: number;
  inlineChars: number;
  inlineCalls: number;
  realLines: number;
  realLineChars: number;
  speculativeChars: number;
  viewVisits: number;
}
const METRICS = ['dom', 'worstChunkDom', 'inlineChars', 'inlineCalls', 'realLines', 'realLineChars', 'speculativeChars', 'viewVisits'] as const;

function subtreeSize(node: Node): number {
  let n = 1;
  for (let child = node.firstChild; child; child = child.nextSibling) n += subtreeSize(child);
  return n;
}

function domWork(records: readonly MutationRecord[]): number {
  let n = 0;
  for (const r of records) {
    if (r.type !== 'childList') n++;
    else {
      for (const added of Array.from(r.addedNodes)) n += subtreeSize(added);
      n += r.removedNodes.length;
    }
  }
  return n;
}

/**
 * One section of an LLM-style answer (every block kind; no reference definitions, which are document-wide and would
 * make copies differ), padded with blank lines to a whole number of chunks.
 */
const SECTION = `## A heading with *emphasis* and \`code\`

A paragraph with **bold**, _em_, ~~gone~~, \`code\`, a [link](https://example.com "t"), a bare URL
https://example.org/path and an autolink <https://example.net>. Raw <b>html</b> stays text; so do &amp; entities.
It goes on for a while so that the open paragraph is re-parsed for many chunks before it closes.

1. first item with *stress*
2. second item
   - nested a
   - nested b

- [ ] task open
- [x] task done

> Quote line one
lazy continuation
> > nested quote

\`\`\`ts
const x: number = 1; // <not html>
function f() {
  return x + 1;
}
\`\`\`

| Left | Center | Right |
|:-----|:------:|------:|
| a    | *b*    | \`c\`   |
| d \\| e | f |

***
`;

function section(chunk: number): string {
  let text = SECTION + '\n';
  while (text.length % chunk !== 0) text += '\n';
  return text;
}

/** Streams `copies` copies of `unit` in `chunk`-character chunks; returns the work spent on each copy. */
function workPerCopy(mount: Mount, unit: string, copies: number, chunk: number): Work[] {
  const container = document.createElement('div');
  const streamer = mount(container);
  const observer = new MutationObserver(() => undefined);
  observer.observe(container, { subtree: true, childList: true, characterData: true, attributes: true });
  const out: Work[] = [];
  for (let copy = 0; copy < copies; copy++) {
    const before = { ...inline, ...lines, ...view };
    let dom = 0;
    let worstChunkDom = 0;
    for (let at = 0; at < unit.length; at += chunk) {
      streamer.append(unit.slice(at, at + chunk));
      const n = domWork(observer.takeRecords());
      dom += n;
      worstChunkDom = Math.max(worstChunkDom, n);
    }
    out.push({
      dom,
      worstChunkDom,
      inlineChars: inline.chars - before.chars,
      inlineCalls: inline.calls - before.calls,
      realLines: lines.real - before.real,
      realLineChars: lines.realChars - before.realChars,
      speculativeChars: lines.speculativeChars - before.speculativeChars,
      viewVisits: view.visits - before.visits,
    });
  }
  streamer.finish();
  observer.disconnect();
  return out;
}

/** For each metric, the worst copy's work divided by the first copy's (1 = perfectly flat). */
function growth(work: readonly Work[]): Record<(typeof METRICS)[number], number> {
  const first = work[0] as Work;
  return Object.fromEntries(
    METRICS.map((m) => [m, Math.max(...work.map((w) => w[m])) / Math.max(first[m], 1)]),
  ) as Record<(typeof METRICS)[number], number>;
}

/** Growth allowed for a flat renderer: top-level blocks sit in groups of 32, so a later copy may add a group node. */
const FLAT = 1.1;

describe('streaming work stays flat as the answer grows', () => {
  const CHUNK = 20;
  const COPIES = 10;
  const unit = section(CHUNK);

  it('streams the last of 10 copies of a section for what the first one cost', () => {
    const work = workPerCopy(incremental, unit, COPIES, CHUNK);
    // The meter is live: the section really exercises every counter.
    expect(work[0]!.dom).toBeGreaterThan(200);
    expect(work[0]!.inlineCalls).toBeGreaterThan(50);
    const g = growth(work);
    for (const metric of METRICS) {
      expect(g[metric], `${metric} per copy: ${work.map((w) => w[metric]).join(', ')}`).toBeLessThanOrEqual(FLAT);
    }
  });

  it('parses every complete line for real exactly once', () => {
    const work = workPerCopy(incremental, unit, 3, CHUNK);
    const unitLines = unit.split('\n').slice(0, -1); // the unit ends with a newline
    for (const w of work) {
      expect(w.realLines).toBe(unitLines.length);
      expect(w.realLineChars).toBe(unitLines.join('').length);
    }
  });
});

describe('the meter catches a renderer whose work grows with the answer', () => {
  it('flags a full re-render per chunk', () => {
    const chunk = 60;
    const unit = section(chunk);
    const flat = growth(workPerCopy(incremental, unit, 4, chunk));
    const naive = growth(workPerCopy(fullRerender, unit, 4, chunk));
    for (const metric of ['dom', 'inlineChars', 'realLineChars', 'viewVisits'] as const) {
      expect(flat[metric], metric).toBeLessThanOrEqual(FLAT);
      // Copy k of a full re-render costs ~ k × copy 1 (4 copies: ≈ 4–7×).
      expect(naive[metric], metric).toBeGreaterThan(3);
    }
  });
});
