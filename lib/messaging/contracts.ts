import * as z from 'zod/mini';

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
const botName = trimmed(100);
const id = text(100);
const parameterValue = z.union([z.string().check(z.maxLength(10_000)), z.number(), z.boolean()]);
const parameters = z.record(z.string().check(z.maxLength(100)), parameterValue);

const attachmentSchema = z.object({
  url: z.string().check(z.maxLength(2_000)),
  contentType: z.string().check(z.maxLength(200)),
  name: z.string().check(z.maxLength(500)),
  size: z.optional(z.number().check(z.gte(0))),
  inlineRef: z.optional(z.string().check(z.maxLength(100))),
});
export type AttachmentInfo = z.infer<typeof attachmentSchema>;

/** A file the page put in the pending-uploads store; the background uploads it when the message is sent. */
const pendingAttachmentSchema = z.object({
  pendingId: id,
  name: z.string().check(z.maxLength(500)),
  contentType: z.string().check(z.maxLength(200)),
  size: z.number().check(z.gte(0)),
});
export type PendingAttachment = z.infer<typeof pendingAttachmentSchema>;

export const uiCommandSchema = z.discriminatedUnion('type', [
  /** Ask for a full snapshot (sent after every connect). `conversationId` reopens what the page showed before. */
  z.object({
    type: z.literal('hello'),
    conversationId: z.optional(z.nullable(id)),
    /** Which page this is: requests from web pages ("Ask Poe about…") go to side panels. */
    surface: z.enum(['sidepanel', 'popup', 'options']),
  }),
  /** Validate a key with the balance endpoint, then store it. */
  z.object({ type: z.literal('setKey'), key: trimmed(500) }),
  z.object({ type: z.literal('removeKey') }),
  z.object({ type: z.literal('refreshBalance') }),
  z.object({ type: z.literal('refreshModels') }),
  /** Advanced: point the extension at another Poe base URL (the fake server in tests and the demo). */
  z.object({ type: z.literal('setBaseUrl'), baseUrl: trimmed(300) }),
  z.object({ type: z.literal('selectBot'), bot: botName }),
  /** Show a conversation in this page; `null` starts a new, empty one. */
  z.object({ type: z.literal('selectConversation'), conversationId: z.nullable(id) }),
  z.object({ type: z.literal('renameConversation'), conversationId: id, title: trimmed(200) }),
  z.object({ type: z.literal('deleteConversation'), conversationId: id }),
  /** Conversations whose title or text contains `query`. */
  z.object({ type: z.literal('searchConversations'), query: z.string().check(z.maxLength(200)) }),
  /** The recent points history, matched to answers where possible. */
  z.object({ type: z.literal('loadUsage') }),
  /** A new user turn; without `conversationId` it starts a new conversation. */
  z.object({
    type: z.literal('send'),
    conversationId: z.optional(id),
    bot: botName,
    text: text(200_000),
    parameters: z.optional(parameters),
    attachments: z.optional(z.array(pendingAttachmentSchema).check(z.maxLength(10))),
  }),
  z.object({ type: z.literal('stop'), conversationId: id }),
  /** Re-ask the turn that `messageId` (a bot answer) answered: after an error, an interruption, or to regenerate. */
  z.object({ type: z.literal('retry'), conversationId: id, messageId: id }),
  /** Change a user message and ask again from there; later messages are dropped. */
  z.object({ type: z.literal('editAndResend'), conversationId: id, messageId: id, text: text(200_000) }),
]);
export type UiCommand = z.infer<typeof uiCommandSchema>;

export const errorInfoSchema = z.object({
  kind: z.string(),
  message: z.string(),
  status: z.optional(z.number()),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

export const accountSchema = z.object({
  hasKey: z.boolean(),
  /** `…last4` of the stored key; never the key. */
  keyHint: z.optional(z.string()),
  balance: z.optional(z.number()),
  balanceError: z.optional(errorInfoSchema),
  baseUrl: z.string(),
  selectedBot: z.string(),
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

/** An answer still on its way: nothing about it is final yet. Every other status is an end. */
export function isInProgress(status: MessageStatus): boolean {
  return status === 'pending' || status === 'streaming' || status === 'retrying';
}

export const chatMessageSchema = z.object({
  id: z.string(),
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
  pointsCost: z.optional(z.number()),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const conversationSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  bot: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

export const usageEntrySchema = z.object({
  queryId: z.string(),
  bot: z.string(),
  costPoints: z.number(),
  creationTime: z.number(),
  usageType: z.string(),
  /** The answer this charge paid for, when we could match it. */
  conversationId: z.optional(z.string()),
  conversationTitle: z.optional(z.string()),
});
export type UsageEntry = z.infer<typeof usageEntrySchema>;

export const backgroundEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    account: accountSchema,
    models: z.array(modelSummarySchema),
    conversations: z.array(conversationSummarySchema),
    conversationId: z.nullable(z.string()),
    messages: z.array(chatMessageSchema),
  }),
  z.object({ type: z.literal('account'), account: accountSchema }),
  z.object({ type: z.literal('models'), models: z.array(modelSummarySchema), error: z.optional(errorInfoSchema) }),
  /** The answer to a `setKey` command. */
  z.object({ type: z.literal('keyResult'), ok: z.boolean(), error: z.optional(errorInfoSchema) }),
  z.object({ type: z.literal('settingsResult'), ok: z.boolean(), error: z.optional(errorInfoSchema) }),
  z.object({ type: z.literal('conversations'), conversations: z.array(conversationSummarySchema) }),
  z.object({ type: z.literal('searchResults'), query: z.string(), conversations: z.array(conversationSummarySchema) }),
  z.object({ type: z.literal('usage'), entries: z.array(usageEntrySchema), error: z.optional(errorInfoSchema) }),
  /** This page now shows `conversationId` (null: a new, empty chat) with these messages. */
  z.object({ type: z.literal('conversation'), conversationId: z.nullable(z.string()), messages: z.array(chatMessageSchema) }),
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
   * A request from a web page ("Ask Poe about…", a capture) for the side panel: start a new chat with this draft and
   * these files and focus the composer, or show a conversation that was already sent.
   */
  z.object({
    type: z.literal('handoff'),
    handoff: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('compose'), text: z.string(), attachments: z.array(pendingAttachmentSchema) }),
      z.object({ kind: z.literal('open'), conversationId: z.string() }),
      /** The request could not be carried out (e.g. a page extensions may not read). */
      z.object({ kind: z.literal('error'), message: z.string() }),
    ]),
  }),
  /** A command could not be carried out; for `send`, nothing was sent and the page keeps its draft. */
  z.object({ type: z.literal('commandFailed'), command: z.string(), error: errorInfoSchema }),
]);
export type BackgroundEvent = z.infer<typeof backgroundEventSchema>;
export type Handoff = Extract<BackgroundEvent, { type: 'handoff' }>['handoff'];
