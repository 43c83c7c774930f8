import { storage } from '#imports';
import type { ModelSummary } from '@/lib/messaging/contracts';

/** Poe's real API; the default everywhere. */
export const DEFAULT_BASE_URL = 'https://api.poe.com';
/** Poe's real upload endpoint base (served from quora.com, see the protocol doc §3). */
export const DEFAULT_UPLOAD_BASE_URL = 'https://www.quora.com/poe_api';
export const DEFAULT_BOT = 'gpt-5.4';

/**
 * Advanced setting: where Poe lives. Tests and the offline demo point it at the fake Poe server. Not secret, so it
 * sits in `storage.local` (never `storage.sync`).
 */
export const baseUrlSetting = storage.defineItem<string>('local:baseUrl', {
  fallback: DEFAULT_BASE_URL,
  version: 1,
});

/** The bot the user last chose. */
export const selectedBotSetting = storage.defineItem<string>('local:selectedBot', {
  fallback: DEFAULT_BOT,
  version: 1,
});

/** The last `/v1/models` list (public data), so the model picker opens instantly; refreshed in the background. */
export const modelCacheSetting = storage.defineItem<{ baseUrl: string; fetchedAt: number; models: ModelSummary[] } | null>(
  'local:modelCache',
  { fallback: null, version: 1 },
);

/** Model parameter values the user chose, per bot, so each bot keeps its own settings. */
export const botParametersSetting = storage.defineItem<Record<string, Record<string, string | number | boolean>>>(
  'local:botParameters',
  { fallback: {}, version: 1 },
);

/** Bots the user asked most recently, newest first, shown at the top of the picker. */
export const recentBotsSetting = storage.defineItem<string[]>('local:recentBots', { fallback: [], version: 1 });

/** A user-defined menu action: a prompt template with {selection}, {url} and {title}, sent at once to a bot. */
export interface PromptAction {
  id: string;
  title: string;
  template: string;
  /** The bot to ask; the currently selected bot when absent. */
  bot?: string;
}

export const promptActionsSetting = storage.defineItem<PromptAction[]>('local:promptActions', { fallback: [], version: 1 });

/** The upload base URL that goes with a base URL: Poe's own for the real API, `<base>/poe_api` for anything else. */
export function uploadBaseUrlFor(baseUrl: string): string {
  return baseUrl === DEFAULT_BASE_URL ? DEFAULT_UPLOAD_BASE_URL : `${baseUrl.replace(/\/+$/, '')}/poe_api`;
}

/**
 * Accepts Poe's own API host over https, and loopback (the fake Poe server of the tests and the demo): the only hosts
 * the extension has permission for, so the key can go nowhere else. Returns the URL without a trailing slash, or
 * undefined when it is not acceptable.
 */
export function normaliseBaseUrl(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  const poe = url.protocol === 'https:' && url.hostname === 'api.poe.com';
  if (!poe && !(loopback && (url.protocol === 'http:' || url.protocol === 'https:'))) return undefined;
  if (url.username || url.password || url.search || url.hash) return undefined;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
