import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { initialPageState, reducePage } from '@/components/page-state';
import { ChatEngine, type UiClient } from '@/lib/chat/engine';
import { createUiDoor, type UiCommandContext } from '@/lib/chat/ui-commands';
import { keepAsVersion, switchTo } from '@/lib/chat/versions';
import { uiCommandSchema, type BackgroundEvent } from '@/lib/messaging/contracts';
import { MESSAGES_PAGE } from '@/lib/messaging/rules';
import type { PoeEvent, streamBotResponse } from '@/lib/poe';
import { ChatRepository, openChatDb, type StoredMessage } from '@/lib/storage/chat-db';

type StreamOptions = Parameters<typeof streamBotResponse>[0];

let dbCounter = 0;
const freshName = () => `versions-test-${++dbCounter}`;

/** Answers every question with "<bot> #<n>: <last user text>", so each version's text is known and distinct. */
function numberedStream() {
  const calls: StreamOptions[] = [];
  const stream = ((options: StreamOptions) => {
    calls.push(options);
    const asked = options.messages.findLast((message) => message.role === 'user')?.content ?? '';
    return (async function* (): AsyncGenerator<PoeEvent> {
      yield { type: 'text', text: `${options.bot} #${calls.length}: ${asked}` };
      yield { type: 'done' };
    })();
  }) as typeof streamBotResponse;
  return { stream, calls };
}

function recordingClient(): UiClient & { events: BackgroundEvent[] } {
  const events: BackgroundEvent[] = [];
  return { conversationId: null, events, post: (event) => events.push(event) };
}

let requests = 0;
function setup(name = freshName()) {
  const repo = new ChatRepository(openChatDb(name), { background: false });
  const { stream, calls } = numberedStream();
  const engine = new ChatEngine({ repository: repo, readApiKey: async () => 'k', readBaseUrl: async () => 'http://fake', stream });
  const client = recordingClient();
  engine.connect(client);
  const ask = async (text: string, conversationId: string | null = client.conversationId) => {
    const sent = await engine.send({ requestId: `r-${++requests}`, conversationId, bot: 'Echo-Bot', text }, client);
    await engine.idle(sent.conversationId);
    return sent.conversationId;
  };
  const path = async (id: string) => (await repo.listMessages(id)).map((message) => message.text);
  return { repo, engine, client, calls, ask, path, name };
}

const byText = (messages: StoredMessage[], text: string) => messages.find((message) => message.text === text)!;

describe('versions of regenerated and edited messages', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('regenerating twice keeps three versions, each with its own continuation', async () => {
    const id = await t.ask('first');
    await t.ask('follow-up');
    expect(await t.path(id)).toEqual(['first', 'Echo-Bot #1: first', 'follow-up', 'Echo-Bot #2: follow-up']);

    const answer = byText(await t.repo.listMessages(id), 'Echo-Bot #1: first');
    await t.engine.retry(id, answer.id);
    await t.engine.idle(id);
    // The later turn left the view (it is kept under version 1), and the pages were told.
    expect(await t.path(id)).toEqual(['first', 'Echo-Bot #3: first']);
    expect(t.client.events.some((event) => event.type === 'messagesRemoved' && event.messageIds.length === 3)).toBe(true);

    const second = (await t.repo.listMessages(id))[1]!;
    await t.engine.retry(id, second.id);
    await t.engine.idle(id);
    const third = (await t.repo.listMessages(id))[1]!;
    expect(third).toMatchObject({ text: 'Echo-Bot #4: first', versions: { index: 2, count: 3 } });

    await t.engine.switchVersion(id, third.id, 0);
    expect(await t.path(id)).toEqual(['first', 'Echo-Bot #1: first', 'follow-up', 'Echo-Bot #2: follow-up']);
    const shown = t.client.events.findLast((event) => event.type === 'conversation');
    expect(shown?.type === 'conversation' && shown.messages.map((message) => message.text)).toEqual(await t.path(id));
    expect(shown?.type === 'conversation' && shown.messages[1]?.versions).toEqual({ index: 0, count: 3 });

    const first = (await t.repo.listMessages(id))[1]!;
    await t.engine.switchVersion(id, first.id, 1);
    expect(await t.path(id)).toEqual(['first', 'Echo-Bot #3: first']);
    expect((await t.repo.listMessages(id))[1]?.versions).toEqual({ index: 1, count: 3 });
    // The question asked again is the one before the fork, not the hidden follow-up.
    expect(t.calls[2]?.messages.map((message) => message.content)).toEqual(['first']);
  });

  it('a follow-up asked under a restored version, regenerated, stays with that version', async () => {
    const id = await t.ask('q1');
    const a1 = (await t.repo.listMessages(id))[1]!;
    await t.engine.retry(id, a1.id);
    await t.engine.idle(id);
    await t.ask('q2');
    const b = (await t.repo.listMessages(id))[3]!;
    await t.engine.retry(id, b.id);
    await t.engine.idle(id);
    expect(await t.path(id)).toEqual(['q1', 'Echo-Bot #2: q1', 'q2', 'Echo-Bot #4: q2']);

    await t.engine.switchVersion(id, (await t.repo.listMessages(id))[1]!.id, 0);
    expect(await t.path(id)).toEqual(['q1', 'Echo-Bot #1: q1']);
    await t.engine.switchVersion(id, (await t.repo.listMessages(id))[1]!.id, 1);
    // Version 2's own continuation comes back, with its own versions as they were.
    expect(await t.path(id)).toEqual(['q1', 'Echo-Bot #2: q1', 'q2', 'Echo-Bot #4: q2']);
    const nested = (await t.repo.listMessages(id))[3]!;
    expect(nested.versions).toEqual({ index: 1, count: 2 });
    await t.engine.switchVersion(id, nested.id, 0);
    expect(await t.path(id)).toEqual(['q1', 'Echo-Bot #2: q1', 'q2', 'Echo-Bot #3: q2']);
  });

  it('an edit keeps the original question and its turns as version 1; the title follows the shown first message', async () => {
    const id = await t.ask('Helo wrold');
    await t.ask('more');
    const question = (await t.repo.listMessages(id))[0]!;
    await t.engine.editAndResend(id, question.id, 'Hello world');
    await t.engine.idle(id);
    expect(await t.path(id)).toEqual(['Hello world', 'Echo-Bot #3: Hello world']);
    const edited = (await t.repo.listMessages(id))[0]!;
    expect(edited.id).not.toBe(question.id);
    expect(edited.versions).toEqual({ index: 1, count: 2 });
    expect((await t.repo.getConversation(id))?.title).toBe('Hello world');

    await t.engine.switchVersion(id, edited.id, 0);
    expect(await t.path(id)).toEqual(['Helo wrold', 'Echo-Bot #1: Helo wrold', 'more', 'Echo-Bot #2: more']);
    expect((await t.repo.getConversation(id))?.title).toBe('Helo wrold');

    // A conversation the user renamed keeps its name.
    await t.engine.rename(id, 'Mine');
    await t.engine.switchVersion(id, (await t.repo.listMessages(id))[0]!.id, 1);
    expect((await t.repo.getConversation(id))?.title).toBe('Mine');
  });

  it('paging and search see only the visible path', async () => {
    const id = await t.ask('zebra question');
    for (let turn = 0; turn < MESSAGES_PAGE; turn += 1) await t.ask(`turn ${turn}`);
    const answer = (await t.repo.listMessages(id))[1]!;
    await t.engine.retry(id, answer.id);
    await t.engine.idle(id);
    // The follow-ups are hidden now: one page holds all, with nothing earlier.
    expect(await t.engine.messages(id)).toMatchObject({ hasEarlier: false, messages: [{ text: 'zebra question' }, { text: `Echo-Bot #${MESSAGES_PAGE + 2}: zebra question` }] });
    expect(await t.engine.search('turn')).toEqual([]);
    expect(await t.engine.search('zebra')).toHaveLength(1);

    await t.engine.switchVersion(id, (await t.repo.listMessages(id))[1]!.id, 0);
    expect(await t.engine.search('turn')).toHaveLength(1);
    const page = await t.engine.messages(id);
    expect(page.hasEarlier).toBe(true);
    expect(page.messages).toHaveLength(MESSAGES_PAGE);
  });

  it('a failed last answer retried is replaced in place; one with turns after it is kept', async () => {
    let fail = true;
    const repo = new ChatRepository(openChatDb(freshName()), { background: false });
    const stream = ((options: StreamOptions) =>
      (async function* (): AsyncGenerator<PoeEvent> {
        if (fail) {
          yield { type: 'failed', error: Object.assign(new Error('nope'), { kind: 'server', retryable: false }) as never };
          return;
        }
        yield { type: 'text', text: `ok: ${options.messages.at(-1)?.content}` };
        yield { type: 'done' };
      })()) as typeof streamBotResponse;
    const engine = new ChatEngine({ repository: repo, readApiKey: async () => 'k', readBaseUrl: async () => 'http://fake', stream });
    const { conversationId: id } = await engine.send({ requestId: 'f1', conversationId: null, bot: 'A', text: 'x' });
    await engine.idle(id);
    const failed = (await repo.listMessages(id))[1]!;
    expect(failed.status).toBe('error');
    fail = false;
    await engine.retry(id, failed.id);
    await engine.idle(id);
    const [, replaced] = await repo.listMessages(id);
    expect(replaced).toMatchObject({ text: 'ok: x', status: 'complete' });
    expect(replaced?.versions).toBeUndefined();
    expect(await repo.getBranches(id)).toBeUndefined();
  });

  it('refuses a switch while the conversation is answering, and one to a version that is not there', async () => {
    const id = await t.ask('q');
    const answer = (await t.repo.listMessages(id))[1]!;
    await t.engine.retry(id, answer.id);
    await t.engine.idle(id);
    const shown = (await t.repo.listMessages(id))[1]!;
    await t.engine.send({ requestId: 'busy-1', conversationId: id, bot: 'Echo-Bot', text: 'again' });
    await expect(t.engine.switchVersion(id, shown.id, 0)).rejects.toMatchObject({ kind: 'busy', message: expect.stringContaining('Stop the answer first') });
    await t.engine.idle(id);
    await expect(t.engine.switchVersion(id, shown.id, 5)).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(t.engine.switchVersion(id, (await t.repo.listMessages(id))[0]!.id, 0)).rejects.toMatchObject({ kind: 'not_found' });
    expect(await t.path(id)).toEqual(['q', 'Echo-Bot #2: q', 'again', 'Echo-Bot #3: again']);
  });

  it('deleting a conversation deletes every version', async () => {
    const id = await t.ask('q');
    await t.engine.retry(id, (await t.repo.listMessages(id))[1]!.id);
    await t.engine.idle(id);
    expect(await t.repo.getBranches(id)).toBeDefined();
    await t.engine.delete(id);
    expect(await t.repo.getBranches(id)).toBeUndefined();
    expect(await t.repo.listMessages(id)).toEqual([]);
  });

  it('a new engine on the same database keeps the versions and the path shown', async () => {
    const id = await t.ask('q');
    await t.ask('then');
    await t.engine.retry(id, (await t.repo.listMessages(id))[1]!.id);
    await t.engine.idle(id);
    await t.engine.switchVersion(id, (await t.repo.listMessages(id))[1]!.id, 0);

    const reloaded = setup(t.name);
    expect(await reloaded.path(id)).toEqual(['q', 'Echo-Bot #1: q', 'then', 'Echo-Bot #2: then']);
    const shown = (await reloaded.repo.listMessages(id))[1]!;
    expect(shown.versions).toEqual({ index: 0, count: 2 });
    await reloaded.engine.switchVersion(id, shown.id, 1);
    expect(await reloaded.path(id)).toEqual(['q', 'Echo-Bot #3: q']);
  });

  it('an old database (messages without versions) opens and can be regenerated and switched', async () => {
    const name = freshName();
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('conversations', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
        db.createObjectStore('messages', { keyPath: 'id' }).createIndex('by-conversation', ['conversationId', 'seq']);
      },
    });
    await v1.put('conversations', { id: 'old', title: 'Old chat', bot: 'Echo-Bot', createdAt: 1, updatedAt: 1 });
    await v1.put('messages', { id: 'o0', conversationId: 'old', seq: 0, role: 'user', bot: 'Echo-Bot', text: 'old q', status: 'complete', createdAt: 1 });
    await v1.put('messages', { id: 'o1', conversationId: 'old', seq: 1, role: 'bot', bot: 'Echo-Bot', text: 'old a', status: 'complete', createdAt: 2 });
    v1.close();

    const old = setup(name);
    await old.engine.retry('old', 'o1');
    await old.engine.idle('old');
    expect(await old.path('old')).toEqual(['old q', 'Echo-Bot #1: old q']);
    await old.engine.switchVersion('old', (await old.repo.listMessages('old'))[1]!.id, 0);
    expect(await old.repo.listMessages('old')).toMatchObject([{ id: 'o0' }, { id: 'o1', text: 'old a', versions: { index: 0, count: 2 } }]);
  });

  it('"Regenerate with" asks another bot with that bot’s parameters, as a new version', async () => {
    const id = await t.ask('which bot?');
    const answer = (await t.repo.listMessages(id))[1]!;
    await t.engine.retry(id, answer.id, 'rw-1', { bot: 'Other-Bot', parameters: { temperature: 0.2 } });
    await t.engine.idle(id);
    const [, other] = await t.repo.listMessages(id);
    expect(other).toMatchObject({ bot: 'Other-Bot', text: 'Other-Bot #2: which bot?', versions: { index: 1, count: 2 } });
    expect(t.calls[1]?.bot).toBe('Other-Bot');
    expect(t.calls[1]?.messages.at(-1)).toMatchObject({ role: 'user', parameters: { temperature: 0.2 } });
    await t.engine.switchVersion(id, other!.id, 0);
    expect((await t.repo.listMessages(id))[1]).toMatchObject({ bot: 'Echo-Bot', text: 'Echo-Bot #1: which bot?' });
  });
});

describe('the UI door for versions', () => {
  function door(t: ReturnType<typeof setup>) {
    const context = { engine: t.engine, preferences: { parametersFor: async () => ({ temperature: 0.5 }) } } as unknown as UiCommandContext;
    const handle = createUiDoor(context);
    const page = { conversationId: null as string | null, events: [] as BackgroundEvent[], post(event: BackgroundEvent) { this.events.push(event); } };
    t.engine.connect(page);
    return { handle, page };
  }

  it('validates switchVersion, and carries out the same request id once', async () => {
    expect(uiCommandSchema.safeParse({ type: 'switchVersion', requestId: 'x', conversationId: 'c', messageId: 'm', to: -1 }).success).toBe(false);
    expect(uiCommandSchema.safeParse({ type: 'switchVersion', requestId: 'x', conversationId: 'c', messageId: 'm', to: 1.5 }).success).toBe(false);
    const t = setup();
    const { handle, page } = door(t);
    const id = await t.ask('q');
    page.conversationId = id;
    await handle({ type: 'retry', requestId: 'd1', conversationId: id, messageId: (await t.repo.listMessages(id))[1]!.id, bot: 'Other-Bot' }, page);
    await t.engine.idle(id);
    // "Regenerate with" through the door: that bot's saved parameters.
    expect(t.calls[1]).toMatchObject({ bot: 'Other-Bot' });
    expect(t.calls[1]?.messages.at(-1)).toMatchObject({ parameters: { temperature: 0.5 } });

    const shown = (await t.repo.listMessages(id))[1]!;
    const command = { type: 'switchVersion', requestId: 's1', conversationId: id, messageId: shown.id, to: 0 } as const;
    await handle(command, page);
    await handle(command, page);
    expect(page.events.filter((event) => event.type === 'done' && event.requestId === 's1')).toHaveLength(2);
    expect(page.events.filter((event) => event.type === 'conversation')).toHaveLength(1);
    expect(await t.path(id)).toEqual(['q', 'Echo-Bot #1: q']);
  });

  it('refuses a switch while answering with a message that says what to do', async () => {
    const t = setup();
    const { handle, page } = door(t);
    const id = await t.ask('q');
    await t.engine.retry(id, (await t.repo.listMessages(id))[1]!.id);
    await t.engine.idle(id);
    const shown = (await t.repo.listMessages(id))[1]!;
    await t.engine.send({ requestId: 'busy', conversationId: id, bot: 'Echo-Bot', text: 'more' });
    await handle({ type: 'switchVersion', requestId: 's2', conversationId: id, messageId: shown.id, to: 0 }, page);
    expect(page.events.find((event) => event.type === 'commandFailed')).toMatchObject({
      requestId: 's2',
      error: { kind: 'busy', message: 'Poe is still answering in this conversation. Stop the answer first, then switch versions.' },
    });
    await t.engine.idle(id);
  });

  it('an answer regenerated before Poe listed its charge gets its price on the kept version', async () => {
    const t = setup();
    const id = await t.ask('q');
    const first = (await t.repo.listMessages(id))[1]!;
    await t.engine.retry(id, first.id);
    await t.engine.idle(id);
    expect(await t.engine.recordPointsCost(id, first.id, { queryId: 'q-first', costPoints: 12 })).toBe(true);
    expect(await t.engine.recordPointsCost(id, 'nowhere', { queryId: 'q-none', costPoints: 1 })).toBe(false);
    await t.engine.switchVersion(id, (await t.repo.listMessages(id))[1]!.id, 0);
    expect((await t.repo.listMessages(id))[1]).toMatchObject({ id: first.id, pointsCost: 12, pointsQueryId: 'q-first' });
    expect(await t.engine.conversationCost(id)).toMatchObject({ points: 12, answers: 1 });
  });

  it('the conversation total counts every version paid for, whichever is shown, at any depth', async () => {
    const t = setup();
    const id = await t.ask('q');
    await t.ask('follow-up');
    const first = (await t.repo.listMessages(id))[1]!;
    const followUp = (await t.repo.listMessages(id))[3]!;
    await t.engine.recordPointsCost(id, first.id, { queryId: 'q-1', costPoints: 12 });
    await t.engine.recordPointsCost(id, followUp.id, { queryId: 'q-2', costPoints: 5 });
    await t.engine.retry(id, first.id);
    await t.engine.idle(id);
    const second = (await t.repo.listMessages(id))[1]!;
    await t.engine.recordPointsCost(id, second.id, { queryId: 'q-3', costPoints: 30 });
    // On screen: the regenerated answer alone; the first with its follow-up is a version out of sight, still paid for.
    expect(await t.engine.conversationCost(id)).toMatchObject({ points: 47, answers: 3 });
    await t.engine.switchVersion(id, second.id, 0);
    expect(await t.engine.conversationCost(id)).toMatchObject({ points: 47, answers: 3 });
    // A version inside a version: the follow-up regenerated under the first answer.
    await t.engine.retry(id, (await t.repo.listMessages(id))[3]!.id);
    await t.engine.idle(id);
    await t.engine.recordPointsCost(id, (await t.repo.listMessages(id))[3]!.id, { queryId: 'q-4', costPoints: 7 });
    await t.engine.switchVersion(id, (await t.repo.listMessages(id))[1]!.id, 1);
    expect(await t.engine.conversationCost(id)).toMatchObject({ points: 54, answers: 4 });
  });
});

describe('the page side of versions', () => {
  it('"Regenerate with" sends the chosen bot in the retry; a switch answered without a request id moves an idle page', () => {
    let ids = 0;
    const start = { ...initialPageState(), conversationId: 'c1' };
    const { state, commands } = reducePage(start, { type: 'retry', messageId: 'b1', bot: 'Plain-Bot' }, () => `q${++ids}`);
    expect(commands).toEqual([{ type: 'retry', conversationId: 'c1', messageId: 'b1', bot: 'Plain-Bot', requestId: 'q1' }]);
    const shown = { id: 'b0', seq: 1, role: 'bot', bot: 'Echo-Bot', text: 'v1', status: 'complete', createdAt: 1, versions: { index: 0, count: 2 } } as const;
    const moved = reducePage(state, { type: 'event', event: { type: 'conversation', conversationId: 'c1', messages: [shown], hasEarlier: false } }, () => 'x');
    expect(moved.state.messages).toEqual([shown]);
  });
});

describe('versions.ts (pure)', () => {
  const msg = (id: string, seq: number, text = id): StoredMessage => ({ id, conversationId: 'c', seq, role: seq % 2 ? 'bot' : 'user', bot: 'A', text, status: 'complete', createdAt: seq });

  it('a version whose message never arrived gives up its slot when another is shown', () => {
    const path = [msg('u', 0), msg('a1', 1)];
    const kept = keepAsVersion('c', undefined, path, 1);
    expect(kept.versions).toEqual({ index: 1, count: 2 });
    // The new answer was never stored: the path ends before the fork.
    const change = switchTo(kept.branches, [msg('u', 0)], 1, 0)!;
    expect(change.add.map((each) => each.id)).toEqual(['a1']);
    expect(change.add[0]?.versions).toBeUndefined();
    expect(change.branches.forks).toEqual([]);
  });

  it('refuses a fork or version that is not there; showing the shown one changes nothing', () => {
    const path = [msg('u', 0), msg('a1', 1)];
    const { branches } = keepAsVersion('c', undefined, path, 1);
    const now = [msg('u', 0), msg('a2', 1)];
    expect(() => switchTo(branches, now, 0, 0)).toThrow();
    expect(() => switchTo(branches, now, 1, 2)).toThrow();
    expect(switchTo(branches, now, 1, 1)).toBeUndefined();
  });
});
