import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * The file door: the one typed path by which a file reaches the background. A page (or the background, for a page
 * ask) parks a draft's file here and names it in a command by its `pendingId` (a `PendingAttachment`); the background
 * takes it when the message is sent. Pages and the background share the extension origin's IndexedDB, so a 20 MB
 * image crosses as a Blob instead of being serialised through a message port.
 */
/** A file's bytes, or (for a public file on a web page, e.g. an image) the URL Poe should fetch it from. */
export type PendingSource = { blob: Blob } | { url: string };
/**
 * A second form of the same file, sent instead where the first cannot go (issue 14: a PDF's extracted text, with
 * page numbers, for a bot that reads no files or a PDF over the upload limit).
 */
export interface PendingFallback {
  name: string;
  blob: Blob;
}
/** The stored record. Version 2 added the optional `fallback`; version 1 records are read as they are. */
export type PendingUpload = { id: string; name: string; createdAt: number; fallback?: PendingFallback } & PendingSource;

interface PendingUploadsSchema extends DBSchema {
  files: { key: string; value: PendingUpload };
}

const DB_NAME = 'poe-toolbar-pending-uploads';
/** Drafts older than this are abandoned (the page closed without sending). */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

let database: Promise<IDBPDatabase<PendingUploadsSchema>> | undefined;

function db(): Promise<IDBPDatabase<PendingUploadsSchema>> {
  database ??= openDB<PendingUploadsSchema>(DB_NAME, 2, {
    upgrade(upgrade, oldVersion) {
      if (oldVersion < 1) upgrade.createObjectStore('files', { keyPath: 'id' });
      // 2: records may carry a `fallback` (no new store or index).
    },
    // A page still holding version 1 (open across an update) must not block the upgrade: it lets go and reopens.
    blocking() {
      const open = database;
      database = undefined;
      void open?.then((each) => each.close());
    },
  });
  return database;
}

export async function putPendingUpload(source: Blob | PendingSource, name: string): Promise<string> {
  const id = crypto.randomUUID();
  const stored = source instanceof Blob ? { blob: source } : source;
  await (await db()).put('files', { id, name, createdAt: Date.now(), ...stored });
  return id;
}

/** Keeps a fallback with a parked file (its text, for a PDF). */
export async function attachPendingFallback(id: string, fallback: PendingFallback): Promise<void> {
  const tx = (await db()).transaction('files', 'readwrite');
  const stored = await tx.store.get(id);
  if (!stored) throw new Error('The parked file is gone.');
  await tx.store.put({ ...stored, fallback });
  await tx.done;
}

export async function getPendingUpload(id: string): Promise<PendingUpload | undefined> {
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
