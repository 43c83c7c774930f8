/**
 * History at scale in the real side panel (issue 10): the built extension in headless Chromium with a large history
 * in its own IndexedDB, against the same with an empty history.
 *
 *   npm run build:chrome && npm run bench:history -- [--conversations 1000] [--messages 50000] [--long 500] [--runs 5]
 *     [--build .output/chrome-mv3] [--profiles /tmp/history-panel-profiles] [--reseed] [--skip-upgraded]
 *     [--type-delay 110]
 *
 * Prints figures, never pass/fail (the machine is noisy: compare the ratios, and see the load average printed).
 *
 * The data: tests/bench/history-data.ts's deterministic history (the one history-scale.ts uses): `--conversations`
 * conversations, `--messages` messages of 200 B–4 KB, one of `--long` messages (c-0000, the newest, first in the
 * list). It is written as the product stores it, into the extension origin's IndexedDB (`poe-toolbar-chats`, version
 * 4), by plain IndexedDB code evaluated in the extension's service worker (batched transactions), with the index state
 * an upgrade from version 3 leaves (`backfilled: false`, nothing indexed). Then the browser is restarted and the
 * extension's own background builds the search index (search-maintenance.ts, its real chunks and pauses): the time it
 * takes is printed. Profiles are kept under `--profiles` (one per scale and build directory: the extension id comes
 * from the build's path) and reused by later runs; `--reseed` writes them again. Signed in to an in-process fake Poe.
 *
 * Three profiles: empty history; the history with its index built; "upgraded, index not yet built" (a copy of the
 * profile taken before the index was built, so its background starts building it two seconds after launch and
 * every figure of that profile is taken while it does).
 *
 * Each run opens a fresh side panel page (sidepanel.html, 400×800) in the same browser. What is timed, in the page:
 * * Painted: a requestAnimationFrame loop (registered before the app's scripts, so it runs first in each frame) checks
 *   the condition; a MessageChannel message posted from that callback runs after the frame's rendering; its time is
 *   the paint time. A condition that becomes true during a later rAF callback of the same frame counts in the next
 *   frame (at most one frame late). A MutationObserver records the last change inside the history view.
 * * Port: chrome.runtime.connect is wrapped (before the app's scripts) to timestamp each command sent and each event
 *   received, for the breakdowns.
 * 1. Panel open: navigation start (performance.timeOrigin) → the History button painted; the page script clicks it at
 *    once (a person's reaction time left out) → the first conversation title painted ("No conversations yet." for the
 *    empty history). Reported: the total, and its parts (snapshot received; click → list painted).
 * 2. Search: the query inserted at once into the search box (page.keyboard.insertText: one input event, as a paste)
 *    → the results painted; and typed key by key (page.keyboard.type with `--type-delay` ms between keys) → from the
 *    last key's input event to the results painted. "Results painted" = the frame after the last change in the
 *    history view once it has been quiet for 1 s with a result list (or "No conversation matches.") on screen, so a
 *    stale list replaced late is never taken for the answer. Breakdown: input → command sent (the page's typing
 *    pause), sent → results received (the background's search and the port), received → painted.
 * 3. The long conversation opened from the list (a click on its row) → its last message's text painted with the
 *    message list scrolled to the bottom (scrollTop + clientHeight ≥ scrollHeight − 2).
 * 4. JS heap of the side panel page with that conversation open: CDP HeapProfiler.collectGarbage, then
 *    Runtime.getHeapUsage (used).
 *
 * Figures (2026-12-02, median of 3 runs, load average 2.9–4.2 on 2 CPUs), first as this bench found the product,
 * then after the work it led to (search asked at once and its index lists kept in memory, history rows skipping layout
 * off screen and drawn a screenful first, answers sharing one frame budget and rendered lazily):
 *
 * | 1,000 conversations / 50,000 messages (105 MB) | found | now | empty history now | target |
 * |---|---|---|---|---|
 * | panel open → first title painted | 543 ms (1.76×) | 279 ms (1.07×) | 261 ms | ≤ 1.2× empty |
 * |   History clicked → list painted (50 rows) | 144 ms | 20 ms | 17 ms | |
 * | pasted rare word → results painted | 259–282 ms | 37–55 ms | | ≤ 100 ms |
 * | pasted common word / two words | 321 / 380 ms | 56 / 54 ms | | ≤ 100 ms |
 * | typed two words, last key → results | 314 ms | 66 ms | | ≤ 100 ms |
 * | 500-message conversation clicked → last message at the bottom | 338 ms | 146 ms | | ≤ 150 ms |
 * | JS heap with it open, after GC | 4.6 MB | 4.4 MB | 3.2 MB | ≤ 20 MB |
 *
 * Where the time went before (traces): every search waited 150 ms before it was even asked (the page's typing pause),
 * then the background read the index's conversation entries, dead documents and conversation order in full
 * (83 + 31 + 27 ms in Chromium's IndexedDB) before the query's own postings (2 ms); the list's 50 rows cost one
 * 50–77 ms layout plus ~35 ms of Preact rendering; opening the long conversation rendered all 60 answers, each with a
 * frame budget of its own. Upgraded from version 3 (index being built meanwhile, before this work): panel open
 * 1,166 ms, a search 13 s (it reads not-yet-indexed conversations in full); the background's build of the whole index
 * takes 5–8 minutes here (467 s in the last run), in chunks, and Chrome may stop the service worker midway (the build
 * resumes at its next start; the bench keeps it awake while it waits).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from '@playwright/test';
import { CONVERSATIONS_PAGE, MESSAGES_PAGE } from '@/lib/messaging/rules';
import { startFakePoe, type FakePoe } from '../fake-poe/server';
import { CHROME_BUILD, launchExtension, median, signIn, type ExtensionBrowser } from './extension';
import { PLANTED_WORD, generateHistory, historyText, plantedConversation } from './history-data';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);
const CONVERSATIONS = Number(arg('conversations', '1000'));
const MESSAGES = Number(arg('messages', '50000'));
const LONG = Number(arg('long', '500'));
const RUNS = Number(arg('runs', '5'));
const TYPE_DELAY = Number(arg('type-delay', '110'));
const BUILD = path.resolve(arg('build', CHROME_BUILD));
const PROFILES = path.resolve(arg('profiles', path.join(tmpdir(), 'history-panel-profiles')));
const LONG_ID = 'c-0000';

// -------------------------------------------------------------------------------------------------------------------
// In the page (plain JS: nothing of the bundler may leak into it).

const INSTRUMENT = `(() => {
  const frames = [];
  const waits = [];
  const port = [];
  let lastChange = 0;
  let historyChanges = 0;
  let firstKeyAfter = 0;
  const inputs = [];
  const clicks = [];
  const channel = new MessageChannel();
  let pendingFrame = null;
  channel.port1.onmessage = () => {
    const t = performance.now();
    if (pendingFrame) { pendingFrame.post = t; pendingFrame = null; }
    for (const wait of waits) {
      if (!wait.frame || wait.painted !== undefined || wait.frame.post === undefined) continue;
      wait.painted = wait.frame.post;
      if (wait.then) try { wait.then(); } catch (error) { console.error(error); }
    }
  };
  const loop = (ts) => {
    requestAnimationFrame(loop);
    const frame = { raf: performance.now(), ts };
    frames.push(frame);
    if (frames.length > 4000) frames.splice(0, 2000);
    pendingFrame = frame;
    for (const wait of waits) {
      if (wait.frame || wait.painted !== undefined) continue;
      let ok = false;
      try { ok = wait.test(); } catch {}
      if (ok) { wait.frame = frame; wait.at = frame.raf; }
    }
    channel.port2.postMessage(0);
  };
  requestAnimationFrame(loop);
  const observer = new MutationObserver((records) => {
    const t = performance.now();
    for (const r of records) {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (node && node.closest && node.closest('section.history')) { lastChange = t; historyChanges += 1; return; }
    }
  });
  const observe = () => observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
  if (document.documentElement) observe(); else document.addEventListener('DOMContentLoaded', observe);
  addEventListener('input', (event) => inputs.push({ t: event.timeStamp, value: event.target && event.target.value }), true);
  addEventListener('click', (event) => clicks.push(event.timeStamp), true);
  // The port, timestamped.
  try {
    for (const api of [globalThis.chrome, globalThis.browser]) {
      if (!api || !api.runtime || api.runtime.__hpWrapped) continue;
      const connect = api.runtime.connect.bind(api.runtime);
      api.runtime.connect = (...args) => {
        const p = connect(...args);
        const post = p.postMessage.bind(p);
        p.postMessage = (message) => { port.push({ t: performance.now(), dir: 'send', type: message && message.type, query: message && message.query }); return post(message); };
        p.onMessage.addListener((message) => port.push({ t: performance.now(), dir: 'recv', type: message && message.type, query: message && message.query, n: message && (message.results || message.messages || message.conversations || []).length }));
        return p;
      };
      api.runtime.__hpWrapped = true;
    }
  } catch (error) { port.push({ t: performance.now(), dir: 'error', type: String(error) }); }

  const history = () => document.querySelector('section.history');
  window.__hp = {
    /** Resolves when test() holds at the start of a frame, with that frame's paint time; then() runs right after that paint. */
    whenPainted(test, then) {
      const wait = { test, then };
      waits.push(wait);
      const deadline = performance.now() + 60000;
      return new Promise((resolve, reject) => {
        const check = () => {
          if (wait.painted !== undefined) resolve({ at: wait.at, painted: wait.painted });
          else if (performance.now() > deadline) reject(new Error('not painted within 60 s: ' + test));
          else setTimeout(check, 20);
        };
        check();
      });
    },
    /** The paint time of the first frame started after t. */
    paintAfter(t) {
      const frame = frames.find((each) => each.raf > t && each.post !== undefined);
      return frame ? frame.post : undefined;
    },
    now: () => performance.now(),
    lastChange: () => lastChange,
    historyChanges: () => historyChanges,
    inputs: () => inputs.slice(),
    clicks: () => clicks.slice(),
    port: () => port.slice(),
    searchShown() {
      const h = history();
      if (!h) return null;
      const list = h.querySelector('ul[aria-label="Search results"]');
      if (list) return { count: list.querySelectorAll(':scope > li').length, first: (list.querySelector('.history-title') || {}).textContent || '' };
      const none = [...h.querySelectorAll('p.empty')].find((p) => p.textContent.includes('No conversation matches'));
      return none ? { count: 0, first: '' } : null;
    },
    listShown() {
      const h = history();
      return !!h && !h.querySelector('ul[aria-label="Search results"]') && !!(h.querySelector('.history-title') || [...h.querySelectorAll('p.empty')].some((p) => p.textContent.includes('No conversations yet')));
    },
    /** Panel open: waits for the History button, clicks it right after the frame that painted it, waits for the list. */
    async openFigures() {
      const button = () => document.querySelector('button[aria-label="History"]');
      let clickAt = 0;
      let listed;
      const ready = await window.__hp.whenPainted(() => button() !== null, () => {
        listed = window.__hp.whenPainted(() => window.__hp.listShown());
        clickAt = performance.now();
        button().click();
      });
      const list = await listed;
      const snapshot = port.find((entry) => entry.dir === 'recv' && entry.type === 'snapshot');
      return { ready: ready.painted, snapshot: snapshot ? snapshot.t : NaN, click: list.painted - clickAt, total: list.painted };
    },
    searchSettled(query) {
      const box = document.querySelector('input.history-search');
      return !!box && box.value === query && window.__hp.searchShown() !== null && performance.now() - lastChange > 1000;
    },
    searchFigures(since, query) {
      const mine = inputs.filter((each) => each.t > since);
      const input = mine[mine.length - 1].t;
      const painted = window.__hp.paintAfter(Math.max(lastChange, input));
      const recent = port.filter((each) => each.t > since);
      const sends = recent.filter((each) => each.dir === 'send' && each.type === 'searchConversations');
      const sent = sends.filter((each) => each.query === query).pop();
      const received = recent.filter((each) => each.dir === 'recv' && each.type === 'searchResults' && each.query === query).pop();
      const shown = window.__hp.searchShown();
      return {
        total: painted - input,
        sent: (sent ? sent.t : NaN) - input,
        answered: (received ? received.t : NaN) - (sent ? sent.t : NaN),
        render: painted - (received ? received.t : NaN),
        count: shown.count,
        first: shown.first,
        searches: sends.length,
      };
    },
    /** After a click on a conversation: its last message painted at the bottom of the list. */
    async conversationFigures(since, text) {
      const done = await window.__hp.whenPainted(() => window.__hp.atBottomWith(text));
      const mine = clicks.filter((t) => t > since);
      const click = mine[mine.length - 1];
      const received = port.find((each) => each.t > click && each.dir === 'recv' && each.n > 0);
      return {
        total: done.painted - click,
        received: (received ? received.t : NaN) - click,
        messages: document.querySelectorAll('.messages article.message').length,
        port: port.filter((each) => each.t > click).map((each) => each.dir + ':' + each.type + ':' + (each.n || 0) + '@' + (each.t - click).toFixed(0)),
      };
    },
    atBottomWith(text) {
      const list = document.querySelector('.messages');
      if (!list) return false;
      const articles = list.querySelectorAll('article.message');
      const last = articles[articles.length - 1];
      if (!last || !last.textContent.includes(text)) return false;
      return list.scrollTop + list.clientHeight >= list.scrollHeight - 2;
    },
  };
})()`;

interface PortEntry {
  t: number;
  dir: 'send' | 'recv' | 'error';
  type?: string;
  query?: string;
  n?: number;
}
/** What the bench calls from functions (the rest is called by name in strings). */
interface Hp {
  listShown(): boolean;
  searchSettled(query: string): boolean;
  port(): PortEntry[];
}
type HpWindow = { __hp: Hp };

// -------------------------------------------------------------------------------------------------------------------
// Seeding: plain IndexedDB in the extension's service worker.

/** Opens the extension's chat database at its current version; never creates it (that is the background's job). */
const OPEN_DB = `new Promise((resolve, reject) => {
  const request = indexedDB.open('poe-toolbar-chats');
  request.onupgradeneeded = () => request.transaction.abort();
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
})`;
const TX_DONE = `(tx) => new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); tx.onabort = () => reject(tx.error); })`;

const putBatch = (batch: unknown) => `(async (batch) => {
  const db = await ${OPEN_DB};
  const tx = db.transaction(['conversations', 'messages'], 'readwrite');
  for (const each of batch.conversations) tx.objectStore('conversations').put(each);
  for (const each of batch.messages) tx.objectStore('messages').put(each);
  await (${TX_DONE})(tx);
  db.close();
  return batch.messages.length;
})(${JSON.stringify(batch)})`;

/** What the upgrade from version 3 leaves: the index stores empty, the backfill to do. */
const UPGRADED_STATE = `(async () => {
  const db = await ${OPEN_DB};
  const stores = ['searchConversations', 'searchDocs', 'searchTerms', 'searchDead'];
  const tx = db.transaction(['searchState', ...stores], 'readwrite');
  for (const store of stores) tx.objectStore(store).clear();
  tx.objectStore('searchState').put({ nextDoc: 0, nextConv: 0, backfilled: false, docs: 0, garbage: 0 }, 'state');
  await (${TX_DONE})(tx);
  db.close();
})()`;

const READ_STATE = `(async () => {
  const db = await ${OPEN_DB};
  const tx = db.transaction(['searchState', 'searchConversations', 'conversations', 'messages']);
  const get = (request) => new Promise((resolve, reject) => { request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error); });
  const [state, indexed, conversations, messages] = await Promise.all([
    get(tx.objectStore('searchState').get('state')),
    get(tx.objectStore('searchConversations').count()),
    get(tx.objectStore('conversations').count()),
    get(tx.objectStore('messages').count()),
  ]);
  db.close();
  return { state, indexed, conversations, messages };
})()`;

interface DbState {
  state?: { backfilled: boolean; docs: number; nextDoc: number };
  indexed: number;
  conversations: number;
  messages: number;
}

const DB_EXISTS = `indexedDB.databases().then((all) => all.some((each) => each.name === 'poe-toolbar-chats' && each.version === 4))`;

async function waitForDb(ext: ExtensionBrowser): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await ext.serviceWorker.evaluate(DB_EXISTS))) {
    if (Date.now() > deadline) throw new Error('the extension never opened its chat database');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function launch(userDataDir: string, fakePoe: FakePoe): Promise<ExtensionBrowser> {
  const ext = await launchExtension(BUILD, { userDataDir });
  // The fake server's port changes from one bench to the next; a fresh page shows the chat, not the last conversation.
  await ext.serviceWorker.evaluate(`chrome.storage.local.set({ baseUrl: ${JSON.stringify(fakePoe.url)} }).then(() => chrome.storage.local.remove('lastConversation'))`);
  return ext;
}

const copyDir = (from: string, to: string) => {
  rmSync(to, { recursive: true, force: true });
  execFileSync('cp', ['-r', from, to]);
};

interface Profiles {
  empty: string;
  indexed: string;
  /** Pristine "upgraded, not yet indexed" profile: copied before each use. */
  upgraded: string;
  bytes: number;
  backfillMs?: number;
}

async function prepareProfiles(fakePoe: FakePoe): Promise<Profiles> {
  const key = `${CONVERSATIONS}x${MESSAGES}x${LONG}-${BUILD.replace(/[^a-zA-Z0-9]+/g, '_')}`;
  const base = path.join(PROFILES, key);
  const profiles: Profiles = { empty: path.join(base, 'empty'), indexed: path.join(base, 'indexed'), upgraded: path.join(base, 'upgraded'), bytes: 0 };
  const done = path.join(base, 'ready.json');
  if (existsSync(done) && !flag('reseed')) {
    const saved = JSON.parse(readFileSync(done, 'utf8')) as Profiles;
    console.log(`Profiles reused from ${base} (--reseed to write them again)`);
    return saved;
  }
  const seeded = path.join(base, 'seeded.json');
  if (existsSync(seeded) && !flag('reseed')) {
    Object.assign(profiles, JSON.parse(readFileSync(seeded, 'utf8')) as Profiles);
    console.log(`Seeded profiles reused from ${base}; the index is still to build`);
  } else {
    await seed(profiles, base, fakePoe);
    writeFileSync(seeded, JSON.stringify(profiles));
  }

  // The extension's own background builds the index (it starts two seconds after launch). The poll calls an extension
  // API each time: that keeps the service worker from being stopped as idle (it would stop the build until its next
  // start; a stopped worker is woken by opening a panel).
  const ext = await launch(profiles.indexed, fakePoe);
  try {
    const started = performance.now();
    let last = '';
    let restarts = 0;
    for (;;) {
      let state: DbState;
      try {
        state = (await liveWorker(ext).evaluate(`chrome.runtime.getPlatformInfo().then(() => ${READ_STATE})`)) as DbState;
      } catch {
        restarts += 1;
        const page = await ext.context.newPage();
        await page.goto(ext.url('sidepanel.html'));
        await page.close();
        continue;
      }
      if (state.state?.backfilled) break;
      const now = `${state.indexed}/${state.conversations} conversations, ${state.state?.docs ?? 0} documents`;
      if (now !== last) process.stdout.write(`\r  the background builds the index: ${now}   `);
      last = now;
      if (performance.now() - started > 30 * 60_000) throw new Error('the index was not built in 30 minutes');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    profiles.backfillMs = performance.now() - started;
    console.log(
      `\r  the background built the index in ${(profiles.backfillMs / 1000).toFixed(1)} s (launch → backfilled, 2 s start delay included${restarts ? `; its worker was restarted ${restarts}×` : ''})`,
    );
  } finally {
    await ext.close();
  }
  writeFileSync(done, JSON.stringify(profiles));
  return profiles;
}

/** The extension's service worker now (a stopped and restarted worker is a new target). */
function liveWorker(ext: ExtensionBrowser) {
  return ext.context.serviceWorkers().find((worker) => worker.url().startsWith(`chrome-extension://${ext.extensionId}/`)) ?? ext.serviceWorker;
}

async function seed(profiles: Profiles, base: string, fakePoe: FakePoe): Promise<void> {
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });

  for (const dir of [profiles.empty, profiles.indexed]) {
    const ext = await launchExtension(BUILD, { userDataDir: dir });
    try {
      await signIn(ext, fakePoe.url);
      await waitForDb(ext);
    } finally {
      await ext.close();
    }
  }

  // The history, written in batches of about 2 MB.
  const ext = await launch(profiles.indexed, fakePoe);
  try {
    await waitForDb(ext);
    const started = performance.now();
    let batch = { conversations: [] as unknown[], messages: [] as unknown[] };
    let batchBytes = 0;
    let written = 0;
    const flush = async () => {
      if (batch.messages.length === 0 && batch.conversations.length === 0) return;
      written += (await ext.serviceWorker.evaluate(putBatch(batch))) as number;
      batch = { conversations: [], messages: [] };
      batchBytes = 0;
    };
    for (const { conversation, messages } of generateHistory(historyText(), { conversations: CONVERSATIONS, messages: MESSAGES, long: LONG })) {
      batch.conversations.push(conversation);
      for (const message of messages) {
        batch.messages.push(message);
        batchBytes += message.text.length;
        profiles.bytes += message.text.length;
      }
      if (batchBytes > 2_000_000) await flush();
    }
    await flush();
    await ext.serviceWorker.evaluate(UPGRADED_STATE);
    const state = (await ext.serviceWorker.evaluate(READ_STATE)) as DbState;
    console.log(
      `Seeded ${state.conversations} conversations, ${written} messages (${(profiles.bytes / 1e6).toFixed(1)} MB of text) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await ext.close();
  }
  copyDir(profiles.indexed, profiles.upgraded);
}

// -------------------------------------------------------------------------------------------------------------------
// Measures.

interface OpenFigures {
  /** Navigation start → the History button painted. */
  ready: number;
  /** Navigation start → the snapshot received. */
  snapshot: number;
  /** The click on History → the list painted. */
  click: number;
  /** Navigation start → the list painted. */
  total: number;
}

async function newPanel(ext: ExtensionBrowser): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 400, height: 800 });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.addInitScript(INSTRUMENT);
  return page;
}

async function panelOpen(page: Page, ext: ExtensionBrowser): Promise<OpenFigures> {
  await page.goto(ext.url('sidepanel.html'));
  return (await page.evaluate('window.__hp.openFigures()')) as OpenFigures;
}

interface SearchFigures {
  /** Input (the pasted text, or the last key) → the results painted. */
  total: number;
  /** Input → the command sent (the page's typing pause). */
  sent: number;
  /** Command sent → results received. */
  answered: number;
  /** Results received → painted. */
  render: number;
  count: number;
  first: string;
  searches: number;
}

async function clearSearch(page: Page): Promise<void> {
  await page.getByLabel('Search conversations').fill('');
  await page.waitForFunction(() => (window as unknown as HpWindow).__hp.listShown(), undefined, { polling: 50 });
}

const pageNow = async (page: Page) => (await page.evaluate('window.__hp.now()')) as number;

async function search(page: Page, query: string, typed: boolean): Promise<SearchFigures> {
  await clearSearch(page);
  await page.getByLabel('Search conversations').focus();
  const since = await pageNow(page);
  if (typed) await page.keyboard.type(query, { delay: TYPE_DELAY });
  else await page.keyboard.insertText(query);
  // Settled: results (or "no match") on screen for this query, the history view quiet for 1 s.
  await page.waitForFunction((target) => (window as unknown as HpWindow).__hp.searchSettled(target), query, { polling: 100, timeout: 120_000 });
  return (await page.evaluate(`window.__hp.searchFigures(${since}, ${JSON.stringify(query)})`)) as SearchFigures;
}

interface ConversationFigures {
  /** Click → the last message painted, scrolled to the bottom. */
  total: number;
  /** Click → the first event carrying messages received. */
  received: number;
  messages: number;
  port: string[];
}

async function openLong(page: Page, lastText: string): Promise<ConversationFigures> {
  await clearSearch(page);
  const since = await pageNow(page);
  const figures = page.evaluate(`window.__hp.conversationFigures(${since}, ${JSON.stringify(lastText)})`);
  await page.locator('section.history li.history-row').first().locator('button.history-open').click();
  return (await figures) as ConversationFigures;
}

async function heapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    return usage.usedSize;
  } finally {
    await cdp.detach();
  }
}

// -------------------------------------------------------------------------------------------------------------------

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : '—');
const line = (label: string, value: string) => console.log(`  ${label.padEnd(60)} ${value}`);
const med = <T>(rows: T[], pick: (row: T) => number) => median(rows.map(pick));

interface ProfileResult {
  open: OpenFigures[];
  searches: Map<string, SearchFigures[]>;
  conversation: ConversationFigures[];
  heap: number[];
}

async function measure(
  label: string,
  userDataDir: string,
  fakePoe: FakePoe,
  plan: { runs: number; pasted: string[]; typed: string[]; lastText?: string },
): Promise<ProfileResult> {
  const result: ProfileResult = { open: [], searches: new Map(), conversation: [], heap: [] };
  const ext = await launch(userDataDir, fakePoe);
  try {
    // A first page loads the code into the cache and wakes the background, as any earlier use of the browser has.
    const warm = await newPanel(ext);
    await panelOpen(warm, ext);
    await warm.close();
    for (let run = 0; run < plan.runs; run += 1) {
      process.stdout.write(`\r  ${label}: run ${run + 1}/${plan.runs}   `);
      await ext.serviceWorker.evaluate(`chrome.storage.local.remove('lastConversation')`);
      const page = await newPanel(ext);
      try {
        result.open.push(await panelOpen(page, ext));
        for (const query of plan.pasted) {
          const key = `pasted “${query}”`;
          result.searches.set(key, [...(result.searches.get(key) ?? []), await search(page, query, false)]);
        }
        for (const query of plan.typed) {
          const key = `typed “${query}” (last key)`;
          result.searches.set(key, [...(result.searches.get(key) ?? []), await search(page, query, true)]);
        }
        if (plan.lastText) result.conversation.push(await openLong(page, plan.lastText));
        result.heap.push(await heapUsed(page));
      } finally {
        await page.close();
      }
    }
    process.stdout.write('\r');
  } finally {
    await ext.close();
  }
  return result;
}

function report(label: string, result: ProfileResult, empty?: ProfileResult) {
  console.log(`\n${label}`);
  const ratio = (value: number, base: number | undefined) => (base ? ` (${(value / base).toFixed(2)}× empty)` : '');
  const open = med(result.open, (each) => each.total);
  line('panel open → first conversation title painted (target ≤ 1.2× empty)', `${ms(open)}${ratio(open, empty && med(empty.open, (each) => each.total))}`);
  line('  navigation → snapshot received', ms(med(result.open, (each) => each.snapshot)));
  line('  navigation → History button painted', ms(med(result.open, (each) => each.ready)));
  line('  History clicked → list painted', `${ms(med(result.open, (each) => each.click))}${ratio(med(result.open, (each) => each.click), empty && med(empty.open, (each) => each.click))}`);
  line('  all runs (total)', result.open.map((each) => ms(each.total)).join(', '));
  for (const [key, runs] of result.searches) {
    const total = med(runs, (each) => each.total);
    line(`${key} → results painted (target ≤ 100 ms)`, `${ms(total)}  [${runs.map((each) => each.total.toFixed(0)).join(', ')}]`);
    line(
      '  input → sent | sent → received | received → painted',
      `${ms(med(runs, (each) => each.sent))} | ${ms(med(runs, (each) => each.answered))} | ${ms(med(runs, (each) => each.render))}  (${runs[0]!.count} results, ${runs[0]!.searches} search(es) sent; first “${runs[0]!.first.slice(0, 30)}”)`,
    );
  }
  if (result.conversation.length > 0) {
    const total = med(result.conversation, (each) => each.total);
    line(`${LONG}-message conversation clicked → last message painted at the bottom (≤ 150 ms)`, `${ms(total)}  [${result.conversation.map((each) => each.total.toFixed(0)).join(', ')}]`);
    line('  click → messages received', `${ms(med(result.conversation, (each) => each.received))} (${result.conversation[0]!.messages} messages on screen)`);
  }
  const heap = median(result.heap);
  line(result.conversation.length > 0 ? 'JS heap with it open, after GC (target ≤ 20 MB)' : 'JS heap, after GC', `${(heap / 1e6).toFixed(1)} MB  [${result.heap.map((each) => (each / 1e6).toFixed(1)).join(', ')}]`);
}

async function main() {
  const fakePoe = await startFakePoe();
  try {
    console.log(`History in the real side panel: ${CONVERSATIONS} conversations, ${MESSAGES} messages (one of ${LONG}); build ${path.relative(process.cwd(), BUILD) || BUILD}`);
    console.log(`load average ${loadavg().map((each) => each.toFixed(1)).join(' ')} on ${cpus().length} CPUs (before seeding)`);
    const profiles = await prepareProfiles(fakePoe);

    // The texts the measures look for.
    const source = historyText();
    let lastText = '';
    for (const { conversation, messages } of generateHistory(source, { conversations: CONVERSATIONS, messages: MESSAGES, long: LONG })) {
      if (conversation.id !== LONG_ID) break;
      const last = messages.at(-1)!.text;
      lastText = last.split('\n').map((line) => line.match(/[A-Za-z][a-z ]{20,40}[a-z]/)?.[0]).find(Boolean) ?? last.slice(0, 20);
      break;
    }
    const rare = source.vocabulary[15_000]!;
    const common = 'function';
    const two = `${source.vocabulary[300]!} ${source.vocabulary[40]!}`;
    const pasted = [PLANTED_WORD, rare, common, two];
    const typed = [two];

    console.log(`load average ${loadavg().map((each) => each.toFixed(1)).join(' ')} on ${cpus().length} CPUs (before measuring); median of ${RUNS} runs, a fresh page each`);
    console.log(`queries: planted “${PLANTED_WORD}” (1 message, in ${plantedConversation(CONVERSATIONS)}), rare “${rare}”, common “${common}”, two words “${two}”; typed with ${TYPE_DELAY} ms between keys`);
    console.log(`pages: the first ${CONVERSATIONS_PAGE} conversations; the latest ${MESSAGES_PAGE} messages; last message text looked for: “${lastText}”`);
    if (profiles.backfillMs) line('the background built the index (launch → backfilled)', `${(profiles.backfillMs / 1000).toFixed(1)} s`);

    const empty = await measure('empty', profiles.empty, fakePoe, { runs: RUNS, pasted: [rare], typed: [] });
    report('Empty history', empty);
    const indexed = await measure('indexed', profiles.indexed, fakePoe, { runs: RUNS, pasted, typed, lastText });
    report(`${CONVERSATIONS} conversations / ${MESSAGES} messages, index built`, indexed, empty);
    console.log(`\nload average ${loadavg().map((each) => each.toFixed(1)).join(' ')} (after)`);

    if (!flag('skip-upgraded')) {
      const scratch = path.join(PROFILES, 'upgraded-scratch');
      copyDir(profiles.upgraded, scratch);
      try {
        const upgraded = await measure('upgraded', scratch, fakePoe, { runs: Math.min(RUNS, 3), pasted: [rare], typed: [], lastText });
        report('Upgraded from version 3, index being built by the background meanwhile', upgraded, empty);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
      console.log(`\nload average ${loadavg().map((each) => each.toFixed(1)).join(' ')} (after)`);
    }
  } finally {
    await fakePoe.close();
  }
}

await main();
