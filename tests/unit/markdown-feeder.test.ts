// @vitest-environment happy-dom
/**
 * Rendering a backlog in frames: StreamingMarkdown.pump bounded by time and characters, and the MarkdownFeeder that
 * drives it from animation frames. Frames and the clock are simulated: rendering a character "costs" a fixed time and
 * laying it out another, so every figure below is exact and no wall clock is read.
 */
import { describe, expect, it } from 'vitest';
import { FRAME_BUDGET_MS, FrameScheduler, MarkdownFeeder, StreamingMarkdown, renderMarkdown, type FrameHost } from '@/lib/markdown';
import { generateDocument } from '../bench/doc';

const DOC = generateDocument(20_000);

function oneShot(text: string): string {
  const el = document.createElement('div');
  renderMarkdown(el, text);
  return el.innerHTML;
}

describe('pump: a backlog in bounded pieces', () => {
  it('takes at most maxChars per call, shows a prefix each time, and ends as a one-shot render', () => {
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    md.write(DOC);
    md.end();
    let calls = 0;
    let before = md.queued;
    while (!md.pump(Infinity, undefined, 500)) {
      calls++;
      expect(before - md.queued).toBeLessThanOrEqual(500);
      expect(before - md.queued).toBeGreaterThan(0);
      before = md.queued;
    }
    expect(calls).toBeGreaterThanOrEqual(Math.floor(DOC.length / 500) - 1);
    expect(el.innerHTML).toBe(oneShot(DOC));
  });

  it('stops when its time is spent, whatever the character allowance', () => {
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    md.write(DOC);
    let clock = 0;
    // Each reading of the clock is 1 ms later: the budget of 3 ms allows a few pieces, not the whole document.
    const caughtUp = md.pump(3, () => clock++);
    expect(caughtUp).toBe(false);
    expect(md.queued).toBeGreaterThan(0);
    expect(md.queued).toBeLessThan(DOC.length);
  });
});

/**
 * A page with frames by hand and a simulated clock: rendering costs `renderPerChar` ms a character of an answer and
 * laying it out `layoutPerChar`. Answers share the page's FrameScheduler, as they do in the side panel.
 */
function simulatedPage(renderPerChar: number, layoutPerChar: number) {
  let clock = 0;
  let callback: (() => void) | undefined;
  let laidOut = 0;
  let taken = 0;
  const frames: { chars: number; ms: number }[] = [];
  const host: FrameHost = {
    requestFrame: (run) => {
      callback = run;
      return 1;
    },
    cancelFrame: () => {
      callback = undefined;
    },
    now: () => clock,
  };
  const scheduler = new FrameScheduler(host);
  // Layout costs what was rendered since the last layout (counted in characters of the answers taken in).
  const layout = () => {
    clock += (taken - laidOut) * layoutPerChar;
    laidOut = taken;
  };

  function addAnswer(order = 1) {
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    // Rendering cost: the clock moves with the text the renderer has taken in.
    let queuedAt = 0;
    const pump = md.pump.bind(md);
    md.pump = (budget, now, maxChars) => {
      const wrapped = () => {
        clock += (queuedAt - md.queued) * renderPerChar;
        taken += queuedAt - md.queued;
        queuedAt = md.queued;
        return (now ?? (() => clock))();
      };
      queuedAt = md.queued;
      const caughtUp = pump(budget, wrapped, maxChars);
      wrapped();
      return caughtUp;
    };
    const behind: boolean[] = [];
    const feeder = new MarkdownFeeder(md, scheduler, order, layout, (isBehind) => behind.push(isBehind));
    return { el, feeder, behind, queued: () => md.queued };
  }

  const first = addAnswer();
  return {
    ...first,
    addAnswer,
    frames,
    pending: () => callback !== undefined,
    /** Runs the next frame; returns what it rendered and how long it took on the simulated clock. */
    frame(): { chars: number; ms: number } {
      const run = callback;
      callback = undefined;
      if (!run) throw new Error('no frame was asked for');
      const start = clock;
      const takenBefore = taken;
      run();
      const result = { chars: taken - takenBefore, ms: clock - start };
      frames.push(result);
      return result;
    },
  };
}

describe('MarkdownFeeder: every frame within its budget', () => {
  it('learns what a character costs (mostly layout) and keeps later frames within the budget', () => {
    const page = simulatedPage(0.002, 0.02);
    page.feeder.set(DOC, true);
    while (page.pending()) page.frame();
    expect(page.el.innerHTML).toBe(oneShot(DOC));
    // The first frames may overshoot while the cost is unknown; from the fourth on, each stays within the budget
    // (a piece ends at a line end, so a frame may take a line more than its allowance: 10% slack).
    const later = page.frames.slice(3, -1);
    expect(later.length).toBeGreaterThan(10);
    for (const f of later) expect(f.ms).toBeLessThanOrEqual(FRAME_BUDGET_MS * 1.1);
    // …and does not starve: frames use most of the budget.
    const used = later.reduce((sum, f) => sum + f.ms, 0) / later.length;
    expect(used).toBeGreaterThan(FRAME_BUDGET_MS * 0.6);
  });

  it('says it is behind while a backlog is rendered, and caught up once it is on screen', () => {
    const page = simulatedPage(0.002, 0.02);
    page.feeder.set(DOC, false);
    page.frame();
    expect(page.behind).toEqual([true]);
    while (page.pending()) page.frame();
    expect(page.behind).toEqual([true, false]);
    expect(page.queued()).toBe(0);
  });

  it('renders a small addition whole in the next frame (the newest text is on screen within one frame)', () => {
    const page = simulatedPage(0.002, 0.02);
    page.feeder.set('Hello', false);
    page.frame();
    page.feeder.set('Hello, world', false);
    page.frame();
    expect(page.el.textContent).toBe('Hello, world');
    expect(page.pending()).toBe(false);
    expect(page.behind).toEqual([]);
  });

  it('shows after every frame what the answer so far would show (a prefix, rendered as if it had streamed alone)', () => {
    const page = simulatedPage(0.002, 0.02);
    page.feeder.set(DOC, false);
    while (page.pending()) {
      page.frame();
      const taken = DOC.length - page.queued();
      const alone = document.createElement('div');
      new StreamingMarkdown(alone).append(DOC.slice(0, taken));
      expect(page.el.innerHTML).toBe(alone.innerHTML);
    }
  });

  it('shares one budget among answers, the newest first; an inactive answer waits until it is near', () => {
    const page = simulatedPage(0.002, 0.02);
    const answers = [1, 2, 3, 4, 5].map((order) => page.addAnswer(order));
    const far = page.addAnswer(0);
    far.feeder.setActive(false);
    far.feeder.set(DOC, true);
    for (const answer of answers) answer.feeder.set(DOC.slice(0, 4000), true);
    const expected = oneShot(DOC.slice(0, 4000));
    const doneAt = new Map<number, number>();
    while (page.pending()) {
      page.frame();
      answers.forEach((answer, index) => {
        if (!doneAt.has(index) && answer.el.innerHTML === expected) doneAt.set(index, page.frames.length);
      });
    }
    // The whole page's work per frame stays within one budget (after the first frames learnt the cost).
    for (const f of page.frames.slice(3, -1)) expect(f.ms).toBeLessThanOrEqual(FRAME_BUDGET_MS * 1.1);
    // Newest (highest order) first.
    expect([...doneAt.keys()]).toEqual([4, 3, 2, 1, 0]);
    // The far answer rendered nothing (it would have shown its source in the panel); near, it renders.
    expect(far.el.innerHTML).toBe('');
    far.feeder.setActive(true);
    while (page.pending()) page.frame();
    expect(far.el.innerHTML).toBe(oneShot(DOC));
  });

  it('starts over when the answer is replaced, and finishes the new one', () => {
    const page = simulatedPage(0.002, 0.02);
    page.feeder.set('First *draft*', false);
    page.frame();
    page.feeder.set('Second answer\n\n- a\n- b', true);
    while (page.pending()) page.frame();
    expect(page.el.innerHTML).toBe(oneShot('Second answer\n\n- a\n- b'));
  });
});
