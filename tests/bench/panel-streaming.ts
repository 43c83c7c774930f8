/**
 * Streaming in the real side panel: the built extension in headless Chromium (sidepanel.html as a 400×800 page, a
 * fresh profile per run, signed in to an in-process fake Poe server), asked a question whose answer is a ~100 KB
 * markdown document streamed by the fake server in 20-character `text` events (tests/fake-poe/bench-bots.ts).
 * Everything between the socket and the screen is the product's: service worker, messaging, chat store, renderer.
 *
 *   npx wxt build && node --import tsx tests/bench/panel-streaming.ts [--runs 3] [--paced-runs 1] [--rate 50]
 *     [--size 100000 | --doc answer.md] [--every 200] [--skip-full] [--skip-paced]
 *     [--build .output/chrome-mv3 | --builds dirA,dirB (measured turn about, with ratios B/A)]
 *
 * Prints figures, never pass/fail (the machine is noisy: compare runs on the same machine, or the ratios).
 *
 * How it is measured
 * * Markers: the document is generateDocument() (tests/bench/doc.ts) with one word of plain visible text every
 *   `--every` characters replaced by a marker `mk0042x` (letters and digits only, so the markdown is unchanged),
 *   plus a last paragraph `mk9999x`. The server records when each 20-character event was written to the socket;
 *   a marker "arrives" with the event holding its last character.
 * * Painted: in the page, a MutationObserver scans added nodes and changed text for markers. A requestAnimationFrame
 *   loop posts a message each frame; that message's task runs after the frame's rendering (style, layout, paint)
 *   so every marker found before it was painted in that frame, and gets that task's time. This is when the main
 *   thread finished painting the frame; pixels reach the screen about one frame later (compositor), not included.
 * * Clocks: both sides use `performance.timeOrigin + performance.now()` (milliseconds since the epoch, sub-ms), Node
 *   in the server and Chromium in the page. The offset between the two is measured before each run (15 round trips
 *   through page.evaluate, the one with the shortest round trip; printed, with its uncertainty ±RTT/2) and removed.
 * * Frames: the rAF loop's timestamps between the first and the last marker painted; "over 16.7 ms" counts the
 *   intervals longer than one 60 Hz frame (+1 ms tolerance for timer jitter), i.e. at least one missed frame; plus
 *   long animation frames (PerformanceObserver 'long-animation-frame', ≥ 50 ms) and their total duration.
 *
 * (a) full speed: the server writes event after event (yielding to its event loop between them, so each is its own
 *     write); total = Enter pressed → last marker painted, and lag = last event written → last marker painted.
 *     Medians of `--runs` runs. (b) frame figures of the same runs. (c) at `--rate` events per second (50: 100 KB in
 *     ~100 s): delay from each marker's event being written to it being painted, median / p95 / max over all markers
 *     of `--paced-runs` runs, also for the first and the last 10 KB.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { docStreamBot, preciseNow, type DocStreamBot, type DocStreamRun } from '../fake-poe/bench-bots';
import { startFakePoe, type FakePoe } from '../fake-poe/server';
import { generateDocument } from './doc';
import { CHROME_BUILD, ROOT, chooseBot, launchExtension, median, percentile, signIn } from './extension';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

const CHUNK = 20;
const END_MARKER = 9999;
const FRAME_MS = 1000 / 60;
const FULL_BOT = 'Doc-Stream-Bot';
const PACED_BOT = 'Doc-Stream-Paced-Bot';

/** Replaces one plain word (between spaces, ≥ 4 letters) every `every` characters with `mkNNNNx`; adds the end marker. */
export function withMarkers(doc: string, every: number): { text: string; markers: Map<number, number> } {
  const out: string[] = [];
  let last = 0;
  let n = 0;
  const word = / ([a-z]{4,}) /g;
  for (let target = 0; target < doc.length; target += every) {
    word.lastIndex = Math.max(target, last);
    const m = word.exec(doc);
    if (!m || n >= END_MARKER) break;
    const start = m.index + 1;
    out.push(doc.slice(last, start), `mk${String(n++).padStart(4, '0')}x`);
    last = start + m[1]!.length;
    target = Math.max(target, last - every);
  }
  out.push(doc.slice(last).replace(/\s*$/, ''), `\n\nmk${END_MARKER}x\n`);
  const text = out.join('');
  // Where each marker's last character ('x') lies: its chunk is the event that makes it visible.
  const markers = new Map<number, number>();
  for (const m of text.matchAll(/mk(\d{4})x/g)) markers.set(Number(m[1]), m.index + m[0].length - 1);
  return { text, markers };
}

/** In-page instrumentation (plain JS: nothing of the bundler may leak into it). */
const INSTRUMENT = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const painted = new Map();
  const pending = [];
  const seen = new Set();
  const frames = [];
  const changedFrames = [];
  const loaf = [];
  let mutated = false;
  let ownMs = 0;
  const scan = (text) => {
    if (!text || text.indexOf('mk') < 0) return;
    for (const m of text.matchAll(/mk(\\d{4})x/g)) {
      const n = Number(m[1]);
      if (!seen.has(n)) { seen.add(n); pending.push(n); }
    }
  };
  new MutationObserver((records) => {
    const t0 = performance.now();
    for (const r of records) {
      if (r.type === 'characterData') scan(r.target.data);
      else for (const node of r.addedNodes) scan(node.textContent);
    }
    mutated = true;
    ownMs += performance.now() - t0;
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    const t = now();
    for (const n of pending) painted.set(n, t);
    pending.length = 0;
  };
  const loop = (ts) => {
    frames.push(performance.timeOrigin + ts);
    if (mutated) changedFrames.push(performance.timeOrigin + ts);
    mutated = false;
    channel.port2.postMessage(0);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) loaf.push([performance.timeOrigin + e.startTime, e.duration, e.blockingDuration ?? 0]);
    }).observe({ type: 'long-animation-frame' });
  } catch {}
  window.__panelBench = {
    painted: (n) => painted.get(n),
    result: () => ({ painted: [...painted], frames, changedFrames, loaf, ownMs }),
  };
})()`;

interface PanelBenchWindow {
  __panelBench: { painted(marker: number): number | undefined };
}

interface PageResult {
  painted: [number, number][];
  frames: number[];
  changedFrames: number[];
  loaf: [number, number, number][];
  /** Time spent in the bench's own MutationObserver callback (its cost to the page). */
  ownMs: number;
}

interface RunFigures {
  /** Enter → last marker painted (ms). */
  total: number;
  /** First event written → last written (ms). */
  serverSpan: number;
  /** Last event written → last marker painted (ms). */
  lag: number;
  /** Enter → first marker painted (ms). */
  firstPaint: number;
  frames: number;
  changedFrames: number;
  over: number;
  maxFrame: number;
  loafCount: number;
  loafMs: number;
  /** Marker → delay from its event's write to its paint (ms). */
  delays: Map<number, number>;
  seen: number;
  expected: number;
  ownMs: number;
  clock: { offset: number; rtt: number };
}

/** Page clock − Node clock, from the round trip with the smallest RTT. */
async function clockOffset(page: Page): Promise<{ offset: number; rtt: number }> {
  let best = { offset: 0, rtt: Infinity };
  for (let i = 0; i < 15; i++) {
    const t0 = preciseNow();
    const inPage = await page.evaluate('performance.timeOrigin + performance.now()');
    const t1 = preciseNow();
    if (t1 - t0 < best.rtt) best = { offset: (inPage as number) - (t0 + t1) / 2, rtt: t1 - t0 };
  }
  return best;
}

async function oneRun(fakePoe: FakePoe, docBot: DocStreamBot, botName: string, markers: Map<number, number>, build: string, timeoutMs: number): Promise<RunFigures> {
  const ext = await launchExtension(build);
  try {
    await signIn(ext, fakePoe.url);
    const page = await ext.context.newPage();
    await page.setViewportSize({ width: 400, height: 800 });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(ext.url('sidepanel.html'));
    await chooseBot(page, botName);
    await page.evaluate(INSTRUMENT);
    const clock = await clockOffset(page);
    const runsBefore = docBot.runs.length;
    await page.getByLabel('Message').fill('Stream the benchmark document, please.');
    const enter = preciseNow() + clock.offset;
    await page.getByLabel('Message').press('Enter');
    // A function, not a string: the extension page's CSP forbids eval.
    await page.waitForFunction((end) => (window as unknown as PanelBenchWindow).__panelBench.painted(end) !== undefined, END_MARKER, { timeout: timeoutMs, polling: 250 }).catch(async (error: unknown) => {
      // Say where it stopped: what the panel shows and what the server sent.
      const shown = await page.evaluate(() => {
        const answer = document.querySelector('.message.bot');
        return { status: answer?.getAttribute('data-status'), busy: answer?.querySelector('[aria-busy]') !== null, chars: answer?.textContent?.length ?? 0 };
      });
      throw new Error(`the end marker was never painted: the panel shows ${JSON.stringify(shown)}; the server wrote ${docBot.runs[runsBefore]?.sentAt.length ?? 0} events (${String(error)})`);
    });
    const result = (await page.evaluate('window.__panelBench.result()')) as PageResult;
    const run = docBot.runs[runsBefore] as DocStreamRun | undefined;
    if (!run) throw new Error('the fake server never answered the bench bot');
    const painted = new Map(result.painted);
    const sentAt = (marker: number): number => (run.sentAt[Math.floor(markers.get(marker)! / CHUNK)] as number) + clock.offset;
    const delays = new Map<number, number>();
    for (const [marker, at] of painted) if (markers.has(marker)) delays.set(marker, at - sentAt(marker));
    const firstAt = Math.min(...painted.values());
    const endAt = painted.get(END_MARKER)!;
    const frames = result.frames.filter((t) => t >= firstAt - FRAME_MS && t <= endAt);
    const intervals = frames.slice(1).map((t, i) => t - frames[i]!);
    const loaf = result.loaf.filter(([start, duration]) => start + duration >= firstAt && start <= endAt);
    return {
      total: endAt - enter,
      serverSpan: run.sentAt[run.sentAt.length - 1]! - run.sentAt[0]!,
      lag: endAt - (run.sentAt[run.sentAt.length - 1]! + clock.offset),
      firstPaint: firstAt - enter,
      frames: frames.length,
      changedFrames: result.changedFrames.filter((t) => t >= firstAt - FRAME_MS && t <= endAt).length,
      over: intervals.filter((d) => d > FRAME_MS + 1).length,
      maxFrame: Math.max(0, ...intervals),
      loafCount: loaf.length,
      loafMs: loaf.reduce((sum, [, duration]) => sum + duration, 0),
      delays,
      seen: [...painted.keys()].filter((m) => markers.has(m)).length,
      ownMs: result.ownMs,
      expected: markers.size,
      clock,
    };
  } finally {
    await ext.close();
  }
}

const ms = (x: number, digits = 0): string => `${x.toFixed(digits)} ms`;

function printRun(label: string, f: RunFigures): void {
  console.log(
    `  ${label}: total ${ms(f.total)} (first text ${ms(f.firstPaint)}), server wrote all in ${ms(f.serverSpan)}, last painted ${ms(f.lag)} after the last write; ` +
      `frames ${f.frames} (${f.changedFrames} with new text), over 16.7 ms: ${f.over}, longest ${ms(f.maxFrame, 1)}; ` +
      `long animation frames ${f.loafCount} (${ms(f.loafMs)}); markers ${f.seen}/${f.expected} (observer cost ${ms(f.ownMs)}); clock offset ${f.clock.offset.toFixed(2)} ± ${(f.clock.rtt / 2).toFixed(2)} ms`,
  );
}

function delayStats(values: number[]): string {
  if (values.length === 0) return 'no samples';
  return `median ${ms(median(values), 1)}, p95 ${ms(percentile(values, 95), 1)}, max ${ms(Math.max(...values), 1)} (${values.length} markers)`;
}

interface Summary {
  full: RunFigures[];
  delays: number[];
  head: number[];
  tail: number[];
}

function printFull(results: RunFigures[], textLength: number): void {
  const m = (key: keyof RunFigures) => median(results.map((r) => r[key] as number));
  console.log(`  median of ${results.length}: total ${ms(m('total'))} (Enter → last text painted), server wrote all in ${ms(m('serverSpan'))}, last painted ${ms(m('lag'))} after the last write; ${(textLength / 1024 / (m('total') / 1000)).toFixed(1)} KB/s`);
  console.log(`  median of ${results.length}: frames ${m('frames')} (${m('changedFrames')} with new text), over 16.7 ms: ${m('over')} (${((100 * m('over')) / Math.max(1, m('frames'))).toFixed(0)}%), longest ${ms(m('maxFrame'), 1)}, long animation frames ${m('loafCount')} totalling ${ms(m('loafMs'))}`);
  console.log(`  send → painted at full speed, all runs: ${delayStats(results.flatMap((r) => [...r.delays.values()]))}`);
}

function printPaced(s: Summary): void {
  console.log(`  send → painted, all:          ${delayStats(s.delays)}`);
  console.log(`  send → painted, first 10 KB:  ${delayStats(s.head)}`);
  console.log(`  send → painted, last 10 KB:   ${delayStats(s.tail)}   (last/first medians: ${(median(s.tail) / median(s.head)).toFixed(2)})`);
}

async function main(): Promise<void> {
  const runs = Math.max(1, Number(arg('runs', '3')));
  const pacedRuns = Math.max(1, Number(arg('paced-runs', '1')));
  const rate = Number(arg('rate', '50'));
  const every = Number(arg('every', '200'));
  // Several builds (comma-separated) are measured turn about, run by run, so machine noise hits them alike.
  const builds = arg('builds', arg('build', CHROME_BUILD)).split(',').map((b) => path.resolve(ROOT, b));
  const docFile = arg('doc', '');
  const source = docFile ? readFileSync(docFile, 'utf8') : generateDocument(Number(arg('size', '100000')));
  const { text, markers } = withMarkers(source, every);
  const chunks = Math.ceil(text.length / CHUNK);
  const label = (build: string) => (build.startsWith(`${ROOT}/`) ? path.relative(ROOT, build) : build);

  const full = docStreamBot({ displayName: FULL_BOT, text, chunkChars: CHUNK, chunksPerSecond: 0 });
  const paced = docStreamBot({ displayName: PACED_BOT, text, chunkChars: CHUNK, chunksPerSecond: rate });
  const fakePoe = await startFakePoe({ extraBots: [full.bot, paced.bot], balance: 1_000_000 });
  console.log(`Side panel streaming: ${(text.length / 1024).toFixed(1)} KB document, ${chunks} events of ${CHUNK} characters, ${markers.size} markers; headless Chromium, sidepanel.html at 400×800`);
  const summaries = new Map<string, Summary>(builds.map((b) => [b, { full: [], delays: [], head: [], tail: [] }]));
  try {
    if (!flag('skip-full')) {
      console.log(`\n(a)+(b) full speed, ${runs} run(s) per build (fresh profile each):`);
      for (let i = 0; i < runs; i++) {
        for (const build of builds) {
          const f = await oneRun(fakePoe, full, FULL_BOT, markers, build, 120_000);
          printRun(`${label(build)} run ${i + 1}`, f);
          summaries.get(build)!.full.push(f);
        }
      }
      for (const build of builds) {
        console.log(` ${label(build)}:`);
        printFull(summaries.get(build)!.full, text.length);
      }
    }
    if (!flag('skip-paced')) {
      console.log(`\n(c) ${rate} events per second (~${Math.round(chunks / rate)} s per run), ${pacedRuns} run(s) per build:`);
      for (let i = 0; i < pacedRuns; i++) {
        for (const build of builds) {
          const f = await oneRun(fakePoe, paced, PACED_BOT, markers, build, 60_000 + (chunks / rate) * 3000);
          printRun(`${label(build)} run ${i + 1}`, f);
          const s = summaries.get(build)!;
          for (const [marker, delay] of f.delays) {
            s.delays.push(delay);
            const at = markers.get(marker)!;
            if (at < 10_240) s.head.push(delay);
            if (at >= text.length - 10_240) s.tail.push(delay);
          }
        }
      }
      for (const build of builds) {
        console.log(` ${label(build)}:`);
        printPaced(summaries.get(build)!);
      }
    }
    if (builds.length > 1) {
      const [first, ...rest] = builds.map((b) => summaries.get(b)!);
      const totals = (s: Summary) => median(s.full.map((r) => r.total));
      const overs = (s: Summary) => median(s.full.map((r) => r.over));
      for (const [i, s] of rest.entries()) {
        console.log(
          `\nratio ${label(builds[i + 1]!)} / ${label(builds[0]!)}: full-speed total ${(totals(s) / totals(first!)).toFixed(2)}, frames over 16.7 ms ${(overs(s) / Math.max(1, overs(first!))).toFixed(2)}` +
            `, paced median delay ${(median(s.delays) / median(first!.delays)).toFixed(2)}, p95 ${(percentile(s.delays, 95) / percentile(first!.delays, 95)).toFixed(2)}`,
        );
      }
    }
  } finally {
    await fakePoe.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
