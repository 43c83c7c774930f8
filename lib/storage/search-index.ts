import type { IDBPObjectStore } from 'idb';
import { isInProgress } from '@/lib/messaging/rules';
import {
  SEARCH_STATE_KEY,
  type ChatDbSchema,
  type ChatStore,
  type ChatTx,
  type SearchConversation,
  type SearchState,
  type StoredConversation,
  type StoredMessage,
} from './chat-schema';
import { commitChanges, MemoryChanges, type MemoryView, type SearchMemory } from './search-memory';
import { indexWords, parseQuery, snippetOf, termMask, type QueryTerm, type Snippet } from './search-text';

/**
 * The history search index: an inverted index kept in IndexedDB, in step with every write, so a search reads only the
 * postings of its words and never loads the index (or the history) into memory.
 *
 * - Every indexed text is a document with a number: a message's text once it is final (answers still on their way
 *   are not indexed; a save every ~300 ms while streaming costs one read) and a conversation's title. A changed text
 *   is a new document; the old number goes to `searchDead`.
 * - Every conversation has a number (`searchConversations`). A posting is the pair (conversation, document), so a
 *   search knows which conversations match without reading a message; deleting a conversation only drops its entry,
 *   and its postings stop counting at once.
 * - `searchTerms` holds, per folded word, blocks of up to {@link BLOCK_PAIRS} postings under the key [word, block];
 *   new postings go at the end of the word's last block. A prefix query reads the key range of every word it begins.
 * - Garbage (postings of dead documents and deleted conversations) is swept by compaction (search-maintenance.ts).
 * - The entries, the dead documents and the conversations are also kept in the background's memory (search-memory.ts),
 *   so a search reads from the database only its words' postings and its results.
 */
export const BLOCK_PAIRS = 1024;
const BLOCK_VALUES = BLOCK_PAIRS * 2;

export const emptySearchState = (backfilled: boolean): SearchState => ({ nextDoc: 0, nextConv: 0, backfilled, docs: 0, garbage: 0 });

/** A message text the index should be searched with although it is not indexed (an answer still being written). */
export interface LiveText {
  conversationId: string;
  messageId: string;
  text: string;
}

export interface SearchHit extends Snippet {
  conversation: StoredConversation;
}

/** Whether a message's text is final, and so indexed. */
export const indexable = (message: Pick<StoredMessage, 'status'>): boolean => !isInProgress(message.status);

/**
 * Index updates within one read-write transaction (over {@link INDEXED_WRITE_STORES}). Postings are queued and
 * written by {@link finish}, once per word however many documents the transaction indexed; what changed of what the
 * search memory keeps is handed to it when the transaction completes.
 */
export class IndexWriter {
  private state?: Promise<SearchState>;
  private readonly pending = new Map<string, number[]>();
  private readonly changes = new MemoryChanges();

  constructor(
    private readonly tx: ChatTx,
    private readonly memory?: SearchMemory,
  ) {}

  private loadState(): Promise<SearchState> {
    this.state ??= this.tx
      .objectStore('searchState')
      .get(SEARCH_STATE_KEY)
      .then((state) => state ?? emptySearchState(false));
    return this.state;
  }

  /**
   * The conversation's entry, made when missing. `isNew`: the conversation has just been created, so nothing of it
   * predates the index.
   */
  async conversation(conversationId: string, isNew: boolean): Promise<SearchConversation> {
    const found = await this.tx.objectStore('searchConversations').get(conversationId);
    if (found) return found;
    const state = await this.loadState();
    const entry: SearchConversation = { conversationId, conv: state.nextConv++, indexed: isNew || state.backfilled };
    await this.tx.objectStore('searchConversations').put(entry);
    this.changes.entries.set(conversationId, entry);
    return entry;
  }

  /** Notes that the conversation's documents changed (the backfill rereads a conversation that changed meanwhile). */
  async touch(entry: SearchConversation): Promise<void> {
    entry.generation = (entry.generation ?? 0) + 1;
    await this.tx.objectStore('searchConversations').put(entry);
  }

  /** Indexes a conversation's (new) title; the old title's document becomes garbage. */
  async indexTitle(entry: SearchConversation, title: string): Promise<void> {
    const state = await this.loadState();
    if (entry.titleDoc !== undefined) await this.bury(state, entry.titleDoc);
    entry.titleDoc = state.nextDoc++;
    this.post(entry.conv, entry.titleDoc, title);
    await this.tx.objectStore('searchConversations').put(entry);
    this.changes.entries.set(entry.conversationId, entry);
  }

  /** Indexes a final message's text under a new document number. */
  async indexMessage(entry: SearchConversation, message: StoredMessage): Promise<void> {
    const state = await this.loadState();
    const doc = state.nextDoc++;
    state.docs += 1;
    await this.tx.objectStore('searchDocs').put({ doc, messageId: message.id, conversationId: message.conversationId });
    this.post(entry.conv, doc, message.text);
  }

  /** The message's document (if it has one) stops counting. */
  async unindexMessage(messageId: string): Promise<void> {
    const docs = this.tx.objectStore('searchDocs');
    const doc = await docs.index('by-message').getKey(messageId);
    if (doc === undefined) return;
    const state = await this.loadState();
    await docs.delete(doc);
    state.docs -= 1;
    await this.bury(state, doc);
  }

  /** The conversation leaves the index: its entry and documents go, and its postings stop counting. */
  async dropConversation(conversationId: string): Promise<void> {
    const entry = await this.tx.objectStore('searchConversations').get(conversationId);
    if (!entry) return;
    const state = await this.loadState();
    await this.tx.objectStore('searchConversations').delete(conversationId);
    this.changes.entries.set(conversationId, null);
    let dropped = 0;
    let cursor = await this.tx.objectStore('searchDocs').index('by-conversation').openCursor(conversationId);
    while (cursor) {
      dropped += 1;
      await cursor.delete();
      cursor = await cursor.continue();
    }
    state.docs -= dropped;
    state.garbage += dropped + (entry.titleDoc === undefined ? 0 : 1);
  }

  /** The conversation's record was written (new, renamed, updated) or, with null, deleted. */
  conversationWritten(conversationId: string, conversation: StoredConversation | null): void {
    this.changes.conversations.set(conversationId, conversation);
  }

  /** Marks every conversation as indexed (the backfill is complete). */
  async markBackfilled(): Promise<void> {
    (await this.loadState()).backfilled = true;
  }

  private async bury(state: SearchState, doc: number): Promise<void> {
    state.garbage += 1;
    await this.tx.objectStore('searchDead').put(doc, doc);
    this.changes.dead.push(doc);
  }

  private post(conv: number, doc: number, text: string): void {
    for (const word of indexWords(text)) {
      const pairs = this.pending.get(word);
      if (pairs) pairs.push(conv, doc);
      else this.pending.set(word, [conv, doc]);
    }
  }

  /** Writes the queued postings and the counters. Call it last in the transaction. */
  async finish(): Promise<void> {
    const terms = this.tx.objectStore('searchTerms');
    await Promise.all([...this.pending].map(([word, pairs]) => appendPostings(terms, word, pairs)));
    this.pending.clear();
    if (!this.changes.empty) commitChanges(this.tx, await this.loadState(), this.changes, this.memory);
    if (this.state) await this.tx.objectStore('searchState').put(await this.state, SEARCH_STATE_KEY);
  }
}

type TermStore = IDBPObjectStore<ChatDbSchema, ArrayLike<ChatStore>, 'searchTerms', 'readwrite'>;

/** Adds postings at the end of a word's last block, and in new blocks when it is full. */
export async function appendPostings(terms: TermStore, word: string, pairs: number[]): Promise<void> {
  const last = await terms.openCursor(IDBKeyRange.bound([word, 0], [word, Infinity]), 'prev');
  let block = -1;
  let offset = 0;
  if (last) {
    const values = last.value;
    block = last.key[1];
    const room = Math.min(BLOCK_VALUES - values.length, pairs.length);
    if (room > 0) {
      const merged = new Uint32Array(values.length + room);
      merged.set(values);
      merged.set(pairs.slice(0, room), values.length);
      await last.update(merged);
      offset = room;
    }
  }
  for (; offset < pairs.length; offset += BLOCK_VALUES) {
    block += 1;
    await terms.put(Uint32Array.from(pairs.slice(offset, offset + BLOCK_VALUES)), [word, block]);
  }
}

/** The keys of the postings a term reads: its word, or every word it begins. */
export function termRange(term: QueryTerm): IDBKeyRange {
  return term.prefix ? IDBKeyRange.bound([term.word, 0], [`${term.word}\uffff`]) : IDBKeyRange.bound([term.word, 0], [term.word, Infinity]);
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, mask) => mask.toString(2).replaceAll('0', '').length);

/** A text outside the postings (an answer being written, a conversation not indexed yet) that matched something. */
interface LooseDoc {
  mask: number;
  text: string;
  title: boolean;
}

interface Candidate {
  conversationId: string;
  /** Query words in the title. */
  titleMask: number;
  /** The message with the most query words: its word count, and its document or text. */
  bestCount: number;
  bestDoc?: number;
  bestText?: string;
  recency: number;
}

/** What a search knows of the index: the memory as of its transaction, and the postings of its terms. */
interface IndexView {
  memory: MemoryView;
  /** Postings per query term: blocks of (conversation, document) pairs. */
  postings: Uint32Array[][];
}

/** Calls `visit` for every live posting of every term. */
function eachPosting({ memory: { idOf, dead }, postings }: IndexView, visit: (term: number, conv: number, doc: number) => void): void {
  postings.forEach((blocks, term) => {
    for (const block of blocks) {
      for (let at = 0; at < block.length; at += 2) {
        const conv = block[at]!;
        const doc = block[at + 1]!;
        if (idOf[conv] !== undefined && !(doc < dead.length && dead[doc] === 1)) visit(term, conv, doc);
      }
    }
  });
}

/**
 * Ranked matches of `query` (within a read-only transaction over {@link INDEXED_WRITE_STORES}): conversations that
 * contain every query word (in the title or any message), best first — every word in the title, then every word in
 * one message, then more words in the title, then the most recently updated — each with a snippet of its best text.
 * Conversations the backfill has not reached yet are read and matched in full (slower, but nothing is missed).
 *
 * Reads the index state and the postings of the query's words; the rest comes from `memory` when it is exactly as
 * of this transaction (else it is read in full here and `memory` takes it). Then the best message of each result
 * (one record each, for its snippet). `signal`: checked between reads; an aborted search returns no results.
 */
export async function searchIndex(
  tx: ChatTx<'readonly'>,
  query: string,
  { limit, live = [], signal, memory }: { limit: number; live?: readonly LiveText[]; signal?: AbortSignal | undefined; memory: SearchMemory },
): Promise<SearchHit[]> {
  const terms = parseQuery(query);
  if (terms.length === 0 || signal?.aborted) return [];
  const full = (1 << terms.length) - 1;
  const [stored, postings] = await Promise.all([
    tx.objectStore('searchState').get(SEARCH_STATE_KEY),
    Promise.all(terms.map((term) => tx.objectStore('searchTerms').getAll(termRange(term)))),
  ]);
  if (signal?.aborted) return [];
  const state = stored ?? emptySearchState(false);
  const known = memory.at(state.stamp ?? 0) ?? (await memory.load(tx, stored));
  const view: IndexView = { memory: known, postings };
  const { conversations, recency, entries } = known;

  // Which words each indexed conversation has.
  const convMask = new Uint32Array(state.nextConv);
  eachPosting(view, (term, conv) => (convMask[conv]! |= 1 << term));

  // Texts outside the postings: answers being written, and conversations the backfill has not reached.
  const loose = new Map<string, LooseDoc[]>();
  const addLoose = (conversationId: string, text: string, title: boolean) => {
    const mask = termMask(text, terms);
    if (mask !== 0) loose.set(conversationId, [...(loose.get(conversationId) ?? []), { mask, text, title }]);
  };
  const liveIds = new Set(live.map((text) => text.messageId));
  for (const text of live) if (conversations.has(text.conversationId)) addLoose(text.conversationId, text.text, false);
  await Promise.all(
    known.unindexed.map(async (id) => {
      if (signal?.aborted) return;
      const messages = await tx.objectStore('messages').index('by-conversation').getAll(IDBKeyRange.bound([id, -Infinity], [id, Infinity]));
      addLoose(id, conversations.get(id)!.title, true);
      for (const message of messages) if (!liveIds.has(message.id)) addLoose(id, message.text, false);
    }),
  );
  if (signal?.aborted) return [];

  // Conversations with every word.
  const candidateOf: (Candidate | undefined)[] = [];
  const candidates = new Map<string, Candidate>();
  const consider = (conversationId: string, conv: number | undefined) => {
    if (candidates.has(conversationId) || !recency.has(conversationId)) return;
    const docs = loose.get(conversationId) ?? [];
    if (docs.reduce((mask, doc) => mask | doc.mask, conv === undefined ? 0 : convMask[conv]!) !== full) return;
    const found: Candidate = { conversationId, titleMask: 0, bestCount: 0, recency: recency.get(conversationId)! };
    for (const doc of docs) {
      if (doc.title) found.titleMask |= doc.mask;
      else if (POPCOUNT[doc.mask]! > found.bestCount) Object.assign(found, { bestCount: POPCOUNT[doc.mask]!, bestText: doc.text });
    }
    candidates.set(conversationId, found);
    if (conv !== undefined) candidateOf[conv] = found;
  };
  convMask.forEach((mask, conv) => mask !== 0 && consider(known.idOf[conv]!, conv));
  for (const conversationId of loose.keys()) {
    const entry = entries.get(conversationId);
    consider(conversationId, entry?.indexed ? entry.conv : undefined);
  }

  // Their titles and best messages: the words of each document, then the document with the most.
  const docMask = new Uint32Array(state.nextDoc);
  eachPosting(view, (term, conv, doc) => candidateOf[conv] && (docMask[doc]! |= 1 << term));
  eachPosting(view, (_term, conv, doc) => {
    const found = candidateOf[conv];
    if (!found) return;
    if (doc === known.titleDoc[conv]) {
      found.titleMask |= docMask[doc]!;
      return;
    }
    const count = POPCOUNT[docMask[doc]!]!;
    if (count > found.bestCount || (count === found.bestCount && found.bestDoc !== undefined && doc < found.bestDoc)) {
      Object.assign(found, { bestCount: count, bestDoc: doc, bestText: undefined });
    }
  });

  const rank = (found: Candidate) => [found.titleMask === full ? 1 : 0, found.bestCount === terms.length ? 1 : 0, POPCOUNT[found.titleMask]!, found.recency];
  const ranked = [...candidates.values()]
    .map((found) => ({ found, key: rank(found), conversation: conversations.get(found.conversationId)! }))
    .sort((a, b) => {
      for (let index = 0; index < a.key.length; index += 1) if (a.key[index] !== b.key[index]) return b.key[index]! - a.key[index]!;
      return 0;
    })
    .slice(0, limit);

  if (signal?.aborted) return [];
  // The best message of each: its document's record, then the message (each result's reads in parallel).
  const texts = await Promise.all(
    ranked.map(async ({ found }) => {
      if (found.bestText !== undefined || found.bestDoc === undefined) return found.bestText;
      const doc = await tx.objectStore('searchDocs').get(found.bestDoc);
      return doc && (await tx.objectStore('messages').get(doc.messageId))?.text;
    }),
  );
  if (signal?.aborted) return [];
  return ranked.map(({ found, conversation }, index) => {
    const text = texts[index];
    return { conversation: { ...conversation }, ...snippetOf(found.bestCount > 0 && text !== undefined ? text : conversation.title, terms) };
  });
}
