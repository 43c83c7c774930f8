/**
 * Runs inside the benchmark page (bundled by streaming-render.ts). Each chunk is appended, then a layout is forced
 * (offsetHeight) and the pair timed; between chunks the page yields a task, as a real SSE stream would, so
 * highlighting of finished code blocks runs in between (its time is counted separately, from highlightStats).
 */
import { flushHighlights } from '../../lib/markdown/index';
import { highlightStats } from '../../lib/markdown/highlight';
import { MODES, mountLiveComponent, type FrameReport } from './modes';

export interface StreamResult {
  /** [start offset of the chunk, ms for append + layout, ms for append alone] per measured chunk. */
  chunks: [number, number, number][];
  finishMs: number;
  wallMs: number;
  highlight: { blocks: number; ms: number; maxMs: number };
  height: number;
}

const channel = new MessageChannel();
/** A macrotask yield without setTimeout's 4 ms clamping. */
function yieldTask(): Promise<void> {
  return new Promise((resolve) => {
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

function freshHost(): HTMLElement {
  const old = document.getElementById('host');
  const host = document.createElement('div');
  host.id = 'host';
  if (old) old.replaceWith(host);
  else document.body.appendChild(host);
  return host;
}

/**
 * Streams the whole text through `mode`, timing every chunk. First, untimed, the first `warm` characters go through
 * the same mode into a scratch element that is then dropped: otherwise the first kilobyte is timed while the code is
 * still being compiled, and looks slower than it is.
 */
async function stream(modeName: string, text: string, chunkSize: number, warm = 0): Promise<StreamResult> {
  const mode = MODES[modeName];
  if (!mode) throw new Error(`unknown mode ${modeName}`);
  await mode.prepare?.();
  if (warm > 0) {
    const scratch = freshHost();
    const sink = mode.mount(scratch);
    for (let i = 0; i < Math.min(warm, text.length); i += chunkSize) {
      sink.append(text.slice(i, i + chunkSize));
      void scratch.offsetHeight;
    }
    sink.finish();
    await flushHighlights();
    await yieldTask();
  }
  const host = freshHost();
  const sink = mode.mount(host);
  resetHighlightStats();
  const chunks: [number, number, number][] = [];
  const wall0 = performance.now();
  for (let i = 0; i < text.length; i += chunkSize) {
    const t0 = performance.now();
    sink.append(text.slice(i, i + chunkSize));
    const t1 = performance.now();
    void host.offsetHeight;
    chunks.push([i, performance.now() - t0, t1 - t0]);
    await yieldTask();
  }
  const t0 = performance.now();
  sink.finish();
  void host.offsetHeight;
  const finishMs = performance.now() - t0;
  await flushHighlights();
  const wallMs = performance.now() - wall0;
  return { chunks, finishMs, wallMs, highlight: { ...highlightStats }, height: host.offsetHeight };
}

/**
 * For sampled (stateless) modes: time single chunks at the given chunk indices, each after priming the mode with
 * everything before it. Stops early after `budgetMs`.
 */
async function sample(modeName: string, text: string, chunkSize: number, indices: number[], budgetMs: number): Promise<StreamResult> {
  const mode = MODES[modeName];
  if (!mode) throw new Error(`unknown mode ${modeName}`);
  const chunks: [number, number, number][] = [];
  const wall0 = performance.now();
  for (const index of indices) {
    if (performance.now() - wall0 > budgetMs) break;
    const host = freshHost();
    const sink = mode.mount(host);
    const start = index * chunkSize;
    if (!sink.prime) throw new Error(`mode ${modeName} cannot be sampled`);
    sink.prime(text.slice(0, start));
    const t0 = performance.now();
    sink.append(text.slice(start, start + chunkSize));
    const t1 = performance.now();
    void host.offsetHeight;
    chunks.push([start, performance.now() - t0, t1 - t0]);
    await yieldTask();
  }
  return { chunks, finishMs: 0, wallMs: performance.now() - wall0, highlight: { blocks: 0, ms: 0, maxMs: 0 }, height: 0 };
}

function resetHighlightStats(): void {
  highlightStats.blocks = 0;
  highlightStats.ms = 0;
  highlightStats.maxMs = 0;
}

/**
 * How the text reaches the page in a live run:
 * - `paced`: `rate` characters per second in `chunkSize` pieces, as a (fast) model streams;
 * - `flood`: one chunk per task, as fast as the page takes them (a burst far faster than any frame can render);
 * - `open`: the whole answer at once, finished (a page opening on a long answer, e.g. from history).
 */
export type LiveScenario = 'paced' | 'flood' | 'open';

export interface LiveResult {
  /** Frames in which the message body worked. */
  frames: number;
  /** The longest of them: frame callbacks + the style/layout they caused (paint not included). */
  longestFrameMs: number;
  framesOver: number;
  /** The longest interval between two consecutive frames of the page while the answer rendered (paint included). */
  longestGapMs: number;
  /** Tasks of 50 ms or more (PerformanceObserver "longtask"), and the longest. */
  longTasks: number;
  longestTaskMs: number;
  /** The most frames any chunk waited between arriving and being on screen (1: the next frame showed it). */
  maxLagFrames: number;
  maxLagMs: number;
  /** From the last piece of text arriving to all of it on screen. */
  catchUpMs: number;
  /** Highlighting (separate tasks, after a code block finished): the longest one. */
  longestHighlightMs: number;
}

/** Streams `text` into the real message body on the page's real animation frames, and watches the frames. */
async function live(text: string, chunkSize: number, scenario: LiveScenario, rate: number): Promise<LiveResult> {
  // The component fetches the renderer lazily (after the first paint, or 30 frames): have it before any text.
  await MODES.component?.prepare?.();
  const host = freshHost();
  resetHighlightStats();
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(e.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });

  // Every frame of the page, worked in or not: lag is counted in these.
  const frameTimes: number[] = [];
  let ticking = true;
  const tick = (ts: number) => {
    frameTimes.push(ts);
    if (ticking) realRaf(tick);
  };
  const realRaf = window.requestAnimationFrame.bind(window);
  realRaf(tick);

  const arrivals: number[] = [];
  let shown = 0;
  let lastShownAt = 0;
  let maxLagFrames = 0;
  let maxLagMs = 0;
  const reports: FrameReport[] = [];
  const sink = mountLiveComponent(host, (report) => {
    reports.push(report);
    if (!report.caughtUp) return;
    const now = performance.now();
    for (; shown < arrivals.length; shown++) {
      const at = arrivals[shown] as number;
      maxLagMs = Math.max(maxLagMs, now - at);
      // Frames that began after the chunk arrived, up to and including this one.
      let frames = 0;
      for (let i = frameTimes.length - 1; i >= 0 && (frameTimes[i] as number) > at; i--) frames++;
      if ((frameTimes.at(-1) ?? 0) < report.ts) frames++; // this frame, if the ticker has not run in it yet
      maxLagFrames = Math.max(maxLagFrames, frames);
    }
    lastShownAt = now;
  });
  // The component loads the renderer lazily; let it settle before the first text.
  await new Promise((resolve) => setTimeout(resolve, 50));

  const t0 = performance.now();
  if (scenario === 'open') {
    arrivals.push(performance.now());
    sink.setAll(text, true);
  } else {
    const interval = (chunkSize / rate) * 1000;
    for (let i = 0, n = 0; i < text.length; i += chunkSize, n++) {
      if (scenario === 'paced') {
        const due = t0 + n * interval;
        while (performance.now() < due) await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      } else await yieldTask();
      arrivals.push(performance.now());
      sink.append(text.slice(i, i + chunkSize));
    }
    arrivals.push(performance.now());
    sink.finish();
  }
  const lastArrival = arrivals.at(-1) as number;
  const deadline = performance.now() + 300_000;
  while (shown < arrivals.length && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await flushHighlights();
  await new Promise((resolve) => setTimeout(resolve, 100));
  ticking = false;
  observer.disconnect();

  const gaps = frameTimes.filter((ts) => ts >= t0 && ts <= lastShownAt + 20).map((ts, i, all) => (i > 0 ? ts - (all[i - 1] as number) : 0));
  return {
    frames: reports.length,
    longestFrameMs: Math.max(0, ...reports.map((r) => r.workMs)),
    framesOver: reports.filter((r) => r.workMs > 1000 / 60).length,
    longestGapMs: Math.max(0, ...gaps),
    longTasks: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks),
    maxLagFrames,
    maxLagMs,
    catchUpMs: lastShownAt - lastArrival,
    longestHighlightMs: highlightStats.maxMs,
  };
}

declare global {
  interface Window {
    bench: { stream: typeof stream; sample: typeof sample; live: typeof live; modes: string[] };
  }
}

window.bench = { stream, sample, live, modes: Object.keys(MODES) };
