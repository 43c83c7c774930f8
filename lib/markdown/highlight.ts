/**
 * Syntax highlighting for finished code blocks only, lazy-loaded: highlight.js core and each language are separate
 * dynamic imports, so nothing is downloaded until an answer contains a fenced block in that language.
 * highlight.js returns an HTML string; we never assign it to innerHTML. It is parsed in an inert DOMParser document
 * and only <span class="hljs-…"> and text nodes are copied into our DOM, and only if the text is unchanged.
 */
import type { HLJSApi, LanguageFn } from 'highlight.js';
import { h } from './dom';

type LanguageModule = Promise<{ default: LanguageFn }>;

/** A few common languages; anything else stays plain (no auto-detection: that would need every grammar). */
const LANGUAGES: Record<string, () => LanguageModule> = {
  bash: () => import('highlight.js/lib/languages/bash'),
  c: () => import('highlight.js/lib/languages/c'),
  cpp: () => import('highlight.js/lib/languages/cpp'),
  csharp: () => import('highlight.js/lib/languages/csharp'),
  css: () => import('highlight.js/lib/languages/css'),
  diff: () => import('highlight.js/lib/languages/diff'),
  go: () => import('highlight.js/lib/languages/go'),
  java: () => import('highlight.js/lib/languages/java'),
  javascript: () => import('highlight.js/lib/languages/javascript'),
  json: () => import('highlight.js/lib/languages/json'),
  kotlin: () => import('highlight.js/lib/languages/kotlin'),
  markdown: () => import('highlight.js/lib/languages/markdown'),
  php: () => import('highlight.js/lib/languages/php'),
  python: () => import('highlight.js/lib/languages/python'),
  ruby: () => import('highlight.js/lib/languages/ruby'),
  rust: () => import('highlight.js/lib/languages/rust'),
  sql: () => import('highlight.js/lib/languages/sql'),
  swift: () => import('highlight.js/lib/languages/swift'),
  typescript: () => import('highlight.js/lib/languages/typescript'),
  xml: () => import('highlight.js/lib/languages/xml'),
  yaml: () => import('highlight.js/lib/languages/yaml'),
};

const ALIASES: Record<string, string> = {
  sh: 'bash', shell: 'bash', zsh: 'bash', console: 'bash', 'c++': 'cpp', cc: 'cpp', h: 'c', hpp: 'cpp',
  cs: 'csharp', 'c#': 'csharp', golang: 'go', js: 'javascript', jsx: 'javascript', mjs: 'javascript',
  kt: 'kotlin', md: 'markdown', py: 'python', rb: 'ruby', rs: 'rust', ts: 'typescript', tsx: 'typescript',
  html: 'xml', svg: 'xml', yml: 'yaml', patch: 'diff',
};

/** Bigger blocks stay plain: highlighting them would block the UI thread for tens of milliseconds. */
const MAX_HIGHLIGHT_CHARS = 50_000;
const HLJS_CLASS = /^(?:hljs-[A-Za-z0-9_-]{1,40}|[A-Za-z0-9-]{1,40}_+)$/;

let core: Promise<HLJSApi> | undefined;
const languageLoads = new Map<string, Promise<HLJSApi>>();
const inFlight = new Set<Promise<void>>();

/** Time spent applying highlights (for the benchmark, which runs them between chunks). */
export const highlightStats = { blocks: 0, ms: 0, maxMs: 0 };

export function resolveLanguage(lang: string): string | undefined {
  const name = lang.toLowerCase();
  const canonical = ALIASES[name] ?? name;
  return Object.hasOwn(LANGUAGES, canonical) ? canonical : undefined;
}

function loadLanguage(name: string): Promise<HLJSApi> {
  let load = languageLoads.get(name);
  if (!load) {
    core ??= import('highlight.js/lib/core').then((m) => m.default);
    const grammar = LANGUAGES[name];
    if (!grammar) return Promise.reject(new Error(`no grammar for ${name}`));
    load = Promise.all([core, grammar()]).then(([hljs, mod]) => {
      hljs.registerLanguage(name, mod.default);
      return hljs;
    });
    languageLoads.set(name, load);
  }
  return load;
}

/**
 * Highlighting runs in idle time, one block at a time and only when the idle period has this much left: a block
 * costs a few milliseconds, so it never lands in a frame that is rendering a streamed answer.
 */
const IDLE_MS_NEEDED = 8;
type IdleDeadline = { timeRemaining(): number };
const idleQueue: (() => void)[] = [];
let idleScheduled = false;

function whenIdle(): Promise<void> {
  return new Promise((run) => {
    idleQueue.push(run);
    scheduleIdle();
  });
}

function scheduleIdle(): void {
  if (idleScheduled || idleQueue.length === 0) return;
  idleScheduled = true;
  const onIdle = (deadline: IdleDeadline) => {
    idleScheduled = false;
    while (idleQueue.length > 0 && deadline.timeRemaining() >= IDLE_MS_NEEDED) idleQueue.shift()!();
    scheduleIdle();
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(onIdle);
  else setTimeout(() => onIdle({ timeRemaining: () => 50 }), 1);
}

/** Highlights `code` (showing exactly `text`) once its grammar has loaded and the page is idle. Failures leave it plain. */
export function highlightLater(code: HTMLElement, lang: string, text: string): void {
  const name = resolveLanguage(lang);
  if (!name || text.length === 0 || text.length > MAX_HIGHLIGHT_CHARS) return;
  const job = loadLanguage(name)
    .then(async (hljs) => {
      await whenIdle();
      applyHighlight(hljs, code, name, text);
    })
    .catch(() => undefined)
    .finally(() => inFlight.delete(job));
  inFlight.add(job);
}

/** Resolves when every scheduled highlight has been applied (tests and the benchmark). */
export async function flushHighlights(): Promise<void> {
  while (inFlight.size > 0) await Promise.all(Array.from(inFlight));
}

function applyHighlight(hljs: HLJSApi, code: HTMLElement, language: string, text: string): void {
  // Replaced, changed or detached since (superseded render, reset()): leave it alone.
  if (!code.isConnected || code.textContent !== text) return;
  const t0 = performance.now();
  const html = hljs.highlight(text, { language, ignoreIllegals: true }).value;
  const doc = code.ownerDocument;
  const inert = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const frag = doc.createDocumentFragment();
  copySpansAndText(inert.body, frag, doc);
  if (frag.textContent !== text) return; // never show anything but the original code
  code.replaceChildren(frag);
  highlightStats.blocks++;
  const ms = performance.now() - t0;
  highlightStats.ms += ms;
  highlightStats.maxMs = Math.max(highlightStats.maxMs, ms);
}

function copySpansAndText(from: Node, to: Node, doc: Document): void {
  for (let n = from.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 3) to.appendChild(doc.createTextNode((n as Text).data));
    else if (n.nodeType === 1) {
      if ((n as Element).tagName === 'SPAN') {
        const classes = ((n as Element).getAttribute('class') ?? '').split(/\s+/).filter((c) => HLJS_CLASS.test(c));
        const span = h(doc, 'span', { class: classes.length > 0 ? classes.join(' ') : undefined });
        copySpansAndText(n, span, doc);
        to.appendChild(span);
      } else copySpansAndText(n, to, doc); // unexpected element: keep its text only
    }
  }
}
