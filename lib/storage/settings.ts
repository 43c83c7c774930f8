import { storage } from '#imports';
import type { BotParameters, GuardPreferences, HeldSend, ModelSummary, PendingAttachment, PromptAction } from '@/lib/messaging/contracts';
import { DEFAULT_BASE_URL, DEFAULT_BOT } from '@/lib/messaging/rules';

/**
 * What the background keeps in `storage.local` (never `storage.sync`): preferences and caches, none of it secret.
 * Only the background reads or writes these; pages change preferences by command.
 */

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
export const botParametersSetting = storage.defineItem<Record<string, BotParameters>>(
  'local:botParameters',
  { fallback: {}, version: 1 },
);

/** Bots the user asked most recently, newest first, shown at the top of the picker. */
export const recentBotsSetting = storage.defineItem<string[]>('local:recentBots', { fallback: [], version: 1 });

export const promptActionsSetting = storage.defineItem<PromptAction[]>('local:promptActions', { fallback: [], version: 1 });

/** The conversation pages showed last, so a freshly opened side panel or popup shows it again. */
export const lastConversationSetting = storage.defineItem<string | null>('local:lastConversation', { fallback: null, version: 1 });


// ── Spending guard (issue 12) ──

/** The spending guard's settings (limits off by default) and the bots outside Poe's list the user allowed. */
export const guardSetting = storage.defineItem<GuardPreferences>('local:spendingGuard', {
  fallback: { dailyBudget: null, answerCeiling: null, allowedBots: [], suggestion: 'show' },
  version: 1,
});

/** What a held command does once confirmed: the command as it arrived, past the guard. */
export type HeldPlan =
  | { kind: 'send'; turn: { conversationId: string | null; bot: string; text: string; parameters?: BotParameters; attachments?: PendingAttachment[] } }
  | { kind: 'retry'; conversationId: string; messageId: string }
  | { kind: 'edit'; conversationId: string; messageId: string; text: string };

export interface StoredHold {
  view: HeldSend;
  plan: HeldPlan;
}

/**
 * Sends the guard holds for the user's OK. In `storage.session`: they survive the background being stopped while
 * the user thinks it over, and go with the browser session.
 */
export const heldSendsSetting = storage.defineItem<StoredHold[]>('session:heldSends', { fallback: [], version: 1 });
