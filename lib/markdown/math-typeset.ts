/**
 * The extension pages' typesetter: Temml and the MathML allow-list (`math-mathml.ts`) are one chunk, fetched the first
 * time an answer holds a finished formula. Until it arrives a formula shows its source; once it has, formulas are
 * typeset as they are built (the same formula again is a clone: a streamed paragraph rebuilds its tail).
 */
import { ERROR_CLASS, type Typeset } from './math';
import './math.css';

type Engine = typeof import('./math-mathml');

let loading: Promise<Engine> | undefined;
let engine: Engine | undefined;
const inFlight = new Set<Promise<unknown>>();

/** Typeset formulas by display flag and TeX; null: it failed (its source stays). Bounded, oldest dropped first. */
const cache = new Map<string, Element | null>();
const CACHE_SIZE = 200;

function typesetNow(e: Engine, el: HTMLElement, tex: string, display: boolean): void {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let math = cache.get(key);
  if (math === undefined) {
    math = e.texToMathML(el.ownerDocument, tex, display);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(key, math);
  }
  if (math) el.replaceChildren(math.cloneNode(true));
  else el.classList.add(ERROR_CLASS);
}

export const typesetLater: Typeset = (el, tex, display) => {
  if (engine) {
    typesetNow(engine, el, tex, display);
    return;
  }
  loading ??= import('./math-mathml').then((m) => (engine = m));
  const done = loading.then(
    (e) => typesetNow(e, el, tex, display),
    () => el.classList.add(ERROR_CLASS), // the chunk did not load: the source stays
  );
  inFlight.add(done);
  void done.finally(() => inFlight.delete(done));
};

/** Resolves once every formula handed over so far is typeset (tests, benchmarks). */
export async function flushMath(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}
