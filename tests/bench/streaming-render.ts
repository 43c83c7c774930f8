/**
 * Streaming-render benchmark (see /work/shared/PERFORMANCE.md): a generated ~100 KB answer streamed in 20-character
 * chunks into headless Chromium, each chunk followed by a layout read.
 *
 *   node --import tsx tests/bench/streaming-render.ts [--runs 3] [--modes component,incremental,naive] [--chunk 20]
 *     [--size 100000 | --doc answer.md] [--slowest]
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
import { generateDocument } from './doc';
import type { StreamResult } from './page';

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

async function main(): Promise<void> {
  const runs = Number(arg('runs', '3'));
  const chunkSize = Number(arg('chunk', '20'));
  const modes = arg('modes', 'component,incremental,naive').split(',');
  const docFile = arg('doc', '');
  const text = docFile ? readFileSync(docFile, 'utf8') : generateDocument(Number(arg('size', '100000')));
  const chunkCount = Math.ceil(text.length / chunkSize);

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

  console.log(`document: ${kb(text.length)}, ${chunkCount} chunks of ${chunkSize} characters; Chromium headless`);
  console.log(await bundleSizes());
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true });
  try {
    const totals: Record<string, number> = {};
    for (const mode of modes) {
      if (mode === 'naive') {
        totals[mode] = await runNaive(browser, files, text, chunkSize, chunkCount);
        continue;
      }
      const summaries: Summary[] = [];
      for (let run = 0; run < runs; run++) {
        const page = await openPage(browser, files);
        const result = await page.evaluate(([t, c, m]) => window.bench.stream(m, t, c), [text, chunkSize, mode] as const);
        summaries.push(summarise(result, text.length));
        await page.close();
      }
      const m = (key: Exclude<keyof Summary, 'slowest'>): number => median(summaries.map((s) => s[key]));
      totals[mode] = m('total') + m('highlightMs');
      console.log(`\n[${mode}] medians of ${runs} runs (fresh page each)`);
      console.log(`  per chunk, first 1 KB: ${fmt(m('first'), 3)}   last 1 KB: ${fmt(m('last'), 3)}   ratio: ${(m('last') / m('first')).toFixed(2)} (target ≤ 1.5)`);
      console.log(`  total (append + layout, all chunks): ${fmt(m('total'), 0)} (of which append JS ${fmt(m('js'), 0)})   + highlighting ${fmt(m('highlightMs'), 0)} for ${m('highlightBlocks')} blocks, run between chunks   (target ≤ 3000 ms)`);
      console.log(`  chunks over one frame (16.7 ms): ${m('over')}   slowest chunk: ${fmt(m('max'), 1)}   wall time incl. yields: ${fmt(m('wall'), 0)}`);
      console.log(`  per-run totals: ${summaries.map((s) => s.total.toFixed(0)).join(', ')} ms; last-1KB medians: ${summaries.map((s) => s.last.toFixed(3)).join(', ')} ms`);
      if (process.argv.includes('--slowest')) for (const s of summaries) console.log(`  slowest: ${s.slowest}`);
    }
    const naive = totals['naive'];
    for (const mode of ['component', 'incremental']) {
      const total = totals[mode];
      if (total === undefined || naive === undefined) continue;
      console.log(`\nspeed-up of ${mode} over naive (total): ${(naive / total).toFixed(0)}× (target ≥ 10×)`);
    }
  } finally {
    await browser.close();
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
