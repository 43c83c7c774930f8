/**
 * Streaming-render benchmark (see /work/shared/PERFORMANCE.md): a generated ~100 KB answer streamed in 20-character
 * chunks into headless Chromium, each chunk followed by a layout read.
 *
 *   node --import tsx tests/bench/streaming-render.ts [--runs 3] [--docs mixed,paragraph,table] [--modes component]
 *     [--live paced,flood,open] [--live-runs 1] [--rate 20000] [--chunk 20] [--warm 16000] [--size 100000 | --doc answer.md]
 *     [--slowest]
 *
 * Three documents (tests/bench/doc.ts): the mixed ~100 KB answer, one ~100 KB paragraph (a single line) and a
 * 1,300-row GFM table. For each:
 * - per-chunk cost (`--modes`, default the real MessageBody component): every chunk rendered and laid out before the
 *   next; medians over the first 1 KB and the last 1 KB and their ratio (after an untimed warm-up: the first `--warm`
 *   characters streamed into a scratch element, so that the first kilobyte is not timed while the code compiles). `incremental` (StreamingMarkdown alone) and
 *   `naive` (full re-render per chunk, sampled) can be added.
 * - live (`--live`): the component on the page's real animation frames, text arriving paced (`--rate` chars/s),
 *   flooding (one chunk per task) or all at once (a page opening on a finished answer); prints the longest frame
 *   (frame callbacks + the style and layout they cause), the longest gap between frames, long tasks, how many frames
 *   the newest text waited to be on screen, and the longest highlighting task.
 * Figures only: nothing here passes or fails.
 *
 * Bundles tests/bench/page.ts with esbuild (code splitting on, so highlight.js loads lazily as in the extension),
 * serves it from memory through Playwright request routing, and prints medians over fresh pages.
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build, type OutputFile } from 'esbuild';
import { chromium, type Browser } from '@playwright/test';
import { generateDocument, generateParagraph, generateTable } from './doc';
import type { LiveResult, LiveScenario, StreamResult } from './page';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** localhost is a secure context, needed for cross-origin isolation (routed in memory, nothing listens). */
const ORIGIN = 'http://localhost:9';
const FRAME_MS = 1000 / 60;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2;
};
const fmt = (ms: number, digits = 2): string => `${ms.toFixed(digits)} ms`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

async function bundle(entry: string, minify: boolean): Promise<OutputFile[]> {
  const result = await build({
    metafile: true,
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    splitting: true,
    format: 'esm',
    minify,
    target: 'chrome120',
    // So a Preact component mode (modes.ts) bundles as is; `@/…` imports resolve through tsconfig paths.
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: path.join(ROOT, '.bench-out'),
    write: false,
    logLevel: 'silent',
  });
  // Entry chunk first: the rest are lazy (dynamic import) or shared chunks.
  const entryOut = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === entry)?.[0] ?? '';
  const isEntry = (f: OutputFile): boolean => f.path.endsWith(entryOut);
  return [...result.outputFiles.filter(isEntry), ...result.outputFiles.filter((f) => !isEntry(f))];
}

/** Size of the markdown core (what the side panel loads up front) vs. the lazily loaded highlighter chunks. */
async function bundleSizes(): Promise<string> {
  const files = await bundle('lib/markdown/index.ts', true);
  const [entry, ...lazy] = files.filter((f) => f.path.endsWith('.js'));
  const gz = (f: OutputFile): number => gzipSync(f.contents).length;
  const lazyGz = lazy.map(gz).sort((a, b) => b - a);
  const css = gzipSync(readFileSync(path.join(ROOT, 'lib/markdown/markdown.css'))).length;
  return (
    `markdown core: ${kb(entry?.contents.length ?? 0)} min, ${kb(entry ? gz(entry) : 0)} gzip (+ ${kb(css)} gzip CSS); ` +
    `lazy chunks: ${lazy.length}, largest ${kb(lazyGz[0] ?? 0)} gzip (highlight.js core), ` +
    `${kb(lazyGz.slice(1).reduce((a, b) => a + b, 0) / Math.max(1, lazy.length - 1))} gzip per language on average`
  );
}

async function openPage(browser: Browser, files: Map<string, Uint8Array | string>) {
  const page = await browser.newPage();
  await page.route(`${ORIGIN}/**`, (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    const body = files.get(name);
    if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
    const contentType = name.endsWith('.html') ? 'text/html' : name.endsWith('.css') ? 'text/css' : 'text/javascript';
    // Cross-origin isolation lifts performance.now() from 100 µs to 5 µs resolution.
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
    return route.fulfill({ status: 200, contentType, headers, body: Buffer.from(body) });
  });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => typeof window.bench === 'object');
  return page;
}

interface Summary {
  first: number;
  last: number;
  total: number;
  over: number;
  max: number;
  js: number;
  highlightMs: number;
  highlightBlocks: number;
  wall: number;
  slowest: string;
}

function summarise(r: StreamResult, length: number): Summary {
  const first = r.chunks.filter(([start]) => start < 1024).map(([, ms]) => ms);
  const last = r.chunks.filter(([start]) => start >= length - 1024).map(([, ms]) => ms);
  const all = r.chunks.map(([, ms]) => ms);
  return {
    first: median(first),
    last: median(last),
    total: all.reduce((a, b) => a + b, 0) + r.finishMs,
    js: r.chunks.reduce((a, [, , js]) => a + js, 0),
    over: all.filter((ms) => ms > FRAME_MS).length,
    max: Math.max(...all),
    highlightMs: r.highlight.ms,
    highlightBlocks: r.highlight.blocks,
    wall: r.wallMs,
    slowest: [...r.chunks]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([at, ms, js]) => `${ms.toFixed(1)} (js ${js.toFixed(1)}) @${at}`)
      .join(', '),
  };
}

interface Doc {
  name: string;
  text: string;
}

/** The three documents of the issue: the mixed answer, one 100 KB paragraph, a 1,300-row table. */
function documents(): Doc[] {
  const docFile = arg('doc', '');
  if (docFile) return [{ name: path.basename(docFile), text: readFileSync(docFile, 'utf8') }];
  const size = Number(arg('size', '100000'));
  const all: Record<string, () => string> = {
    mixed: () => generateDocument(size),
    paragraph: () => generateParagraph(size),
    table: () => generateTable(Math.round((size * 1300) / 100_000)),
  };
  return arg('docs', 'mixed,paragraph,table')
    .split(',')
    .filter((name) => all[name])
    .map((name) => ({ name, text: (all[name] as () => string)() }));
}

interface Row {
  doc: string;
  first: number;
  last: number;
  over: number;
  max: number;
  total: number;
  live: Partial<Record<LiveScenario, LiveResult>>;
}

async function runLive(browser: Browser, files: Map<string, Uint8Array | string>, doc: Doc, chunkSize: number, runs: number): Promise<Row['live']> {
  const rate = Number(arg('rate', '20000'));
  const out: Row['live'] = {};
  for (const scenario of arg('live', 'paced,flood,open').split(',').filter(Boolean) as LiveScenario[]) {
    const results: LiveResult[] = [];
    for (let run = 0; run < runs; run++) {
      const page = await openPage(browser, files);
      results.push(await page.evaluate(([t, c, sc, r]) => window.bench.live(t, c, sc, r), [doc.text, chunkSize, scenario, rate] as const));
      await page.close();
    }
    // The worst run: these are maxima, and one bad frame is what a user sees.
    const worst = (key: keyof LiveResult): number => Math.max(...results.map((r) => r[key]));
    const result = Object.fromEntries(Object.keys(results[0] as LiveResult).map((k) => [k, worst(k as keyof LiveResult)])) as unknown as LiveResult;
    out[scenario] = result;
    const what = scenario === 'paced' ? `${rate} chars/s in ${chunkSize}-char chunks` : scenario === 'flood' ? `${chunkSize}-char chunks, one per task, as fast as the page takes them` : 'whole answer at once, finished (page opens on it)';
    console.log(`  live ${scenario} (${what}), worst of ${runs}:`);
    console.log(
      `    longest frame (frame callbacks + style/layout): ${fmt(result.longestFrameMs, 1)}   frames over 16.7 ms: ${result.framesOver} of ${result.frames}   ` +
        `longest gap between frames: ${fmt(result.longestGapMs, 1)}   long tasks (≥ 50 ms): ${result.longTasks}${result.longTasks ? ` (longest ${fmt(result.longestTaskMs, 0)})` : ''}`,
    );
    console.log(
      `    newest text on screen: at most ${result.maxLagFrames} frame(s) / ${fmt(result.maxLagMs, 1)} after arriving   all on screen ${fmt(result.catchUpMs, 0)} after the last piece   longest highlight task: ${fmt(result.longestHighlightMs, 1)}`,
    );
  }
  return out;
}

async function main(): Promise<void> {
  const runs = Number(arg('runs', '3'));
  const liveRuns = Number(arg('live-runs', '1'));
  const chunkSize = Number(arg('chunk', '20'));
  const warm = Number(arg('warm', '16000'));
  const modes = arg('modes', 'component').split(',').filter(Boolean);
  const docs = documents();

  const outputs = await bundle('tests/bench/page.ts', true);
  const files = new Map<string, Uint8Array | string>();
  for (const f of outputs) files.set(path.basename(f.path), f.contents);
  const css = readFileSync(path.join(ROOT, 'lib/markdown/markdown.css'), 'utf8');
  files.set(
    'index.html',
    `<!doctype html><meta charset="utf-8"><style>body{font:14px system-ui;width:640px}${css}</style>` +
      // CSS imported by bundled modules (e.g. component styles) comes out as page.css.
      (files.has('page.css') ? '<link rel="stylesheet" href="/page.css">' : '') +
      `<body><div id="host"></div><script type="module" src="/page.js"></script></body>`,
  );

  console.log(`Chromium headless; ${chunkSize}-character chunks; documents: ${docs.map((d) => `${d.name} ${kb(d.text.length)}`).join(', ')}`);
  console.log(await bundleSizes());
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true });
  const rows: Row[] = [];
  try {
    for (const doc of docs) {
      const text = doc.text;
      const chunkCount = Math.ceil(text.length / chunkSize);
      console.log(`\n=== ${doc.name}: ${kb(text.length)}, ${chunkCount} chunks`);
      const totals: Record<string, number> = {};
      let row: Row | undefined;
      for (const mode of modes) {
        if (mode === 'naive') {
          totals[mode] = await runNaive(browser, files, text, chunkSize, chunkCount);
          continue;
        }
        const summaries: Summary[] = [];
        for (let run = 0; run < runs; run++) {
          const page = await openPage(browser, files);
          const result = await page.evaluate(([t, c, m, w]) => window.bench.stream(m, t, c, w), [text, chunkSize, mode, warm] as const);
          summaries.push(summarise(result, text.length));
          await page.close();
        }
        const m = (key: Exclude<keyof Summary, 'slowest'>): number => median(summaries.map((s) => s[key]));
        totals[mode] = m('total') + m('highlightMs');
        console.log(`\n[${mode}] medians of ${runs} runs (fresh page each; each chunk rendered and laid out before the next)`);
        console.log(`  per chunk, first 1 KB: ${fmt(m('first'), 3)}   last 1 KB: ${fmt(m('last'), 3)}   ratio: ${(m('last') / m('first')).toFixed(2)} (target ≤ 1.5)`);
        console.log(`  total (append + layout, all chunks): ${fmt(m('total'), 0)} (of which append JS ${fmt(m('js'), 0)})   + highlighting ${fmt(m('highlightMs'), 0)} for ${m('highlightBlocks')} blocks, run between chunks   (target ≤ 3000 ms)`);
        console.log(`  chunks over one frame (16.7 ms): ${m('over')}   slowest chunk: ${fmt(m('max'), 1)}   wall time incl. yields: ${fmt(m('wall'), 0)}`);
        console.log(`  per-run totals: ${summaries.map((s) => s.total.toFixed(0)).join(', ')} ms; last-1KB medians: ${summaries.map((s) => s.last.toFixed(3)).join(', ')} ms`);
        if (process.argv.includes('--slowest')) for (const s of summaries) console.log(`  slowest: ${s.slowest}`);
        if (mode === 'component') row = { doc: doc.name, first: m('first'), last: m('last'), over: m('over'), max: m('max'), total: m('total'), live: {} };
      }
      const naive = totals['naive'];
      for (const mode of ['component', 'incremental']) {
        const total = totals[mode];
        if (total === undefined || naive === undefined) continue;
        console.log(`\nspeed-up of ${mode} over naive (total): ${(naive / total).toFixed(0)}× (target ≥ 10×)`);
      }
      if (liveRuns > 0) {
        console.log("\n[live] the real MessageBody on the page's real 60 Hz animation frames");
        const liveRows = await runLive(browser, files, doc, chunkSize, liveRuns);
        if (row) row.live = liveRows;
      }
      if (row) rows.push(row);
    }
  } finally {
    await browser.close();
  }
  if (rows.length === 0) return;
  console.log('\nSummary (component: per-chunk medians; live: longest frame of paced / flood / open, newest-text lag in frames when paced)');
  console.log(`${'document'.padEnd(11)}${'1 KB'.padStart(10)}${'100 KB'.padStart(10)}${'ratio'.padStart(8)}${'max chunk'.padStart(11)}${'longest frame p/f/o'.padStart(24)}${'lag'.padStart(6)}`);
  for (const r of rows) {
    const lf = (['paced', 'flood', 'open'] as const).map((sc) => (r.live[sc] ? r.live[sc].longestFrameMs.toFixed(1) : '-')).join(' / ');
    console.log(
      `${r.doc.padEnd(11)}${fmt(r.first, 3).padStart(10)}${fmt(r.last, 3).padStart(10)}${(r.last / r.first).toFixed(2).padStart(8)}${fmt(r.max, 1).padStart(11)}${`${lf} ms`.padStart(24)}${String(r.live.paced?.maxLagFrames ?? '-').padStart(6)}`,
    );
  }
}

/** The naive baseline is quadratic: measure the first and last kilobyte fully and 100 evenly spaced chunks. */
async function runNaive(browser: Browser, files: Map<string, Uint8Array | string>, text: string, chunkSize: number, chunkCount: number): Promise<number> {
  const perKb = Math.ceil(1024 / chunkSize);
  const spaced = Array.from({ length: 100 }, (_, i) => Math.floor(((i + 0.5) * chunkCount) / 100));
  const edges = [
    ...Array.from({ length: perKb }, (_, i) => i),
    ...Array.from({ length: perKb }, (_, i) => chunkCount - perKb + i),
  ];
  const page = await openPage(browser, files);
  const budgetMs = 60_000;
  const even = await page.evaluate(([t, c, idx, b]) => window.bench.sample('naive', t, c, idx, b), [text, chunkSize, spaced, budgetMs] as const);
  const edge = await page.evaluate(([t, c, idx, b]) => window.bench.sample('naive', t, c, idx, b), [text, chunkSize, edges, budgetMs] as const);
  await page.close();
  const s = summarise(edge, text.length);
  const mean = even.chunks.reduce((a, [, ms]) => a + ms, 0) / Math.max(1, even.chunks.length);
  const total = mean * chunkCount;
  const overShare = even.chunks.filter(([, ms]) => ms > FRAME_MS).length / Math.max(1, even.chunks.length);
  console.log(`\n[naive] full re-parse + re-render per chunk, SAMPLED (not streamed end to end):`);
  console.log(`  per chunk, first 1 KB: ${fmt(s.first, 3)}   last 1 KB: ${fmt(s.last, 3)}   ratio: ${(s.last / s.first).toFixed(1)}`);
  console.log(`  total ≈ ${fmt(total, 0)}, extrapolated from ${even.chunks.length} evenly spaced chunks (mean ${fmt(mean)}) × ${chunkCount} chunks`);
  console.log(`  chunks over one frame ≈ ${Math.round(overShare * chunkCount)} (share of the sampled chunks); highlighting not counted`);
  return total;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
