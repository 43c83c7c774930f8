/**
 * Feeds a growing answer to a StreamingMarkdown from animation frames, in slices that keep every frame short.
 *
 * Each frame takes the newest text and renders as much of it as fits in the frame's budget: FRAME_BUDGET_MS for the
 * renderer's work *and* the style and layout it causes. Layout is forced at the end of the frame callback (it would
 * run right after it anyway, so this moves it rather than adds it) and timed. Layout usually costs more than
 * rendering and can only be known afterwards, so the feeder learns what a character costs (rendering + layout,
 * from the last frames that rendered enough to tell) and gives each frame at most the characters that fit; the
 * renderer also stops early if its own time runs out. A backlog (a page opening on a long answer, a burst of text
 * faster than frames) is spread over as many frames as it takes, the DOM always showing a prefix of the answer;
 * while behind, `onBehind(true)` (the component sets aria-busy). A small backlog — streaming as usual — renders
 * whole in the next frame: the newest text is on screen within one frame of arriving.
 *
 * Frames and the clock come from a FrameHost, so tests drive both by hand (no wall clock anywhere).
 */
import type { StreamingMarkdown } from './index';

/** The work a frame may do: renderer + style and layout. Leaves the rest of a 16.7 ms frame for paint. */
export const FRAME_BUDGET_MS = 8;

export interface FrameHost {
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  now(): number;
  /** Forces layout of what was rendered (e.g. reads offsetHeight), so that its cost lands in the frame's timing. */
  layout(): void;
}

/** The cost per character assumed before any frame has told (a slow machine: ~800 characters a frame). */
const FIRST_MS_PER_CHAR = 0.01;
/** A frame always takes at least this much of a backlog, so a slow frame cannot stall the answer. */
const MIN_CHARS_PER_FRAME = 128;
/** Frames that rendered fewer characters than this say too little about the cost to learn from. */
const LEARN_FROM_CHARS = MIN_CHARS_PER_FRAME;

export class MarkdownFeeder {
  /** The text handed to the renderer so far, and whether it was told the answer is complete. */
  private written = '';
  private ended = false;
  private latest = '';
  private complete = false;
  private frame = 0;
  private behind = false;
  /** What a character costs to render and lay out (ms), learnt from recent frames. */
  private msPerChar = FIRST_MS_PER_CHAR;

  constructor(
    private readonly md: StreamingMarkdown,
    private readonly host: FrameHost,
    private readonly onBehind: (behind: boolean) => void = () => undefined,
  ) {}

  /** The whole answer as it is now, and whether it is complete; rendered from the next frame on. */
  set(text: string, complete: boolean): void {
    this.latest = text;
    this.complete = complete;
    this.schedule();
  }

  dispose(): void {
    if (this.frame) this.host.cancelFrame(this.frame);
    this.frame = 0;
  }

  private schedule(): void {
    if (!this.frame) this.frame = this.host.requestFrame(() => this.run());
  }

  private run(): void {
    this.frame = 0;
    const { md, host } = this;
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
    const start = host.now();
    const maxChars = Math.max(MIN_CHARS_PER_FRAME, Math.floor(FRAME_BUDGET_MS / this.msPerChar));
    const caughtUp = md.pump(FRAME_BUDGET_MS, () => host.now(), maxChars);
    host.layout();
    const took = host.now() - start;
    const chars = queued - md.queued;
    if (chars >= LEARN_FROM_CHARS && took > 0) this.msPerChar = (this.msPerChar + took / chars) / 2;
    if (caughtUp !== !this.behind) {
      this.behind = !caughtUp;
      this.onBehind(this.behind);
    }
    if (!caughtUp) this.schedule();
  }
}
