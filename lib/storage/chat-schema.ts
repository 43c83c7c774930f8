import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { AttachmentInfo, ChatMessage, ConversationSummary, ErrorInfo, MessageStatus } from '@/lib/messaging/contracts';

/**
 * The chat database: conversations, their messages and the search index, in the extension origin's IndexedDB. Only
 * the background writes here.
 *
 * Schema versions:
 * - 1: `conversations` (by updatedAt) and `messages` (by conversation, in order).
 * - 2: `messages` gains a `by-status` index so a restarted background finds answers that were still streaming.
 * - 3: `messages` gains a `by-points-query` index: which answer a points-history entry paid for.
 * - 4: the search index (`search*` stores, see search-index.ts). The upgrade only creates the stores; the index of
 *   the data already there is built afterwards in the background (search-maintenance.ts).
 * - 5: `branches`: the versions of regenerated and edited messages that are not on screen (lib/chat/versions.ts). The
 *   `messages` store keeps holding exactly the visible path, so paging, search, costs and recovery never see them.
 */
export const CHAT_DB_NAME = 'poe-toolbar-chats';
export const CHAT_DB_VERSION = 5;

/** Stored shapes are the contract's, plus what only the background keeps. */
export type StoredRole = ChatMessage['role'];
export type StoredStatus = MessageStatus;
export type StoredAttachment = AttachmentInfo;
export type StoredError = ErrorInfo;
export type StoredConversation = ConversationSummary;

export type StoredMessage = Omit<ChatMessage, 'retryAt'> & {
  conversationId: string;
  /** Order within the conversation. */
  seq: number;
  /** The string a bot attached with a `data` event; sent back as the message's `metadata` in later requests. */
  metadata?: string;
  /** The points-history `query_id` that charged for this answer. */
  pointsQueryId?: string;
};

/** A version not on screen: its messages from the fork on, and the forks further along its own path. */
export interface StoredVersion {
  messages: StoredMessage[];
  forks: StoredFork[];
}

/** A place where the message at `seq` has versions; `versions[active]` is null: that one is in `messages`, on screen. */
export interface StoredFork {
  seq: number;
  active: number;
  versions: (StoredVersion | null)[];
}

/** A conversation's forks along its visible path, oldest first (none: a record is never written empty). */
export interface StoredBranches {
  conversationId: string;
  forks: StoredFork[];
}

/** The index's counters and state (one record, key {@link SEARCH_STATE_KEY}). */
export interface SearchState {
  /** The next document number (a message text or a title, each version its own number; never reused). */
  nextDoc: number;
  /** The next conversation number (postings name conversations by number; never reused). */
  nextConv: number;
  /** Every conversation that predates the index has been indexed. */
  backfilled: boolean;
  /** Message documents in the index. */
  docs: number;
  /** Documents whose postings are garbage (replaced, deleted) since the last compaction. */
  garbage: number;
  /**
   * Counts the writes that changed what the background keeps in memory for searches (index entries, dead documents,
   * conversations; search-memory.ts), so a search knows whether its memory is exactly what it reads. Absent: 0.
   */
  stamp?: number;
}
export const SEARCH_STATE_KEY = 'state';

/** A conversation's entry in the index. */
export interface SearchConversation {
  conversationId: string;
  conv: number;
  /** The document of its current title. */
  titleDoc?: number;
  /** All its messages are indexed (false: it predates the index and the backfill has not reached it yet). */
  indexed: boolean;
  /** Counts changes to its messages' documents, so the backfill knows what it read is still what is stored. */
  generation?: number;
  /**
   * Documents [from, to) the backfill numbered for it whose postings may not all be written yet (the background was
   * stopped mid-chunk): the next chunk drops and redoes them.
   */
  pendingDocs?: [number, number];
}

/** A message text in the index: which message a document number is. */
export interface SearchDoc {
  doc: number;
  messageId: string;
  conversationId: string;
}

export interface ChatDbSchema extends DBSchema {
  conversations: { key: string; value: StoredConversation; indexes: { 'by-updated': number } };
  messages: {
    key: string;
    value: StoredMessage;
    indexes: { 'by-conversation': [string, number]; 'by-status': StoredStatus; 'by-points-query': string };
  };
  branches: { key: string; value: StoredBranches };
  searchState: { key: string; value: SearchState };
  searchConversations: { key: string; value: SearchConversation };
  searchDocs: { key: number; value: SearchDoc; indexes: { 'by-message': string; 'by-conversation': string } };
  /** Postings: key [word, block]; value pairs (conversation number, document number), at most a block's worth. */
  searchTerms: { key: [string, number]; value: Uint32Array };
  /** Documents replaced or deleted whose postings are still in `searchTerms` (until compaction). */
  searchDead: { key: number; value: number };
}

export type ChatDb = IDBPDatabase<ChatDbSchema>;
export type ChatStore = StoreNames<ChatDbSchema>;
export type ChatTx<Mode extends IDBTransactionMode = 'readwrite'> = IDBPTransaction<ChatDbSchema, ChatStore[], Mode>;

/** Every store a write that keeps the index in step may touch. */
export const INDEXED_WRITE_STORES: ChatStore[] = [
  'conversations',
  'messages',
  'searchState',
  'searchConversations',
  'searchDocs',
  'searchTerms',
  'searchDead',
];

/** Every store a change of a conversation's visible path touches (versions.ts). */
export const BRANCH_WRITE_STORES: ChatStore[] = [...INDEXED_WRITE_STORES, 'branches'];

export function openChatDb(name = CHAT_DB_NAME): Promise<ChatDb> {
  return openDB<ChatDbSchema>(name, CHAT_DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) {
        const conversations = db.createObjectStore('conversations', { keyPath: 'id' });
        conversations.createIndex('by-updated', 'updatedAt');
        const messages = db.createObjectStore('messages', { keyPath: 'id' });
        messages.createIndex('by-conversation', ['conversationId', 'seq']);
      }
      if (oldVersion < 2) {
        transaction.objectStore('messages').createIndex('by-status', 'status');
      }
      if (oldVersion < 3) {
        transaction.objectStore('messages').createIndex('by-points-query', 'pointsQueryId');
      }
      if (oldVersion < 4) {
        db.createObjectStore('searchState');
        db.createObjectStore('searchConversations', { keyPath: 'conversationId' });
        const docs = db.createObjectStore('searchDocs', { keyPath: 'doc' });
        docs.createIndex('by-message', 'messageId', { unique: true });
        docs.createIndex('by-conversation', 'conversationId');
        db.createObjectStore('searchTerms');
        db.createObjectStore('searchDead');
        // A new database has nothing to catch up on; an older one is indexed in the background, after the upgrade.
        const state: SearchState = { nextDoc: 0, nextConv: 0, backfilled: oldVersion === 0, docs: 0, garbage: 0 };
        void transaction.objectStore('searchState').put(state, SEARCH_STATE_KEY);
      }
      if (oldVersion < 5) {
        db.createObjectStore('branches', { keyPath: 'conversationId' });
      }
    },
  });
}
