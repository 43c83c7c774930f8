import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * The media store: bytes of files a bot made that only the background can fetch (a video job's result, which Poe
 * serves with the key and deletes at its `expiresAt`; issue 15). The background puts them here and names them on the
 * answer's file (`AttachmentInfo.stored`); pages read them to play and save them, as they share the extension origin's
 * IndexedDB. They are deleted with their conversation.
 */
export interface StoredMedia {
  id: string;
  /** The conversation whose answer holds it (deleted with it). */
  conversationId: string;
  name: string;
  contentType: string;
  blob: Blob;
  createdAt: number;
}

interface MediaSchema extends DBSchema {
  media: { key: string; value: StoredMedia; indexes: { 'by-conversation': string } };
}

const DB_NAME = 'poe-toolbar-media';

let database: Promise<IDBPDatabase<MediaSchema>> | undefined;

function db(): Promise<IDBPDatabase<MediaSchema>> {
  database ??= openDB<MediaSchema>(DB_NAME, 1, {
    upgrade(upgrade) {
      upgrade.createObjectStore('media', { keyPath: 'id' }).createIndex('by-conversation', 'conversationId');
    },
    blocking() {
      const open = database;
      database = undefined;
      void open?.then((each) => each.close());
    },
  });
  return database;
}

/** Keeps a file's bytes; returns the id to name on the answer's file. */
export async function putStoredMedia(media: Omit<StoredMedia, 'id' | 'createdAt'>): Promise<string> {
  const id = crypto.randomUUID();
  await (await db()).put('media', { ...media, id, createdAt: Date.now() });
  return id;
}

export async function getStoredMedia(id: string): Promise<StoredMedia | undefined> {
  return (await db()).get('media', id);
}

/** Drops every file kept for a conversation (it was deleted). */
export async function deleteConversationMedia(conversationId: string): Promise<void> {
  const tx = (await db()).transaction('media', 'readwrite');
  for (const key of await tx.store.index('by-conversation').getAllKeys(conversationId)) await tx.store.delete(key);
  await tx.done;
}

/** Drops files kept for answers that are gone (regenerated, or cut by an edit) while their conversation stays. */
export async function deleteStoredMedia(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const tx = (await db()).transaction('media', 'readwrite');
  for (const id of ids) await tx.store.delete(id);
  await tx.done;
}
