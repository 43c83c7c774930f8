import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * Files a page attached to a draft, waiting for the background to upload them when the message is sent. Pages and
 * the background share the extension origin's IndexedDB, so a 20 MB image crosses as a Blob instead of being
 * serialised through a message port.
 */
interface PendingUploadsSchema extends DBSchema {
  files: { key: string; value: { id: string; blob: Blob; name: string; createdAt: number } };
}

const DB_NAME = 'poe-toolbar-pending-uploads';
/** Drafts older than this are abandoned (the page closed without sending). */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

let database: Promise<IDBPDatabase<PendingUploadsSchema>> | undefined;

function db(): Promise<IDBPDatabase<PendingUploadsSchema>> {
  database ??= openDB<PendingUploadsSchema>(DB_NAME, 1, {
    upgrade(upgrade) {
      upgrade.createObjectStore('files', { keyPath: 'id' });
    },
  });
  return database;
}

export async function putPendingUpload(blob: Blob, name: string): Promise<string> {
  const id = crypto.randomUUID();
  await (await db()).put('files', { id, blob, name, createdAt: Date.now() });
  return id;
}

export async function getPendingUpload(id: string): Promise<{ blob: Blob; name: string } | undefined> {
  return (await db()).get('files', id);
}

export async function deletePendingUpload(id: string): Promise<void> {
  await (await db()).delete('files', id);
}

/** Drops drafts' files nobody sent. */
export async function deleteStalePendingUploads(now = Date.now()): Promise<void> {
  const tx = (await db()).transaction('files', 'readwrite');
  let cursor = await tx.store.openCursor();
  while (cursor) {
    if (now - cursor.value.createdAt > MAX_AGE_MS) await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.done;
}
