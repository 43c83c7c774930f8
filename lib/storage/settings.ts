import browser from 'webextension-polyfill';
import type {
  BotParameters,
  GuardPreferences,
  HeldSend,
  ModelSummary,
  PageBubblePreferences,
  PendingAttachment,
  PromptAction,
  TranslationPreferences,
} from '@/lib/messaging/contracts';
import { DEFAULT_PROMPTS } from '@/lib/messaging/prompt-library';
import { DEFAULT_BASE_URL, DEFAULT_BOT } from '@/lib/messaging/rules';

/**
 * What the background keeps in `storage.local` (never `storage.sync`): preferences and caches, none of it secret.
 * Only the background reads or writes these; pages change preferences by command.
 */

/** One value in a storage area under `key`, read as `fallback` while unset. */
export interface StoredItem<T> {
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
}

/**
 * A typed `storage.local` item. Hand-written rather than WXT's storage module: get and set are all the background
 * needs, and this keeps ~7 KB (2.5 KB gzipped) of unused item machinery out of the service worker. Values sit under
 * the same keys WXT's items used, so stored preferences carry over.
 */
function storedItem<T>(key: string, fallback: T, area: 'local' | 'session' = 'local'): StoredItem<T> {
  return {
    async getValue() {
      const stored: Record<string, unknown> = await browser.storage[area].get(key);
      return stored[key] === undefined || stored[key] === null ? fallback : (stored[key] as T);
    },
    async setValue(value) {
      await browser.storage[area].set({ [key]: value });
    },
  };
}

/**
 * Advanced setting: where Poe lives. Tests and the offline demo point it at the fake Poe server. Not secret, so it
 * sits in `storage.local` (never `storage.sync`).
 */
export const baseUrlSetting = storedItem<string>('baseUrl', DEFAULT_BASE_URL);

/** The bot the user last chose. */
export const selectedBotSetting = storedItem<string>('selectedBot', DEFAULT_BOT);

/** The last `/v1/models` list (public data), so the model picker opens instantly; refreshed in the background. */
export const modelCacheSetting = storedItem<{ baseUrl: string; fetchedAt: number; models: ModelSummary[] } | null>('modelCache', null);

/** Model parameter values the user chose, per bot, so each bot keeps its own settings. */
export const botParametersSetting = storedItem<Record<string, BotParameters>>('botParameters', {});

/** Bots the user asked most recently, newest first, shown at the top of the picker. */
export const recentBotsSetting = storedItem<string[]>('recentBots', []);

/** The saved prompts (issue 16: `/` in the composer, and the page menus); a profile that never changed them has the defaults. */
export const promptActionsSetting = storedItem<PromptAction[]>('promptActions', [...DEFAULT_PROMPTS]);

/** The conversation pages showed last, so a freshly opened side panel or popup shows it again. */
export const lastConversationSetting = storedItem<string | null>('lastConversation', null);


// ── Spending guard (issue 12) ──

/** The spending guard's settings (limits off by default) and the bots outside Poe's list the user allowed. */
export const guardSetting = storedItem<GuardPreferences>('spendingGuard', {
  dailyBudget: null,
  answerCeiling: null,
  allowedBots: [],
  suggestion: 'show',
});

/** What a held command does once confirmed: the command as it arrived, past the guard. */
export type HeldPlan =
  | { kind: 'send'; turn: { conversationId: string | null; bot: string; text: string; parameters?: BotParameters; attachments?: PendingAttachment[] } }
  | { kind: 'retry'; conversationId: string; messageId: string; bot?: string; parameters?: BotParameters }
  | { kind: 'edit'; conversationId: string; messageId: string; text: string }
  /**
   * `unknownBots`: those outside Poe's list, allowed from now on when the user confirms. `attachments`: the draft's
   * files, still at the file door (absent in holds kept before compares carried files).
   */
  | { kind: 'compare'; bots: string[]; text: string; attachments?: PendingAttachment[]; unknownBots?: string[] };

export interface StoredHold {
  view: HeldSend;
  plan: HeldPlan;
}

/**
 * Sends the guard holds for the user's OK. In `storage.session`: they survive the background being stopped while
 * the user thinks it over, and go with the browser session.
 */
export const heldSendsSetting = storedItem<StoredHold[]>('heldSends', [], 'session');

// ── The page (issue 13) ──

/** The selection bubble: off by default, suggested once after the first answer. */
export const pageBubbleSetting = storedItem<PageBubblePreferences>('pageBubble', { enabled: false, blockedSites: [], suggestion: 'waiting' });

/** Where Translate goes: the browser's language until the user picks one. */
export const translationSetting = storedItem<TranslationPreferences>('translation', { into: null, lastUsed: null });
