import { SEARCH_STATE_KEY, type ChatDb, type SearchConversation, type SearchState, type StoredMessage } from './chat-schema';
import { appendPostings, emptySearchState, indexable } from './search-index';
import { commitChanges, MemoryChanges, type SearchMemory } from './search-memory';
import { indexWords } from './search-text';

/**
 * The search index's background work, in short transactions with pauses between them so that pages' reads and the
 * engine's writes go first:
 * - the backfill: conversations that predate the index (a database upgraded from version 3) are indexed, newest
 *   first, a chunk at a time; until then a search reads them in full (search-index.ts);
 * - compaction: postings of replaced or deleted texts are swept once they are a sizeable share of the index.
 */

/** Text read per backfill chunk (its postings are written in several short transactions). */
export const BACKFILL_CHUNK_CHARS = 4_000_000;
/** Words whose postings one backfill transaction writes. */
export const BACKFILL_WORDS_PER_WRITE = 2_000;
/** Postings blocks swept per compaction transaction. */
export const COMPACT_CHUNK_BLOCKS = 500;
/** Compaction waits for at least this much garbage (documents), or a quarter of the index. */
export const COMPACT_MIN_GARBAGE = 1_000;

export const compactionDue = (state: SearchState): boolean => state.garbage > Math.max(COMPACT_MIN_GARBAGE, state.docs / 4);

interface Planned {
  conversationId: string;
  /** The entry's generation when read (0: none yet). */
  generation: number;
  /** Final messages without a document. */
  messages: StoredMessage[];
}

/**
 * Indexes the next conversations that predate the index, newest first: at least one, then up to about `budget`
 * characters of text. False when there was nothing left to do (the backfill is complete).
 *
 * Pages are never kept waiting on a long transaction: the texts are read in a read-only transaction; the documents
 * are numbered in a short one that first checks nothing changed meanwhile (else that conversation waits for the next
 * chunk); postings go in transactions of {@link BACKFILL_WORDS_PER_WRITE} words; a last one marks the conversations
 * indexed. Until then a search reads those conversations in full, so a half-written chunk is never seen; a chunk
 * the browser stopped midway (it stops an idle extension background) is done again by the next one.
 *
 * `memory`: the repository's search memory, told what the chunk changed of it (without it, a search notices that the
 * memory is behind, and reads it again).
 */
export async function backfillChunk(
  db: ChatDb,
  budget = BACKFILL_CHUNK_CHARS,
  wordsPerWrite = BACKFILL_WORDS_PER_WRITE,
  memory?: SearchMemory,
): Promise<boolean> {
  const read = db.transaction(['searchState', 'conversations', 'messages', 'searchConversations', 'searchDocs']);
  const state = await read.objectStore('searchState').get(SEARCH_STATE_KEY);
  if (!state || state.backfilled) return false;
  const [order, entries] = await Promise.all([
    read.objectStore('conversations').index('by-updated').getAllKeys(),
    read.objectStore('searchConversations').getAll(),
  ]);
  const entryOf = new Map(entries.map((entry) => [entry.conversationId, entry]));
  const todo = order.reverse().filter((id) => !entryOf.get(id)?.indexed);
  if (todo.length === 0) return completeBackfill(db);
  const plan: Planned[] = [];
  let spent = 0;
  for (const conversationId of todo) {
    if (spent >= budget) break;
    const [conversation, messages, docs] = await Promise.all([
      read.objectStore('conversations').get(conversationId),
      read.objectStore('messages').index('by-conversation').getAll(IDBKeyRange.bound([conversationId, -Infinity], [conversationId, Infinity])),
      read.objectStore('searchDocs').index('by-conversation').getAll(conversationId),
    ]);
    if (!conversation) continue;
    // Messages written since the upgrade are indexed already; what a stopped chunk numbered is done again.
    const entry = entryOf.get(conversationId);
    const have = new Set(docs.filter((doc) => !isPending(entry, doc.doc)).map((doc) => doc.messageId));
    const pending = messages.filter((message) => indexable(message) && !have.has(message.id));
    plan.push({ conversationId, generation: entry?.generation ?? 0, messages: pending });
    spent += conversation.title.length + pending.reduce((sum, message) => sum + message.text.length, 0);
  }

  // Number the documents, where nothing changed since the read.
  const postings = new Map<string, number[]>();
  const add = (conv: number, doc: number, text: string) => {
    for (const word of indexWords(text)) {
      const pairs = postings.get(word);
      if (pairs) pairs.push(conv, doc);
      else postings.set(word, [conv, doc]);
    }
  };
  const numbering = db.transaction(['conversations', 'searchState', 'searchConversations', 'searchDocs', 'searchDead'], 'readwrite');
  const now = (await numbering.objectStore('searchState').get(SEARCH_STATE_KEY)) ?? emptySearchState(false);
  const numbered = new MemoryChanges();
  const accepted: SearchConversation[] = [];
  for (const planned of plan) {
    const [conversation, found] = await Promise.all([
      numbering.objectStore('conversations').get(planned.conversationId),
      numbering.objectStore('searchConversations').get(planned.conversationId),
    ]);
    if (!conversation || found?.indexed || (found?.generation ?? 0) !== planned.generation) continue;
    const entry: SearchConversation = found ?? { conversationId: planned.conversationId, conv: now.nextConv++, indexed: false };
    const indexTitle = entry.titleDoc === undefined || isPending(entry, entry.titleDoc);
    if (entry.pendingDocs) {
      const [from, to] = entry.pendingDocs;
      for (let doc = from; doc < to; doc += 1) {
        const isTitle = doc === entry.titleDoc;
        if (!isTitle && (await numbering.objectStore('searchDocs').count(doc)) === 0) continue;
        if (!isTitle) {
          now.docs -= 1;
          await numbering.objectStore('searchDocs').delete(doc);
        }
        now.garbage += 1;
        await numbering.objectStore('searchDead').put(doc, doc);
        numbered.dead.push(doc);
      }
    }
    const from = now.nextDoc;
    if (indexTitle) {
      entry.titleDoc = now.nextDoc++;
      add(entry.conv, entry.titleDoc, conversation.title);
    }
    for (const message of planned.messages) {
      const doc = now.nextDoc++;
      now.docs += 1;
      void numbering.objectStore('searchDocs').put({ doc, messageId: message.id, conversationId: message.conversationId });
      add(entry.conv, doc, message.text);
    }
    entry.pendingDocs = [from, now.nextDoc];
    await numbering.objectStore('searchConversations').put(entry);
    numbered.entries.set(entry.conversationId, entry);
    accepted.push(entry);
  }
  commitChanges(numbering, now, numbered, memory);
  await numbering.objectStore('searchState').put(now, SEARCH_STATE_KEY);
  await numbering.done;

  // The postings, in short transactions.
  const words = [...postings.keys()];
  for (let from = 0; from < words.length; from += wordsPerWrite) {
    const write = db.transaction('searchTerms', 'readwrite');
    await Promise.all(words.slice(from, from + wordsPerWrite).map((word) => appendPostings(write.store, word, postings.get(word)!)));
    await write.done;
  }

  // Indexed: searches read their postings from now on.
  const done = db.transaction(['searchConversations', 'searchState'], 'readwrite');
  const indexed = new MemoryChanges();
  for (const entry of accepted) {
    const current = await done.objectStore('searchConversations').get(entry.conversationId);
    if (current?.conv !== entry.conv) continue;
    const { pendingDocs: _written, ...rest } = current;
    const record = { ...rest, indexed: true };
    await done.objectStore('searchConversations').put(record);
    indexed.entries.set(record.conversationId, record);
  }
  const last = await done.objectStore('searchState').get(SEARCH_STATE_KEY);
  if (last && !indexed.empty) {
    commitChanges(done, last, indexed, memory);
    await done.objectStore('searchState').put(last, SEARCH_STATE_KEY);
  }
  await done.done;
  return true;
}

const isPending = (entry: SearchConversation | undefined, doc: number) =>
  entry?.pendingDocs !== undefined && doc >= entry.pendingDocs[0] && doc < entry.pendingDocs[1];

/** Marks the backfill complete once every conversation is indexed; false (nothing left to do). */
async function completeBackfill(db: ChatDb): Promise<false> {
  const tx = db.transaction(['conversations', 'searchState', 'searchConversations'], 'readwrite');
  const [ids, entries, state] = await Promise.all([
    tx.objectStore('conversations').getAllKeys(),
    tx.objectStore('searchConversations').getAll(),
    tx.objectStore('searchState').get(SEARCH_STATE_KEY),
  ]);
  const indexed = new Set(entries.filter((entry) => entry.indexed).map((entry) => entry.conversationId));
  if (state && ids.every((id) => indexed.has(id))) await tx.objectStore('searchState').put({ ...state, backfilled: true }, SEARCH_STATE_KEY);
  await tx.done;
  return false;
}

/**
 * Sweeps postings of dead documents and deleted conversations out of the index, a chunk of blocks at a time.
 * `memory`: as for {@link backfillChunk}.
 */
export async function compact(db: ChatDb, pause: () => Promise<void>, blocksPerChunk = COMPACT_CHUNK_BLOCKS, memory?: SearchMemory): Promise<void> {
  const read = db.transaction(['searchState', 'searchConversations', 'searchDead']);
  const [state, entries, deadDocs] = await Promise.all([
    read.objectStore('searchState').get(SEARCH_STATE_KEY),
    read.objectStore('searchConversations').getAll(),
    read.objectStore('searchDead').getAllKeys(),
  ]);
  if (!state) return;
  // Numbers given out after this point are live by construction (never reused), so they are kept.
  const liveConv = new Uint8Array(state.nextConv);
  for (const entry of entries) liveConv[entry.conv] = 1;
  const dead = new Uint8Array(state.nextDoc);
  for (const doc of deadDocs) dead[doc] = 1;
  const keep = (conv: number, doc: number) => (conv >= liveConv.length || liveConv[conv] === 1) && (doc >= dead.length || dead[doc] === 0);

  let after: [string, number] | undefined;
  do {
    const tx = db.transaction('searchTerms', 'readwrite');
    let cursor = await tx.store.openCursor(after ? IDBKeyRange.lowerBound(after, true) : undefined);
    for (let seen = 0; cursor && seen < blocksPerChunk; seen += 1) {
      const block = cursor.value;
      const kept: number[] = [];
      for (let at = 0; at < block.length; at += 2) if (keep(block[at]!, block[at + 1]!)) kept.push(block[at]!, block[at + 1]!);
      if (kept.length === 0) await cursor.delete();
      else if (kept.length < block.length) await cursor.update(Uint32Array.from(kept));
      after = cursor.key;
      cursor = await cursor.continue();
    }
    await tx.done;
    if (!cursor) break;
    await pause();
  } while (after);

  const settle = db.transaction(['searchState', 'searchDead'], 'readwrite');
  const now = await settle.objectStore('searchState').get(SEARCH_STATE_KEY);
  await Promise.all(deadDocs.map((doc) => settle.objectStore('searchDead').delete(doc)));
  if (now) {
    const swept = new MemoryChanges();
    swept.swept.push(...deadDocs);
    const next = { ...now, garbage: Math.max(0, now.garbage - state.garbage) };
    commitChanges(settle, next, swept, memory);
    await settle.objectStore('searchState').put(next, SEARCH_STATE_KEY);
  }
  await settle.done;
}
