import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBackground, type PagePort, type SignInWiring } from '@/entrypoints/background/create-background';
import { PoeSignIn } from '@/lib/chat/sign-in';
import { UI_PORT_NAME, type BackgroundEvent, type UiCommand } from '@/lib/messaging/contracts';
import { CONVERSATIONS_PAGE, MESSAGES_PAGE } from '@/lib/messaging/rules';
import { PageBubbleScript } from '@/lib/platform/page-bubble';
import type { PoeEvent, streamBotResponse } from '@/lib/poe';
import { ChatRepository, openChatDb } from '@/lib/storage/chat-db';
import { deleteApiKey, writeApiKey } from '@/lib/storage/key-vault';
import { baseUrlSetting } from '@/lib/storage/settings';
import { attachPendingFallback, getPendingUpload, putPendingUpload } from '@/lib/messaging/file-door';
import { FAKE_POE_KEY, startFakePoe, type FakePoe } from '../fake-poe/server';

type StreamOptions = Parameters<typeof streamBotResponse>[0];

/** A stream whose answers wait until the test lets them go on. */
function gatedStream() {
  const calls: StreamOptions[] = [];
  const gates: (() => void)[] = [];
  const stream = ((options: StreamOptions) => {
    calls.push(options);
    return (async function* (): AsyncGenerator<PoeEvent> {
      yield { type: 'text', text: 'first words ' };
      await new Promise<void>((resolve) => {
        gates.push(resolve);
        options.signal?.addEventListener('abort', () => resolve());
      });
      if (options.signal?.aborted) {
        yield { type: 'stopped' };
        return;
      }
      yield { type: 'text', text: 'and the rest.' };
      yield { type: 'done' };
    })();
  }) as typeof streamBotResponse;
  return { stream, calls, releaseAll: () => gates.splice(0).forEach((release) => release()) };
}

/** A page's port, as the browser would hand it to the background; `close()` is the page going away. */
function fakePort(url = `${fakeBrowser.runtime.getURL('/')}sidepanel.html`) {
  const received: BackgroundEvent[] = [];
  const messageListeners: ((message: unknown) => void)[] = [];
  const disconnectListeners: (() => void)[] = [];
  let closed = false;
  const port = {
    name: UI_PORT_NAME,
    sender: { id: fakeBrowser.runtime.id, url },
    postMessage: (message: BackgroundEvent) => {
      // What Chrome does when a page has gone.
      if (closed) throw new Error('Attempting to use a disconnected port object');
      received.push(message);
    },
    disconnect: vi.fn(),
    onMessage: { addListener: (listener: (message: unknown) => void) => messageListeners.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => disconnectListeners.push(listener) },
  } as unknown as PagePort;
  return {
    port,
    received,
    send: (command: UiCommand) => messageListeners.forEach((listener) => listener(command)),
    close: () => {
      closed = true;
      disconnectListeners.forEach((listener) => listener());
    },
    answerTo: (requestId: string) =>
      received.find((event) => (event.type === 'done' || event.type === 'commandFailed') && event.requestId === requestId),
  };
}

/** Events fakeBrowser does not implement, which the background only listens to here (menus, shortcuts, permissions). */
function stubUnimplementedEvents() {
  const event = () => ({ addListener: vi.fn(), removeListener: vi.fn(), hasListener: vi.fn() });
  const api = fakeBrowser as unknown as Record<string, Record<string, unknown>>;
  const menus = fakeBrowser as unknown as Record<string, Record<string, unknown>>;
  Object.defineProperty(menus.contextMenus, 'removeAll', { value: vi.fn(async () => undefined), configurable: true });
  Object.defineProperty(menus.contextMenus, 'create', { value: vi.fn(), configurable: true });
  for (const [namespace, names] of Object.entries({
    permissions: ['onAdded', 'onRemoved'],
    commands: ['onCommand'],
    contextMenus: ['onClicked'],
    runtime: ['onConnect', 'onStartup'],
  })) {
    for (const name of names) {
      try {
        (api[namespace]![name] as { addListener(listener: unknown): void }).addListener(() => undefined);
      } catch {
        Object.defineProperty(api[namespace], name, { value: event(), configurable: true });
      }
    }
  }
}

/**
 * fakeBrowser's `scripting` calls exist but only throw "not implemented": the background runs here as in a browser
 * without them, where the page button cannot be registered (a test that needs them puts its own in).
 */
function withScripting(scripting: Record<string, unknown> | undefined) {
  Object.defineProperty(fakeBrowser, 'scripting', { value: scripting, configurable: true, writable: true });
}

let dbCount = 0;
async function background() {
  const repository = new ChatRepository(openChatDb(`door-${++dbCount}`));
  const gated = gatedStream();
  stubUnimplementedEvents();
  withScripting(undefined);
  const created = createBackground({ repository, stream: gated.stream, locale: 'en-GB' });
  await created.engine.ready;
  return { ...created, repository, ...gated };
}

/** A background with one page connected that has asked a question whose answer is now held open. */
async function answering() {
  const bg = await background();
  const page = fakePort();
  bg.acceptPort(page.port);
  page.send(send('s1', null));
  await vi.waitFor(() => expect(page.answerTo('s1')?.type).toBe('done'));
  const conversationId = (await bg.repository.listConversations()).conversations[0]!.id;
  return { bg, page, conversationId };
}

const send = (requestId: string, conversationId: string | null, text = 'question'): UiCommand => ({
  type: 'send',
  requestId,
  conversationId,
  bot: 'Echo-Bot',
  text,
  parameters: {},
  attachments: [],
});

describe('the UI door (createBackground against fakeBrowser)', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await writeApiKey('k-test-0123456789');
  });

  it('turns away ports that are not our extension pages', async () => {
    const { acceptPort } = await background();
    const content = fakePort('https://example.com/page');
    acceptPort(content.port);
    expect(content.port.disconnect).toHaveBeenCalled();
  });

  it('one action per request id, one run per conversation: a double retry asks Poe once and the second is refused', async () => {
    const { bg, page, conversationId } = await answering();
    bg.releaseAll();
    await bg.engine.idle(conversationId);
    const answerId = (await bg.repository.listMessages(conversationId))[1]!.id;

    page.send({ type: 'retry', requestId: 't1', conversationId, messageId: answerId });
    page.send({ type: 'retry', requestId: 't2', conversationId, messageId: answerId });
    page.send({ type: 'retry', requestId: 't1', conversationId, messageId: answerId });
    await vi.waitFor(() => expect(page.answerTo('t2')).toBeDefined());
    expect(page.answerTo('t2')).toMatchObject({ type: 'commandFailed', error: { kind: 'busy' } });
    await vi.waitFor(() => expect(page.answerTo('t1')?.type).toBe('done'));
    await vi.waitFor(() => expect(bg.calls).toHaveLength(2));
    bg.releaseAll();
    await bg.engine.idle(conversationId);
    expect(bg.calls).toHaveLength(2);
    // The repeated t1 got the same answer as the first, and nothing else happened for it.
    expect(page.received.filter((event) => event.type === 'done' && event.requestId === 't1')).toHaveLength(2);
    const messages = await bg.repository.listMessages(conversationId);
    expect(messages.map((each) => [each.role, each.status])).toEqual([
      ['user', 'complete'],
      ['bot', 'complete'],
    ]);
  });

  it('a page that closes right after Enter: the question is still asked and stored; nothing throws', async () => {
    const bg = await background();
    const page = fakePort();
    bg.acceptPort(page.port);
    page.send(send('s1', null, 'asked then closed'));
    page.close();
    await vi.waitFor(async () => expect((await bg.repository.listConversations()).conversations).toHaveLength(1));
    const conversationId = (await bg.repository.listConversations()).conversations[0]!.id;
    await vi.waitFor(() => expect(bg.calls).toHaveLength(1));
    bg.releaseAll();
    await bg.engine.idle(conversationId);
    const messages = await bg.repository.listMessages(conversationId);
    expect(messages.map((each) => each.text)).toEqual(['asked then closed', 'first words and the rest.']);
  });

  it('a fresh page is shown the conversation pages showed last (the answer to a closed popup is there)', async () => {
    const bg = await background();
    const popup = fakePort();
    bg.acceptPort(popup.port);
    popup.send(send('s1', null, 'from the popup'));
    await vi.waitFor(() => expect(popup.answerTo('s1')).toBeDefined());
    popup.close();
    const reopened = fakePort();
    bg.acceptPort(reopened.port);
    reopened.send({ type: 'hello', requestId: 'h1', surface: 'popup' });
    await vi.waitFor(() => expect(reopened.received.some((event) => event.type === 'snapshot')).toBe(true));
    const snapshot = reopened.received.find((event) => event.type === 'snapshot');
    expect(snapshot?.type === 'snapshot' && snapshot.messages.map((each) => each.text)[0]).toBe('from the popup');
    bg.releaseAll();
  });

  it('delete mid-answer waits for the run to end, and nothing is written after it', async () => {
    const { bg, page, conversationId } = await answering();
    page.send({ type: 'deleteConversation', requestId: 'd1', conversationId });
    await vi.waitFor(() => expect(page.answerTo('d1')?.type).toBe('done'));
    expect((await bg.repository.listConversations()).conversations).toEqual([]);
    expect(await bg.repository.listMessages(conversationId)).toEqual([]);
    // A late points-cost update (or any write) for the deleted conversation leaves no orphan.
    await bg.engine.recordPointsCost(conversationId, 'anything', { costPoints: 5, queryId: 'q' });
    expect(await bg.repository.listMessages(conversationId)).toEqual([]);
  });

  it('compare (issue 16): each bot in a conversation of its own, announced to the page before any of its messages; each column streams and stops alone', async () => {
    const bg = await background();
    const page = fakePort();
    bg.acceptPort(page.port);
    page.send({ type: 'compare', requestId: 'c1', bots: ['Echo-Bot', 'Free-Bot', 'Markdown-Bot'], text: 'Which is best?', attachments: [] });
    await vi.waitFor(() => expect(page.answerTo('c1')?.type).toBe('done'));
    await vi.waitFor(() => expect(bg.calls).toHaveLength(3));
    const columns = page.received.flatMap((event) => (event.type === 'compareColumn' ? [event] : []));
    expect(page.received.find((event) => event.type === 'compareStarted')).toMatchObject({ requestId: 'c1', bots: ['Echo-Bot', 'Free-Bot', 'Markdown-Bot'], text: 'Which is best?' });
    expect(columns.map((column) => [column.index, column.bot])).toEqual(
      expect.arrayContaining([[0, 'Echo-Bot'], [1, 'Free-Bot'], [2, 'Markdown-Bot']]),
    );
    expect(new Set(columns.map((column) => column.conversationId)).size).toBe(3);
    // Every message of a column's conversation came after its announcement.
    for (const column of columns) {
      const announced = page.received.indexOf(column);
      const first = page.received.findIndex((event) => event.type === 'message' && event.conversationId === column.conversationId);
      expect(first).toBeGreaterThan(announced);
    }
    // Three conversations, each with its own bot; the page still shows none of them (it shows the compare).
    const stored = (await bg.repository.listConversations()).conversations;
    expect(stored.map((conversation) => conversation.bot).sort()).toEqual(['Echo-Bot', 'Free-Bot', 'Markdown-Bot']);
    // Stop in one column stops only that one.
    const stopped = columns[0]!.conversationId!;
    page.send({ type: 'stop', requestId: 'st', conversationId: stopped });
    await bg.engine.idle(stopped);
    bg.releaseAll();
    for (const column of columns) await bg.engine.idle(column.conversationId!);
    const statuses = await Promise.all(columns.map(async (column) => (await bg.repository.listMessages(column.conversationId!)).at(-1)!.status));
    expect(statuses).toEqual(['stopped', 'complete', 'complete']);
    expect(page.received.some((event) => event.type === 'delta' && event.conversationId === columns[1]!.conversationId)).toBe(true);
  });

  it('compare: the guard holds the whole when the total passes the budget, and "Send anyway" asks every bot once', async () => {
    const bg = await background();
    const page = fakePort();
    bg.acceptPort(page.port);
    // A budget no answer of the priced bots fits three times over: 1 point a day.
    page.send({ type: 'setSpendingLimits', requestId: 'l1', dailyBudget: 1, answerCeiling: null });
    await vi.waitFor(() => expect(page.answerTo('l1')?.type).toBe('done'));
    page.send({ type: 'compare', requestId: 'c2', bots: ['Echo-Bot', 'Markdown-Bot'], text: 'Hold me', attachments: [] });
    await vi.waitFor(() => expect(page.received.some((event) => event.type === 'commandHeld' && event.requestId === 'c2')).toBe(true));
    expect(bg.calls).toHaveLength(0);
    expect((await bg.repository.listConversations()).conversations).toEqual([]);
    const held = page.received.findLast((event) => event.type === 'held');
    expect(held?.type === 'held' && held.held.map((hold) => [hold.action, hold.text])).toEqual([['compare', 'Hold me']]);
    page.send({ type: 'confirmHeld', requestId: 'ok', heldRequestId: 'c2' });
    page.send({ type: 'confirmHeld', requestId: 'ok2', heldRequestId: 'c2' });
    await vi.waitFor(() => expect(page.answerTo('ok')?.type).toBe('done'));
    await vi.waitFor(() => expect(page.answerTo('ok2')?.type).toBe('commandFailed'));
    await vi.waitFor(() => expect(bg.calls).toHaveLength(2));
    expect(page.received.filter((event) => event.type === 'compareColumn' && event.requestId === 'ok')).toHaveLength(2);
    bg.releaseAll();
  });

  it('a send to a conversation that is answering is refused with a reason', async () => {
    const { bg, page, conversationId } = await answering();
    page.send(send('s2', conversationId, 'too soon'));
    await vi.waitFor(() => expect(page.answerTo('s2')).toMatchObject({ type: 'commandFailed', error: { kind: 'busy', message: expect.stringMatching(/still answering/) } }));
    bg.releaseAll();
  });

  it('long histories go by pages: the snapshot carries the first ones; older conversations, earlier messages and search results come on request', async () => {
    const bg = await background();
    for (let index = 0; index < CONVERSATIONS_PAGE + 3; index += 1) {
      await bg.repository.putConversation({ id: `c${index}`, title: `Chat ${index}`, bot: 'A', createdAt: index, updatedAt: 100 + index });
    }
    await bg.repository.putConversation({ id: 'long', title: 'Volcano notes', bot: 'A', createdAt: 1, updatedAt: 1_000 });
    for (let seq = 0; seq < MESSAGES_PAGE + 2; seq += 1) {
      const text = seq === 0 ? 'Where is Hekla?' : `note ${seq}`;
      await bg.repository.putMessage({ id: `m${seq}`, conversationId: 'long', seq, role: 'user', bot: 'A', text, status: 'complete', createdAt: seq });
    }
    const page = fakePort();
    bg.acceptPort(page.port);
    page.send({ type: 'hello', requestId: 'h1', conversationId: 'long', surface: 'sidepanel' });
    await vi.waitFor(() => expect(page.received.some((event) => event.type === 'snapshot')).toBe(true));
    const snapshot = page.received.find((event) => event.type === 'snapshot');
    expect(snapshot).toMatchObject({ conversationId: 'long', moreConversations: true, hasEarlier: true });
    if (snapshot?.type !== 'snapshot') return;
    expect(snapshot.conversations).toHaveLength(CONVERSATIONS_PAGE);
    expect(snapshot.messages.map((each) => each.seq)).toEqual(Array.from({ length: MESSAGES_PAGE }, (_, index) => index + 2));

    page.send({ type: 'loadConversations', requestId: 'l1', before: snapshot.conversations.at(-1)!.updatedAt });
    page.send({ type: 'loadEarlierMessages', requestId: 'l2', conversationId: 'long', beforeSeq: 2 });
    page.send({ type: 'searchConversations', requestId: 'l3', query: 'hekl' });
    await vi.waitFor(() => expect(['l1', 'l2', 'l3'].map((id) => page.answerTo(id)?.type)).toEqual(['done', 'done', 'done']));
    const older = page.received.find((event) => event.type === 'conversationPage');
    expect(older).toMatchObject({ before: 104, more: false });
    expect(older?.type === 'conversationPage' && older.conversations.map((each) => each.id)).toEqual(['c3', 'c2', 'c1', 'c0']);
    const earlier = page.received.find((event) => event.type === 'earlierMessages');
    expect(earlier).toMatchObject({ conversationId: 'long', hasEarlier: false });
    expect(earlier?.type === 'earlierMessages' && earlier.messages.map((each) => each.text)).toEqual(['Where is Hekla?', 'note 1']);
    expect(page.received.find((event) => event.type === 'searchResults')).toEqual({
      type: 'searchResults',
      query: 'hekl',
      results: [{ conversation: expect.objectContaining({ id: 'long' }), snippet: 'Where is Hekla?', highlights: [[9, 14]] }],
    });
  });

  it('preferences change only by command, one after another, and every page is told', async () => {
    const bg = await background();
    const page = fakePort();
    bg.acceptPort(page.port);
    page.send({ type: 'setBotParameter', requestId: 'p1', bot: 'A', name: 'x', value: 1 });
    page.send({ type: 'setBotParameter', requestId: 'p2', bot: 'A', name: 'y', value: true });
    page.send({ type: 'selectBot', requestId: 'p3', bot: 'A' });
    await vi.waitFor(() => expect(page.answerTo('p3')?.type).toBe('done'));
    await vi.waitFor(() => expect(page.answerTo('p2')?.type).toBe('done'));
    const last = page.received.filter((event) => event.type === 'preferences').at(-1);
    expect(last?.type === 'preferences' && last.preferences).toMatchObject({ selectedBot: 'A', botParameters: { A: { x: 1, y: true } } });
  });
});

describe('the page button registration (createBackground against fakeBrowser)', () => {
  const FAILED = 'Poe Toolbar: updating the page button failed';
  beforeEach(async () => {
    fakeBrowser.reset();
    await writeApiKey('k-test-0123456789');
  });
  afterEach(() => vi.restoreAllMocks());

  /** A preference change, which makes the background bring the registration in step, with these scripting calls. */
  async function changePreferences(scripting: Record<string, unknown> | undefined) {
    const bg = await background();
    withScripting(scripting);
    const page = fakePort();
    bg.acceptPort(page.port);
    page.send({ type: 'selectBot', requestId: 'b1', bot: 'A' });
    await vi.waitFor(() => expect(page.answerTo('b1')?.type).toBe('done'));
  }

  it('in a browser without the registration calls, nothing is registered and nothing is reported', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const sync = vi.spyOn(PageBubbleScript.prototype, 'sync');
    // What a browser without them may still have (Firefox before 102 had executeScript only).
    await changePreferences({ executeScript: vi.fn() });
    await vi.waitFor(() => expect(sync).toHaveBeenCalled());
    for (const result of sync.mock.results) await expect(result.value).resolves.toBe(false);
    expect(errors).not.toHaveBeenCalledWith(FAILED);
  });

  it('a registration call the browser has but that fails is reported by name', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await changePreferences({
      registerContentScripts: async () => undefined,
      unregisterContentScripts: async () => undefined,
      getRegisteredContentScripts: async () => {
        throw new Error('The extension context was invalidated.');
      },
    });
    await vi.waitFor(() => expect(errors).toHaveBeenCalledWith(FAILED));
  });
});

describe('Sign in with Poe through the UI door', () => {
  let fake: FakePoe;
  const redirect = 'https://abcdefghijklmnop.chromiumapp.org/';
  beforeAll(async () => {
    fake = await startFakePoe();
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fakeBrowser.reset();
    fake.reset();
    await deleteApiKey();
    await baseUrlSetting.setValue(fake.url);
  });

  const withClientId = async (oauthClientId?: string) => {
    stubUnimplementedEvents();
    withScripting(undefined);
    const launched: string[] = [];
    const created = createBackground({
      repository: new ChatRepository(openChatDb(`door-${++dbCount}`)),
      locale: 'en-GB',
      ...(oauthClientId
        ? {
            makeSignIn: (wiring: SignInWiring) =>
              new PoeSignIn({
                ...wiring,
                clientId: oauthClientId,
                redirectUrl: () => redirect,
                // The browser's window, as far as the fake server goes: its redirect to the redirect URL.
                launch: async (url) => {
                  launched.push(url);
                  const location = (await fetch(url, { redirect: 'manual' })).headers.get('location');
                  return location ? { ok: true, url: location } : { ok: false, failure: 'unreachable' };
                },
              }),
          }
        : {}),
    });
    await created.engine.ready;
    const page = fakePort();
    created.acceptPort(page.port);
    return { page, launched };
  };
  const accounts = (received: BackgroundEvent[]) =>
    received.flatMap((event) => (event.type === 'account' ? [event.account] : event.type === 'snapshot' ? [event.account] : []));

  it('pages hear the sign-in pending, then the new key with how it came and when it expires', async () => {
    fake.setOAuth({ authorize: 'approve', expiresIn: 3600 });
    const { page, launched } = await withClientId('client-1');
    page.send({ type: 'hello', requestId: 'h1', surface: 'sidepanel' });
    await vi.waitFor(() => expect(accounts(page.received)[0]?.signIn).toEqual({ pending: false }));
    page.send({ type: 'signInWithPoe', requestId: 'o1' });
    await vi.waitFor(() => expect(page.answerTo('o1')?.type).toBe('done'));
    expect(new URL(launched[0]!).searchParams.get('client_id')).toBe('client-1');
    const seen = accounts(page.received);
    expect(seen.some((account) => account.signIn?.pending)).toBe(true);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ hasKey: true, signIn: { pending: false }, keyInfo: { origin: 'signIn', expiresAt: expect.any(Number) } });
    expect(JSON.stringify(page.received)).not.toContain(fake.issuedKeys()[0]);
  });

  it('a build without a client id offers no sign-in and refuses the command in words', async () => {
    const { page, launched } = await withClientId(undefined);
    page.send({ type: 'hello', requestId: 'h1', surface: 'sidepanel' });
    await vi.waitFor(() => expect(accounts(page.received)).toHaveLength(1));
    expect(accounts(page.received)[0]!.signIn).toBeUndefined();
    page.send({ type: 'signInWithPoe', requestId: 'o1' });
    await vi.waitFor(() => expect(page.answerTo('o1')).toMatchObject({ type: 'commandFailed', error: { message: expect.stringMatching(/Paste an API key instead/) } }));
    expect(launched).toEqual([]);
  });
});

describe('compare with the draft’s files (issue 16), against the fake Poe', () => {
  let fake: FakePoe;
  beforeAll(async () => {
    fake = await startFakePoe();
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fakeBrowser.reset();
    fake.reset();
    await writeApiKey(FAKE_POE_KEY);
    await baseUrlSetting.setValue(fake.url);
  });

  /** A background that asks the fake Poe itself (uploads and answers), with one page connected. */
  async function withPoe() {
    const repository = new ChatRepository(openChatDb(`door-${++dbCount}`));
    stubUnimplementedEvents();
    withScripting(undefined);
    const created = createBackground({ repository, locale: 'en-GB' });
    await created.engine.ready;
    const page = fakePort();
    created.acceptPort(page.port);
    return { ...created, repository, page };
  }

  async function parkText(name = 'notes.txt') {
    const blob = new Blob(['Tide tables\nHigh water at 06:12'], { type: 'text/plain' });
    return { pendingId: await putPendingUpload(blob, name), name, contentType: 'text/plain', size: blob.size };
  }

  /** Each column's conversation, once its answer has ended: [bot, the question's files, the answer]. */
  async function columnsOf(bg: Awaited<ReturnType<typeof withPoe>>, requestId: string) {
    const columns = bg.page.received.flatMap((event) => (event.type === 'compareColumn' && event.requestId === requestId ? [event] : []));
    return Promise.all(
      columns.map(async (column) => {
        expect(column.error).toBeUndefined();
        await bg.engine.idle(column.conversationId!);
        const [question, answer] = await bg.repository.listMessages(column.conversationId!);
        return [column.bot, question!.attachments?.map((file) => file.name), answer!.text] as const;
      }),
    );
  }

  /** The files each bot was asked with, as the fake Poe received them. */
  const filesPoeSaw = () =>
    fake.requests
      .filter((request) => request.bot !== undefined)
      .map((request) => {
        const query = (request.body as { query: { attachments?: { name: string; content_type: string }[] }[] }).query;
        return [request.bot, (query.at(-1)!.attachments ?? []).map((file) => `${file.name} (${file.content_type})`)];
      });
  const uploads = () => fake.requests.filter((request) => request.path.startsWith('/poe_api/file_upload'));

  it('every column uploads the draft’s file for its own bot and asks with it; the file leaves the door once all have taken it', async () => {
    const bg = await withPoe();
    const file = await parkText();
    bg.page.send({ type: 'compare', requestId: 'cf', bots: ['Echo-Bot', 'Text-Echo-Bot'], text: 'When is high water?', attachments: [file] });
    await vi.waitFor(() => expect(bg.page.answerTo('cf')?.type).toBe('done'));
    const columns = await columnsOf(bg, 'cf');
    expect(columns).toHaveLength(2);
    for (const [, files, answer] of columns) {
      expect(files).toEqual(['notes.txt']);
      expect(answer).toContain('Attachments: notes.txt (text/plain)');
    }
    expect(filesPoeSaw().sort()).toEqual([
      ['Echo-Bot', ['notes.txt (text/plain)']],
      ['Text-Echo-Bot', ['notes.txt (text/plain)']],
    ]);
    // One upload per column: the first column did not take the file from under the second.
    expect(uploads()).toHaveLength(2);
    expect(await getPendingUpload(file.pendingId)).toBeUndefined();
  });

  it('a PDF goes to each bot as a send to that bot would send it: the PDF to one that reads files, its text to one that reads text only', async () => {
    const bg = await withPoe();
    // The model list says which bot reads files.
    bg.page.send({ type: 'refreshModels', requestId: 'm' });
    await vi.waitFor(() => expect(bg.page.answerTo('m')?.type).toBe('done'));
    const pdf = new Blob(['%PDF-1.4 tiny'], { type: 'application/pdf' });
    const pendingId = await putPendingUpload(pdf, 'r.pdf');
    await attachPendingFallback(pendingId, { name: 'r (text).txt', blob: new Blob(['--- Page 1 ---\nHello'], { type: 'text/plain' }) });
    const source = { kind: 'pdf' as const, url: 'https://docs.example/r.pdf', title: 'R', pages: 1, textChars: 5 };
    bg.page.send({
      type: 'compare',
      requestId: 'cp',
      bots: ['Echo-Bot', 'Text-Echo-Bot'],
      text: 'Summarise',
      attachments: [{ pendingId, name: 'r.pdf', contentType: 'application/pdf', size: pdf.size, source }],
    });
    await vi.waitFor(() => expect(bg.page.answerTo('cp')?.type).toBe('done'));
    await columnsOf(bg, 'cp');
    expect(filesPoeSaw().sort()).toEqual([
      ['Echo-Bot', ['r.pdf (application/pdf)']],
      ['Text-Echo-Bot', ['r (text).txt (text/plain)']],
    ]);
    expect(await getPendingUpload(pendingId)).toBeUndefined();
  });

  it('a held compare keeps its file: “Send anyway” sends it to every bot; a cancelled one to be edited leaves it for the draft', async () => {
    const bg = await withPoe();
    bg.page.send({ type: 'setSpendingLimits', requestId: 'l', dailyBudget: 1, answerCeiling: null });
    await vi.waitFor(() => expect(bg.page.answerTo('l')?.type).toBe('done'));
    const file = await parkText();
    bg.page.send({ type: 'compare', requestId: 'ch', bots: ['Echo-Bot', 'Text-Echo-Bot'], text: 'Held with a file', attachments: [file] });
    await vi.waitFor(() => expect(bg.page.received.some((event) => event.type === 'commandHeld' && event.requestId === 'ch')).toBe(true));
    const held = bg.page.received.findLast((event) => event.type === 'held');
    expect(held?.type === 'held' && held.held.map((hold) => [hold.action, hold.attachments.map((each) => each.name)])).toEqual([['compare', ['notes.txt']]]);
    expect(await getPendingUpload(file.pendingId)).toBeDefined();

    bg.page.send({ type: 'confirmHeld', requestId: 'go', heldRequestId: 'ch' });
    await vi.waitFor(() => expect(bg.page.answerTo('go')?.type).toBe('done'));
    const columns = await columnsOf(bg, 'go');
    expect(columns.map(([bot, files]) => [bot, files]).sort()).toEqual([
      ['Echo-Bot', ['notes.txt']],
      ['Text-Echo-Bot', ['notes.txt']],
    ]);
    for (const [, , answer] of columns) expect(answer).toContain('Attachments: notes.txt (text/plain)');
    expect(await getPendingUpload(file.pendingId)).toBeUndefined();

    // Cancelled to edit: the draft takes the file back, so it stays parked; nothing was asked.
    const again = await parkText('again.txt');
    bg.page.send({ type: 'compare', requestId: 'ch2', bots: ['Echo-Bot', 'Text-Echo-Bot'], text: 'Held again', attachments: [again] });
    await vi.waitFor(() => expect(bg.page.received.some((event) => event.type === 'commandHeld' && event.requestId === 'ch2')).toBe(true));
    const asked = fake.requests.length;
    bg.page.send({ type: 'cancelHeld', requestId: 'x', heldRequestId: 'ch2', keepFiles: true });
    await vi.waitFor(() => expect(bg.page.answerTo('x')?.type).toBe('done'));
    expect(await getPendingUpload(again.pendingId)).toBeDefined();
    expect(fake.requests.filter((request) => request.bot !== undefined).length).toBe(fake.requests.slice(0, asked).filter((request) => request.bot !== undefined).length);
  });
});

describe('seekVideo (issue 14)', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await writeApiKey('k-test-0123456789');
  });

  it('a time clicked in an answer about a video no tab shows opens the video at that time in a new tab; a bad address opens nothing', async () => {
    const bg = await background();
    const page = fakePort();
    bg.acceptPort(page.port);
    page.send({ type: 'seekVideo', requestId: 'v1', url: 'https://www.youtube.com/watch?v=abc', seconds: 65 });
    await vi.waitFor(() => expect(page.answerTo('v1')?.type).toBe('done'));
    expect((await fakeBrowser.tabs.query({})).map((tab) => tab.url)).toContain('https://www.youtube.com/watch?v=abc&t=65s');

    const before = (await fakeBrowser.tabs.query({})).length;
    page.send({ type: 'seekVideo', requestId: 'v2', url: 'javascript:alert(1)', seconds: 5 });
    await vi.waitFor(() => expect(page.answerTo('v2')?.type).toBe('done'));
    expect(await fakeBrowser.tabs.query({})).toHaveLength(before);
  });
});
