import { INDEXED_WRITE_STORES, SEARCH_STATE_KEY, type ChatDb, type SearchState } from './chat-schema';
import { IndexWriter, indexable } from './search-index';

/**
 * The search index's background work, in short transactions with pauses between them so that pages' reads and the
 * engine's writes go first:
 * - the backfill: conversations that predate the index (a database upgraded from version 3) are indexed, newest
 *   first, a chunk at a time; until then a search reads them in full (search-index.ts);
 * - compaction: postings of replaced or deleted texts are swept once they are a sizeable share of the index.
 */

/** Messages indexed per backfill transaction (about the work of a few hundred KB of text). */
export const BACKFILL_CHUNK_MESSAGES = 400;
/** Postings blocks swept per compaction transaction. */
export const COMPACT_CHUNK_BLOCKS = 500;
/** Compaction waits for at least this much garbage (documents), or a quarter of the index. */
export const COMPACT_MIN_GARBAGE = 1_000;

export const compactionDue = (state: SearchState): boolean => state.garbage > Math.max(COMPACT_MIN_GARBAGE, state.docs / 4);

/**
 * Indexes the next conversations that predate the index (at least one, then until about `budget` messages). False
 * when there was nothing left to do: the backfill is complete.
 */
export async function backfillChunk(db: ChatDb, budget = BACKFILL_CHUNK_MESSAGES): Promise<boolean> {
  const tx = db.transaction(INDEXED_WRITE_STORES, 'readwrite');
  const state = await tx.objectStore('searchState').get(SEARCH_STATE_KEY);
  if (!state || state.backfilled) {
    await tx.done;
    return false;
  }
  const [order, entries] = await Promise.all([
    tx.objectStore('conversations').index('by-updated').getAllKeys(),
    tx.objectStore('searchConversations').getAll(),
  ]);
  const indexed = new Set(entries.filter((entry) => entry.indexed).map((entry) => entry.conversationId));
  const todo = order.reverse().filter((id) => !indexed.has(id));
  const writer = new IndexWriter(tx);
  let spent = 0;
  let done = 0;
  for (const id of todo) {
    if (spent >= budget) break;
    const [conversation, messages, docs] = await Promise.all([
      tx.objectStore('conversations').get(id),
      tx.objectStore('messages').index('by-conversation').getAll(IDBKeyRange.bound([id, -Infinity], [id, Infinity])),
      tx.objectStore('searchDocs').index('by-conversation').getAll(id),
    ]);
    const entry = await writer.conversation(id, false);
    if (conversation && entry.titleDoc === undefined) await writer.indexTitle(entry, conversation.title);
    // Messages written since the upgrade are indexed already.
    const have = new Set(docs.map((doc) => doc.messageId));
    await Promise.all(messages.filter((message) => indexable(message) && !have.has(message.id)).map((message) => writer.indexMessage(entry, message)));
    entry.indexed = true;
    await tx.objectStore('searchConversations').put(entry);
    spent += 1 + messages.length;
    done += 1;
  }
  if (done === todo.length) await writer.markBackfilled();
  await writer.finish();
  await tx.done;
  return done > 0;
}

/** Sweeps postings of dead documents and deleted conversations out of the index, a chunk of blocks at a time. */
export async function compact(db: ChatDb, pause: () => Promise<void>, blocksPerChunk = COMPACT_CHUNK_BLOCKS): Promise<void> {
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
  if (now) await settle.objectStore('searchState').put({ ...now, garbage: Math.max(0, now.garbage - state.garbage) }, SEARCH_STATE_KEY);
  await settle.done;
}
