import * as z from 'zod/mini';
import { errorInfoSchema } from './errors';
import {
  MAX_ATTACHMENTS,
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

export const attachmentSchema = z.object({
  url: z.string().check(z.maxLength(2_000)),
  contentType: z.string().check(z.maxLength(200)),
  name: z.string().check(z.maxLength(500)),
  size: z.optional(z.number().check(z.gte(0))),
  inlineRef: z.optional(z.string().check(z.maxLength(100))),
});
export type AttachmentInfo = z.infer<typeof attachmentSchema>;

/** A file parked at the file door (`lib/messaging/file-door.ts`); the background uploads it when the message is sent. */
const pendingAttachmentSchema = z.object({
  pendingId: id,
  name: z.string().check(z.maxLength(500)),
  contentType: z.string().check(z.maxLength(200)),
  size: z.number().check(z.gte(0)),
});
export type PendingAttachment = z.infer<typeof pendingAttachmentSchema>;

/** A user-defined menu action: a prompt template with {selection}, {url} and {title}, sent at once to a bot. */
export const promptActionSchema = z.object({
  id,
  title: trimmed(100),
  template: trimmed(MAX_PROMPT_TEMPLATE_CHARS),
  /** The bot to ask; the currently selected bot when absent. */
  bot: z.optional(botName),
});
export type PromptAction = z.infer<typeof promptActionSchema>;

/** Every preference; the background owns them and pages change them only by command. */
export const preferencesSchema = z.object({
  selectedBot: z.string(),
  /** Parameter values the user chose, per bot (only those changed from the defaults). */
  botParameters: z.record(z.string(), parameters),
  /** Bots asked most recently, newest first. */
  recentBots: z.array(z.string()),
  promptActions: z.array(promptActionSchema),
});
export type Preferences = z.infer<typeof preferencesSchema>;

/** Which page sent a command: requests from web pages ("Ask Poe about…") go to side panels. */
export const surfaceSchema = z.enum(['sidepanel', 'popup', 'options']);
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
  /** Re-ask the turn that `messageId` (a bot answer) answered: after an error, an interruption, or to regenerate. */
  command('retry', { conversationId: id, messageId: id }),
  /** Change a user message and ask again from there; later messages are dropped. */
  command('editAndResend', { conversationId: id, messageId: id, text: text(MAX_MESSAGE_CHARS) }),
]);
export type UiCommand = z.infer<typeof uiCommandSchema>;
/** A command as a page writes it, before the store gives it a request id. */
export type UiIntent = UiCommand extends infer C ? (C extends UiCommand ? Omit<C, 'requestId'> : never) : never;


const points = z.number().check(z.gte(-1e12), z.lte(1e12));
const usd = z.number().check(z.gte(-1e9), z.lte(1e9));
/** Epoch milliseconds. */
const time = z.number().check(z.gte(0));
/** A grant Poe announced: when it arrives and how many points (either may be unknown). */
const grantSchema = z.object({ at: z.optional(time), amount: z.optional(points) });

/** What the balance is made of, as far as Poe said (protocol §4.6: every field optional). */
export const balanceDetailsSchema = z.object({
  planPoints: z.optional(points),
  addonPoints: z.optional(points),
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
        thresholdPoints: z.optional(points),
        thresholdUsd: z.optional(usd),
        refillPoints: z.optional(points),
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
  z.object({ type: z.literal('messagesRemoved'), conversationId: z.string(), messageIds: z.array(z.string()) }),
  /**
   * A request from a web page ("Ask Poe about…", a capture) for the side panel: add this text and these files to the
   * draft and focus the composer, or show a conversation that was already sent.
   */
  z.object({
    type: z.literal('handoff'),
    handoff: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('compose'), text: z.string(), attachments: z.array(pendingAttachmentSchema) }),
      z.object({ kind: z.literal('open'), conversationId: z.string() }),
      /** The request could not be carried out (e.g. a page extensions may not read). */
      z.object({ kind: z.literal('error'), error: errorInfoSchema }),
    ]),
  }),
  /** The command `requestId` was carried out (for `send`: the question is stored and its answer is on its way). */
  z.object({ type: z.literal('done'), requestId: z.string(), command: z.string() }),
  /** The command `requestId` could not be carried out; for `send`, nothing was sent and the page keeps its draft. */
  z.object({ type: z.literal('commandFailed'), requestId: z.string(), command: z.string(), error: errorInfoSchema }),
]);
export type BackgroundEvent = z.infer<typeof backgroundEventSchema>;
export type Handoff = Extract<BackgroundEvent, { type: 'handoff' }>['handoff'];
