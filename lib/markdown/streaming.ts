/**
 * The streaming renderer without its optional heavy parts: code is not highlighted unless `highlight` is given (the
 * panel passes highlight.js, lazy-loaded; a content script, which cannot lazy-load, does without it). `index.ts`
 * exports it with the defaults of the extension's pages.
 */
import { BlockParser } from './block-parser';
import type { LeafEnv } from './leaves';
import { normalizeLabel } from './syntax';
import type { LinkTarget, MarkdownOptions } from './types';
import { loadImageBytes } from './image-bytes';
import { poeCdnOnly } from './url-policy';
import { BlockView } from './view';
import { dropLeadingBom, showHidden } from './visible-text';

export interface CoreMarkdownOptions extends MarkdownOptions {
  /** Highlights a finished code block (default: none). */
  highlight?: LeafEnv['highlight'];
  /** Typesets finished formulas (default: none, their source stays as text). */
  typeset?: LeafEnv['typeset'];
}

/** Adds the inline_ref files not seen yet to `into`; returns their labels. */
function addFileTargets(files: MarkdownOptions['inlineFiles'], into: Map<string, LinkTarget>): string[] {
  const added: string[] = [];
  for (const [ref, f] of files ?? []) {
    const label = normalizeLabel(ref);
    if (!label || into.has(label)) continue;
    into.set(label, { href: f.url, title: '', file: { contentType: f.contentType, name: f.name } });
    added.push(label);
  }
  return added;
}

/**
 * When a budget is set, text is taken in pieces sized to what is left of it at the measured rendering speed (a slow
 * machine renders ~10 µs a character), between these bounds, each rendered before the clock is read again.
 */
const MIN_PIECE = 64;
const MAX_PIECE = 2048;

const defaultClock = (): number => performance.now();

/**
 * Renders one streamed answer into `container`, which it owns (its children are replaced at the first render).
 * - A block is finished once the next block's first line is complete; it is then rendered once and never touched
 *   again, with two exceptions: a finished leaf that used a reference label defined only later (or an inline_ref file
 *   that arrived later) is re-rendered once, and a finished code block is highlighted once, async.
 * - The open block at the end is patched in place as text arrives, with work and DOM changes per chunk that do not
 *   grow with its length (paragraphs, tables and code blocks alike); when it closes, a paragraph or table is
 *   finished in place rather than rendered again.
 * - `append` renders at once; `write` queues text and `pump(budgetMs)` renders the queue in pieces until the budget
 *   is spent (so a long backlog can be spread over frames), and `end()` finishes the stream once the queue drains.
 * - Highlighting applies only while the code block is in the document (superseded renders are skipped).
 */
export class StreamingMarkdown {
  private parser = new BlockParser();
  private view: BlockView;
  /** Text after the last newline: shown speculatively, parsed for real once its line ends. */
  private partial = '';
  private source = '';
  /** Nothing written yet (since the last clear): a leading BOM is dropped. */
  private atStart = true;
  /** Written, not yet taken in. */
  private queue = '';
  private ending = false;
  private finished = false;
  /** Text added to `partial` since the last render, with no line completed (null: a full render is due). */
  private sinceRender: string | null = null;
  /** The last render's speculation put the partial line, as text, into the leaf at the end (see BlockParser.speculate). */
  private tipTakesMore = false;
  private readonly env: LeafEnv;
  /** inline_ref files by normalised label. The caller's map may grow mid-stream (a file event after the text). */
  private readonly files = new Map<string, LinkTarget>();
  private filesSeen = 0;
  /** The container's children are replaced at the first render, not before. */
  private started = false;
  /** Measured rendering speed (characters per ms), for sizing budgeted pieces; starts cautious. */
  private charsPerMs = 25;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: CoreMarkdownOptions = {},
  ) {
    const files = this.files;
    this.env = {
      doc: container.ownerDocument,
      imageTrust: options.imageTrust ?? poeCdnOnly,
      loadImage: options.loadImage ?? loadImageBytes,
      approvedImages: new Set(),
      highlight: options.highlight ?? (() => undefined),
      typeset: options.typeset,
      // inline_ref files first (the bot named them explicitly), then the answer's own definitions.
      resolver: (misses) => (label) => {
        const target = files.get(label) ?? this.parser.defs.get(label);
        if (!target) misses?.add(label);
        return target;
      },
    };
    this.view = new BlockView(container, this.env);
  }

  /** Append streamed text and render it now. Only the open (last, unfinished) block is re-rendered; finished blocks are never re-parsed or touched. */
  append(text: string): void {
    this.write(text);
    this.pump();
  }

  /** Queue streamed text; `pump` renders it. */
  write(raw: string): void {
    if (!raw) return;
    // Bidi controls and invisible characters reach the screen as markers (⟨RLO⟩), never raw (see visible-text.ts).
    // The markers are text: the renderer puts text into the DOM in many places (text runs grown in place, code lines
    // in groups, highlighted code, tables, link text), so a marker is styled only in components. Each character
    // becomes the same marker in any chunk, so streamed equals one-shot; a BOM that starts the answer is dropped.
    const text = showHidden(this.atStart ? dropLeadingBom(raw) : raw);
    this.atStart = false;
    if (this.finished) {
      // A stream that resumes after finish(): start over rather than re-open closed blocks.
      const all = this.source + text;
      this.clear();
      this.write(all);
      return;
    }
    this.source += text;
    this.queue += text;
  }

  /** The stream ended: finish it once everything written is rendered (by `pump`). */
  end(): void {
    this.ending = true;
  }

  /** Characters written and not yet rendered. */
  get queued(): number {
    return this.queue.length;
  }

  /** Text is written but not on screen yet, or an end is due. */
  get behind(): boolean {
    return this.queue.length > 0 || (this.ending && !this.finished);
  }

  /**
   * Renders queued text until the queue is empty, `budgetMs` has passed by `now` (checked after each piece, sized by
   * `nextPiece` and rendered: the DOM always shows a prefix of the answer) or `maxChars` are taken. True when caught
   * up. The newest text is rendered speculatively (its unfinished last line included), unless the budget ran out.
   */
  pump(budgetMs = Infinity, now: () => number = defaultClock, maxChars = Infinity): boolean {
    const timed = budgetMs !== Infinity;
    const start = timed ? now() : 0;
    let left = maxChars;
    while (this.queue.length > 0) {
      if (left <= 0) return false;
      let piece = this.queue;
      const pieceStart = timed ? now() : 0;
      if (timed) piece = this.nextPiece(Math.max(0, budgetMs - (pieceStart - start)), left);
      else if (piece.length > left) piece = piece.slice(0, left);
      left -= piece.length;
      this.queue = this.queue.slice(piece.length);
      this.feed(piece);
      this.render();
      if (timed) {
        const end = now();
        // Pieces too short to time say little about the speed; longer ones move the estimate halfway.
        if (end - pieceStart >= 0.5) this.charsPerMs = (this.charsPerMs + piece.length / (end - pieceStart)) / 2;
        if (this.queue.length > 0 && end - start >= budgetMs) return false;
      }
    }
    if (this.ending && !this.finished) this.finishNow();
    else if (this.filesChanged()) this.render();
    return true;
  }

  /** The next piece of the queue, at most `maxChars`, to render in about `leftMs`; it ends at a line end when one is near. */
  private nextPiece(leftMs: number, maxChars: number): string {
    const size = Math.min(maxChars, MAX_PIECE, Math.max(MIN_PIECE, Math.floor(leftMs * this.charsPerMs)));
    if (this.queue.length <= size) return this.queue;
    const nl = this.queue.lastIndexOf('\n', size - 1);
    return this.queue.slice(0, nl >= size / 2 ? nl + 1 : size);
  }

  /** Replace the whole text (bot replace_response): re-renders from scratch. */
  reset(text = ''): void {
    this.clear();
    this.append(text);
  }

  /** The stream ended: everything written is rendered and the open block is finalised. */
  finish(): void {
    this.end();
    this.pump();
  }

  private clear(): void {
    this.container.replaceChildren();
    this.parser = new BlockParser();
    this.view = new BlockView(this.container, this.env);
    this.partial = '';
    this.source = '';
    this.atStart = true;
    this.queue = '';
    this.ending = false;
    this.finished = false;
    this.sinceRender = null;
    this.tipTakesMore = false;
    this.env.approvedImages.clear();
  }

  /** Takes text in: complete lines go to the parser; the rest extends the partial line. */
  private feed(text: string): void {
    let nl = text.indexOf('\n');
    if (nl < 0) {
      // Only the partial line grew (it is not searched or copied: a long line stays linear).
      this.partial += text;
      if (this.sinceRender !== null) this.sinceRender += text;
      return;
    }
    this.parser.processLine(stripCR(this.partial + text.slice(0, nl)));
    let start = nl + 1;
    for (nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
      this.parser.processLine(stripCR(text.slice(start, nl)));
      start = nl + 1;
    }
    this.partial = text.slice(start);
    this.sinceRender = null;
  }

  private finishNow(): void {
    if (this.partial) this.parser.processLine(stripCR(this.partial));
    this.partial = '';
    this.parser.finishAll();
    this.finished = true;
    this.sinceRender = null;
    this.render();
  }

  private render(): void {
    if (!this.started) {
      // Whatever stood in (an answer's plain source) stays until the first render.
      this.container.replaceChildren();
      this.started = true;
    }
    const labels = [...this.refreshFiles(), ...this.parser.newLabels];
    this.parser.newLabels = [];
    const grown = this.sinceRender;
    this.sinceRender = '';
    // The fast path: the partial line only grew, and it is text in the leaf at the end of the tree.
    if (labels.length === 0 && grown !== null && this.tipTakesMore) {
      if (!grown) return;
      if (!grown.includes('\r') && this.view.appendToTip(grown.includes('\0') ? grown.replace(/\0/g, '\ufffd') : grown)) return;
    }
    // Finished blocks that referenced these before they existed get their one re-render (and open ones a fresh start).
    this.view.definitionsAdded(labels);
    if (this.partial) {
      const spec = this.parser.speculate(stripCR(this.partial));
      this.tipTakesMore = spec.tipTakesMore && !this.partial.endsWith('\r');
      this.view.render(spec.doc);
    } else {
      this.tipTakesMore = false;
      this.view.render(this.parser.doc);
    }
  }

  private filesChanged(): boolean {
    return (this.options.inlineFiles?.size ?? 0) !== this.filesSeen;
  }

  private refreshFiles(): string[] {
    if (!this.filesChanged()) return [];
    this.filesSeen = this.options.inlineFiles?.size ?? 0;
    return addFileTargets(this.options.inlineFiles, this.files);
  }
}

function stripCR(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

