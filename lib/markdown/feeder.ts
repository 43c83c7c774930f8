/**
 * Feeds growing answers to StreamingMarkdown renderers from animation frames, in slices that keep every frame short.
 *
 * One FrameScheduler per page runs every feeder that has work, in one animation frame callback, within one budget:
 * FRAME_BUDGET_MS for the renderers' work *and* the style and layout it causes, shared by all of them (a conversation
 * opening with sixty answers costs one budget a frame, not sixty). Feeders run newest first (highest `order`: the
 * answer streaming at the bottom, or the last messages of a conversation just opened) until the budget is spent;
 * the rest wait for the next frame.
 *
 * Layout is forced after each feeder's slice (it would run right after the frame callback anyway, so this moves it
 * rather than adds it) and timed. Layout usually costs more than rendering and can only be known afterwards, so the
 * scheduler learns what a character costs (rendering + layout, from the last slices that rendered enough to tell)
 * and gives each slice at most the characters that fit in what is left of the budget; a renderer also stops early
 * if its own time runs out. A backlog is spread over as many frames as it takes, the DOM always showing a prefix of
 * the answer; while behind, `onBehind(true)` (the component sets aria-busy). A small backlog — streaming as usual —
 * renders whole in the next frame: the newest text is on screen within one frame of arriving.
 *
 * A feeder can wait (`setActive(false)`): it keeps the newest text but renders nothing until activated, so answers
 * far from the viewport cost nothing until the reader scrolls near them.
 *
 * Frames and the clock come from a FrameHost, so tests drive both by hand (no wall clock anywhere).
 */
import type { StreamingMarkdown } from './index';

/** The work a frame may do: renderers + style and layout. Leaves the rest of a 16.7 ms frame for paint. */
export const FRAME_BUDGET_MS = 8;

export interface FrameHost {
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  now(): number;
}

/** The cost per character assumed before any slice has told (a slow machine: ~800 characters a frame). */
const FIRST_MS_PER_CHAR = 0.01;
/** A slice always takes at least this much of a backlog, so a slow frame cannot stall an answer. */
const MIN_CHARS_PER_SLICE = 128;
/** Slices that rendered fewer characters than this say too little about the cost to learn from. */
const LEARN_FROM_CHARS = MIN_CHARS_PER_SLICE;
/** Below this much budget left, a frame starts no further slice. */
const MIN_SLICE_MS = 1;

export class FrameScheduler {
  private readonly waiting = new Set<MarkdownFeeder>();
  private frame = 0;
  /** What a character costs to render and lay out (ms), learnt from recent slices. */
  private msPerChar = FIRST_MS_PER_CHAR;

  constructor(readonly host: FrameHost) {}

  /** The feeder has work: run it in the next frame. */
  request(feeder: MarkdownFeeder): void {
    this.waiting.add(feeder);
    if (!this.frame) this.frame = this.host.requestFrame(() => this.run());
  }

  cancel(feeder: MarkdownFeeder): void {
    this.waiting.delete(feeder);
    if (this.waiting.size === 0 && this.frame) {
      this.host.cancelFrame(this.frame);
      this.frame = 0;
    }
  }

  private run(): void {
    this.frame = 0;
    const { host } = this;
    const start = host.now();
    const feeders = [...this.waiting].sort((a, b) => b.order - a.order);
    this.waiting.clear();
    for (const feeder of feeders) {
      const left = FRAME_BUDGET_MS - (host.now() - start);
      if (left < MIN_SLICE_MS) {
        this.waiting.add(feeder);
        continue;
      }
      const sliceStart = host.now();
      const { caughtUp, chars } = feeder.slice(left, Math.max(MIN_CHARS_PER_SLICE, Math.floor(left / this.msPerChar)));
      const took = host.now() - sliceStart;
      if (chars >= LEARN_FROM_CHARS && took > 0) this.msPerChar = (this.msPerChar + took / chars) / 2;
      if (!caughtUp) this.waiting.add(feeder);
    }
    if (this.waiting.size > 0) this.frame = host.requestFrame(() => this.run());
  }
}

export class MarkdownFeeder {
  /** The text handed to the renderer so far, and whether it was told the answer is complete. */
  private written = '';
  private ended = false;
  private latest = '';
  private complete = false;
  private behind = false;
  private active = true;

  /**
   * @param order which feeders run first when a frame cannot run them all: the highest (e.g. the message's sequence
   *   number, so the newest answers render first).
   * @param layout forces layout of what was rendered (e.g. reads offsetHeight), so its cost lands in the slice's timing.
   */
  constructor(
    private readonly md: StreamingMarkdown,
    private readonly scheduler: FrameScheduler,
    readonly order: number,
    private readonly layout: () => void,
    private readonly onBehind: (behind: boolean) => void = () => undefined,
  ) {}

  /** The whole answer as it is now, and whether it is complete; rendered from the next frame on (if active). */
  set(text: string, complete: boolean): void {
    this.latest = text;
    this.complete = complete;
    if (this.active) this.scheduler.request(this);
  }

  /** An inactive feeder keeps the newest text and renders nothing until activated. */
  setActive(active: boolean): void {
    this.active = active;
    if (!active) this.scheduler.cancel(this);
    else if (this.latest !== this.written || (this.complete && !this.ended) || this.md.behind) this.scheduler.request(this);
  }

  dispose(): void {
    this.scheduler.cancel(this);
  }

  /** The complete answer is all rendered: the renderer will touch no text node again (short of a re-render). */
  get settled(): boolean {
    return this.ended && this.written === this.latest && this.md.queued === 0;
  }

  /** Renders within `budgetMs` and `maxChars`; says whether it caught up and how many characters it took. */
  slice(budgetMs: number, maxChars: number): { caughtUp: boolean; chars: number } {
    const { md } = this;
    const text = this.latest;
    if (text.startsWith(this.written) && !(this.ended && text !== this.written)) md.write(text.slice(this.written.length));
    else {
      // Replaced (replace_response), or more text after the end: start over, sliced like any backlog.
      md.reset();
      md.write(text);
      this.ended = false;
    }
    this.written = text;
    if (this.complete && !this.ended) {
      md.end();
      this.ended = true;
    }
    const queued = md.queued;
    const caughtUp = md.pump(budgetMs, () => this.scheduler.host.now(), maxChars);
    this.layout();
    if (caughtUp !== !this.behind) {
      this.behind = !caughtUp;
      this.onBehind(this.behind);
    }
    return { caughtUp, chars: queued - md.queued };
  }
}
