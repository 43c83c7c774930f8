import { describe, expect, test, vi } from 'vitest';
import { PoeError } from '@/lib/poe';
import { useUiLanguage } from './setup/i18n';
import type { Runtime } from 'webextension-polyfill';
import type { BackgroundEvent, Handoff, Preferences } from '@/lib/messaging/contracts';
import { PAGE_PORT_NAME, type PageEvent } from '@/lib/messaging/page-door';
import { PageDoor, type DoorClient, type PageDoorDeps, type PageDoorPort } from '@/lib/toolbar/page-door';

const EXTENSION_ID = 'our-extension';
const ORIGIN = 'chrome-extension://our-extension/';

const contentSender = (over: Partial<Runtime.MessageSender> = {}): Runtime.MessageSender => ({
  id: EXTENSION_ID,
  url: 'https://example.com/article',
  frameId: 0,
  tab: { id: 7, index: 0, highlighted: false, active: true, pinned: false, incognito: false, url: 'https://example.com/article' },
  ...over,
});

/** A port as the browser hands it to the background, which records what the door posts and lets the test talk. */
function fakePort(sender: Runtime.MessageSender | undefined, name = PAGE_PORT_NAME) {
  const messageListeners: ((message: unknown) => void)[] = [];
  const disconnectListeners: (() => void)[] = [];
  const posted: PageEvent[] = [];
  const port = {
    name,
    sender,
    disconnected: false,
    posted,
    postMessage: (message: unknown) => void posted.push(message as PageEvent),
    disconnect: vi.fn(() => {
      port.disconnected = true;
    }),
    onMessage: { addListener: (listener: (message: unknown) => void) => void messageListeners.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => void disconnectListeners.push(listener) },
    send: (message: unknown) => messageListeners.forEach((listener) => listener(message)),
    close: () => disconnectListeners.forEach((listener) => listener()),
  };
  return port;
}

const preferences = {
  selectedBot: 'GPT-4o',
  botParameters: {},
  recentBots: [],
  promptActions: [{ id: 'tldr', title: 'TL;DR', template: 'TL;DR of {selection} from {url}', bot: 'Claude-3' }],
  guard: {} as Preferences['guard'],
  pageBubble: { enabled: true, blockedSites: [], suggestion: 'dismissed' },
  translation: { into: 'fr', lastUsed: null },
} as unknown as Preferences;

/** The door over a fake engine: `clients` are the door's engine clients, `sent` the turns it started. */
function setup(over: Partial<PageDoorDeps> = {}) {
  const clients = new Set<DoorClient>();
  const sent: { requestId: string; bot: string; text: string }[] = [];
  const handoffs: Handoff[] = [];
  let next = 0;
  const deps: PageDoorDeps = {
    extensionId: EXTENSION_ID,
    extensionOrigin: ORIGIN,
    locale: 'en-US',
    preferences: async () => preferences,
    send: async (turn, client) => {
      sent.push(turn);
      const conversationId = `c-${++next}`;
      client.conversationId = conversationId;
      return { conversationId };
    },
    held: () => undefined,
    connect: (client) => {
      clients.add(client);
      return () => clients.delete(client);
    },
    stop: vi.fn(),
    blockSite: vi.fn(async () => undefined),
    noteTranslatedInto: vi.fn(async () => undefined),
    openPanel: vi.fn(async () => undefined),
    handoff: (each) => void handoffs.push(each),
    video: vi.fn(),
    ...over,
  };
  const door = new PageDoor(deps);
  /** What the engine tells every client showing `conversationId`. */
  const engineSays = (event: BackgroundEvent) => {
    for (const client of [...clients]) if ('conversationId' in event && client.conversationId === event.conversationId) client.post(event);
  };
  return { door, deps, clients, sent, handoffs, engineSays };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const ask = (requestId = 'r-1', action: object = { kind: 'reading', id: 'explain' }) => ({
  type: 'ask',
  requestId,
  source: 'selection',
  text: 'The quick brown fox',
  title: 'An article',
  action,
});

const botMessage = (conversationId: string, id: string, status: string, text = '') =>
  ({
    type: 'message',
    conversationId,
    message: { id, role: 'bot', bot: 'GPT-4o', text, status, createdAt: 1, seq: 1 },
  }) as unknown as BackgroundEvent;

describe('PageDoor: who may connect', () => {
  test('a content script of ours in a web page tab and frame is accepted and gets the menu', async () => {
    const { door } = setup();
    const port = fakePort(contentSender());
    expect(door.accept(port as unknown as PageDoorPort)).toBe(true);
    port.send({ type: 'hello' });
    await flush();
    expect(port.disconnected).toBe(false);
    expect(port.posted).toEqual([
      expect.objectContaining({
        type: 'menu',
        promptActions: [{ id: 'tldr', title: 'TL;DR', needsSelection: true }],
        translateInto: 'French',
        translateOtherwise: 'English',
        bot: 'GPT-4o',
      }),
    ]);
    expect((port.posted[0] as Extract<PageEvent, { type: 'menu' }>).languages[0]).toEqual({ code: 'fr', name: 'French' });
  });

  test.each([
    ['an extension page of ours (no tab)', { url: `${ORIGIN}sidepanel.html`, tab: undefined, frameId: undefined }],
    ['an extension page of ours in a tab', { url: `${ORIGIN}sidepanel.html` }],
    ['another extension', { id: 'someone-else' }],
    ['a sender with no tab', { tab: undefined }],
    ['a sender with no frame', { frameId: undefined }],
    ['a page that is not on the web', { url: 'file:///home/me/secret.html', tab: undefined }],
  ])('%s is turned away', async (_what, over) => {
    const { door, sent } = setup();
    const port = fakePort(contentSender(over as Partial<Runtime.MessageSender>));
    expect(door.accept(port as unknown as PageDoorPort)).toBe(true);
    expect(port.disconnected).toBe(true);
    port.send(ask());
    await flush();
    expect(sent).toEqual([]);
    expect(port.posted).toEqual([]);
  });

  test('ports of other names are left to the other door', () => {
    const { door } = setup();
    const port = fakePort(contentSender(), 'poe-toolbar-ui');
    expect(door.accept(port as unknown as PageDoorPort)).toBe(false);
    expect(port.disconnected).toBe(false);
  });
});

describe('PageDoor: asks', () => {
  test('invalid commands are ignored; a valid ask builds the prompt in the background, with the URL from the sender', async () => {
    const { door, sent } = setup();
    const port = fakePort(contentSender());
    door.accept(port as unknown as PageDoorPort);
    port.send({ type: 'ask', requestId: 'x', source: 'selection', text: 'hi', title: '', action: { kind: 'raw', prompt: 'ignore all' } });
    port.send({ ...ask(), url: 'https://evil.example/' });
    port.send({ type: 'ask', requestId: 'y', source: 'selection', text: '', title: '', action: { kind: 'reading', id: 'explain' } });
    await flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.bot).toBe('GPT-4o');
    expect(sent[0]!.text).toContain('> The quick brown fox');
    expect(sent[0]!.text).toContain('https://example.com/article');
    expect(sent[0]!.text).not.toContain('evil.example');
    expect(sent[0]!.text).toContain('Explain this');
  });

  test('a prompt action uses its template and bot; an unknown one fails without sending', async () => {
    const { door, sent } = setup();
    const port = fakePort(contentSender());
    door.accept(port as unknown as PageDoorPort);
    port.send(ask('r-1', { kind: 'prompt', id: 'tldr' }));
    port.send(ask('r-2', { kind: 'prompt', id: 'gone' }));
    await flush();
    expect(sent).toEqual([{ requestId: 'r-1', bot: 'Claude-3', text: 'TL;DR of The quick brown fox from https://example.com/article' }]);
    expect(port.posted).toContainEqual(expect.objectContaining({ type: 'failed', requestId: 'r-2', fix: 'openPanel' }));
  });

  test('a send that fails says why in the UI language, never with a raw exception text', async () => {
    const failures: unknown[] = [new PoeError('auth', 'Your Poe API key was rejected.'), new Error('IDBDatabase: key sk-123 not found')];
    const { door } = setup({
      send: async () => {
        throw failures.shift();
      },
    });
    const backToEnglish = await useUiLanguage('de');
    try {
      const port = fakePort(contentSender());
      door.accept(port as unknown as PageDoorPort);
      port.send(ask('r-1'));
      port.send(ask('r-2'));
      await flush();
      expect(port.posted).toContainEqual(expect.objectContaining({ type: 'failed', requestId: 'r-1', message: 'Ihr Poe-API-Schlüssel wurde abgelehnt.' }));
      expect(port.posted).toContainEqual(expect.objectContaining({ type: 'failed', requestId: 'r-2', message: 'Poe Toolbar konnte diese Anfrage nicht starten.' }));
    } finally {
      backToEnglish();
    }
  });

  test('writing prompts ask for the rewritten text only', async () => {
    const { door, sent } = setup();
    const port = fakePort(contentSender());
    door.accept(port as unknown as PageDoorPort);
    port.send({ ...ask('r-1', { kind: 'writing', id: 'fix' }), source: 'field' });
    port.send({ ...ask('r-2', { kind: 'tone', tone: 'friendly' }), source: 'field' });
    port.send({ ...ask('r-3', { kind: 'translateTo', language: 'de' }), source: 'field' });
    await flush();
    expect(sent[0]!.text).toMatch(/Fix the spelling.*rewritten text only/s);
    expect(sent[1]!.text).toMatch(/friendly tone.*rewritten text only/s);
    expect(sent[2]!.text).toMatch(/into German.*translation only/s);
    for (const each of sent) expect(each.text).toContain('The quick brown fox');
  });

  test('the same request id twice (a double click) is one run', async () => {
    const { door, sent } = setup();
    const port = fakePort(contentSender());
    door.accept(port as unknown as PageDoorPort);
    port.send(ask('r-1'));
    port.send(ask('r-1'));
    await flush();
    expect(sent).toHaveLength(1);
  });

  test('only the run’s own answer is streamed to its port, then ended with the stored text', async () => {
    const { door, engineSays } = setup();
    const port = fakePort(contentSender());
    const other = fakePort(contentSender({ frameId: 3 }));
    door.accept(port as unknown as PageDoorPort);
    door.accept(other as unknown as PageDoorPort);
    port.send(ask('r-1'));
    other.send(ask('r-2'));
    await flush();
    engineSays(botMessage('c-1', 'm-1', 'pending'));
    engineSays({ type: 'delta', conversationId: 'c-1', messageId: 'm-1', append: 'Hello' });
    engineSays(botMessage('c-2', 'm-9', 'pending'));
    engineSays({ type: 'delta', conversationId: 'c-2', messageId: 'm-9', append: 'Not yours' });
    engineSays({ type: 'delta', conversationId: 'c-1', messageId: 'm-user', append: 'Not the answer' });
    engineSays(botMessage('c-1', 'm-1', 'complete', 'Hello world'));
    engineSays({ type: 'delta', conversationId: 'c-1', messageId: 'm-1', append: 'late' });
    expect(port.posted).toEqual([
      { type: 'started', requestId: 'r-1', conversationId: 'c-1' },
      { type: 'delta', requestId: 'r-1', append: 'Hello' },
      { type: 'ended', requestId: 'r-1', status: 'done', text: 'Hello world' },
    ]);
    expect(other.posted).toEqual([
      { type: 'started', requestId: 'r-2', conversationId: 'c-2' },
      { type: 'delta', requestId: 'r-2', append: 'Not yours' },
    ]);
  });

  test('a cut answer ends marked, with its text and why', async () => {
    const { door, engineSays } = setup();
    const port = fakePort(contentSender());
    door.accept(port as unknown as PageDoorPort);
    port.send(ask('r-1'));
    await flush();
    const cut = botMessage('c-1', 'm-1', 'incomplete', 'Half');
    (cut as unknown as { message: { error: unknown } }).message.error = { kind: 'network', message: 'The connection dropped.' };
    engineSays(cut);
    expect(port.posted.at(-1)).toEqual({ type: 'ended', requestId: 'r-1', status: 'interrupted', text: 'Half', error: 'The connection dropped.' });
  });

  test('stop stops only a run of this frame', async () => {
    const { door, deps } = setup();
    const port = fakePort(contentSender());
    const elsewhere = fakePort(contentSender({ tab: { ...contentSender().tab!, id: 8 } }));
    door.accept(port as unknown as PageDoorPort);
    door.accept(elsewhere as unknown as PageDoorPort);
    port.send(ask('r-1'));
    await flush();
    elsewhere.send({ type: 'stop', requestId: 'r-1' });
    await flush();
    expect(deps.stop).not.toHaveBeenCalled();
    port.send({ type: 'stop', requestId: 'r-1' });
    await flush();
    expect(deps.stop).toHaveBeenCalledWith('c-1');
  });

  test('a page that closes mid-run stops hearing about it; the run is not stopped', async () => {
    const { door, deps, clients } = setup();
    const port = fakePort(contentSender());
    door.accept(port as unknown as PageDoorPort);
    port.send(ask('r-1'));
    await flush();
    expect(clients.size).toBe(1);
    port.close();
    expect(clients.size).toBe(0);
    expect(deps.stop).not.toHaveBeenCalled();
  });

  test('a held ask says so and waits in the side panel', async () => {
    const { door, handoffs } = setup({
      send: async () => {
        throw new Error('held');
      },
      held: () => ({ requestId: 'r-1' }),
    });
    const port = fakePort(contentSender());
    door.accept(port as unknown as PageDoorPort);
    port.send(ask('r-1'));
    await flush();
    expect(port.posted).toEqual([{ type: 'held', requestId: 'r-1', reason: expect.stringContaining('side panel') }]);
    expect(handoffs).toEqual([{ kind: 'held', requestId: 'r-1' }]);
  });
});

describe('PageDoor: not here, continue', () => {
  test('notHere blocks the sender’s own site, whatever the page claims', async () => {
    const { door, deps } = setup();
    const port = fakePort(contentSender());
    door.accept(port as unknown as PageDoorPort);
    port.send({ type: 'notHere', host: 'other.example' });
    await flush();
    expect(deps.blockSite).toHaveBeenCalledWith('example.com');
    expect(port.posted).toEqual([{ type: 'goAway' }]);
  });

  test('continue opens the panel at once and hands it the run’s conversation; only from the frame that asked', async () => {
    const { door, deps, handoffs } = setup();
    const port = fakePort(contentSender());
    door.accept(port as unknown as PageDoorPort);
    port.send(ask('r-1'));
    await flush();
    expect(door.onMessage({ type: 'something-else' }, contentSender())).toBeUndefined();
    await expect(door.onMessage({ type: 'poe-toolbar-continue', requestId: 'r-1' }, contentSender({ frameId: 2 }))).resolves.toEqual({ opened: false });
    expect(deps.openPanel).not.toHaveBeenCalled();
    const answer = door.onMessage({ type: 'poe-toolbar-continue', requestId: 'r-1' }, contentSender());
    // Synchronously, before any await: the browser's user gesture lasts only that long.
    expect(deps.openPanel).toHaveBeenCalledWith(7);
    await expect(answer).resolves.toEqual({ opened: true });
    expect(handoffs).toEqual([{ kind: 'open', conversationId: 'c-1' }]);
  });

  test('continue says when the browser would not open the panel (Firefox)', async () => {
    const { door } = setup({ openPanel: async () => Promise.reject(new Error('not a user gesture')) });
    const port = fakePort(contentSender());
    door.accept(port as unknown as PageDoorPort);
    port.send(ask('r-1'));
    await flush();
    await expect(door.onMessage({ type: 'poe-toolbar-continue', requestId: 'r-1' }, contentSender())).resolves.toEqual({ opened: false });
  });
});

describe('PageDoor: "This video" (issue 14)', () => {
  const WATCH = 'https://www.youtube.com/watch?v=abc123';
  const watchSender = (over: Partial<Runtime.MessageSender> = {}) =>
    contentSender({ url: WATCH, tab: { id: 7, index: 0, highlighted: false, active: true, pinned: false, incognito: false, url: WATCH }, ...over });

  test('from a watch page: the panel opens at once, then the background reads that frame\'s video', async () => {
    const { door, deps } = setup();
    const answer = door.onMessage({ type: 'poe-toolbar-video', action: 'summarize' }, watchSender({ frameId: 0 }));
    expect(deps.openPanel).toHaveBeenCalledWith(7);
    await expect(answer).resolves.toEqual({ opened: true });
    expect(deps.video).toHaveBeenCalledWith('summarize', { tabId: 7, frameId: 0 });
  });

  test('refused from any other page, from our own pages, when the bubble is off, and for unknown actions', async () => {
    const off = { ...preferences, pageBubble: { enabled: false, blockedSites: [], suggestion: 'dismissed' } } as Preferences;
    const { door, deps } = setup();
    await expect(door.onMessage({ type: 'poe-toolbar-video', action: 'ask' }, contentSender())).resolves.toEqual({ opened: false });
    await expect(door.onMessage({ type: 'poe-toolbar-video', action: 'ask' }, watchSender({ url: `${ORIGIN}sidepanel.html` }))).resolves.toEqual({ opened: false });
    expect(door.onMessage({ type: 'poe-toolbar-video', action: 'download' }, watchSender())).toBeUndefined();
    expect(deps.video).not.toHaveBeenCalled();
    const closed = setup({ preferences: async () => off });
    await expect(closed.door.onMessage({ type: 'poe-toolbar-video', action: 'ask' }, watchSender())).resolves.toEqual({ opened: false });
    expect(closed.deps.video).not.toHaveBeenCalled();
  });
});

describe('PageDoor: a site on the "not on this site" list', () => {
  test('its bubble is told to go away at hello', async () => {
    const blocked = { ...preferences, pageBubble: { enabled: true, blockedSites: ['example.com'], suggestion: 'dismissed' } } as Preferences;
    const { door } = setup({ preferences: async () => blocked });
    const port = fakePort(contentSender());
    door.accept(port as unknown as PageDoorPort);
    port.send({ type: 'hello' });
    await flush();
    expect(port.posted).toEqual([{ type: 'goAway' }]);
  });

  test('so is a bubble on one of its subdomains, as the registration excludes them; another site gets the menu', async () => {
    const blocked = { ...preferences, pageBubble: { enabled: true, blockedSites: ['example.com'], suggestion: 'dismissed' } } as Preferences;
    const { door } = setup({ preferences: async () => blocked });
    const sub = fakePort(contentSender({ url: 'https://mail.example.com/inbox' }));
    const other = fakePort(contentSender({ url: 'https://notexample.com/', tab: { id: 8, index: 1, highlighted: false, active: true, pinned: false, incognito: false } }));
    door.accept(sub as unknown as PageDoorPort);
    door.accept(other as unknown as PageDoorPort);
    sub.send({ type: 'hello' });
    other.send({ type: 'hello' });
    await flush();
    expect(sub.posted).toEqual([{ type: 'goAway' }]);
    expect(other.posted).toEqual([expect.objectContaining({ type: 'menu' })]);
  });
});

describe('PageDoor: Translate to…', () => {
  test('the language picked is remembered as the other language for next time', async () => {
    const { door, deps, sent } = setup();
    const port = fakePort(contentSender());
    door.accept(port as unknown as PageDoorPort);
    port.send({ ...ask('r-tr', { kind: 'translateTo', language: 'ja' }), source: 'field' });
    await flush();
    expect(deps.noteTranslatedInto).toHaveBeenCalledWith('ja');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toMatch(/Japanese/);
  });
});

describe('PageDoor: turned off, or a site put on the list, while bubbles are in pages', () => {
  const pageBubble = (enabled: boolean, blockedSites: string[] = []) => ({ enabled, blockedSites, suggestion: 'dismissed' as const });

  test('off: a bubble saying hello is told to go away', async () => {
    const off = { ...preferences, pageBubble: pageBubble(false) } as Preferences;
    const { door } = setup({ preferences: async () => off });
    const port = fakePort(contentSender());
    door.accept(port as unknown as PageDoorPort);
    port.send({ type: 'hello' });
    await flush();
    expect(port.posted).toEqual([{ type: 'goAway' }]);
  });

  test('connected bubbles leave when it is turned off; on a newly listed site (and its subdomains) only there', async () => {
    const { door } = setup();
    const mail = 'https://mail.example.com/inbox';
    const here = fakePort(contentSender({ url: mail, tab: { ...contentSender().tab!, url: mail } }));
    door.accept(here as unknown as PageDoorPort);
    here.send({ type: 'hello' });
    await flush();
    here.posted.length = 0;

    door.pageBubbleChanged(pageBubble(true, ['elsewhere.org']));
    expect(here.posted).toEqual([]);
    door.pageBubbleChanged(pageBubble(true, ['example.com']));
    expect(here.posted).toEqual([{ type: 'goAway' }]);

    here.posted.length = 0;
    door.pageBubbleChanged(pageBubble(false));
    expect(here.posted).toEqual([{ type: 'goAway' }]);
  });

  test('a bubble that disconnected hears nothing more', async () => {
    const { door } = setup();
    const port = fakePort(contentSender());
    door.accept(port as unknown as PageDoorPort);
    port.close();
    door.pageBubbleChanged(pageBubble(false));
    expect(port.posted).toEqual([]);
  });
});

