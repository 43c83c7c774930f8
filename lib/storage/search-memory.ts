import type { ChatTx, SearchConversation, SearchState, StoredConversation } from './chat-schema';

/**
 * What every search needs besides the postings of its words, kept in the background's memory: the index entry of
 * every conversation (its number, title document, whether it is indexed), the dead documents, and the conversations
 * themselves (for their order and the results). Read from IndexedDB in full these cost more than the rest of a
 * search (in Chromium ~140 ms for 1,000 conversations, whatever the query); in memory a search reads only its words.
 *
 * Never stale: every write transaction that changes any of it also bumps `stamp` in the index state (the
 * {@link MemoryChanges} of that transaction, see {@link commitChanges}), and the changes are applied here when it
 * completes, in commit order. A search reads the state in its own transaction and uses the memory only when its
 * stamp is exactly the one read; otherwise (a change it missed, a write from elsewhere, a transaction it never saw
 * complete) the search reads everything in full, as before, and the memory is replaced by what it read.
 */

/** What a search keeps of a conversation's index entry. */
export interface MemoryEntry {
  conv: number;
  /** -1: no title document. */
  titleDoc: number;
  indexed: boolean;
}

/** The changes one write transaction makes to what the memory keeps; null: deleted. */
export class MemoryChanges {
  readonly entries = new Map<string, SearchConversation | null>();
  readonly conversations = new Map<string, StoredConversation | null>();
  /** Documents that became dead. */
  readonly dead: number[] = [];
  /** Dead documents whose postings compaction swept (no longer listed as dead). */
  readonly swept: number[] = [];

  get empty(): boolean {
    return this.entries.size === 0 && this.conversations.size === 0 && this.dead.length === 0 && this.swept.length === 0;
  }
}

/** One committed transaction's changes, as of the state's stamp it wrote. */
interface Delta {
  stamp: number;
  entries: [string, MemoryEntry | null][];
  conversations: [string, StoredConversation | null][];
  dead: number[];
  swept: number[];
}

const toEntry = (entry: Pick<SearchConversation, 'conv' | 'titleDoc' | 'indexed'>): MemoryEntry => ({
  conv: entry.conv,
  titleDoc: entry.titleDoc ?? -1,
  indexed: entry.indexed,
});

/**
 * Bumps the stamp of `state` (which the caller writes in `tx`) when `changes` change anything, and has `memory`
 * take the changes when `tx` completes. Call it once, last, per transaction.
 */
export function commitChanges(tx: Pick<ChatTx, 'addEventListener'>, state: SearchState, changes: MemoryChanges, memory: SearchMemory | undefined): void {
  if (changes.empty) return;
  state.stamp = (state.stamp ?? 0) + 1;
  // Copied now: the records may be changed by their owners after the transaction.
  const delta: Delta = {
    stamp: state.stamp,
    entries: [...changes.entries].map(([id, entry]) => [id, entry && toEntry(entry)]),
    conversations: [...changes.conversations].map(([id, conversation]) => [id, conversation && { ...conversation }]),
    dead: [...changes.dead],
    swept: [...changes.swept],
  };
  // The complete event comes before any later transaction's reads, so a search never sees the data without them.
  tx.addEventListener('complete', () => memory?.apply(delta));
}

/** The memory as a search uses it (never changed once handed out: changes make a new one). */
export interface MemoryView {
  stamp: number;
  entries: ReadonlyMap<string, MemoryEntry>;
  /** 1 for a dead document (numbers past its end are live). */
  dead: Uint8Array;
  conversations: ReadonlyMap<string, StoredConversation>;
  /** Conversation ids by number, indexed conversations only. */
  idOf: readonly (string | undefined)[];
  /** Title documents by conversation number (-1: none). */
  titleDoc: Int32Array;
  /** Position of each conversation in the by-updated order (oldest 0). */
  recency: ReadonlyMap<string, number>;
  /** Conversations not indexed yet. */
  unindexed: readonly string[];
}

/** Deltas kept to replay onto a full read that raced with them. */
const RECENT_DELTAS = 64;

/** The background's copy (see the top of this file). One per database, owned by its ChatRepository. */
export class SearchMemory {
  private stamp = -1;
  private entries = new Map<string, MemoryEntry>();
  private dead = new Set<number>();
  private conversations = new Map<string, StoredConversation>();
  private view: MemoryView | undefined;
  private readonly recent: Delta[] = [];

  /** The memory as of `stamp`, or undefined when it is not exactly that. */
  at(stamp: number): MemoryView | undefined {
    if (this.stamp !== stamp) return undefined;
    this.view ??= this.derive();
    return this.view;
  }

  /** Reads everything in `tx` (which read `state`) and takes it as the memory, with later changes replayed on it. */
  async load(tx: ChatTx<'readonly'>, state: SearchState | undefined): Promise<MemoryView> {
    const [entries, dead, conversations] = await Promise.all([
      tx.objectStore('searchConversations').getAll(),
      tx.objectStore('searchDead').getAllKeys(),
      tx.objectStore('conversations').getAll(),
    ]);
    const stamp = state?.stamp ?? 0;
    this.stamp = stamp;
    this.entries = new Map(entries.map((entry) => [entry.conversationId, toEntry(entry)]));
    this.dead = new Set(dead);
    this.conversations = new Map(conversations.map((conversation) => [conversation.id, conversation]));
    this.view = undefined;
    // What this read is exactly; what it returns may have moved on with changes that completed meanwhile.
    const view = this.derive();
    for (const delta of this.recent) if (delta.stamp > stamp) this.take(delta);
    if (this.stamp === stamp) this.view = view;
    return view;
  }

  /** Takes a committed transaction's changes (in commit order). */
  apply(delta: Delta): void {
    this.recent.push(delta);
    if (this.recent.length > RECENT_DELTAS) this.recent.shift();
    this.take(delta);
  }

  /** Forgets everything: the next search reads it again. */
  drop(): void {
    this.stamp = -1;
    this.entries = new Map();
    this.dead = new Set();
    this.conversations = new Map();
    this.view = undefined;
  }

  private take(delta: Delta): void {
    if (this.stamp < 0 || delta.stamp <= this.stamp) return;
    if (delta.stamp !== this.stamp + 1) {
      // A change was missed: unsure, so read again when next needed.
      this.drop();
      return;
    }
    // New maps, so a view handed out stays as it was.
    if (delta.entries.length > 0) {
      this.entries = new Map(this.entries);
      for (const [id, entry] of delta.entries) entry ? this.entries.set(id, entry) : this.entries.delete(id);
    }
    if (delta.conversations.length > 0) {
      this.conversations = new Map(this.conversations);
      for (const [id, conversation] of delta.conversations) conversation ? this.conversations.set(id, conversation) : this.conversations.delete(id);
    }
    if (delta.dead.length > 0 || delta.swept.length > 0) {
      this.dead = new Set(this.dead);
      for (const doc of delta.dead) this.dead.add(doc);
      for (const doc of delta.swept) this.dead.delete(doc);
    }
    this.stamp = delta.stamp;
    this.view = undefined;
  }

  private derive(): MemoryView {
    const idOf: (string | undefined)[] = [];
    let convs = 0;
    for (const entry of this.entries.values()) convs = Math.max(convs, entry.conv + 1);
    const titleDoc = new Int32Array(convs).fill(-1);
    const unindexed: string[] = [];
    for (const [id, entry] of this.entries) {
      if (!entry.indexed) continue;
      idOf[entry.conv] = id;
      titleDoc[entry.conv] = entry.titleDoc;
    }
    for (const id of this.conversations.keys()) if (!this.entries.get(id)?.indexed) unindexed.push(id);
    // The by-updated index's order: updatedAt, then id.
    const order = [...this.conversations.values()].sort((a, b) => a.updatedAt - b.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const recency = new Map(order.map((conversation, index) => [conversation.id, index]));
    let docs = 0;
    for (const doc of this.dead) docs = Math.max(docs, doc + 1);
    const dead = new Uint8Array(docs);
    for (const doc of this.dead) dead[doc] = 1;
    return { stamp: this.stamp, entries: this.entries, dead, conversations: this.conversations, idOf, titleDoc, recency, unindexed };
  }
}
