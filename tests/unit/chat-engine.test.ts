import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatEngine, type Turn, type UiClient } from '@/lib/chat/engine';
import type { BackgroundEvent, PendingAttachment } from '@/lib/messaging/contracts';
import { CONVERSATIONS_PAGE, MESSAGES_PAGE } from '@/lib/messaging/rules';
import { PoeError, type PoeEvent, type streamBotResponse } from '@/lib/poe';
import { ChatRepository, openChatDb, type StoredMessage } from '@/lib/storage/chat-db';

type StreamOptions = Parameters<typeof streamBotResponse>[0];

let dbCounter = 0;
function freshRepository(): { repo: ChatRepository; name: string } {
  const name = `chat-test-${++dbCounter}`;
  return { repo: new ChatRepository(openChatDb(name)), name };
}

/** A scripted stand-in for streamBotResponse that records what it was asked. */
function scriptedStream(script: (options: StreamOptions) => AsyncGenerator<PoeEvent>) {
  const calls: StreamOptions[] = [];
  const stream = ((options: StreamOptions) => {
    calls.push(options);
    return script(options);
  }) as typeof streamBotResponse;
  return { stream, calls };
}

function recordingClient(): UiClient & { events: BackgroundEvent[] } {
  const events: BackgroundEvent[] = [];
  return { conversationId: null, events, post: (event) => events.push(event) };
}

function engineWith(repo: ChatRepository, stream: typeof streamBotResponse) {
  return new ChatEngine({ repository: repo, readApiKey: async () => 'k-test', readBaseUrl: async () => 'http://fake', stream });
}

let requests = 0;
/** A send as a page makes it, with a fresh request id; `conversationId` null (a new conversation) unless given. */
function turn(fields: { bot: string; text: string; conversationId?: string | null; parameters?: Record<string, string | number | boolean>; attachments?: PendingAttachment[] }): Turn {
  return { requestId: `r-${++requests}`, conversationId: null, ...fields };
}

/** Sends and waits for the answer to end (send itself resolves as soon as the answer has started). */
async function sendAndWait(engine: ChatEngine, client: UiClient, fields: Parameters<typeof turn>[0]): Promise<string> {
  const { conversationId } = await engine.send(turn(fields), client);
  await engine.idle(conversationId);
  return conversationId;
}

async function* answer(...texts: string[]): AsyncGenerator<PoeEvent> {
  for (const text of texts) yield { type: 'text', text };
  yield { type: 'done' };
}

describe('ChatEngine', () => {
  let repo: ChatRepository;
  let dbName: string;
  beforeEach(() => {
    ({ repo, name: dbName } = freshRepository());
  });

  it('does not start an answer where the browser does not let it reach the base URL, and says why', async () => {
    const { stream, calls } = scriptedStream(() => answer('never'));
    const engine = new ChatEngine({
      repository: repo,
      readApiKey: async () => 'k-test',
      readBaseUrl: async () => 'http://127.0.0.1:8787',
      hasHostAccess: async () => false,
      stream,
    });
    const client = recordingClient();
    engine.connect(client);
    const conversationId = await sendAndWait(engine, client, { bot: 'Echo-Bot', text: 'Anyone there?' });
    expect(calls).toEqual([]);
    const [, reply] = await repo.listMessages(conversationId);
    expect(reply).toMatchObject({
      status: 'error',
      error: { kind: 'forbidden', message: 'Poe Toolbar is not allowed to reach 127.0.0.1, so nothing was sent. Allow access to 127.0.0.1 first.' },
    });
  });

  it('starts a conversation, streams deltas to its page and persists both turns', async () => {
    const { stream, calls } = scriptedStream(() => answer('Hel', 'lo', '!'));
    const engine = engineWith(repo, stream);
    const client = recordingClient();
    engine.connect(client);

    await sendAndWait(engine, client, { bot: 'Echo-Bot', text: 'Say hello\nplease' });

    expect(client.conversationId).not.toBeNull();
    const [conversation] = (await repo.listConversations()).conversations;
    expect(conversation?.title).toBe('Say hello please');
    expect(conversation?.bot).toBe('Echo-Bot');
    const messages = await repo.listMessages(client.conversationId!);
    expect(messages.map((m) => [m.role, m.text, m.status])).toEqual([
      ['user', 'Say hello\nplease', 'complete'],
      ['bot', 'Hello!', 'complete'],
    ]);
    // Three text events in one burst: the first goes at once, the rest in one batch (not one port message each).
    const deltas = client.events.filter((event) => event.type === 'delta').map((event) => event.type === 'delta' && event.append);
    expect(deltas).toEqual(['Hel', 'lo!']);
    // What a page rebuilds from the events (messages set the text, deltas append) is the answer so far, once.
    let onScreen = '';
    let streamed = '';
    for (const event of client.events) {
      if (event.type === 'message' && event.message.role === 'bot') onScreen = event.message.text;
      if (event.type === 'delta') {
        onScreen += event.append ?? '';
        streamed += event.append ?? '';
        expect(onScreen).toBe(streamed);
      }
    }
    expect(onScreen).toBe('Hello!');
    expect(calls[0]?.messages).toEqual([{ role: 'user', content: 'Say hello\nplease', content_type: 'text/markdown' }]);
    expect(calls[0]?.apiKey).toBe('k-test');
  });

  it('sends the whole conversation with bot metadata and parameters only on the last user message', async () => {
    const { stream, calls } = scriptedStream(async function* () {
      yield { type: 'data', metadata: 'meta-1' };
      yield* answer('ok');
    });
    const engine = engineWith(repo, stream);
    const client = recordingClient();
    engine.connect(client);
    await sendAndWait(engine, client, { bot: 'A', text: 'first', parameters: { web_search: true } });
    await sendAndWait(engine, client, { conversationId: client.conversationId!, bot: 'B', text: 'second', parameters: { thinking_budget: 512 } });

    expect(calls[1]?.bot).toBe('B');
    expect(calls[1]?.messages).toEqual([
      { role: 'user', content: 'first', content_type: 'text/markdown' },
      { role: 'bot', content: 'ok', content_type: 'text/markdown', metadata: 'meta-1' },
      { role: 'user', content: 'second', content_type: 'text/markdown', parameters: { thinking_budget: 512 } },
    ]);
    const [conversation] = (await repo.listConversations()).conversations;
    expect(conversation?.bot).toBe('B');
  });

  it('keeps a half-streamed answer marked interrupted, and retry replaces it without duplicating', async () => {
    let attempt = 0;
    const { stream, calls } = scriptedStream(async function* () {
      attempt += 1;
      if (attempt === 1) {
        yield { type: 'text', text: 'partial ' };
        yield { type: 'interrupted', error: new PoeError('network', 'Connection lost.') };
        return;
      }
      yield* answer('full answer');
    });
    const engine = engineWith(repo, stream);
    const client = recordingClient();
    engine.connect(client);
    await sendAndWait(engine, client, { bot: 'Cut-Bot', text: 'go' });
    let messages = await repo.listMessages(client.conversationId!);
    expect(messages[1]).toMatchObject({ text: 'partial ', status: 'interrupted', error: { message: 'Connection lost.' } });

    await engine.retry(client.conversationId!, messages[1]!.id);
    await engine.idle(client.conversationId!);
    messages = await repo.listMessages(client.conversationId!);
    expect(messages.map((m) => [m.role, m.text, m.status])).toEqual([
      ['user', 'go', 'complete'],
      ['bot', 'full answer', 'complete'],
    ]);
    expect(calls[1]?.messages).toEqual([{ role: 'user', content: 'go', content_type: 'text/markdown' }]);
    expect(client.events.some((event) => event.type === 'messagesRemoved')).toBe(true);
  });

  it('edit-and-resend changes the user message and drops what followed', async () => {
    const { stream, calls } = scriptedStream(() => answer('reply'));
    const engine = engineWith(repo, stream);
    const client = recordingClient();
    engine.connect(client);
    await sendAndWait(engine, client, { bot: 'A', text: 'one' });
    await sendAndWait(engine, client, { conversationId: client.conversationId!, bot: 'A', text: 'two' });
    const before = await repo.listMessages(client.conversationId!);
    await engine.editAndResend(client.conversationId!, before[0]!.id, 'uno');
    await engine.idle(client.conversationId!);
    const after = await repo.listMessages(client.conversationId!);
    expect(after.map((m) => m.text)).toEqual(['uno', 'reply']);
    expect(calls.at(-1)?.messages).toEqual([{ role: 'user', content: 'uno', content_type: 'text/markdown' }]);
  });

  it('stop aborts the request and marks the answer stopped with its text', async () => {
    const { stream } = scriptedStream(async function* ({ signal }) {
      yield { type: 'text', text: 'some' };
      await new Promise((resolve) => signal!.addEventListener('abort', resolve));
      yield { type: 'stopped' };
    });
    const engine = engineWith(repo, stream);
    const client = recordingClient();
    engine.connect(client);
    const { conversationId } = await engine.send(turn({ bot: 'A', text: 'long' }), client);
    await vi.waitFor(() => expect(client.events.some((event) => event.type === 'delta')).toBe(true));
    engine.stop(conversationId);
    await engine.idle(conversationId);
    const messages = await repo.listMessages(client.conversationId!);
    expect(messages[1]).toMatchObject({ text: 'some', status: 'stopped' });
  });

  it('saves partial output at most every ~300 ms, not per token, and always at the end', async () => {
    const { stream } = scriptedStream(async function* () {
      for (let index = 0; index < 200; index += 1) {
        yield { type: 'text', text: 'x' };
        if (index % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 40));
      }
      yield { type: 'done' };
    });
    const put = vi.spyOn(repo, 'putMessage');
    const engine = engineWith(repo, stream);
    const client = recordingClient();
    engine.connect(client);
    await sendAndWait(engine, client, { bot: 'A', text: 'count' });
    const botWrites = put.mock.calls.filter(([message]) => message.role === 'bot');
    // 200 tokens in 10 bursts (no timer can fire inside a burst): the new answer, the leading-edge write, at most one
    // throttled write per gap and the final one, however slow the machine. A write per token would be 200.
    expect(botWrites.length).toBeLessThanOrEqual(13);
    expect(botWrites.at(-1)?.[0]).toMatchObject({ text: 'x'.repeat(200), status: 'complete' });
  });

  it('two pages on one conversation see the same stream; one that connects mid-answer gets the text so far', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { stream } = scriptedStream(async function* () {
      yield { type: 'text', text: 'first half, ' };
      await gate;
      yield* answer('second half');
    });
    const engine = engineWith(repo, stream);
    const first = recordingClient();
    engine.connect(first);
    const { conversationId } = await engine.send(turn({ bot: 'A', text: 'q' }), first);
    await vi.waitFor(() => expect(first.events.some((event) => event.type === 'delta')).toBe(true));

    const second = recordingClient();
    engine.connect(second);
    await engine.select(second, conversationId, 'r-select');
    const snapshot = second.events.find((event) => event.type === 'conversation');
    expect(snapshot?.type === 'conversation' && snapshot.messages[1]).toMatchObject({ text: 'first half, ', status: 'streaming' });

    release();
    await engine.idle(conversationId);
    const secondDeltas = second.events.filter((event) => event.type === 'delta');
    expect(secondDeltas.map((event) => event.type === 'delta' && event.append)).toEqual(['second half']);
  });

  it('a new background marks answers the old one left streaming as interrupted, keeping their text', async () => {
    const conversationId = 'c1';
    await repo.putConversation({ id: conversationId, title: 't', bot: 'A', createdAt: 1, updatedAt: 1 });
    const stale: StoredMessage = {
      id: 'm2', conversationId, seq: 1, role: 'bot', bot: 'A', text: 'half an ans', status: 'streaming', createdAt: 1,
    };
    await repo.putMessage({ ...stale, id: 'm1', seq: 0, role: 'user', text: 'q', status: 'complete' });
    await repo.putMessage(stale);

    const restarted = engineWith(repo, scriptedStream(() => answer('x')).stream);
    await restarted.ready;
    const [, recovered] = await repo.listMessages(conversationId);
    expect(recovered).toMatchObject({ text: 'half an ans', status: 'interrupted' });
    expect(recovered?.error?.message).toMatch(/cut off/);
  });

  it('uploads a turn\'s files first; a failed upload sends nothing and stores nothing', async () => {
    const { stream, calls } = scriptedStream(() => answer('seen'));
    const uploaded = [{ url: 'https://pfst.cf2.poecdn.net/a.png', contentType: 'image/png', name: 'a.png', size: 3 }];
    let fail = true;
    const engine = new ChatEngine({
      repository: repo,
      readApiKey: async () => 'k-test',
      readBaseUrl: async () => 'http://fake',
      stream,
      uploadAttachments: async () => {
        if (fail) throw new PoeError('too_large', '“a.png” is 30 MB; files can be at most 25 MB.');
        return uploaded;
      },
    });
    const client = recordingClient();
    engine.connect(client);
    const pending = [{ pendingId: 'p1', name: 'a.png', contentType: 'image/png', size: 3 }];
    await expect(engine.send(turn({ bot: 'A', text: 'look', attachments: pending }), client)).rejects.toThrow('at most 25 MB');
    expect((await repo.listConversations()).conversations).toEqual([]);
    expect(calls).toHaveLength(0);

    fail = false;
    await sendAndWait(engine, client, { bot: 'A', text: 'look', attachments: pending });
    const [user] = await repo.listMessages(client.conversationId!);
    expect(user?.attachments).toEqual(uploaded);
    expect(calls[0]?.messages[0]).toMatchObject({ attachments: [{ url: uploaded[0]!.url, content_type: 'image/png', name: 'a.png' }] });
  });

  it('leaves a turn\'s files at the file door only when asked (a compare\'s columns share them)', async () => {
    const asked: [string, { keepPending?: boolean } | undefined][] = [];
    const engine = new ChatEngine({
      repository: repo,
      readApiKey: async () => 'k-test',
      readBaseUrl: async () => 'http://fake',
      stream: scriptedStream(() => answer('seen')).stream,
      uploadAttachments: async (_pending, bot, options) => {
        asked.push([bot, options]);
        return [{ url: 'https://pfst.cf2.poecdn.net/a.png', contentType: 'image/png', name: 'a.png', size: 3 }];
      },
    });
    const pending = [{ pendingId: 'p1', name: 'a.png', contentType: 'image/png', size: 3 }];
    const column = await engine.send(turn({ bot: 'A', text: 'look', attachments: pending }), undefined, { confirmed: true, keepPendingFiles: true });
    const alone = await engine.send(turn({ bot: 'B', text: 'look', attachments: pending }));
    await Promise.all([engine.idle(column.conversationId), engine.idle(alone.conversationId)]);
    expect(asked).toEqual([
      ['A', { keepPending: true }],
      ['B', undefined],
    ]);
  });

  it('renames and deletes conversations with their messages', async () => {
    const engine = engineWith(repo, scriptedStream(() => answer('a')).stream);
    const client = recordingClient();
    engine.connect(client);
    await sendAndWait(engine, client, { bot: 'A', text: 'to delete' });
    const id = client.conversationId!;
    await engine.rename(id, 'Renamed');
    expect((await repo.getConversation(id))?.title).toBe('Renamed');
    await engine.delete(id);
    expect(await repo.getConversation(id)).toBeUndefined();
    expect(await repo.listMessages(id)).toEqual([]);
    expect(client.conversationId).toBeNull();
    // Renaming what is gone (or never was) is refused with a reason, and writes nothing.
    await expect(engine.rename(id, 'Too late')).rejects.toMatchObject({ kind: 'not_found', message: 'This conversation was deleted.' });
    await expect(engine.rename('never-was', 'Nope')).rejects.toMatchObject({ kind: 'not_found' });
    expect(await repo.getConversation(id)).toBeUndefined();
  });

  it('migrates a version 1 database without losing messages', async () => {
    const name = `${dbName}-v1`;
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('conversations', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
        db.createObjectStore('messages', { keyPath: 'id' }).createIndex('by-conversation', ['conversationId', 'seq']);
      },
    });
    await v1.put('conversations', { id: 'old', title: 'Old chat', bot: 'A', createdAt: 1, updatedAt: 1 });
    await v1.put('messages', { id: 'o1', conversationId: 'old', seq: 0, role: 'bot', bot: 'A', text: 'kept', status: 'streaming', createdAt: 1 });
    v1.close();

    const migrated = new ChatRepository(openChatDb(name));
    expect((await migrated.listMessages('old')).map((m) => m.text)).toEqual(['kept']);
    expect((await migrated.unfinishedMessages()).map((m) => m.id)).toEqual(['o1']);
    await migrated.putMessage({ ...(await migrated.listMessages('old'))[0]!, pointsQueryId: 'q-1' });
    expect((await migrated.messageForPointsQuery('q-1'))?.text).toBe('kept');
  });
});

describe('ChatEngine pages and search', () => {
  let repo: ChatRepository;
  beforeEach(() => {
    ({ repo } = freshRepository());
  });

  async function longConversation(id: string, messages: number, updatedAt = 1): Promise<void> {
    await repo.putConversation({ id, title: `Chat ${id}`, bot: 'A', createdAt: 1, updatedAt });
    for (let seq = 0; seq < messages; seq += 1) {
      await repo.putMessage({ id: `${id}-${seq}`, conversationId: id, seq, role: seq % 2 ? 'bot' : 'user', bot: 'A', text: `text ${seq}`, status: 'complete', createdAt: seq });
    }
  }

  it('opens a long conversation at its latest messages; earlier ones come a page at a time, by seq', async () => {
    await longConversation('long', MESSAGES_PAGE + 5);
    const engine = engineWith(repo, scriptedStream(() => answer('x')).stream);
    const client = recordingClient();
    engine.connect(client);
    await engine.select(client, 'long', 'r-open');
    const opened = client.events.find((event) => event.type === 'conversation');
    expect(opened?.type === 'conversation' && opened.hasEarlier).toBe(true);
    const shown = opened?.type === 'conversation' ? opened.messages : [];
    expect(shown.map((each) => each.seq)).toEqual(Array.from({ length: MESSAGES_PAGE }, (_, index) => index + 5));
    const earlier = await engine.messages('long', shown[0]!.seq);
    expect(earlier).toEqual({ messages: expect.any(Array), hasEarlier: false });
    expect(earlier.messages.map((each) => each.text)).toEqual(['text 0', 'text 1', 'text 2', 'text 3', 'text 4']);
    expect(earlier.messages[0]).not.toHaveProperty('conversationId');
  });

  it('tells every page the first page of the list, with more when older conversations exist', async () => {
    for (let index = 0; index < CONVERSATIONS_PAGE + 2; index += 1) {
      await repo.putConversation({ id: `c${index}`, title: `t${index}`, bot: 'A', createdAt: index, updatedAt: index + 10 });
    }
    const engine = engineWith(repo, scriptedStream(() => answer('x')).stream);
    const client = recordingClient();
    engine.connect(client);
    await engine.rename('c0', 'Renamed');
    const list = client.events.find((event) => event.type === 'conversations');
    expect(list?.type === 'conversations' && list.more).toBe(true);
    const first = list?.type === 'conversations' ? list.conversations : [];
    expect(first).toHaveLength(CONVERSATIONS_PAGE);
    expect(first[0]?.id).toBe(`c${CONVERSATIONS_PAGE + 1}`);
    const rest = await engine.conversations(first.at(-1)!.updatedAt);
    expect(rest.conversations.map((each) => each.title)).toEqual(['t1', 'Renamed']);
    expect(rest.more).toBe(false);
  });

  it("finds a running answer's text from memory while it streams, and from the index once it has ended", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { stream } = scriptedStream(async function* () {
      yield { type: 'text', text: 'The aurora borealis ' };
      await gate;
      yield* answer('glows green.');
    });
    const engine = engineWith(repo, stream);
    const client = recordingClient();
    engine.connect(client);
    const { conversationId } = await engine.send(turn({ bot: 'A', text: 'Tell me about the sky' }), client);
    await vi.waitFor(() => expect(client.events.some((event) => event.type === 'delta')).toBe(true));
    expect(await engine.search('aurora bor')).toMatchObject([{ conversation: { id: conversationId }, snippet: 'The aurora borealis', highlights: [[4, 10], [11, 19]] }]);
    expect(await engine.search('sky aurora')).toMatchObject([{ conversation: { id: conversationId } }]);
    release();
    await engine.idle(conversationId);
    expect(await engine.search('aurora green')).toMatchObject([{ conversation: { id: conversationId }, snippet: 'The aurora borealis glows green.' }]);
  });
});

describe('ChatEngine, the moment an answer ends', () => {
  it('takes the next question at once, while the answer\'s final save is still being written', async () => {
    const { repo } = freshRepository();
    let releaseSave!: () => void;
    const saving = new Promise<void>((resolve) => (releaseSave = resolve));
    const put = repo.putMessage.bind(repo);
    let holdFinal = true;
    vi.spyOn(repo, 'putMessage').mockImplementation(async (message) => {
      if (holdFinal && message.role === 'bot' && message.status === 'complete') {
        holdFinal = false;
        await saving;
      }
      return put(message);
    });
    const engine = engineWith(repo, scriptedStream(() => answer('first answer')).stream);
    const client = recordingClient();
    engine.connect(client);
    const { conversationId } = await engine.send(turn({ bot: 'A', text: 'one' }), client);
    await vi.waitFor(() => expect(client.events.some((event) => event.type === 'message' && event.message.status === 'complete')).toBe(true));
    // A page hears of the end over its port, a task later; the final save is still held: a suggested reply clicked now
    // must not be refused as "still answering".
    await new Promise((resolve) => setTimeout(resolve, 0));
    await expect(engine.send(turn({ bot: 'A', text: 'two', conversationId }), client)).resolves.toEqual({ conversationId });
    releaseSave();
    await engine.idle(conversationId);
    const texts = (await repo.listMessages(conversationId)).map((message) => [message.text, message.status]);
    expect(texts).toEqual([
      ['one', 'complete'],
      ['first answer', 'complete'],
      ['two', 'complete'],
      ['first answer', 'complete'],
    ]);
  });
});

describe('ChatRepository', () => {
  it('writes a message only while its conversation exists (no orphan can be left by a late write)', async () => {
    const { repo } = freshRepository();
    const message: StoredMessage = { id: 'm1', conversationId: 'gone', seq: 0, role: 'bot', bot: 'A', text: 'late', status: 'complete', createdAt: 1 };
    expect(await repo.putMessage(message)).toBe(false);
    expect(await repo.listMessages('gone')).toEqual([]);
    await repo.putConversation({ id: 'gone', title: 't', bot: 'A', createdAt: 1, updatedAt: 1 });
    expect(await repo.putMessage(message)).toBe(true);
    expect((await repo.listMessages('gone')).map((each) => each.text)).toEqual(['late']);
  });
});

describe('what answers cost', () => {
  it('records USD and breakdown on the answer, and the conversation total counts every stored answer (old ones without USD too)', async () => {
    const { repo } = freshRepository();
    const { stream } = scriptedStream(() => answer('Fine.'));
    const engine = engineWith(repo, stream);
    const client = recordingClient();
    engine.connect(client);
    const conversationId = await sendAndWait(engine, client, { bot: 'Echo-Bot', text: 'one' });
    await sendAndWait(engine, client, { bot: 'Echo-Bot', text: 'two', conversationId });
    const [first, second] = (await repo.listMessages(conversationId)).filter((message) => message.role === 'bot');
    expect(await engine.conversationCost(conversationId)).toBeUndefined();

    // An answer priced before USD and breakdowns were recorded: stored as it was, it still loads and counts.
    await repo.putMessage({ ...first!, pointsCost: 30, pointsQueryId: 'old' });
    const breakdown = { Input: '4 points (12 tokens)', Output: '8 points (72 tokens)', Total: '12 points' };
    await engine.recordPointsCost(conversationId, second!.id, { queryId: 'q2', costPoints: 12, costUsd: '0.00036', costBreakdown: breakdown });

    const stored = (await repo.listMessages(conversationId)).find((message) => message.id === second!.id);
    expect(stored).toMatchObject({ pointsCost: 12, pointsCostUsd: '0.00036', pointsBreakdown: breakdown, pointsQueryId: 'q2' });
    expect(Object.keys(stored!.pointsBreakdown!)).toEqual(['Input', 'Output', 'Total']);
    const view = client.events.findLast((event) => event.type === 'message');
    expect(view).toMatchObject({ message: { pointsCost: 12, pointsCostUsd: '0.00036', pointsBreakdown: breakdown } });
    expect(view?.type === 'message' && 'pointsQueryId' in view.message).toBe(false);
    expect(client.events.at(-1)).toEqual({ type: 'conversationCost', conversationId, points: 42, usd: 0.00036, answers: 2 });

    // The same charge twice is recorded once.
    const before = client.events.length;
    await engine.recordPointsCost(conversationId, second!.id, { queryId: 'q2', costPoints: 12 });
    expect(client.events).toHaveLength(before);

    // Regenerating keeps the priced answer as a version out of sight: it was paid for, the total still counts it.
    await engine.retry(conversationId, second!.id);
    await engine.idle(conversationId);
    expect((await repo.listMessages(conversationId)).some((message) => message.id === second!.id)).toBe(false);
    expect(await engine.conversationCost(conversationId)).toEqual({ type: 'conversationCost', conversationId, points: 42, usd: 0.00036, answers: 2 });
  });
});

describe('recordAnswerCost', () => {
  it('tries again when Poe lists the charge late, and when the answer could not take its price yet', async () => {
    const { recordAnswerCost } = await import('@/lib/chat/points-cost');
    const answer = { id: 'm1', conversationId: 'c1', bot: 'Echo-Bot', createdAt: 1 };
    const charge = { queryId: 'q1', costPoints: 12 };
    const finds = [undefined, charge];
    const records = [false, true];
    const log: string[] = [];
    await recordAnswerCost(answer, {
      find: async () => (log.push('find'), finds.shift()),
      record: async () => (log.push('record'), records.shift() ?? false),
      sleep: async () => void log.push('sleep'),
    });
    expect(log).toEqual(['find', 'sleep', 'find', 'record', 'sleep', 'record']);
  });

  it('is patient on a busy machine: looks again with growing waits, and gives up after the last one', async () => {
    const { recordAnswerCost, POINTS_COST_RETRY_MS } = await import('@/lib/chat/points-cost');
    const answer = { id: 'm1', conversationId: 'c1', bot: 'Echo-Bot', createdAt: 1 };
    const slept: number[] = [];
    let finds = 0;
    await recordAnswerCost(answer, { find: async () => void finds++, record: async () => true, sleep: async (ms) => void slept.push(ms) });
    expect(finds).toBe(POINTS_COST_RETRY_MS.length + 1);
    expect(slept).toEqual([...POINTS_COST_RETRY_MS]);

    // Found at the last look, then the answer's final save lands only at the last try: the same entry is recorded.
    const charge = { queryId: 'q1', costPoints: 12 };
    const recorded: string[] = [];
    let looks = 0;
    let tries = 0;
    await recordAnswerCost(answer, {
      find: async () => (++looks > POINTS_COST_RETRY_MS.length ? charge : undefined),
      record: async (_conversation, _message, entry) => (recorded.push(entry.queryId), ++tries > POINTS_COST_RETRY_MS.length),
      sleep: async () => undefined,
    });
    expect(recorded).toEqual(Array(POINTS_COST_RETRY_MS.length + 1).fill('q1'));
  });
});

describe('a price never carries an old copy of an answer', () => {
  it('is not put on an answer whose final save has not landed, and never changes its text or status', async () => {
    const { repo } = freshRepository();
    const { stream } = scriptedStream(() => answer('The whole answer.'));
    const engine = engineWith(repo, stream);
    const client = recordingClient();
    engine.connect(client);
    const conversationId = await sendAndWait(engine, client, { bot: 'Echo-Bot', text: 'one' });
    const bot = (await repo.listMessages(conversationId)).find((message) => message.role === 'bot')!;
    // As if the last save were still on its way: the stored copy is the streaming one.
    await repo.putMessage({ ...bot, status: 'streaming', text: 'The who' });
    expect(await engine.recordPointsCost(conversationId, bot.id, { queryId: 'q', costPoints: 5 })).toBe(false);
    expect((await repo.listMessages(conversationId)).find((message) => message.id === bot.id)).toMatchObject({ status: 'streaming', text: 'The who' });
    expect((await repo.listMessages(conversationId)).find((message) => message.id === bot.id)?.pointsCost).toBeUndefined();
    // Once it has landed, only the price is added.
    await repo.putMessage(bot);
    expect(await engine.recordPointsCost(conversationId, bot.id, { queryId: 'q', costPoints: 5 })).toBe(true);
    expect((await repo.listMessages(conversationId)).find((message) => message.id === bot.id)).toMatchObject({ status: 'complete', text: 'The whole answer.', pointsCost: 5 });
  });
});
