import { BRANCH_WRITE_STORES, INDEXED_WRITE_STORES, SEARCH_STATE_KEY, type ChatDb, type StoredBranches, type StoredConversation, type StoredFork, type StoredMessage } from './chat-schema';
import { IndexWriter, indexable, searchIndex, type LiveText, type SearchHit } from './search-index';
import { backfillChunk, compact, compactionDue } from './search-maintenance';
import { SearchMemory } from './search-memory';
import { isInProgress } from '@/lib/messaging/rules';

export {
  CHAT_DB_NAME,
  CHAT_DB_VERSION,
  openChatDb,
  type ChatDb,
  type StoredAttachment,
  type StoredBranches,
  type StoredConversation,
  type StoredFork,
  type StoredVersion,
  type StoredError,
  type StoredMessage,
  type StoredRole,
  type StoredStatus,
} from './chat-schema';
export type { LiveText, SearchHit } from './search-index';

export interface RepositoryOptions {
  /**
   * Build the index of data that predates it, and compact it, in the background on its own (default true). Tests and
   * benches turn it off and call {@link ChatRepository.maintainSearchIndex} themselves.
   */
  background?: boolean;
  /** How long after start the background work begins, so the first snapshot goes first (default 2 s). */
  startDelayMs?: number;
  /** The pause between two chunks of background work, in which other reads and writes run (default 50 ms). */
  chunkPauseMs?: number;
}

export interface ConversationPage {
  /** Newest first. */
  conversations: StoredConversation[];
  /** Older conversations exist. */
  more: boolean;
}

export interface MessagePage {
  /** Oldest first. */
  messages: StoredMessage[];
  /** Earlier messages exist. */
  hasEarlier: boolean;
}

/** The two records are the same (a write of the same conversation changes nothing a search keeps). */
const sameConversation = (a: StoredConversation | undefined, b: StoredConversation): boolean =>
  a !== undefined && Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => b[key as keyof StoredConversation] === value);

/** A message kept in a version not on screen, found anywhere in the forks (the record's own object, to change). */
function hiddenMessage(forks: readonly StoredFork[], messageId: string): StoredMessage | undefined {
  for (const fork of forks) {
    for (const version of fork.versions) {
      const found = version && (version.messages.find((message) => message.id === messageId) ?? hiddenMessage(version.forks, messageId));
      if (found) return found;
    }
  }
  return undefined;
}

const conversationRange = (conversationId: string) => IDBKeyRange.bound([conversationId, -Infinity], [conversationId, Infinity]);

/**
 * The operations the chat engine needs; one transaction each, and every write keeps the search index in step in the
 * same transaction. Takes the database as a promise so the background can register its listeners synchronously at
 * start-up while the database opens.
 */
export class ChatRepository {
  private maintenance: Promise<void> | undefined;
  private scheduled = false;
  /** What searches need besides their words' postings (search-memory.ts); every write below keeps it current. */
  private readonly memory = new SearchMemory();

  constructor(
    private readonly database: Promise<ChatDb>,
    private readonly options: RepositoryOptions = {},
  ) {
    this.scheduleMaintenance(options.startDelayMs ?? 2_000);
  }

  /**
   * A page of conversations, newest first: up to `limit` updated before `before` (all of them when no limit). A page
   * never ends between two conversations updated in the same millisecond, so `before` = the last one's `updatedAt`
   * continues exactly where it ended.
   */
  async listConversations(options: { limit?: number; before?: number } = {}): Promise<ConversationPage> {
    const { limit = Infinity, before = Infinity } = options;
    const range = IDBKeyRange.upperBound(before, true);
    const index = (await this.database).transaction('conversations').store.index('by-updated');
    // A few requests whatever the page size: find the page's oldest updatedAt with a key cursor, then read the page.
    const newest = limit === Infinity ? null : await index.openKeyCursor(range, 'prev');
    const edge = newest && limit > 1 ? await newest.advance(limit - 1) : newest;
    if (!edge) return { conversations: (await index.getAll(range)).reverse(), more: false };
    const [page, older] = await Promise.all([
      index.getAll(IDBKeyRange.bound(edge.key, before, false, true)),
      index.openKeyCursor(IDBKeyRange.upperBound(edge.key, true), 'prev'),
    ]);
    return { conversations: page.reverse(), more: older !== null };
  }

  async getConversation(id: string): Promise<StoredConversation | undefined> {
    return (await this.database).get('conversations', id);
  }

  /** Writes a conversation; a new or changed title is indexed. */
  async putConversation(conversation: StoredConversation): Promise<void> {
    const tx = (await this.database).transaction(INDEXED_WRITE_STORES, 'readwrite');
    const previous = await tx.objectStore('conversations').get(conversation.id);
    await tx.objectStore('conversations').put(conversation);
    if (!sameConversation(previous, conversation)) {
      const writer = new IndexWriter(tx, this.memory);
      writer.conversationWritten(conversation.id, conversation);
      if (previous?.title !== conversation.title) {
        await writer.indexTitle(await writer.conversation(conversation.id, previous === undefined), conversation.title);
      }
      await writer.finish();
    }
    await tx.done;
  }

  /** Deletes a conversation with every version of its messages. */
  async deleteConversation(id: string): Promise<void> {
    const tx = (await this.database).transaction(BRANCH_WRITE_STORES, 'readwrite');
    await tx.objectStore('branches').delete(id);
    let cursor = await tx.objectStore('messages').index('by-conversation').openCursor(conversationRange(id));
    while (cursor) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.objectStore('conversations').delete(id);
    const writer = new IndexWriter(tx, this.memory);
    writer.conversationWritten(id, null);
    await writer.dropConversation(id);
    await writer.finish();
    await tx.done;
    await this.compactWhenDue();
  }

  /** The whole conversation, oldest first (what a question to Poe is built from). */
  async listMessages(conversationId: string): Promise<StoredMessage[]> {
    return (await this.database).getAllFromIndex('messages', 'by-conversation', conversationRange(conversationId));
  }

  /** The latest `limit` messages of a conversation, or the `limit` before `beforeSeq`; oldest first. */
  async messagePage(conversationId: string, options: { limit: number; beforeSeq?: number }): Promise<MessagePage> {
    const upper: [string, number] = [conversationId, options.beforeSeq ?? Infinity];
    const range = IDBKeyRange.bound([conversationId, -Infinity], upper, false, true);
    const index = (await this.database).transaction('messages').store.index('by-conversation');
    // Three requests whatever the page size: the newest key, the key just before the page, then the page.
    const newest = await index.openKeyCursor(range, 'prev');
    const before = newest && (await newest.advance(options.limit));
    if (!before) return { messages: await index.getAll(range), hasEarlier: false };
    return { messages: await index.getAll(IDBKeyRange.bound(before.key, upper, true, true)), hasEarlier: true };
  }

  /**
   * Writes a message only while its conversation exists, in one transaction: an answer that ends after its
   * conversation was deleted (or a late points-cost update) can never leave an orphan. False when nothing was written.
   * A final text is indexed when it is new or changed; saves of an answer still streaming cost the index nothing.
   */
  async putMessage(message: StoredMessage): Promise<boolean> {
    const tx = (await this.database).transaction(INDEXED_WRITE_STORES, 'readwrite');
    const conversation = await tx.objectStore('conversations').get(message.conversationId);
    if (!conversation) {
      await tx.done;
      return false;
    }
    const previous = await tx.objectStore('messages').get(message.id);
    await tx.objectStore('messages').put(message);
    const wasIndexed = previous !== undefined && indexable(previous);
    if ((wasIndexed || indexable(message)) && !(wasIndexed && indexable(message) && previous.text === message.text)) {
      const writer = new IndexWriter(tx, this.memory);
      if (wasIndexed) await writer.unindexMessage(message.id);
      if (indexable(message)) {
        const entry = await writer.conversation(message.conversationId, false);
        if (entry.indexed && entry.titleDoc === undefined) await writer.indexTitle(entry, conversation.title);
        await writer.indexMessage(entry, message);
      }
      const entry = await tx.objectStore('searchConversations').get(message.conversationId);
      if (entry) await writer.touch(entry);
      await writer.finish();
    }
    await tx.done;
    return true;
  }

  /** The versions of a conversation's messages that are not on screen (versions.ts); undefined: none. */
  async getBranches(conversationId: string): Promise<StoredBranches | undefined> {
    return (await this.database).get('branches', conversationId);
  }

  /**
   * Changes a conversation's visible path in one transaction: `remove` leaves it, `add` joins it (both kept in step
   * with the search index), and `branches` is the conversation's record of the versions not on screen. False (nothing
   * written) when the conversation is gone.
   */
  async rewritePath(conversationId: string, change: { remove: readonly Pick<StoredMessage, 'id'>[]; add: readonly StoredMessage[]; branches: StoredBranches }): Promise<boolean> {
    const tx = (await this.database).transaction(BRANCH_WRITE_STORES, 'readwrite');
    const conversation = await tx.objectStore('conversations').get(conversationId);
    if (!conversation) {
      await tx.done;
      return false;
    }
    const messages = tx.objectStore('messages');
    const writer = new IndexWriter(tx, this.memory);
    for (const { id } of change.remove) {
      await messages.delete(id);
      await writer.unindexMessage(id);
    }
    const entry = await writer.conversation(conversationId, false);
    if (entry.indexed && entry.titleDoc === undefined) await writer.indexTitle(entry, conversation.title);
    for (const message of change.add) {
      await messages.put(message);
      await writer.unindexMessage(message.id);
      if (indexable(message)) await writer.indexMessage(entry, message);
    }
    await writer.touch(entry);
    await writer.finish();
    if (change.branches.forks.length > 0) await tx.objectStore('branches').put(change.branches);
    else await tx.objectStore('branches').delete(conversationId);
    await tx.done;
    await this.compactWhenDue();
    return true;
  }

  async deleteMessages(ids: string[]): Promise<void> {
    const tx = (await this.database).transaction(INDEXED_WRITE_STORES, 'readwrite');
    const writer = new IndexWriter(tx, this.memory);
    await Promise.all(
      ids.map(async (id) => {
        const message = await tx.objectStore('messages').get(id);
        if (!message) return;
        await tx.objectStore('messages').delete(id);
        await writer.unindexMessage(id);
        const entry = await tx.objectStore('searchConversations').get(message.conversationId);
        if (entry) await writer.touch(entry);
      }),
    );
    await writer.finish();
    await tx.done;
    await this.compactWhenDue();
  }

  /**
   * Puts what an answer cost on the answer as it is stored now, in one transaction: the price never carries an older
   * copy of the answer over a newer one. Nothing is written (undefined) when the answer is gone, or still being
   * written (its final save has not landed yet); `changed` false when this charge was already on it.
   */
  async recordMessageCost(
    messageId: string,
    cost: Required<Pick<StoredMessage, 'pointsCost' | 'pointsQueryId'>> & Pick<StoredMessage, 'pointsCostUsd' | 'pointsBreakdown'>,
  ): Promise<{ message: StoredMessage; changed: boolean } | undefined> {
    const tx = (await this.database).transaction('messages', 'readwrite');
    const stored = await tx.store.get(messageId);
    if (!stored || isInProgress(stored.status) || stored.pointsQueryId === cost.pointsQueryId) {
      await tx.done;
      return stored && !isInProgress(stored.status) ? { message: stored, changed: false } : undefined;
    }
    const { pointsCostUsd: _usd, pointsBreakdown: _breakdown, ...rest } = stored;
    const priced: StoredMessage = { ...rest, ...cost };
    await tx.store.put(priced);
    await tx.done;
    return { message: priced, changed: true };
  }

  /**
   * Puts what an answer cost on an answer kept in a version not on screen (it was regenerated before Poe listed its
   * charge). False when no such answer is kept.
   */
  async recordHiddenCost(conversationId: string, messageId: string, cost: Pick<StoredMessage, 'pointsCost' | 'pointsQueryId' | 'pointsCostUsd' | 'pointsBreakdown'>): Promise<boolean> {
    const tx = (await this.database).transaction('branches', 'readwrite');
    const record = await tx.store.get(conversationId);
    const message = record && hiddenMessage(record.forks, messageId);
    if (record && message && message.pointsQueryId !== cost.pointsQueryId) {
      Object.assign(message, cost);
      await tx.store.put(record);
    }
    await tx.done;
    return message !== undefined;
  }

  async messageForPointsQuery(queryId: string): Promise<StoredMessage | undefined> {
    return (await this.database).getFromIndex('messages', 'by-points-query', queryId);
  }

  /**
   * Ranked conversations matching every word of `query` (the last word as a prefix while it is being typed), each
   * with a snippet of its best text. `live`: texts of answers still being written (not indexed yet), searched too.
   * `signal`: a search nobody waits for any more stops early (with no results).
   */
  async search(query: string, options: { limit: number; live?: readonly LiveText[]; signal?: AbortSignal }): Promise<SearchHit[]> {
    const db = await this.database;
    if (options.signal?.aborted) return [];
    const tx = db.transaction(INDEXED_WRITE_STORES, 'readonly');
    try {
      return await searchIndex(tx, query, { ...options, memory: this.memory });
    } catch (error) {
      // Whatever went wrong, the next search reads the index afresh.
      this.memory.drop();
      throw error;
    }
  }

  /** Reads what searches keep in memory, unless it is current (the first search then reads only its words). */
  async warmSearch(): Promise<void> {
    const tx = (await this.database).transaction(INDEXED_WRITE_STORES, 'readonly');
    const state = await tx.objectStore('searchState').get(SEARCH_STATE_KEY);
    if (!this.memory.at(state?.stamp ?? 0)) await this.memory.load(tx, state);
  }

  /** Which of these message ids are stored, with the conversation each belongs to (import checks it clobbers nothing). */
  async messageOwners(ids: readonly string[]): Promise<Map<string, string>> {
    const store = (await this.database).transaction('messages').store;
    const owners = new Map<string, string>();
    await Promise.all(
      ids.map(async (id) => {
        const message = await store.get(id);
        if (message) owners.set(id, message.conversationId);
      }),
    );
    return owners;
  }

  /**
   * Writes a whole conversation from a backup in one transaction, indexed for search: all of it or, if anything
   * fails, none of it. `forks`: its versions not on screen. `replace`: the conversation with this id is deleted first
   * (its messages, versions and index entries).
   */
  async writeImported(conversation: StoredConversation, messages: readonly StoredMessage[], forks: readonly StoredFork[], replace: boolean): Promise<void> {
    const tx = (await this.database).transaction(BRANCH_WRITE_STORES, 'readwrite');
    const writer = new IndexWriter(tx, this.memory);
    if (forks.length > 0) await tx.objectStore('branches').put({ conversationId: conversation.id, forks: [...forks] });
    else if (replace) await tx.objectStore('branches').delete(conversation.id);
    if (replace) {
      let cursor = await tx.objectStore('messages').index('by-conversation').openCursor(conversationRange(conversation.id));
      while (cursor) {
        await cursor.delete();
        cursor = await cursor.continue();
      }
      await writer.dropConversation(conversation.id);
    }
    await tx.objectStore('conversations').put(conversation);
    writer.conversationWritten(conversation.id, conversation);
    const entry = await writer.conversation(conversation.id, true);
    await writer.indexTitle(entry, conversation.title);
    for (const message of messages) {
      await tx.objectStore('messages').put(message);
      if (indexable(message)) await writer.indexMessage(entry, message);
    }
    await writer.finish();
    await tx.done;
    if (replace) await this.compactWhenDue();
  }

  /** Answers a previous background left unfinished (it was stopped mid-stream). */
  async unfinishedMessages(): Promise<StoredMessage[]> {
    const db = await this.database;
    const found = await Promise.all(
      (['pending', 'streaming', 'retrying'] as const).map((status) => db.getAllFromIndex('messages', 'by-status', status)),
    );
    return found.flat();
  }

  /**
   * Runs the index's background work to its end: indexes what predates the index (in chunks) and compacts when
   * garbage has piled up. Runs once at a time; a call while it runs waits for that run.
   */
  maintainSearchIndex(): Promise<void> {
    this.maintenance ??= (async () => {
      try {
        const db = await this.database;
        const pause = () => new Promise<void>((resolve) => setTimeout(resolve, this.options.chunkPauseMs ?? 50));
        await this.warmSearch();
        while (await backfillChunk(db, undefined, undefined, this.memory)) await pause();
        const state = await db.get('searchState', SEARCH_STATE_KEY);
        if (state && compactionDue(state)) await compact(db, pause, undefined, this.memory);
      } finally {
        this.maintenance = undefined;
      }
    })();
    return this.maintenance;
  }

  private scheduleMaintenance(delayMs: number): void {
    if (this.options.background === false || this.scheduled) return;
    this.scheduled = true;
    const timer = setTimeout(() => {
      this.scheduled = false;
      this.maintainSearchIndex().catch(() => console.error('Poe Toolbar: the search index could not be brought up to date'));
    }, delayMs);
    // In Node (tests, benches) a pending run must not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
  }

  private async compactWhenDue(): Promise<void> {
    const state = await (await this.database).get('searchState', SEARCH_STATE_KEY);
    if (state && compactionDue(state)) this.scheduleMaintenance(this.options.chunkPauseMs ?? 50);
  }
}
