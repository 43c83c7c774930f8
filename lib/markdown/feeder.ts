/**
 * Feeds a growing answer to a StreamingMarkdown from animation frames, in slices that keep every frame short.
 *
 * Each frame takes the newest text and renders as much of it as fits in the frame's budget: FRAME_BUDGET_MS for the
 * renderer's work *and* the style and layout it causes. Layout is forced at the end of the frame callback (it would
 * run right after it anyway, so this moves it rather than adds it) and timed, and the share of the budget left to
 * the renderer follows what the last frames' layout cost. A backlog (a page opening on a long answer, a burst of
 * text faster than frames) is spread over as many frames as it takes, the DOM always showing a prefix of the
 * answer; while behind, `onBehind(true)` (the component sets aria-busy). A small backlog — streaming as usual —
 * renders whole in the next frame: the newest text is on screen within one frame of arriving.
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

/** The renderer's starting share of the budget, and the least it gets. */
const FIRST_SHARE = 0.5;
const MIN_SHARE = 0.15;

export class MarkdownFeeder {
  /** The text handed to the renderer so far, and whether it was told the answer is complete. */
  private written = '';
  private ended = false;
  private latest = '';
  private complete = false;
  private frame = 0;
  private behind = false;
  /** The renderer's share of FRAME_BUDGET_MS (the rest goes to the layout its DOM changes cause). */
  private share = FIRST_SHARE;

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
    const start = host.now();
    const caughtUp = md.pump(FRAME_BUDGET_MS * this.share, () => host.now());
    const rendered = host.now();
    host.layout();
    const total = host.now() - start;
    // A frame that used its budget tells how the work splits between rendering and layout.
    if (!caughtUp && total > 0) this.share = Math.min(1, Math.max(MIN_SHARE, ((rendered - start) / total + this.share) / 2));
    if (caughtUp !== !this.behind) {
      this.behind = !caughtUp;
      this.onBehind(this.behind);
    }
    if (!caughtUp) this.schedule();
  }
}
