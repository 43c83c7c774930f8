/**
 * How long the hostile markdown shapes (tests/bench/hostile.ts) take to render, at 1×, 2× and 4× the unit test's
 * size, in Node with happy-dom (the unit tests' DOM; Chromium is faster in absolute terms, the growth is what counts).
 *
 *   node --import tsx tests/bench/hostile-render.ts [--runs 1] [--scales 1,2,4]   (≈ 30 s on 2 cores; --runs 3 for steadier medians)
 *
 * Prints the median milliseconds per scale and the growth per doubling of the input: ≈ 2 is linear, ≈ 4 quadratic.
 * Nothing is asserted: the unit test checks the output (allow-list, depth), this prints the time.
 */
import { Window } from 'happy-dom';
import { renderMarkdown } from '../../lib/markdown/index';
import { HOSTILE_SHAPES } from './hostile';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const runs = Math.max(1, Number(arg('runs', '1')));
const scales = arg('scales', '1,2,4').split(',').map(Number).filter((n) => n > 0);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2;
};

const window = new Window();
const document = window.document as unknown as Document;

function timeRender(text: string): number {
  const el = document.createElement('div');
  const t0 = performance.now();
  renderMarkdown(el, text);
  return performance.now() - t0;
}

console.log(`hostile markdown shapes, happy-dom in Node ${process.version}, median of ${runs} runs`);
console.log(`${'shape'.padEnd(22)}${scales.map((s) => `${s}× (chars, ms)`.padStart(24)).join('')}   growth per doubling`);
for (const shape of HOSTILE_SHAPES) {
  const cells: string[] = [];
  const points: [number, number][] = [];
  for (const scale of scales) {
    const text = shape.make(scale);
    timeRender(text); // warm-up (JIT)
    const ms = median(Array.from({ length: runs }, () => timeRender(text)));
    points.push([text.length, ms]);
    cells.push(`${text.length.toLocaleString('en')} ${ms.toFixed(1)}`.padStart(24));
  }
  // Time ratio normalised to a doubling of the input length between the first and last scale.
  const [[c0, t0], [c1, t1]] = [points[0]!, points.at(-1)!];
  const doublings = Math.log2(c1 / c0);
  const growth = doublings > 0 ? Math.pow(t1 / Math.max(t0, 0.01), 1 / doublings) : NaN;
  console.log(`${shape.name.padEnd(22)}${cells.join('')}   ${growth.toFixed(2)}`);
}
await window.happyDOM.close();
