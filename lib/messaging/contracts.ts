import * as z from 'zod/mini';
import { errorInfoSchema } from './errors';
import { MAX_BACKUP_BYTES, exportFormatSchema, importReportSchema, onExistingSchema } from './backup-report';
import { quoteSchema } from './quote';
import {
  MAX_ATTACHMENTS,
  MAX_COMPARE_BOTS,
  MIN_COMPARE_BOTS,
  MAX_BOT_NAME_CHARS,
  MAX_MESSAGE_CHARS,
  MAX_PARAMETER_CHARS,
  MAX_PROMPT_ACTIONS,
  MAX_PROMPT_TEMPLATE_CHARS,
  MAX_SEARCH_CHARS,
  MAX_TITLE_CHARS,
} from './rules';

export { errorInfoSchema, type ErrorInfo, type ErrorKind } from './errors';

// zod/mini keeps the schemas tree-shakable (the full zod build alone would blow the bundle budget). The extension
// CSP forbids eval, so zod is told not to probe for it (the probe would log CSP errors).
z.config({ jitless: true });

/**
 * The contract between the extension's pages (side panel, popup) and the background. Pages connect a port named
 * {@link UI_PORT_NAME}, send {@link UiCommand}s and receive {@link BackgroundEvent}s. Both sides validate what they
 * receive with these schemas; anything else is dropped.
 */
export const UI_PORT_NAME = 'poe-toolbar-ui';

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const trimmed = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const botName = trimmed(MAX_BOT_NAME_CHARS);
const id = text(100);
/** Made by the page for each command; the background treats the same request id twice as one action. */
const requestId = text(100);
const parameterValue = z.union([z.string().check(z.maxLength(MAX_PARAMETER_CHARS)), z.number(), z.boolean()]);
const parameters = z.record(z.string().check(z.maxLength(100)), parameterValue);
export type ParameterValue = z.infer<typeof parameterValue>;
export type BotParameters = z.infer<typeof parameters>;

/**
 * What a file read from a tab is (issue 14): a PDF, or a video's transcript. Its chip shows it, the send picks the PDF
 * or its text by the bot (`lib/chat/uploads.ts`), and a video's answers link their timestamps to it.
 */
export const attachmentSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('pdf'),
    url: z.string().check(z.maxLength(4_000)),
    title: z.string().check(z.maxLength(1_000)),
    pages: z.number().check(z.int(), z.gte(0)),
    /** Characters of its text layer; 0 for a scanned PDF (pictures of pages, no text to extract). */
    textChars: z.number().check(z.gte(0)),
  }),
  z.object({
    kind: z.literal('video'),
    url: z.string().check(z.maxLength(4_000)),
    title: z.string().check(z.maxLength(1_000)),
    channel: z.optional(z.string().check(z.maxLength(500))),
    durationSeconds: z.optional(z.number().check(z.gte(0))),
    /** Whose captions: the uploader's, YouTube's automatic ones, or none (the file holds the title and description only). */
    captions: z.enum(['manual', 'auto', 'none']),
    /** The captions' language (BCP 47), when known. */
    language: z.optional(z.string().check(z.maxLength(35))),
  }),
]);
export type AttachmentSource = z.infer<typeof attachmentSourceSchema>;

export const attachmentSchema = z.object({
  url: z.string().check(z.maxLength(2_000)),
  contentType: z.string().check(z.maxLength(200)),
  name: z.string().check(z.maxLength(500)),
  size: z.optional(z.number().check(z.gte(0))),
  inlineRef: z.optional(z.string().check(z.maxLength(100))),
  source: z.optional(attachmentSourceSchema),
  /**
   * The file's bytes are kept in the extension (`lib/messaging/media-store.ts`) under this id: a video job's result
   * (issue 15), which Poe serves only with the key and deletes at its `expiresAt`. Pages show and save it from there.
   */
  stored: z.optional(z.string().check(z.maxLength(100))),
});
export type AttachmentInfo = z.infer<typeof attachmentSchema>;

/** A file parked at the file door (`lib/messaging/file-door.ts`); the background uploads it when the message is sent. */
const pendingAttachmentSchema = z.object({
  pendingId: id,
  name: z.string().check(z.maxLength(500)),
  contentType: z.string().check(z.maxLength(200)),
  size: z.number().check(z.gte(0)),
  source: z.optional(attachmentSourceSchema),
});
export type PendingAttachment = z.infer<typeof pendingAttachmentSchema>;

/**
 * A lesser file offered when the one asked for could not be read, named for what it is (issue 14: a video without
 * captions offers its title and description only). The panel shows `label` as a button that adds it to the draft.
 */
export const attachOfferSchema = z.object({ label: text(200), attachment: pendingAttachmentSchema });
export type AttachOffer = z.infer<typeof attachOfferSchema>;

/** A tab's text attached to a draft ("This page"): which tab, what it was, and how many characters of text. */
export const attachedPageSchema = z.object({
  tabId: z.number(),
  title: z.string().check(z.maxLength(1_000)),
  url: z.string().check(z.maxLength(4_000)),
  chars: z.number().check(z.gte(0)),
});
export type AttachedPage = z.infer<typeof attachedPageSchema>;

/** A user-defined menu action: a prompt template with {selection}, {url} and {title}, sent at once to a bot. */
export const promptActionSchema = z.object({
  id,
  title: trimmed(100),
  template: trimmed(MAX_PROMPT_TEMPLATE_CHARS),
  /** The bot to ask; the currently selected bot when absent. */
  bot: z.optional(botName),
  /** Issue 16: shown in the page's "Ask Poe" menu and bubble too (absent: yes); `/` in the composer shows every prompt. */
  inMenu: z.optional(z.boolean()),
});
export type PromptAction = z.infer<typeof promptActionSchema>;

// ── Spending guard (issue 12) ─────────────────────────────────────────────────────────────────────────────────
/** Points: a whole, non-negative number of Poe points. */
const points = z.number().check(z.gte(0), z.lte(1e12));

/** The spending guard's settings: off (null) by default; bots outside `/v1/models` the user allowed once. */
export const guardPreferencesSchema = z.object({
  /** Points per local day; null: no daily budget. */
  dailyBudget: z.nullable(points),
  /** Points one answer may cost (its estimate's upper bound); null: no ceiling. */
  answerCeiling: z.nullable(points),
  /** Bots not in Poe's model list that the user confirmed once (lower-case names). */
  allowedBots: z.array(z.string()),
  /** The first-run suggestion to set limits: still to show, or dismissed (or acted on). */
  suggestion: z.enum(['show', 'dismissed']),
});
export type GuardPreferences = z.infer<typeof guardPreferencesSchema>;

/** How the points-per-USD rate of an estimate was found: from the account's own history, or assumed. */
const pointsRateSchema = z.object({ pointsPerUsd: z.number(), source: z.enum(['history', 'assumed']) });
export type PointsRate = z.infer<typeof pointsRateSchema>;

/** What a send would cost, worked out by the background from `/v1/models` pricing (lib/chat/estimate.ts). */
export const costEstimateSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tokens'),
    bot: z.string(),
    /** Input tokens (about): the history, this message, its files; `images` priced per image when Poe says so. */
    inputTokens: z.number(),
    historyTokens: z.number(),
    messageTokens: z.number(),
    fileTokens: z.number(),
    images: z.number(),
    /** Files whose kind cannot be counted (audio, video, unknown); they may add to the cost. */
    uncountedFiles: z.number(),
    /** The output range: a short answer to a long typical one (capped by the model's maximum). */
    outputTokens: z.tuple([z.number(), z.number()]),
    /** The model's longest possible answer, when Poe publishes it, and what that would cost. */
    maxOutputTokens: z.optional(z.number()),
    maxPoints: z.optional(z.number()),
    usd: z.tuple([z.number(), z.number()]),
    points: z.tuple([z.number(), z.number()]),
    rate: pointsRateSchema,
  }),
  z.object({
    kind: z.literal('request'),
    bot: z.string(),
    /** A fixed price per request (or per image made). */
    usd: z.number(),
    points: z.number(),
    rate: pointsRateSchema,
  }),
  z.object({
    kind: z.literal('unknown'),
    bot: z.string(),
    /** `not_published`: Poe lists the bot without a price; `unknown_bot`: not in `/v1/models`; `no_list`: no model list yet. */
    reason: z.enum(['not_published', 'unknown_bot', 'no_list']),
  }),
]);
export type CostEstimate = z.infer<typeof costEstimateSchema>;

/** Today's spending as the guard counts it (Poe's points history for the local day, plus our answers not listed yet). */
export const spendSchema = z.object({
  /** Points spent today; undefined when no daily budget is set or the history could not be read. */
  spentToday: z.optional(z.number()),
  dailyBudget: z.nullable(z.number()),
  answerCeiling: z.nullable(z.number()),
  /** `warning`: 80% of the daily budget or more; `over`: the budget is spent. */
  level: z.enum(['ok', 'warning', 'over']),
});
export type Spend = z.infer<typeof spendSchema>;

/** Why a send waits for the user's OK, in words for people. */
const holdReasonSchema = z.object({
  kind: z.enum(['ceiling', 'budget', 'unknown_price', 'unknown_bot']),
  message: z.string(),
});

/** A send the guard holds until the user says "Send anyway" or cancels it. */
export const heldSendSchema = z.object({
  /** The request id of the held command (the confirmation names it). */
  requestId: z.string(),
  /** What was asked: a new question, a regeneration, an edited question. */
  action: z.enum(['send', 'retry', 'edit', 'compare']),
  /** Where it came from: the composer, or a web page (menu, quick action, prompt action). */
  origin: z.enum(['page', 'web']),
  bot: z.string(),
  conversationId: z.nullable(z.string()),
  /** The question (for a regeneration: the question re-asked). */
  text: z.string(),
  attachments: z.array(pendingAttachmentSchema),
  reasons: z.array(holdReasonSchema),
  /** The estimate's upper bound in points, when known: "Send anyway (up to N points)". */
  upToPoints: z.optional(z.number()),
  createdAt: z.number(),
});
export type HeldSend = z.infer<typeof heldSendSchema>;

/** What an estimate is asked for: the draft exactly as the page shows it. */
const draftShape = {
  conversationId: z.nullable(id),
  bot: botName,
  text: z.string().check(z.maxLength(MAX_MESSAGE_CHARS)),
  parameters,
  attachments: z.array(pendingAttachmentSchema).check(z.maxLength(MAX_ATTACHMENTS)),
};
// ── end of the spending guard's schemas ───────────────────────────────────────────────────────────────────────

/**
 * The selection bubble (issue 13): off until the user turns it on in Settings (which asks for access to all sites).
 * `blockedSites`: host names it stays away from ("Not on this site"). `suggestion`: offered once, after the first
 * answer that arrived (`waiting` until then).
 */
export const pageBubblePreferencesSchema = z.object({
  enabled: z.boolean(),
  blockedSites: z.array(z.string().check(z.maxLength(253))),
  suggestion: z.enum(['waiting', 'show', 'dismissed']),
  /**
   * Why it is off when the user did not turn it off: the access to all sites was taken back in the browser's own
   * settings (Settings says so). Cleared when the user turns it on or off.
   */
  offBecause: z.optional(z.literal('accessRemoved')),
});
export type PageBubblePreferences = z.infer<typeof pageBubblePreferencesSchema>;

/**
 * Translation (issue 13): `into`, a BCP 47 language code chosen in Settings, or null for the browser's language;
 * `lastUsed`, the language last picked in a "Translate to…" list (offered when the text already is in `into`).
 */
export const translationPreferencesSchema = z.object({
  into: z.nullable(z.string().check(z.maxLength(40))),
  lastUsed: z.nullable(z.string().check(z.maxLength(40))),
});
export type TranslationPreferences = z.infer<typeof translationPreferencesSchema>;

/** Every preference; the background owns them and pages change them only by command. */
export const preferencesSchema = z.object({
  selectedBot: z.string(),
  /** Parameter values the user chose, per bot (only those changed from the defaults). */
  botParameters: z.record(z.string(), parameters),
  /** Bots asked most recently, newest first. */
  recentBots: z.array(z.string()),
  promptActions: z.array(promptActionSchema),
  /** The spending guard (issue 12). */
  guard: guardPreferencesSchema,
  /** The selection bubble on web pages (issue 13). */
  pageBubble: pageBubblePreferencesSchema,
  /** Where "Translate" goes (issue 13). */
  translation: translationPreferencesSchema,
});
export type Preferences = z.infer<typeof preferencesSchema>;

/** Which page sent a command: requests from web pages ("Ask Poe about…") go to side panels. */
export const surfaceSchema = z.enum(['sidepanel', 'popup', 'options', 'tab']);
export type Surface = z.infer<typeof surfaceSchema>;

/** A command with its request id. */
const command = <T extends string, S extends Record<string, z.core.SomeType>>(type: T, shape: S) =>
  z.object({ type: z.literal(type), requestId, ...shape });

export const uiCommandSchema = z.discriminatedUnion('type', [
  /**
   * Ask for a full snapshot (sent after every connect). `conversationId` is what the page shows after a reconnect;
   * a freshly opened page sends none and is shown the conversation pages showed last.
   */
  command('hello', { conversationId: z.optional(z.nullable(id)), surface: surfaceSchema }),
  /** Validate a key with the balance endpoint, then store it. */
  command('setKey', { key: trimmed(500) }),
  command('removeKey', {}),
  /** Sign in with Poe (OAuth, protocol §9): the background opens Poe's consent window and stores the key it gets. */
  command('signInWithPoe', {}),
  command('refreshBalance', {}),
  command('refreshModels', {}),
  /** Advanced: point the extension at another Poe base URL (the fake server in tests and the demo). */
  command('setBaseUrl', { baseUrl: trimmed(300) }),
  command('selectBot', { bot: botName }),
  /** One parameter of one bot; `null` goes back to the bot's default. */
  command('setBotParameter', { bot: botName, name: trimmed(100), value: z.nullable(parameterValue) }),
  command('setPromptActions', { actions: z.array(promptActionSchema).check(z.maxLength(MAX_PROMPT_ACTIONS)) }),
  /**
   * Issue 16: a saved prompt chosen with `/` in the composer, its variables filled from the active tab of the window
   * last focused; answered with a `promptFilled` event carrying this request id. `{page}` is not pasted: the page
   * attaches the tab ("This page") and the text names the attachment.
   */
  command('fillPrompt', { promptId: id }),
  /** Show a conversation in this page; `null` starts a new, empty one. */
  command('selectConversation', { conversationId: z.nullable(id) }),
  command('renameConversation', { conversationId: id, title: trimmed(MAX_TITLE_CHARS) }),
  command('deleteConversation', { conversationId: id }),
  /** Conversations whose title or text contains `query`. */
  command('searchConversations', { query: z.string().check(z.maxLength(MAX_SEARCH_CHARS)) }),
  /** The next page of the conversation list (newest first), after the last one the page has (`before`: its `updatedAt`). */
  command('loadConversations', { before: z.number() }),
  /** Earlier messages of a long conversation, before the first one the page has (its `seq`). */
  command('loadEarlierMessages', { conversationId: id, beforeSeq: z.number() }),
  /**
   * A page of the points history (newest first), matched to answers where possible: the first, or the one after
   * `startingAfter` (the cursor the last page gave). `all`: go on page after page to the end of Poe's 30 days.
   */
  command('loadUsage', { startingAfter: z.optional(text(200)), all: z.optional(z.boolean()) }),
  /**
   * A new user turn, exactly as the page showed it when the user acted: the conversation (`null`: a new one), the
   * bot, its parameters and the draft's files.
   */
  command('send', {
    conversationId: z.nullable(id),
    bot: botName,
    text: text(MAX_MESSAGE_CHARS),
    parameters,
    attachments: z.array(pendingAttachmentSchema).check(z.maxLength(MAX_ATTACHMENTS)),
  }),
  command('stop', { conversationId: id }),
  /**
   * Compare (issue 16): the same question, with the draft's files, to 2–4 different bots at once, each in a new
   * conversation of its own with that bot's saved parameters. The spending guard judges them together (the total
   * against the daily budget). Each column is announced with a `compareColumn` event before anything of it is posted,
   * and this page follows it.
   */
  command('compare', {
    bots: z
      .array(botName)
      .check(z.minLength(MIN_COMPARE_BOTS), z.maxLength(MAX_COMPARE_BOTS))
      .check(z.refine((bots) => new Set(bots.map((bot) => bot.toLowerCase())).size === bots.length, 'Each bot once')),
    text: text(MAX_MESSAGE_CHARS).check(z.minLength(1)),
    attachments: z.array(pendingAttachmentSchema).check(z.maxLength(MAX_ATTACHMENTS)),
  }),
  /** What a compare of this draft would cost (each bot, the total) and whether the guard would hold it; answered with `compareEstimate`. */
  command('estimateCompare', {
    bots: z.array(botName).check(z.minLength(MIN_COMPARE_BOTS), z.maxLength(MAX_COMPARE_BOTS)),
    text: z.string().check(z.maxLength(MAX_MESSAGE_CHARS)),
    attachments: z.array(pendingAttachmentSchema).check(z.maxLength(MAX_ATTACHMENTS)),
  }),
  /**
   * Follow these conversations besides the one shown (a compare's columns), or none; answered with a `watched` event
   * for each. A page sends it again after a reconnect.
   */
  command('watch', { conversationIds: z.array(id).check(z.maxLength(MAX_COMPARE_BOTS)) }),
  /**
   * Re-ask the turn that `messageId` (a bot answer) answered: after an error, an interruption, or to regenerate (the
   * earlier answer is kept as a version). `bot`: "Regenerate with…" another bot, with that bot's saved parameters.
   */
  command('retry', { conversationId: id, messageId: id, bot: z.optional(botName) }),
  /** "Check again": watch a stopped video job (its answer, `messageId`) on Poe once more (issue 15). */
  command('checkVideoJob', { conversationId: id, messageId: id }),
  /** Change a user message and ask again from there; the earlier question and what followed it stay a version. */
  command('editAndResend', { conversationId: id, messageId: id, text: text(MAX_MESSAGE_CHARS) }),
  /**
   * Show version `to` (0-based) of the message `messageId` (one with `versions`) and that version's own continuation;
   * answered with a `conversation` event. Refused while the conversation is answering.
   */
  command('switchVersion', { conversationId: id, messageId: id, to: z.number().check(z.int(), z.gte(0), z.lte(10_000)) }),
  // ── Spending guard (issue 12) ──
  /** What sending this draft would cost; answered with an `estimate` event carrying this request id. */
  command('estimate', draftShape),
  /** "Send anyway": carry out the held command `heldRequestId` once, past the guard. */
  command('confirmHeld', { heldRequestId: requestId }),
  /** Drop a held command; `keepFiles`: its files go back to the page's draft (kept at the file door). */
  command('cancelHeld', { heldRequestId: requestId, keepFiles: z.boolean() }),
  /** The daily budget and the per-answer ceiling, in points; null turns one off. */
  command('setSpendingLimits', { dailyBudget: z.nullable(points), answerCeiling: z.nullable(points) }),
  command('dismissGuardSuggestion', {}),
  /** Forget a bot outside Poe's list that was allowed once: it asks again next time. */
  command('forgetAllowedBot', { bot: botName }),
  // ── The selection bubble (issue 13) ──
  /**
   * Show Poe on text selection, or stop. The page asks the browser for access to all sites in the click first and
   * sends `enabled: true` only when granted; the background checks the access again before it registers anything.
   */
  command('setPageBubble', { enabled: z.boolean() }),
  /** "Allow again": take a site off the list the bubble stays away from. */
  command('allowBubbleOnSite', { site: z.string().check(z.maxLength(253)) }),
  /** "No thanks" (or done with) the one-time suggestion to turn the bubble on. */
  command('dismissBubbleSuggestion', {}),
  // ── Chat with this page (issue 13) ──
  /**
   * "This page": read the active tab of the window last focused (`tabId`: that tab again, a refresh) and park its text
   * at the file door; answered with a `pageAttach` event carrying this request id.
   */
  command('attachPage', { tabId: z.optional(z.number().check(z.int(), z.gte(0))) }),
  // ── Videos (issue 14) ──
  /**
   * A timestamp clicked in an answer about a video: seek it in the tab showing it (and bring that tab forward), or
   * open the video at that time in a new tab.
   */
  command('seekVideo', { url: z.string().check(z.maxLength(4_000)), seconds: z.number().check(z.gte(0), z.lte(1_000_000)) }),
  /** The language "Translate" goes into: a BCP 47 code, or null for the browser's. */
  command('setTranslation', { into: z.nullable(z.string().check(z.trim(), z.minLength(2), z.maxLength(40))) }),
  // ── Export and import (issue 16) ──
  /** One conversation as a file: Markdown to read, or JSON (a backup of one, importable); answered with `exportFile`. */
  command('exportConversation', { conversationId: id, format: exportFormatSchema }),
  /** Every conversation as one JSON backup; answered with `exportFile`. */
  command('exportHistory', {}),
  /**
   * Import a backup file's text (checked against MAX_BACKUP_BYTES by the page first, and here again). Nothing already
   * here is overwritten unless `onExisting` says so; `ask` imports nothing when some exist and lists them in the
   * `importResult`. A file that is not a backup, or of a newer format, is refused whole: nothing is written.
   */
  command('importBackup', { text: z.string().check(z.minLength(1), z.maxLength(MAX_BACKUP_BYTES)), onExisting: onExistingSchema }),
]);
export type UiCommand = z.infer<typeof uiCommandSchema>;
/** A command as a page writes it, before the store gives it a request id. */
export type UiIntent = UiCommand extends infer C ? (C extends UiCommand ? Omit<C, 'requestId'> : never) : never;


/** Points as Poe reports them (a refund or a correction may be negative). */
const signedPoints = z.number().check(z.gte(-1e12), z.lte(1e12));
const usd = z.number().check(z.gte(-1e9), z.lte(1e9));
/** Epoch milliseconds. */
const time = z.number().check(z.gte(0));
/** A grant Poe announced: when it arrives and how many points (either may be unknown). */
const grantSchema = z.object({ at: z.optional(time), amount: z.optional(signedPoints) });

/** What the balance is made of, as far as Poe said (protocol §4.6: every field optional). */
export const balanceDetailsSchema = z.object({
  planPoints: z.optional(signedPoints),
  addonPoints: z.optional(signedPoints),
  planUsd: z.optional(usd),
  addonUsd: z.optional(usd),
  totalUsd: z.optional(usd),
  nextDailyGrant: z.optional(grantSchema),
  nextMonthlyGrant: z.optional(grantSchema),
  /** null: Poe says there is none set up; absent: Poe did not say. */
  autoRecharge: z.optional(
    z.nullable(
      z.object({
        enabled: z.boolean(),
        thresholdPoints: z.optional(signedPoints),
        thresholdUsd: z.optional(usd),
        refillPoints: z.optional(signedPoints),
        refillUsd: z.optional(usd),
        lastFailureAt: z.optional(time),
      }),
    ),
  ),
  /** When the background read it from Poe. */
  fetchedAt: time,
});
export type BalanceDetails = z.infer<typeof balanceDetailsSchema>;
/** How the stored key came: pasted by the user, or made by Poe when the user signed in with Poe (protocol §9). */
export const storedKeyInfoSchema = z.object({
  origin: z.enum(['pasted', 'signIn']),
  /** When Poe stops accepting the key (epoch ms); absent when it does not expire. */
  expiresAt: z.optional(z.number()),
});
export type StoredKeyInfo = z.infer<typeof storedKeyInfoSchema>;

export const accountSchema = z.object({
  hasKey: z.boolean(),
  /** `…last4` of the stored key; never the key. */
  keyHint: z.optional(z.string()),
  /** How the stored key came and when it expires. */
  keyInfo: z.optional(storedKeyInfoSchema),
  /**
   * Present when this build can sign in with Poe (it has a client id): whether a sign-in window is open now, and why
   * the last sign-in failed (kept until the next attempt or a new key).
   */
  signIn: z.optional(z.object({ pending: z.boolean(), error: z.optional(errorInfoSchema) })),
  balance: z.optional(z.number()),
  balanceDetails: z.optional(balanceDetailsSchema),
  /** Points spent per day lately, from Poe's points history; absent when unknown. */
  dailySpend: z.optional(z.number().check(z.gte(0), z.lte(1e12))),
  balanceError: z.optional(errorInfoSchema),
  baseUrl: z.string(),
  /** False when the browser no longer lets Poe Toolbar reach Poe's hosts (the user revoked site access). */
  hostAccess: z.boolean(),
});
export type AccountState = z.infer<typeof accountSchema>;

export const parameterSpecSchema = z.object({
  name: z.string(),
  description: z.optional(z.string()),
  defaultValue: z.optional(parameterValue),
  control: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('boolean') }),
    z.object({ kind: z.literal('number'), min: z.number(), max: z.number() }),
    z.object({ kind: z.literal('enum'), options: z.array(z.string()) }),
    z.object({ kind: z.literal('string') }),
  ]),
});
export type ParameterSpec = z.infer<typeof parameterSpecSchema>;

export const modelSummarySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  description: z.optional(z.string()),
  iconUrl: z.optional(z.string()),
  inputModalities: z.array(z.string()),
  outputModalities: z.array(z.string()),
  /** A short price line such as "$2.60 in / $13 out per 1M tokens". */
  priceHint: z.optional(z.string()),
  /** 'free': every published price is zero; 'paid': some price is not; absent: Poe publishes no price. */
  priceClass: z.optional(z.enum(['free', 'paid'])),
  parameters: z.array(parameterSpecSchema),
  /** USD prices from `/v1/models` (per token, or per request/image); null: not published; absent: an older cache. */
  pricing: z.optional(
    z.nullable(
      z.object({
        prompt: z.optional(z.number()),
        completion: z.optional(z.number()),
        image: z.optional(z.number()),
        request: z.optional(z.number()),
      }),
    ),
  ),
  /** The model's longest answer in tokens, when Poe says. */
  maxOutputTokens: z.optional(z.number()),
  /** Runs through Poe's asynchronous Videos API (its entry lists `/v1/videos`): a background job, not a stream (issue 15). */
  videoJobs: z.optional(z.literal(true)),
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

export const messageStatusSchema = z.enum([
  'pending',
  'streaming',
  'retrying',
  'complete',
  'incomplete',
  'interrupted',
  'stopped',
  'error',
]);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

export { isInProgress } from './rules';

/** Poe's breakdown of a charge: label → text ("Input" → "120 points (3581 tokens)"), in Poe's order. */
export const costBreakdownSchema = z.record(z.string().check(z.maxLength(100)), z.string().check(z.maxLength(300)));
export type CostBreakdown = z.infer<typeof costBreakdownSchema>;

/**
 * A video job behind a bot answer (issue 15), as the answer shows it. `creating`: the request is on its way to Poe;
 * `queued`/`in_progress`: Poe is making it (polled about every 5 s, even with no page open and across restarts);
 * `downloading`: done on Poe, its bytes coming into the extension; `completed`: the video is a `stored` file of the
 * answer; `failed`: Poe said so; `expired`: Poe deleted the result before it was downloaded; `stopped`: the user
 * stopped watching it (Poe has no cancel: it may still finish and be charged).
 */
export const videoJobInfoSchema = z.object({
  /** Poe's video id; absent while `creating`. */
  id: z.optional(z.string().check(z.maxLength(200))),
  status: z.enum(['creating', 'queued', 'in_progress', 'downloading', 'completed', 'failed', 'expired', 'stopped']),
  /** 0–100, as Poe last reported it. */
  progress: z.number().check(z.gte(0), z.lte(100)),
  /** What was asked (`seconds`, `size`), as sent. */
  seconds: z.optional(z.string().check(z.maxLength(20))),
  size: z.optional(z.string().check(z.maxLength(40))),
  /** Epoch ms: when Poe took the job, when it finished, and when Poe deletes the result. */
  createdAt: z.optional(z.number()),
  completedAt: z.optional(z.number()),
  expiresAt: z.optional(z.number()),
});
export type VideoJobInfo = z.infer<typeof videoJobInfoSchema>;

export const chatMessageSchema = z.object({
  id: z.string(),
  /** Order within the conversation (pages ask for earlier messages by it). */
  seq: z.number(),
  role: z.enum(['system', 'user', 'bot']),
  bot: z.string(),
  text: z.string(),
  status: messageStatusSchema,
  createdAt: z.number(),
  contentType: z.optional(z.enum(['text/markdown', 'text/plain'])),
  attachments: z.optional(z.array(attachmentSchema)),
  files: z.optional(z.array(attachmentSchema)),
  parameters: z.optional(parameters),
  error: z.optional(errorInfoSchema),
  /** While retrying: when the next attempt starts (epoch ms). */
  retryAt: z.optional(z.number()),
  suggestedReplies: z.optional(z.array(z.string())),
  /** What the answer cost, from Poe's points history once it lists the charge. */
  pointsCost: z.optional(z.number()),
  /** The same in USD, as Poe wrote it (a decimal string). */
  pointsCostUsd: z.optional(z.string()),
  pointsBreakdown: z.optional(costBreakdownSchema),
  /** On a user message: the request id of the `send` that made it, so the page can replace its "sending" bubble. */
  requestId: z.optional(z.string()),
  /** On a bot answer from a video model: its job on Poe (issue 15). */
  job: z.optional(videoJobInfoSchema),
  /**
   * A message that was regenerated or edited: which of its versions this is (0-based) and how many there are; each
   * version has its own continuation (lib/chat/versions.ts).
   */
  versions: z.optional(z.object({ index: z.number().check(z.int(), z.gte(0)), count: z.number().check(z.int(), z.gte(1)) })),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const conversationSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  bot: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** The user named it: its title no longer follows the first message. */
  renamed: z.optional(z.boolean()),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

/** A search match: the conversation, and a snippet of the text that matched with the matched ranges in it. */
export const searchResultSchema = z.object({
  conversation: conversationSummarySchema,
  snippet: z.string(),
  /** [start, end) offsets into `snippet` of the matched words, for highlighting. */
  highlights: z.array(z.tuple([z.number(), z.number()])),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const usageEntrySchema = z.object({
  queryId: z.string(),
  bot: z.string(),
  /** Negative: a refund. */
  costPoints: z.number(),
  costUsd: z.optional(z.string()),
  breakdown: z.optional(costBreakdownSchema),
  creationTime: z.number(),
  usageType: z.string(),
  /** The poe.com chat a "Chat" charge came from. */
  chatName: z.optional(z.string()),
  /** The answer this charge paid for, when we could match it. */
  conversationId: z.optional(z.string()),
  conversationTitle: z.optional(z.string()),
});
export type UsageEntry = z.infer<typeof usageEntrySchema>;

export const backgroundEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    account: accountSchema,
    preferences: preferencesSchema,
    models: z.array(modelSummarySchema),
    /** The newest conversations; `moreConversations`: older ones can be loaded page by page. */
    conversations: z.array(conversationSummarySchema),
    moreConversations: z.boolean(),
    conversationId: z.nullable(z.string()),
    /** The latest messages of the conversation; `hasEarlier`: earlier ones can be loaded. */
    messages: z.array(chatMessageSchema),
    hasEarlier: z.boolean(),
    /** The spending guard: sends waiting for the user's OK, and today's spending. */
    held: z.array(heldSendSchema),
    spend: spendSchema,
  }),
  z.object({ type: z.literal('account'), account: accountSchema }),
  z.object({ type: z.literal('preferences'), preferences: preferencesSchema }),
  z.object({ type: z.literal('models'), models: z.array(modelSummarySchema), error: z.optional(errorInfoSchema) }),
  /**
   * The newest conversations (the first page; the list changed). `more`: older ones exist, asked for with
   * `loadConversations`.
   */
  z.object({ type: z.literal('conversations'), conversations: z.array(conversationSummarySchema), more: z.boolean() }),
  /** An older page of the conversation list, answering `loadConversations`. */
  z.object({
    type: z.literal('conversationPage'),
    before: z.number(),
    conversations: z.array(conversationSummarySchema),
    more: z.boolean(),
  }),
  /** Ranked matches for `query`, best first, each with the text around its first match. */
  z.object({ type: z.literal('searchResults'), query: z.string(), results: z.array(searchResultSchema) }),
  /** Earlier messages of a conversation (answering `loadEarlierMessages`), oldest first. */
  z.object({
    type: z.literal('earlierMessages'),
    conversationId: z.string(),
    messages: z.array(chatMessageSchema),
    hasEarlier: z.boolean(),
  }),
  /**
   * A page of the points history answering `loadUsage`: `startingAfter` as asked (absent: the first page, which
   * replaces what the page had); `nextStartingAfter`: the cursor of the next page, absent at the end of the history.
   */
  z.object({
    type: z.literal('usage'),
    entries: z.array(usageEntrySchema),
    startingAfter: z.optional(z.string()),
    nextStartingAfter: z.optional(z.string()),
    /** More pages follow on their own (a `loadUsage` with `all`). */
    continuing: z.optional(z.boolean()),
    error: z.optional(errorInfoSchema),
  }),
  /** What the answers of a conversation cost together, as far as Poe's points history has told (all its answers, loaded or not). */
  z.object({
    type: z.literal('conversationCost'),
    conversationId: z.string(),
    points: z.number(),
    usd: z.optional(z.number()),
    /** How many answers are priced. */
    answers: z.number(),
  }),
  /**
   * This page now shows `conversationId` (null: a new, empty chat) with these messages. `requestId` names the
   * command of this page that asked for it (a select, a send to a new conversation); none when the background moved
   * the page (the conversation was deleted).
   */
  z.object({
    type: z.literal('conversation'),
    conversationId: z.nullable(z.string()),
    /** The latest messages; `hasEarlier`: earlier ones can be loaded with `loadEarlierMessages`. */
    messages: z.array(chatMessageSchema),
    hasEarlier: z.boolean(),
    requestId: z.optional(z.string()),
  }),
  /** A message appeared or changed in a way other than streamed text (status, error, chips, files). */
  z.object({ type: z.literal('message'), conversationId: z.string(), message: chatMessageSchema }),
  /** Streamed text: `append` adds to the message's text; `replace` replaces it (a bot's replace_response). */
  z.object({
    type: z.literal('delta'),
    conversationId: z.string(),
    messageId: z.string(),
    append: z.optional(z.string()),
    replace: z.optional(z.string()),
  }),
  /**
   * A compare started (`requestId`: the compare command, or the "Send anyway" that let a held one go): its columns
   * follow, one `compareColumn` each.
   */
  z.object({ type: z.literal('compareStarted'), requestId: z.string(), bots: z.array(z.string()), text: z.string() }),
  /** A compare's column `index` (`requestId`: the compare command) is the conversation `conversationId`, or failed to start. */
  z.object({
    type: z.literal('compareColumn'),
    requestId: z.string(),
    index: z.number(),
    bot: z.string(),
    conversationId: z.optional(z.string()),
    error: z.optional(errorInfoSchema),
  }),
  /** Answers `estimateCompare`: each bot's estimate, in the order asked, the most they could cost together when known. */
  z.object({
    type: z.literal('compareEstimate'),
    requestId: z.string(),
    estimates: z.array(costEstimateSchema),
    upToPoints: z.optional(z.number()),
    wouldHold: z.boolean(),
  }),
  /** A conversation this page follows besides the one it shows (`watch`), as it is now. */
  z.object({
    type: z.literal('watched'),
    conversationId: z.string(),
    messages: z.array(chatMessageSchema),
    /** It was deleted meanwhile (from History). */
    gone: z.optional(z.boolean()),
  }),
  z.object({ type: z.literal('messagesRemoved'), conversationId: z.string(), messageIds: z.array(z.string()) }),
  /**
   * A request from a web page ("Ask Poe about…", a capture) for the side panel: add this text and these files to the
   * draft and focus the composer, or show a conversation that was already sent.
   */
  z.object({
    type: z.literal('handoff'),
    handoff: z.discriminatedUnion('kind', [
      /** `quote`: a selection, held in the draft as its own block above the question (issue 13). */
      z.object({ kind: z.literal('compose'), text: z.string(), attachments: z.array(pendingAttachmentSchema), quote: z.optional(quoteSchema) }),
      z.object({ kind: z.literal('open'), conversationId: z.string() }),
      /** A page ask the spending guard holds: the panel shows it and asks (see the `held` list). */
      z.object({ kind: z.literal('held'), requestId: z.string() }),
      /** The request could not be carried out (e.g. a page extensions may not read). */
      z.object({ kind: z.literal('error'), error: errorInfoSchema, offer: z.optional(attachOfferSchema) }),
    ]),
  }),
  // ── Chat with this page (issue 13) ──
  /**
   * The answer to `attachPage`: the tab's text parked at the file door, with what the chip shows; or why it could not
   * be read (`origin`: the site to ask access to, when the browser told us which).
   */
  z.object({
    type: z.literal('pageAttach'),
    requestId: z.string(),
    result: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), attachment: pendingAttachmentSchema, page: attachedPageSchema }),
      z.object({ ok: z.literal(false), error: errorInfoSchema, origin: z.optional(z.string()), offer: z.optional(attachOfferSchema) }),
    ]),
  }),
  /** Issue 16: the answer to `fillPrompt`: the prompt's text with its variables filled, or why it could not be. */
  z.object({
    type: z.literal('promptFilled'),
    requestId: z.string(),
    result: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), text: text(MAX_MESSAGE_CHARS) }),
      z.object({ ok: z.literal(false), error: errorInfoSchema }),
    ]),
  }),
  /** A tab a page attached navigated or closed: the attached text may be out of date. */
  z.object({ type: z.literal('pageChanged'), tabId: z.number(), closed: z.boolean() }),
  // ── Spending guard (issue 12) ──
  /** The answer to an `estimate` command. */
  z.object({ type: z.literal('estimate'), requestId: z.string(), estimate: costEstimateSchema, wouldHold: z.boolean() }),
  /** Every send waiting for the user's OK (the list changed). */
  z.object({ type: z.literal('held'), held: z.array(heldSendSchema) }),
  z.object({ type: z.literal('spend'), spend: spendSchema }),
  /**
   * The command `requestId` was not carried out yet: the guard holds it until the user confirms (`confirmHeld`) or
   * cancels it; it is in the `held` list.
   */
  z.object({ type: z.literal('commandHeld'), requestId: z.string(), command: z.string() }),
  // ── Export and import (issue 16) ──
  /** A file for the page to save (answering `exportConversation` / `exportHistory`). */
  z.object({ type: z.literal('exportFile'), requestId: z.string(), fileName: z.string(), mimeType: z.string(), text: z.string() }),
  /** What an `importBackup` did, or (with `existing`) what it needs the user to decide first. */
  z.object({ type: z.literal('importResult'), requestId: z.string(), report: importReportSchema }),
  /** The command `requestId` was carried out (for `send`: the question is stored and its answer is on its way). */
  z.object({ type: z.literal('done'), requestId: z.string(), command: z.string() }),
  /** The command `requestId` could not be carried out; for `send`, nothing was sent and the page keeps its draft. */
  z.object({ type: z.literal('commandFailed'), requestId: z.string(), command: z.string(), error: errorInfoSchema }),
]);
export type BackgroundEvent = z.infer<typeof backgroundEventSchema>;
export type Handoff = Extract<BackgroundEvent, { type: 'handoff' }>['handoff'];
