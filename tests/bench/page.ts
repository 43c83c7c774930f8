/**
 * Runs inside the benchmark page (bundled by streaming-render.ts). Each chunk is appended, then a layout is forced
 * (offsetHeight) and the pair timed; between chunks the page yields a task, as a real SSE stream would, so
 * highlighting of finished code blocks runs in between (its time is counted separately, from highlightStats).
 */
import { flushHighlights } from '../../lib/markdown/index';
import { highlightStats } from '../../lib/markdown/highlight';
import { MODES } from './modes';

export interface StreamResult {
  /** [start offset of the chunk, ms for append + layout, ms for append alone] per measured chunk. */
  chunks: [number, number, number][];
  finishMs: number;
  wallMs: number;
  highlight: { blocks: number; ms: number };
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

/** Streams the whole text through `mode`, timing every chunk. */
async function stream(modeName: string, text: string, chunkSize: number): Promise<StreamResult> {
  const mode = MODES[modeName];
  if (!mode) throw new Error(`unknown mode ${modeName}`);
  await mode.prepare?.();
  const host = freshHost();
  const sink = mode.mount(host);
  highlightStats.blocks = 0;
  highlightStats.ms = 0;
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
  return { chunks, finishMs: 0, wallMs: performance.now() - wall0, highlight: { blocks: 0, ms: 0 }, height: 0 };
}

declare global {
  interface Window {
    bench: { stream: typeof stream; sample: typeof sample; modes: string[] };
  }
}

window.bench = { stream, sample, modes: Object.keys(MODES) };
