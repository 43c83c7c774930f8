import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { ChatRepository, openChatDb, type ChatDb, type SearchHit, type StoredMessage } from '@/lib/storage/chat-db';
import { SEARCH_STATE_KEY } from '@/lib/storage/chat-schema';
import { backfillChunk, compact } from '@/lib/storage/search-maintenance';
import { parseQuery, termMask } from '@/lib/storage/search-text';
import { createVersion3Stores } from '../bench/history-data';

let count = 0;
function fresh(): { repo: ChatRepository; db: Promise<ChatDb>; name: string } {
  const name = `search-${++count}`;
  const db = openChatDb(name);
  return { repo: new ChatRepository(db, { background: false }), db, name };
}

const message = (conversationId: string, seq: number, text: string, fields: Partial<StoredMessage> = {}): StoredMessage => ({
  id: `${conversationId}-m${seq}`,
  conversationId,
  seq,
  role: seq % 2 === 0 ? 'user' : 'bot',
  bot: 'A',
  text,
  status: 'complete',
  createdAt: seq,
  ...fields,
});

/** A conversation with these message texts, updated at `updatedAt`. */
async function chat(repo: ChatRepository, id: string, title: string, texts: string[], updatedAt = 1): Promise<void> {
  await repo.putConversation({ id, title, bot: 'A', createdAt: 1, updatedAt });
  for (const [seq, text] of texts.entries()) await repo.putMessage(message(id, seq, text));
}

const ids = (hits: SearchHit[]) => hits.map((hit) => hit.conversation.id);
const search = (repo: ChatRepository, query: string) => repo.search(query, { limit: 50 });
const state = async (db: Promise<ChatDb>) => (await (await db).get('searchState', SEARCH_STATE_KEY))!;
async function postingCount(db: Promise<ChatDb>): Promise<number> {
  return (await (await db).getAll('searchTerms')).reduce((sum, block) => sum + block.length / 2, 0);
}

describe('the search index', () => {
  it('finds conversations with every word, in the title or any message; the last word as a prefix while typed', async () => {
    const { repo } = fresh();
    await chat(repo, 'volcano', 'Volcanoes of Iceland', ['How do volcanoes form?', 'Magma rises through the crust.']);
    await chat(repo, 'magma', 'Geology homework', ['What is magma made of?', 'Molten rock and gases.']);
    await chat(repo, 'cooking', 'Dinner', ['A recipe for lava cake', 'Chocolate, butter, eggs.']);

    expect(ids(await search(repo, 'magma'))).toEqual(expect.arrayContaining(['volcano', 'magma']));
    expect(ids(await search(repo, 'magma')).length).toBe(2);
    // Words spread over the title and a message still match; every word is required.
    expect(ids(await search(repo, 'iceland crust'))).toEqual(['volcano']);
    expect(ids(await search(repo, 'iceland chocolate'))).toEqual([]);
    // The word being typed is a prefix; finished words are whole words.
    expect(ids(await search(repo, 'choc'))).toEqual(['cooking']);
    expect(ids(await search(repo, 'choc '))).toEqual([]);
    expect(ids(await search(repo, 'choc cake'))).toEqual([]);
    expect(ids(await search(repo, 'VOLCANOES'))).toEqual(['volcano']);
    expect(await search(repo, 'x')).toEqual([]);
  });

  it('ranks every word in the title first, then every word in one message, then the most recently updated', async () => {
    const { repo } = fresh();
    await chat(repo, 'spread', 'Trip', ['We saw the northern sky', 'The lights were green'], 50);
    await chat(repo, 'together', 'Notes', ['Northern lights tonight?', 'Maybe'], 10);
    await chat(repo, 'older-together', 'Notes', ['northern lights again', 'ok'], 5);
    await chat(repo, 'titled', 'Northern lights', ['Where to go', 'Tromsø'], 1);
    expect(ids(await search(repo, 'northern lights'))).toEqual(['titled', 'together', 'older-together', 'spread']);
  });

  it('returns a snippet of the message with the most query words, with the words highlighted', async () => {
    const { repo } = fresh();
    const filler = 'Some unrelated text to push things along. '.repeat(8);
    await chat(repo, 'c', 'Chat', ['The rust compiler', `${filler}Ownership in Rust means every value has one owner.${filler}`]);
    const [hit] = await search(repo, 'rust owner ');
    expect(hit?.snippet).toMatch(/^….*Ownership in Rust means every value has one owner\..*…$/);
    expect(hit?.highlights.map(([start, end]) => hit.snippet.slice(start, end))).toEqual(['Rust', 'owner']);
    // A match in the title alone: the title is the snippet.
    await chat(repo, 't', 'Sourdough starter', ['hello']);
    expect(await search(repo, 'sourdough')).toMatchObject([{ conversation: { id: 't' }, snippet: 'Sourdough starter', highlights: [[0, 9]] }]);
  });

  it('stops early, with no results, when its signal says nobody waits for it any more', async () => {
    const { repo } = fresh();
    await chat(repo, 'c', 'Chat', ['common words here']);
    const controller = new AbortController();
    controller.abort();
    expect(await repo.search('common', { limit: 50, signal: controller.signal })).toEqual([]);
    expect(ids(await repo.search('common', { limit: 50, signal: new AbortController().signal }))).toEqual(['c']);
  });

  it('returns at most `limit` results', async () => {
    const { repo } = fresh();
    for (let index = 0; index < 12; index += 1) await chat(repo, `c${index}`, `Chat ${index}`, ['common words here'], index);
    const hits = await repo.search('common', { limit: 5 });
    expect(ids(hits)).toEqual(['c11', 'c10', 'c9', 'c8', 'c7']);
  });

  it('follows edits and renames: old words stop matching, new ones match', async () => {
    const { repo } = fresh();
    await chat(repo, 'c', 'Old title', ['first draft about apples']);
    await repo.putMessage(message('c', 0, 'second draft about pears'));
    expect(ids(await search(repo, 'apples'))).toEqual([]);
    expect(ids(await search(repo, 'pears'))).toEqual(['c']);
    await repo.putConversation({ id: 'c', title: 'New heading', bot: 'A', createdAt: 1, updatedAt: 2 });
    expect(ids(await search(repo, 'old title'))).toEqual([]);
    expect(ids(await search(repo, 'new heading'))).toEqual(['c']);
  });

  it('indexes an answer when it ends, not on each save while it streams; saving it unchanged costs nothing', async () => {
    const { repo, db } = fresh();
    await chat(repo, 'c', 'Chat', ['question']);
    const answer = message('c', 1, '', { status: 'streaming' });
    for (const text of ['Partial', 'Partial answer', 'Partial answer growing']) await repo.putMessage({ ...answer, text });
    expect((await state(db)).docs).toBe(1);
    expect(ids(await search(repo, 'growing'))).toEqual([]);
    await repo.putMessage({ ...answer, text: 'Partial answer growing done', status: 'complete' });
    expect(ids(await search(repo, 'growing done'))).toEqual(['c']);
    const before = await state(db);
    const postings = await postingCount(db);
    await repo.putMessage({ ...answer, text: 'Partial answer growing done', status: 'complete', pointsCost: 4 });
    expect(await state(db)).toEqual(before);
    expect(await postingCount(db)).toBe(postings);
  });

  it('never finds deleted messages or conversations, and compaction sweeps their postings', async () => {
    const { repo, db } = fresh();
    await chat(repo, 'keep', 'Keep', ['shared word zebra', 'kept answer']);
    await chat(repo, 'drop', 'Drop', ['shared word zebra', 'dropped answer giraffe']);
    await repo.deleteMessages(['keep-m1']);
    expect(ids(await search(repo, 'kept'))).toEqual([]);
    await repo.deleteConversation('drop');
    expect(ids(await search(repo, 'zebra'))).toEqual(['keep']);
    expect(ids(await search(repo, 'giraffe'))).toEqual([]);
    expect((await state(db)).garbage).toBeGreaterThan(0);

    const postings = await postingCount(db);
    await compact(await db, async () => undefined, 2);
    expect(await postingCount(db)).toBeLessThan(postings);
    expect((await state(db)).garbage).toBe(0);
    expect(await (await db).count('searchDead')).toBe(0);
    expect(ids(await search(repo, 'zebra'))).toEqual(['keep']);
    expect(ids(await search(repo, 'giraffe'))).toEqual([]);
  });

  it('searches texts it is given that are not indexed (an answer still being written)', async () => {
    const { repo } = fresh();
    await chat(repo, 'c', 'Chat', ['question']);
    await repo.putMessage(message('c', 1, 'half an answ', { status: 'streaming' }));
    expect(ids(await search(repo, 'answer'))).toEqual([]);
    const hits = await repo.search('answer', { limit: 50, live: [{ conversationId: 'c', messageId: 'c-m1', text: 'half an answer about orbits' }] });
    expect(hits).toMatchObject([{ conversation: { id: 'c' }, snippet: 'half an answer about orbits' }]);
  });

  it('agrees with a full read of the history through random writes, edits, renames and deletes', async () => {
    const { repo } = fresh();
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const words = ['alpha', 'alpine', 'beta', 'better', 'gamma', 'delta', 'deltoid', 'epsilon', 'zeta', 'eta'];
    const sentence = () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => words[Math.floor(random() * words.length)]).join(' ');
    const truth = new Map<string, { title: string; texts: Map<string, string> }>();
    const queries = ['alp', 'alpha', 'delta ', 'del', 'beta gamma', 'zeta eps', 'eta', 'better alpine', 'gamma delta zeta'];
    for (let step = 0; step < 150; step += 1) {
      const roll = random();
      const existing = [...truth.keys()];
      const target = existing[Math.floor(random() * existing.length)];
      if (roll < 0.15 || !target) {
        const id = `c${step}`;
        const title = sentence();
        await repo.putConversation({ id, title, bot: 'A', createdAt: step, updatedAt: step });
        truth.set(id, { title, texts: new Map() });
      } else if (roll < 0.6) {
        const texts = truth.get(target)!.texts;
        const seq = random() < 0.3 && texts.size > 0 ? Math.floor(random() * texts.size) : texts.size;
        const text = sentence();
        await repo.putMessage(message(target, seq, text));
        texts.set(`${target}-m${seq}`, text);
      } else if (roll < 0.7) {
        const title = sentence();
        const current = (await repo.getConversation(target))!;
        await repo.putConversation({ ...current, title });
        truth.get(target)!.title = title;
      } else if (roll < 0.85) {
        const texts = truth.get(target)!.texts;
        const victim = [...texts.keys()][Math.floor(random() * texts.size)];
        if (victim) {
          await repo.deleteMessages([victim]);
          texts.delete(victim);
        }
      } else {
        await repo.deleteConversation(target);
        truth.delete(target);
      }
      if (step % 10 !== 9) continue;
      for (const query of queries) {
        const terms = parseQuery(query);
        const full = (1 << terms.length) - 1;
        const expected = [...truth]
          .filter(([, { title, texts }]) => [title, ...texts.values()].reduce((mask, text) => mask | termMask(text, terms), 0) === full)
          .map(([id]) => id)
          .sort();
        expect(ids(await repo.search(query, { limit: 1_000 })).sort(), `step ${step}, "${query}"`).toEqual(expected);
      }
    }
  });
});

describe('migration from version 3', () => {
  async function version3(name: string, conversations: number): Promise<void> {
    const db = await openDB(name, 3, {
      upgrade: createVersion3Stores,
    });
    for (let index = 0; index < conversations; index += 1) {
      const id = `old${index}`;
      await db.put('conversations', { id, title: `Old chat ${index}`, bot: 'A', createdAt: index, updatedAt: index });
      await db.put('messages', message(id, 0, `question number${index} about comets`));
      await db.put('messages', message(id, 1, `answer about tails${index}`, { pointsQueryId: `q${index}` }));
    }
    await db.put('messages', message('old0', 2, 'an answer cut off mid', { status: 'streaming' }));
    db.close();
  }

  it('keeps every conversation and message; search reads what is not indexed yet, so it finds the same before, during and after the build', async () => {
    const name = `v3-${++count}`;
    await version3(name, 6);
    const db = openChatDb(name);
    const repo = new ChatRepository(db, { background: false });
    expect((await repo.listConversations()).conversations).toHaveLength(6);
    expect(await repo.listMessages('old0')).toHaveLength(3);
    expect((await repo.unfinishedMessages()).map((each) => each.id)).toEqual(['old0-m2']);
    expect((await repo.messageForPointsQuery('q3'))?.text).toBe('answer about tails3');
    expect((await state(db)).backfilled).toBe(false);
    expect(await (await db).count('searchTerms')).toBe(0);

    const everything = ['old5', 'old4', 'old3', 'old2', 'old1', 'old0'];
    expect(ids(await search(repo, 'comets'))).toEqual(everything);
    expect(ids(await search(repo, 'tails4'))).toEqual(['old4']);

    // One conversation per chunk (the newest first); meanwhile the app writes.
    expect(await backfillChunk(await db, 1)).toBe(true);
    expect(await (await db).get('searchConversations', 'old5')).toMatchObject({ indexed: true });
    expect(await (await db).get('searchConversations', 'old0')).toBeUndefined();
    expect(ids(await search(repo, 'comets'))).toEqual(everything);
    await repo.putMessage(message('old0', 0, 'question rewritten about asteroids'));
    await repo.putConversation({ id: 'old1', title: 'Renamed by the user', bot: 'A', createdAt: 1, updatedAt: 1 });
    await repo.deleteMessages(['old2-m1']);
    await repo.deleteConversation('old3');
    while (await backfillChunk(await db, 1));

    expect((await state(db)).backfilled).toBe(true);
    expect(ids(await search(repo, 'comets'))).toEqual(['old5', 'old4', 'old2', 'old1']);
    expect(ids(await search(repo, 'asteroids'))).toEqual(['old0']);
    expect(ids(await search(repo, 'renamed'))).toEqual(['old1']);
    expect(ids(await search(repo, 'tails2'))).toEqual([]);
    expect(ids(await search(repo, 'old chat'))).toEqual(['old5', 'old4', 'old2', 'old0']);
    // The interrupted answer is not indexed until it ends (the engine marks it interrupted and saves it).
    expect(ids(await search(repo, 'mid'))).toEqual([]);
    await repo.putMessage(message('old0', 2, 'an answer cut off mid', { status: 'interrupted' }));
    expect(ids(await search(repo, 'mid'))).toEqual(['old0']);
  });

  it('stays right when the app writes while a chunk is being indexed', async () => {
    const name = `v3-${++count}`;
    await version3(name, 3);
    const db = openChatDb(name);
    const repo = new ChatRepository(db, { background: false });
    await Promise.all([
      (async () => {
        while (await backfillChunk(await db, 1));
      })(),
      repo.putMessage(message('old2', 0, 'question rewritten about planets')),
      repo.deleteMessages(['old1-m1']),
      repo.deleteConversation('old0'),
    ]);
    while (await backfillChunk(await db, 1));
    expect((await state(db)).backfilled).toBe(true);
    expect(ids(await search(repo, 'comets'))).toEqual(['old1']);
    expect(ids(await search(repo, 'planets'))).toEqual(['old2']);
    expect(ids(await search(repo, 'tails1'))).toEqual([]);
    expect(ids(await search(repo, 'tails2'))).toEqual(['old2']);
  });

  it('redoes a chunk the background was stopped in the middle of (documents numbered, postings not all written)', async () => {
    const name = `v3-${++count}`;
    await version3(name, 3);
    const db = await openChatDb(name);
    const repo = new ChatRepository(Promise.resolve(db), { background: false });
    // The worker dies as the chunk starts writing postings.
    const dying = new Proxy(db, {
      get(target, key) {
        if (key !== 'transaction') return Reflect.get(target, key);
        return (stores: string | string[], mode?: IDBTransactionMode) => {
          if (stores === 'searchTerms') throw new Error('the background was stopped');
          return target.transaction(stores as never, mode);
        };
      },
    });
    await expect(backfillChunk(dying, 1_000_000)).rejects.toThrow('stopped');
    expect(await db.count('searchDocs')).toBe(6);
    await repo.putConversation({ id: 'old1', title: 'Renamed meanwhile', bot: 'A', createdAt: 1, updatedAt: 1 });
    while (await backfillChunk(db, 1));
    expect((await state(Promise.resolve(db))).backfilled).toBe(true);
    expect(ids(await search(repo, 'comets'))).toEqual(['old2', 'old1', 'old0']);
    expect(ids(await search(repo, 'tails1'))).toEqual(['old1']);
    expect(ids(await search(repo, 'renamed meanwhile'))).toEqual(['old1']);
    expect(ids(await search(repo, 'old chat'))).toEqual(['old2', 'old0']);
    expect(await db.count('searchDocs')).toBe(6);
  });

  it('builds the index on its own in the background, after a delay, when left to', async () => {
    const name = `v3-${++count}`;
    await version3(name, 2);
    const db = openChatDb(name);
    const repo = new ChatRepository(db, { startDelayMs: 0, chunkPauseMs: 0 });
    await vi.waitFor(async () => expect((await state(db)).backfilled).toBe(true));
    expect(ids(await search(repo, 'tails1'))).toEqual(['old1']);
  });
});

describe('pages', () => {
  it('lists conversations newest first, a page at a time, continuing exactly where a page ended', async () => {
    const { repo } = fresh();
    const updated = [10, 9, 8, 8, 8, 7, 6, 5, 4];
    for (const [index, updatedAt] of updated.entries()) {
      await repo.putConversation({ id: `c${index}`, title: `t${index}`, bot: 'A', createdAt: 1, updatedAt });
    }
    const first = await repo.listConversations({ limit: 3 });
    // The page does not end between conversations updated in the same millisecond.
    expect(first.conversations.map((each) => each.updatedAt)).toEqual([10, 9, 8, 8, 8]);
    expect(first.more).toBe(true);
    const second = await repo.listConversations({ limit: 3, before: 8 });
    expect(second.conversations.map((each) => each.id)).toEqual(['c5', 'c6', 'c7']);
    expect(second.more).toBe(true);
    const last = await repo.listConversations({ limit: 3, before: 5 });
    expect(last.conversations.map((each) => each.id)).toEqual(['c8']);
    expect(last.more).toBe(false);
    expect(await repo.listConversations({ limit: 9 })).toMatchObject({ more: false });
    expect((await repo.listConversations()).conversations).toHaveLength(9);
    expect(await fresh().repo.listConversations({ limit: 3 })).toEqual({ conversations: [], more: false });
  });

  it('reads the latest messages of a conversation, then earlier ones by seq', async () => {
    const { repo } = fresh();
    await chat(repo, 'long', 'Long', Array.from({ length: 25 }, (_, seq) => `message ${seq}`));
    await chat(repo, 'other', 'Other', ['not mine']);
    const seqs = (page: { messages: StoredMessage[] }) => page.messages.map((each) => each.seq);
    const latest = await repo.messagePage('long', { limit: 10 });
    expect(seqs(latest)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(latest.hasEarlier).toBe(true);
    const earlier = await repo.messagePage('long', { limit: 10, beforeSeq: 15 });
    expect(seqs(earlier)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(earlier.hasEarlier).toBe(true);
    const first = await repo.messagePage('long', { limit: 10, beforeSeq: 5 });
    expect(seqs(first)).toEqual([0, 1, 2, 3, 4]);
    expect(first.hasEarlier).toBe(false);
    expect(await repo.messagePage('long', { limit: 10, beforeSeq: 0 })).toEqual({ messages: [], hasEarlier: false });
    expect(seqs(await repo.messagePage('other', { limit: 10 }))).toEqual([0]);
    expect(await repo.messagePage('missing', { limit: 10 })).toEqual({ messages: [], hasEarlier: false });
    expect(seqs(await repo.messagePage('long', { limit: 25 }))).toHaveLength(25);
    expect((await repo.messagePage('long', { limit: 25 })).hasEarlier).toBe(false);
  });
});

describe('what searches keep in memory', () => {
  /** The stores whose records (or keys) were read in full while `run` ran. */
  async function fullReads<T>(run: () => Promise<T>): Promise<{ result: T; stores: string[] }> {
    const stores: string[] = [];
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const getAllKeys = vi.spyOn(IDBIndex.prototype, 'getAllKeys');
    const getAllStore = vi.spyOn(IDBObjectStore.prototype, 'getAllKeys');
    try {
      const result = await run();
      for (const spy of [getAll, getAllStore]) for (const call of spy.mock.contexts) stores.push((call as IDBObjectStore).name);
      for (const call of getAllKeys.mock.contexts) stores.push(`${(call as IDBIndex).objectStore.name}.${(call as IDBIndex).name}`);
      return { result, stores };
    } finally {
      getAll.mockRestore();
      getAllKeys.mockRestore();
      getAllStore.mockRestore();
    }
  }

  it('reads only the postings of the query once warm, and sees every write at once', async () => {
    const { repo, db } = fresh();
    await chat(repo, 'a', 'Volcano trip', ['lava everywhere', 'bring boots'], 1);
    await chat(repo, 'b', 'Cooking', ['lava cake recipe'], 2);
    expect(ids(await search(repo, 'lava'))).toEqual(['b', 'a']);
    const warm = await fullReads(() => search(repo, 'lava'));
    expect(ids(warm.result)).toEqual(['b', 'a']);
    expect(warm.stores).toEqual(['searchTerms']);

    // A rename: the new title is found, the old one is not, and the memory stays warm.
    await repo.putConversation({ ...(await repo.getConversation('a'))!, title: 'Iceland', renamed: true });
    const renamed = await fullReads(() => search(repo, 'iceland'));
    expect(renamed.result).toMatchObject([{ conversation: { id: 'a', title: 'Iceland', renamed: true } }]);
    expect(renamed.stores).toEqual(['searchTerms']);
    expect(ids(await search(repo, 'volcano'))).toEqual([]);

    // A new message, and the order follows updatedAt.
    await repo.putMessage(message('a', 2, 'more lava tonight'));
    await repo.putConversation({ ...(await repo.getConversation('a'))!, updatedAt: 3 });
    expect(ids(await search(repo, 'lava'))).toEqual(['a', 'b']);
    expect(ids(await search(repo, 'tonight'))).toEqual(['a']);

    // An edit and a deleted message.
    await repo.putMessage(message('a', 2, 'more magma tonight'));
    expect(ids(await search(repo, 'lava'))).toEqual(['a', 'b']);
    await repo.deleteMessages(['a-m0']);
    expect(ids(await search(repo, 'lava'))).toEqual(['b']);
    expect(ids(await search(repo, 'magma'))).toEqual(['a']);

    // A new conversation, and a deleted one.
    await chat(repo, 'c', 'Lava lamps', ['retro'], 4);
    expect(ids(await search(repo, 'lava'))).toEqual(['c', 'b']);
    await repo.deleteConversation('b');
    const deleted = await fullReads(() => search(repo, 'lava'));
    expect(ids(deleted.result)).toEqual(['c']);
    expect(deleted.stores).toEqual(['searchTerms']);

    // Compaction by the repository's own maintenance, then by someone else: both seen.
    await repo.maintainSearchIndex();
    await compact(await db, async () => undefined, 1);
    expect(await (await db).count('searchDead')).toBe(0);
    expect(ids(await search(repo, 'lava'))).toEqual(['c']);
    expect(ids(await search(repo, 'magma boots'))).toEqual(['a']);
    expect((await fullReads(() => search(repo, 'lava'))).stores).toEqual(['searchTerms']);
  });

  it('reads everything again when the database changed behind its back, or a search failed', async () => {
    const { repo, db } = fresh();
    await chat(repo, 'a', 'Alpha', ['shared words'], 1);
    expect(ids(await search(repo, 'shared'))).toEqual(['a']);
    // Another repository on the same database (a second background, a test, a tool) writes.
    const other = new ChatRepository(db, { background: false });
    await other.putConversation({ id: 'b', title: 'Beta', bot: 'A', createdAt: 1, updatedAt: 2 });
    await other.putMessage(message('b', 0, 'shared too'));
    const behind = await fullReads(() => search(repo, 'shared'));
    expect(ids(behind.result)).toEqual(['b', 'a']);
    expect(behind.stores).toEqual(expect.arrayContaining(['searchConversations', 'searchDead', 'conversations']));
    // Then our own writes are taken in memory again.
    await repo.deleteConversation('b');
    const after = await fullReads(() => search(repo, 'shared'));
    expect(ids(after.result)).toEqual(['a']);
    expect(after.stores).toEqual(['searchTerms']);
    // The stamp moves with every write that matters, and never for one that does not.
    const stamp = (await state(db)).stamp;
    await repo.putConversation((await repo.getConversation('a'))!);
    await repo.putMessage(message('a', 0, 'shared words'));
    expect((await state(db)).stamp).toBe(stamp);
    await repo.putConversation({ ...(await repo.getConversation('a'))!, bot: 'B' });
    expect((await state(db)).stamp).toBe(stamp! + 1);
    expect(await search(repo, 'shared')).toMatchObject([{ conversation: { id: 'a', bot: 'B' } }]);
  });

  it('stays right when writes race with searches', async () => {
    const { repo } = fresh();
    for (let index = 0; index < 6; index += 1) await chat(repo, `c${index}`, `Chat ${index}`, ['common ground'], index);
    await search(repo, 'common');
    const searches: Promise<SearchHit[]>[] = [];
    const writes: Promise<unknown>[] = [];
    for (let index = 0; index < 6; index += 1) {
      searches.push(search(repo, 'common'));
      writes.push(index % 2 === 0 ? repo.deleteConversation(`c${index}`) : repo.putConversation({ id: `c${index}`, title: `Renamed ${index}`, bot: 'A', createdAt: 1, updatedAt: 10 + index }));
      searches.push(search(repo, 'renamed'));
    }
    await Promise.all([...searches, ...writes]);
    expect(ids(await search(repo, 'common'))).toEqual(['c5', 'c3', 'c1']);
    expect(ids(await search(repo, 'renamed'))).toEqual(['c5', 'c3', 'c1']);
    expect(ids(await search(repo, 'chat'))).toEqual([]);
  });

  it('follows the backfill and compaction it runs itself, warm from the start', async () => {
    const name = `v3-${++count}`;
    await openDB(name, 3, {
      upgrade: createVersion3Stores,
    }).then(async (old) => {
      for (let index = 0; index < 4; index += 1) {
        await old.put('conversations', { id: `old${index}`, title: `Old ${index}`, bot: 'A', createdAt: index, updatedAt: index });
        await old.put('messages', message(`old${index}`, 0, `comet number${index}`));
      }
      old.close();
    });
    const db = openChatDb(name);
    const repo = new ChatRepository(db, { background: false });
    await repo.warmSearch();
    expect(ids(await search(repo, 'comet'))).toEqual(['old3', 'old2', 'old1', 'old0']);
    await repo.maintainSearchIndex();
    expect((await state(db)).backfilled).toBe(true);
    const indexed = await fullReads(() => search(repo, 'comet'));
    expect(ids(indexed.result)).toEqual(['old3', 'old2', 'old1', 'old0']);
    // Read from the postings alone: nothing left to read in full.
    expect(indexed.stores).toEqual(['searchTerms']);
    expect(ids(await search(repo, 'number2'))).toEqual(['old2']);
  });
});
