import { openDB, type IDBPDatabase } from 'idb';

/**
 * The Poe API key lives in the extension origin's IndexedDB, which only extension pages and the background can open:
 * content scripts run in the page's origin, and unlike `storage.local` they have no door into it. Only the background
 * imports this module.
 */
const DB_NAME = 'poe-toolbar-secrets';
const STORE = 'secrets';
const KEY_ID = 'poe-api-key';

let dbPromise: Promise<IDBPDatabase> | undefined;

function db(): Promise<IDBPDatabase> {
  dbPromise ??= openDB(DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore(STORE);
    },
  });
  return dbPromise;
}

export async function readApiKey(): Promise<string | undefined> {
  const value: unknown = await (await db()).get(STORE, KEY_ID);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export async function writeApiKey(key: string): Promise<void> {
  await (await db()).put(STORE, key, KEY_ID);
}

export async function deleteApiKey(): Promise<void> {
  await (await db()).delete(STORE, KEY_ID);
}

/** What the UI may see of a key: its last four characters. */
export function maskApiKey(key: string): string {
  return `…${key.slice(-4)}`;
}
