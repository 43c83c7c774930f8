import type { BrowserContext, Page, Worker } from '@playwright/test';
import type { FakePoe } from '../fake-poe/server';
import { expect, test } from './fixtures';
import { floodOutstanding, floodReport, floodSentinel, startFlood, type Expectation, type FloodPlan, type FloodReport } from './flood-messages';
import { ask, chooseBot, conversationTitled } from './helpers';
import { startPageServer } from './page-server';

/**
 * Issue 11: no unhandled rejection in the service worker under a flood of 1,500 hostile port messages and page churn.
 * Hostile messages come from extension pages (ports the background accepts, ports it refuses, ports the page closes
 * mid-command) and from a content script in a web page; meanwhile side panels open, ask Held-Bot and close mid-answer.
 * Every wait is for an exact thing: each valid command's reply, a sentinel's reply (ports are ordered), the held
 * answers' end in IndexedDB, the last answer's text and cost.
 */

const MAIN_FLOOD = 1_100;
const CHURN_CYCLES = 6;
const CHURN_BURST = 25;
const CONTENT_FLOOD = 250;
const TOTAL = MAIN_FLOOD + CHURN_CYCLES * CHURN_BURST + CONTENT_FLOOD;

const lastAnswer = (page: Page) => page.locator('article.message.bot').last();

interface Watch {
  rejections: string[];
  errors: string[];
  handledLater: number;
  prototypeKeys: string[];
}

/** Records every unhandled rejection and uncaught error in the worker, and checks that the recorder works. */
async function watchWorker(serviceWorker: Worker): Promise<void> {
  await serviceWorker.evaluate(() => {
    const describe = (value: unknown): string => {
      if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
      try {
        return String(JSON.stringify(value)).slice(0, 500);
      } catch {
        return String(value);
      }
    };
    const watch: Watch = { rejections: [], errors: [], handledLater: 0, prototypeKeys: Object.getOwnPropertyNames(Object.prototype) };
    self.addEventListener('unhandledrejection', (event) => watch.rejections.push(describe(event.reason)));
    self.addEventListener('rejectionhandled', () => (watch.handledLater += 1));
    self.addEventListener('error', (event) => watch.errors.push(`${event.message} at ${event.filename}:${event.lineno}\n${describe(event.error)}`));
    (globalThis as unknown as { __floodWatch: Watch }).__floodWatch = watch;
    // Probes: the recorder must see a rejection nobody handles and an error nobody catches.
    void Promise.reject(new Error('flood-probe-rejection'));
    setTimeout(() => {
      throw new Error('flood-probe-error');
    });
  });
  await expect
    .poll(() => serviceWorker.evaluate(() => {
      const watch = (globalThis as unknown as { __floodWatch: Watch }).__floodWatch;
      return [watch.rejections.some((each) => each.includes('flood-probe-rejection')), watch.errors.some((each) => each.includes('flood-probe-error'))];
    }))
    .toEqual([true, true]);
  await serviceWorker.evaluate(() => {
    const watch = (globalThis as unknown as { __floodWatch: Watch }).__floodWatch;
    watch.rejections.length = 0;
    watch.errors.length = 0;
  });
}

async function readWatch(serviceWorker: Worker): Promise<Watch & { alive: boolean; prototypeNow: string[]; polluted: unknown }> {
  return serviceWorker.evaluate(() => {
    const watch = (globalThis as unknown as { __floodWatch?: Watch }).__floodWatch;
    return {
      // A worker restarted mid-test would have lost the recorder: that must fail the test, not pass it blind.
      alive: watch !== undefined,
      rejections: watch?.rejections ?? [],
      errors: watch?.errors ?? [],
      handledLater: watch?.handledLater ?? 0,
      prototypeKeys: watch?.prototypeKeys ?? [],
      prototypeNow: Object.getOwnPropertyNames(Object.prototype),
      polluted: ({} as { polluted?: unknown }).polluted,
    };
  });
}

/** What the background stored: conversations, answers still in progress, messages without a conversation, markers. */
async function storedState(serviceWorker: Worker, markers: string[]) {
  return serviceWorker.evaluate(async (markers) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('poe-toolbar-chats');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const conversations = await all<{ id: string; title: string }>('conversations');
    const messages = await all<{ conversationId: string; status: string; role: string; text: string; seq: number }>('messages');
    db.close();
    const local = JSON.stringify(await chrome.storage.local.get(null));
    const ids = new Set(conversations.map((each) => each.id));
    return {
      conversations: conversations.length,
      titles: conversations.map((each) => each.title),
      unfinished: messages.filter((each) => ['pending', 'streaming', 'retrying'].includes(each.status)).length,
      orphans: messages.filter((each) => !ids.has(each.conversationId)).length,
      // Only whether a marker is there: storage.local also holds the key, which must not reach the test's output.
      markersInStorage: markers.filter((marker) => local.includes(marker)),
      markersInHistory: markers.filter((marker) => conversations.some((each) => each.title.includes(marker)) || messages.some((each) => each.text.includes(marker))),
      baseUrl: (await chrome.storage.local.get('baseUrl')).baseUrl as string | undefined,
    };
  }, markers);
}

/** Every valid command got exactly its reply (a reused request id: the first outcome), refusals say why, nothing else replied. */
function replyProblems(report: FloodReport): string[] {
  const problems: string[] = [];
  report.steady.forEach((line, index) => {
    const owed = new Map<string, Extract<Expectation, { kind: 'reply' }>[]>();
    for (const expectation of line.expectations) {
      if (expectation.kind !== 'reply') continue;
      owed.set(expectation.requestId, [...(owed.get(expectation.requestId) ?? []), expectation]);
    }
    for (const reply of line.replies) {
      const expected = owed.get(reply.requestId)?.shift();
      if (!expected) {
        problems.push(`port ${index}: a reply nobody asked for: ${JSON.stringify(reply).slice(0, 300)}`);
        continue;
      }
      const wanted = expected.outcome === 'done' ? 'done' : expected.outcome === 'held' ? 'commandHeld' : 'commandFailed';
      if (reply.type !== wanted || reply.command !== expected.command) {
        problems.push(`port ${index}: ${expected.command} ${expected.requestId} expected ${wanted}, got ${JSON.stringify(reply).slice(0, 300)}`);
      } else if (reply.type === 'commandFailed') {
        if (reply.errorKind === 'internal' || !reply.errorMessage) problems.push(`port ${index}: not a clear refusal: ${JSON.stringify(reply).slice(0, 300)}`);
        else if (expected.errorKinds && !expected.errorKinds.includes(reply.errorKind ?? '')) {
          problems.push(`port ${index}: ${expected.command} refused as ${reply.errorKind}, expected ${expected.errorKinds.join('/')}: ${reply.errorMessage}`);
        }
      }
    }
    for (const [requestId, left] of owed) if (left.length > 0) problems.push(`port ${index}: no reply to ${left[0]!.command} ${requestId}`);
    const snapshots = line.expectations.filter((each) => each.kind === 'snapshot').length;
    if (line.snapshots !== snapshots) problems.push(`port ${index}: ${line.snapshots} snapshots for ${snapshots} hellos`);
  });
  for (const port of report.refused) {
    if (port.events > 0 || !port.disconnected) problems.push(`refused port "${port.name}": ${port.events} events, disconnected: ${port.disconnected}`);
  }
  return problems;
}

/** Pages that open and close while the flood runs (some before they have even said hello). */
async function pageChurn(openExtensionPage: (name: string) => Promise<Page>, cycles: number): Promise<void> {
  for (let i = 0; i < cycles; i += 1) {
    const page = await openExtensionPage(i % 2 === 0 ? 'popup.html' : 'sidepanel.html');
    if (i % 3 === 1) await expect(page.getByLabel('Message')).toBeVisible();
    await page.close();
  }
}

/** A content script in a web page floods the background; nothing it sends may have an effect or get an answer. */
async function contentScriptFlood(context: BrowserContext, serviceWorker: Worker, siteUrl: string, marker: string) {
  const page = await context.newPage();
  await page.goto(`${siteUrl}/article.html`);
  // The web page itself cannot reach the extension at all (no externally_connectable).
  const pageCanConnect = await page.evaluate(() => typeof (globalThis as { chrome?: { runtime?: { connect?: unknown } } }).chrome?.runtime?.connect === 'function');
  const tabId = await serviceWorker.evaluate(async (url) => (await chrome.tabs.query({ url: `${url}/*` }))[0]?.id, siteUrl);
  expect(tabId).toBeDefined();
  const [injected] = await serviceWorker.evaluate(
    ({ tabId, count, marker }) =>
      chrome.scripting.executeScript({
        target: { tabId },
        world: 'ISOLATED',
        args: [count, marker],
        func: async (count: number, marker: string) => {
          const nest = (depth: number) => {
            let value: unknown = 'leaf';
            for (let i = 0; i < depth; i += 1) value = { a: value };
            return value;
          };
          const messages: unknown[] = [
            { type: 'region.selected', rect: { x: 0, y: 0, width: 10, height: 10 }, viewport: { width: 100, height: 100 } },
            { type: 'region.cancelled' },
            { type: 'region.selected', rect: { x: -1, y: 0, width: 0, height: 1e308 }, viewport: { width: 0, height: 0 } },
            { type: 'hello', requestId: `${marker}-1`, surface: 'sidepanel' },
            { type: 'setBotParameter', requestId: `${marker}-2`, bot: marker, name: marker, value: marker },
            { type: 'selectBot', requestId: `${marker}-3`, bot: marker },
            { type: 'send', requestId: `${marker}-4`, conversationId: null, bot: 'Echo-Bot', text: marker, parameters: {}, attachments: [] },
            { type: 'removeKey', requestId: `${marker}-5` },
            { type: 'setBaseUrl', requestId: `${marker}-6`, baseUrl: 'https://api.poe.com' },
            { type: 'getKey' },
            JSON.parse('{"__proto__":{"polluted":"POLLUTED"},"type":"region.cancelled"}'),
            null,
            'region.cancelled',
            [],
            nest(3_000),
            { type: 'region.selected', padding: 'p'.repeat(1024 * 1024) },
          ];
          const names = ['poe-toolbar-ui', '', '__proto__'];
          let events = 0;
          const disconnected: Promise<void>[] = [];
          const ports = names.map((name) => {
            const port = chrome.runtime.connect({ name });
            port.onMessage.addListener(() => (events += 1));
            disconnected.push(new Promise((resolve) => port.onDisconnect.addListener(() => resolve(void chrome.runtime.lastError))));
            return port;
          });
          let attempted = 0;
          let threw = 0;
          let answered = 0;
          let refused = 0;
          const pending: Promise<void>[] = [];
          for (let i = 0; i < count; i += 1) {
            const message = messages[i % messages.length];
            attempted += 1;
            if (i % 2 === 0) {
              try {
                ports[i % ports.length]!.postMessage(message);
              } catch {
                threw += 1;
              }
            } else {
              pending.push(
                chrome.runtime.sendMessage(message).then(
                  (response: unknown) => void (response !== undefined && (answered += 1)),
                  () => void (refused += 1),
                ),
              );
            }
          }
          await Promise.all([...pending, ...disconnected]);
          return { attempted, threw, answered, refused, events, disconnected: disconnected.length };
        },
      }),
    { tabId: tabId!, count: CONTENT_FLOOD, marker },
  );
  await page.close();
  return { pageCanConnect, ...(injected?.result as { attempted: number; threw: number; answered: number; refused: number; events: number; disconnected: number }) };
}

const heldQueries = (fakePoe: FakePoe) => fakePoe.requests.filter((request) => request.bot?.toLowerCase() === 'held-bot').length;

test('1,500 hostile port messages and page churn: no unhandled rejection, refusals only, and the worker still answers', async ({
  signIn,
  openExtensionPage,
  context,
  serviceWorker,
  fakePoe,
}) => {
  // About 1 min on an idle 2-core machine, 3 min with two busy loops and other sessions running (load 17).
  test.setTimeout(480_000);
  const began = Date.now();
  const workerConsoleErrors: string[] = [];
  serviceWorker.on('console', (message) => {
    if (message.type() === 'error') workerConsoleErrors.push(message.text());
  });
  const pageErrors: string[] = [];
  context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`)));

  await signIn();
  await watchWorker(serviceWorker);

  // 1. The main flood from an extension page, while other pages open and close.
  const floodPage = await openExtensionPage('popup.html');
  const mainPlan: FloodPlan = {
    total: MAIN_FLOOD,
    seed: 11,
    tag: 'main',
    heavy: true,
    realAsks: true,
    network: true,
    closingPorts: 3,
    steadyPorts: 4,
    refusedPorts: true,
  };
  const floodBegan = Date.now();
  const [{ attempted: mainAttempted }] = await Promise.all([floodPage.evaluate(startFlood, mainPlan), pageChurn(openExtensionPage, 6)]);
  expect(mainAttempted).toBe(MAIN_FLOOD);
  await expect.poll(() => floodPage.evaluate(floodOutstanding), { timeout: 120_000 }).toBe(0);
  // Ports are ordered: once this is answered, the background has read every message posted before it.
  expect(await floodPage.evaluate(floodSentinel, 'main-sentinel')).toMatchObject({ type: 'done', requestId: 'main-sentinel', command: 'stop' });
  const mainReport = await floodPage.evaluate(floodReport);
  const mainDone = Date.now();
  expect.soft(replyProblems(mainReport)).toEqual([]);

  // 2. Side panels ask Held-Bot and close mid-answer (or right after Enter), each with a burst of commands against its
  //    own conversation (busy; one deleted mid-answer); meanwhile a content script floods from a web page.
  const site = await startPageServer();
  let content: Awaited<ReturnType<typeof contentScriptFlood>>;
  let churnAttempted = 0;
  const churnProblems: string[] = [];
  try {
    const churn = async () => {
      for (let i = 0; i < CHURN_CYCLES; i += 1) {
        const panel = await openExtensionPage('sidepanel.html');
        await panel.getByRole('button', { name: 'New chat' }).click();
        await chooseBot(panel, 'Held-Bot');
        await ask(panel, `Churn ${i}`);
        const plan: FloodPlan = {
          total: CHURN_BURST,
          seed: 100 + i,
          tag: `churn${i}`,
          heavy: false,
          realAsks: false,
          network: false,
          closingPorts: 0,
          steadyPorts: 1,
          refusedPorts: false,
          keepSelection: true,
        };
        if (i % 3 !== 1) {
          // Mid-answer: the answer has begun and is held open.
          await expect(lastAnswer(panel).locator('.text')).toHaveText(/begins$/);
          const busyConversation = await conversationTitled(serviceWorker, `Churn ${i}`);
          expect(busyConversation).toBeDefined();
          Object.assign(plan, { busyConversation, deleteBusy: i % 3 === 2 });
        }
        churnAttempted += (await panel.evaluate(startFlood, plan)).attempted;
        if (i % 3 === 0) {
          // The burst's replies are checked (busy refusals), then the page closes with its answer still held open.
          await expect.poll(() => panel.evaluate(floodOutstanding), { timeout: 60_000 }).toBe(0);
          churnProblems.push(...replyProblems(await panel.evaluate(floodReport)).map((problem) => `churn ${i}: ${problem}`));
        }
        // Otherwise the page closes right after its burst (mid-command), right after Enter (i % 3 === 1) or mid-answer.
        await panel.close();
      }
    };
    [content] = await Promise.all([contentScriptFlood(context, serviceWorker, site.url, 'CONTENT-SCRIPT-MARKER'), churn()]);
  } finally {
    await site.close();
  }
  expect(churnAttempted).toBe(CHURN_CYCLES * CHURN_BURST);
  expect.soft(churnProblems).toEqual([]);
  expect(content).toMatchObject({ pageCanConnect: false, attempted: CONTENT_FLOOD, answered: 0, events: 0, disconnected: 3 });

  // Every held answer is let go (one per cycle, asked even by the panels closed right after Enter) and has ended.
  await expect
    .poll(
      async () => {
        fakePoe.releaseHeld();
        return { asked: heldQueries(fakePoe) >= CHURN_CYCLES, unfinished: (await storedState(serviceWorker, [])).unfinished };
      },
      { timeout: 120_000 },
    )
    .toEqual({ asked: true, unfinished: 0 });
  expect(await floodPage.evaluate(floodSentinel, 'churn-sentinel')).toMatchObject({ type: 'done', requestId: 'churn-sentinel' });
  const churnDone = Date.now();

  // 3. The worker still answers: a normal ask in a fresh side panel gets Echo-Bot's exact answer, and its cost.
  const panel = await openExtensionPage('sidepanel.html');
  await panel.getByRole('button', { name: 'New chat' }).click();
  // The panel opened on the last conversation; its answers must be gone before "the last answer" means this one.
  await expect(panel.locator('article.message')).toHaveCount(0);
  await chooseBot(panel, 'Echo-Bot');
  await ask(panel, 'After the flood');
  await expect(panel.locator('article.message.user .text')).toHaveText(['After the flood'], { timeout: 120_000 });
  // The worker may still be busy with the flood's aftermath on a loaded machine: a long wait, for this exact answer.
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete', { timeout: 120_000 });
  await expect(lastAnswer(panel).locator('.text')).toHaveText(/^You said: After the flood\s*\(1 message in conversation\)$/);
  await expect(lastAnswer(panel).locator('.answer-cost')).toContainText('12 points');
  const finalId = await conversationTitled(serviceWorker, 'After the flood');
  expect(finalId).toBeDefined();

  // 4. Nothing leaked, nothing took effect that should not have, and nothing went unhandled.
  const markers = [...mainReport.markers, 'CONTENT-SCRIPT-MARKER'];
  const state = await storedState(serviceWorker, markers);
  expect.soft(state).toMatchObject({ unfinished: 0, orphans: 0, markersInStorage: [], markersInHistory: [], baseUrl: fakePoe.url });
  expect.soft(fakePoe.requests.filter((request) => markers.some((marker) => JSON.stringify(request.body ?? '').includes(marker)))).toEqual([]);
  const pagePolluted = await panel.evaluate(() => ({} as { polluted?: unknown }).polluted ?? null);
  const watch = await readWatch(serviceWorker);
  expect(watch.alive).toBe(true);
  expect.soft(watch.rejections).toEqual([]);
  expect.soft(watch.errors).toEqual([]);
  expect.soft(watch.prototypeNow).toEqual(watch.prototypeKeys);
  expect.soft(watch.polluted).toBeUndefined();
  expect.soft(pagePolluted).toBeNull();
  expect.soft(workerConsoleErrors).toEqual([]);
  expect.soft(pageErrors).toEqual([]);

  const sent = mainAttempted + churnAttempted + content.attempted;
  expect(sent).toBe(TOTAL);
  const threw = mainReport.threwInPage + content.threw;
  console.log(
    `flood: ${sent} hostile messages (${mainAttempted} main, ${churnAttempted} in ${CHURN_CYCLES} churn bursts, ${content.attempted} from a content script); ` +
      `${threw} refused by the sender's own runtime (disconnected port, unserialisable), ${(mainReport.bytes / 1024 / 1024).toFixed(1)} MB posted; ` +
      `main flood posted and every valid command answered in ${mainDone - floodBegan} ms, churn ${churnDone - mainDone} ms, whole test ${Date.now() - began} ms; ` +
      `${state.conversations} conversations; categories ${JSON.stringify(mainReport.byCategory)}`,
  );
});
