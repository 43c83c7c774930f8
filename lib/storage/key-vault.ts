import { openDB, type IDBPDatabase } from 'idb';
import { storedKeyInfoSchema, type StoredKeyInfo } from '@/lib/messaging/contracts';

/**
 * The Poe API key lives in the extension origin's IndexedDB, which only extension pages and the background can open:
 * content scripts run in the page's origin, and unlike `storage.local` they have no door into it. Only the background
 * imports this module.
 */
const DB_NAME = 'poe-toolbar-secrets';
const STORE = 'secrets';
const KEY_ID = 'poe-api-key';
/** How the key came and when it expires: not secret, but it lives and dies with the key, in the same transaction. */
const INFO_ID = 'poe-api-key-info';

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

export async function writeApiKey(key: string, info: StoredKeyInfo = { origin: 'pasted' }): Promise<void> {
  const tx = (await db()).transaction(STORE, 'readwrite');
  await Promise.all([tx.store.put(key, KEY_ID), tx.store.put(info, INFO_ID), tx.done]);
}

/** How the stored key came; a key stored before this was recorded was pasted. */
export async function readKeyInfo(): Promise<StoredKeyInfo | undefined> {
  const database = await db();
  const [key, info] = await Promise.all([database.get(STORE, KEY_ID), database.get(STORE, INFO_ID)]);
  if (typeof key !== 'string' || key.length === 0) return undefined;
  const parsed = storedKeyInfoSchema.safeParse(info);
  return parsed.success ? parsed.data : { origin: 'pasted' };
}

export async function deleteApiKey(): Promise<void> {
  const tx = (await db()).transaction(STORE, 'readwrite');
  await Promise.all([tx.store.delete(KEY_ID), tx.store.delete(INFO_ID), tx.done]);
}

/** What the UI may see of a key: its last four characters. */
export function maskApiKey(key: string): string {
  return `…${key.slice(-4)}`;
}
