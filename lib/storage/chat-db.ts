import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { AttachmentInfo, ChatMessage, ConversationSummary, ErrorInfo, MessageStatus } from '@/lib/messaging/contracts';

/**
 * Conversations and their messages, in the extension origin's IndexedDB. Only the background writes here.
 *
 * Schema versions:
 * - 1: `conversations` (by updatedAt) and `messages` (by conversation, in order).
 * - 2: `messages` gains a `by-status` index so a restarted background finds answers that were still streaming.
 * - 3: `messages` gains a `by-points-query` index: which answer a points-history entry paid for.
 */
export const CHAT_DB_NAME = 'poe-toolbar-chats';
export const CHAT_DB_VERSION = 3;

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

interface ChatDbSchema extends DBSchema {
  conversations: { key: string; value: StoredConversation; indexes: { 'by-updated': number } };
  messages: {
    key: string;
    value: StoredMessage;
    indexes: { 'by-conversation': [string, number]; 'by-status': StoredStatus; 'by-points-query': string };
  };
}

export type ChatDb = IDBPDatabase<ChatDbSchema>;

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
    },
  });
}

/**
 * The small set of operations the chat engine needs; one transaction each. Takes the database as a promise so the
 * background can register its listeners synchronously at start-up while the database opens.
 */
export class ChatRepository {
  constructor(private readonly database: Promise<ChatDb>) {}

  async listConversations(): Promise<StoredConversation[]> {
    return (await (await this.database).getAllFromIndex('conversations', 'by-updated')).reverse();
  }

  async getConversation(id: string): Promise<StoredConversation | undefined> {
    return (await this.database).get('conversations', id);
  }

  async putConversation(conversation: StoredConversation): Promise<void> {
    await (await this.database).put('conversations', conversation);
  }

  async deleteConversation(id: string): Promise<void> {
    const tx = (await this.database).transaction(['conversations', 'messages'], 'readwrite');
    const range = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
    let cursor = await tx.objectStore('messages').index('by-conversation').openCursor(range);
    while (cursor) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.objectStore('conversations').delete(id);
    await tx.done;
  }

  async listMessages(conversationId: string): Promise<StoredMessage[]> {
    return (await this.database).getAllFromIndex('messages', 'by-conversation', IDBKeyRange.bound([conversationId, -Infinity], [conversationId, Infinity]));
  }

  /**
   * Writes a message only while its conversation exists, in one transaction: an answer that ends after its
   * conversation was deleted (or a late points-cost update) can never leave an orphan. False when nothing was written.
   */
  async putMessage(message: StoredMessage): Promise<boolean> {
    const tx = (await this.database).transaction(['conversations', 'messages'], 'readwrite');
    const exists = (await tx.objectStore('conversations').count(message.conversationId)) > 0;
    if (exists) await tx.objectStore('messages').put(message);
    await tx.done;
    return exists;
  }

  async deleteMessages(ids: string[]): Promise<void> {
    const tx = (await this.database).transaction('messages', 'readwrite');
    await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
  }

  async messageForPointsQuery(queryId: string): Promise<StoredMessage | undefined> {
    return (await this.database).getFromIndex('messages', 'by-points-query', queryId);
  }

  /** Conversations whose title or any message contains `query` (case-insensitive), newest first. */
  async searchConversations(query: string): Promise<StoredConversation[]> {
    const needle = query.trim().toLowerCase();
    const conversations = await this.listConversations();
    if (!needle) return conversations;
    const matching = new Set(conversations.filter((c) => c.title.toLowerCase().includes(needle)).map((c) => c.id));
    let cursor = await (await this.database).transaction('messages').store.openCursor();
    while (cursor) {
      if (!matching.has(cursor.value.conversationId) && cursor.value.text.toLowerCase().includes(needle)) {
        matching.add(cursor.value.conversationId);
      }
      cursor = await cursor.continue();
    }
    return conversations.filter((c) => matching.has(c.id));
  }

  /** Answers a previous background left unfinished (it was stopped mid-stream). */
  async unfinishedMessages(): Promise<StoredMessage[]> {
    const db = await this.database;
    const found = await Promise.all(
      (['pending', 'streaming', 'retrying'] as const).map((status) => db.getAllFromIndex('messages', 'by-status', status)),
    );
    return found.flat();
  }
}
