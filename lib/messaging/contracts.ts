import { z } from 'zod';

// Extension CSP forbids eval: tell zod not to probe for it (the probe would log CSP errors).
z.config({ jitless: true });

/**
 * The contract between the extension's pages (side panel, popup) and the background. Pages connect a port named
 * {@link UI_PORT_NAME}, send {@link UiCommand}s and receive {@link BackgroundEvent}s. Both sides validate what they
 * receive with these schemas; anything else is dropped.
 */
export const UI_PORT_NAME = 'poe-toolbar-ui';

const botName = z.string().trim().min(1).max(100);
const parameterValue = z.union([z.string().max(10_000), z.number(), z.boolean()]);

const id = z.string().min(1).max(100);
const attachmentSchema = z.object({
  url: z.string().url().max(2_000),
  contentType: z.string().max(200),
  name: z.string().max(500),
  size: z.number().nonnegative().optional(),
  inlineRef: z.string().max(100).optional(),
});
export type AttachmentInfo = z.infer<typeof attachmentSchema>;
const parameters = z.record(z.string().max(100), parameterValue);

export const uiCommandSchema = z.discriminatedUnion('type', [
  /** Ask for a full snapshot (sent after every connect). `conversationId` reopens what the page showed before. */
  z.object({ type: z.literal('hello'), conversationId: id.nullable().optional() }),
  /** Validate a key with the balance endpoint, then store it. */
  z.object({ type: z.literal('setKey'), key: z.string().trim().min(1).max(500) }),
  z.object({ type: z.literal('removeKey') }),
  z.object({ type: z.literal('refreshBalance') }),
  z.object({ type: z.literal('refreshModels') }),
  /** Advanced: point the extension at another Poe base URL (the fake server in tests and the demo). */
  z.object({ type: z.literal('setBaseUrl'), baseUrl: z.string().trim().min(1).max(300) }),
  z.object({ type: z.literal('selectBot'), bot: botName }),
  /** Show a conversation in this page; `null` starts a new, empty one. */
  z.object({ type: z.literal('selectConversation'), conversationId: id.nullable() }),
  z.object({ type: z.literal('renameConversation'), conversationId: id, title: z.string().trim().min(1).max(200) }),
  z.object({ type: z.literal('deleteConversation'), conversationId: id }),
  /** A new user turn; without `conversationId` it starts a new conversation. */
  z.object({
    type: z.literal('send'),
    conversationId: id.optional(),
    bot: botName,
    text: z.string().min(1).max(200_000),
    parameters: parameters.optional(),
  }),
  z.object({ type: z.literal('stop'), conversationId: id }),
  /** Re-ask the turn that `messageId` (a bot answer) answered: after an error, an interruption, or to regenerate. */
  z.object({ type: z.literal('retry'), conversationId: id, messageId: id }),
  /** Change a user message and ask again from there; later messages are dropped. */
  z.object({ type: z.literal('editAndResend'), conversationId: id, messageId: id, text: z.string().min(1).max(200_000) }),
]);
export type UiCommand = z.infer<typeof uiCommandSchema>;

export const errorInfoSchema = z.object({
  kind: z.string(),
  message: z.string(),
  status: z.number().optional(),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

export const accountSchema = z.object({
  hasKey: z.boolean(),
  /** `…last4` of the stored key; never the key. */
  keyHint: z.string().optional(),
  balance: z.number().optional(),
  balanceError: errorInfoSchema.optional(),
  baseUrl: z.string(),
  selectedBot: z.string(),
});
export type AccountState = z.infer<typeof accountSchema>;

export const modelSummarySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  description: z.string().optional(),
  iconUrl: z.string().optional(),
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

export const chatMessageSchema = z.object({
  id: z.string(),
  role: z.enum(['system', 'user', 'bot']),
  bot: z.string(),
  text: z.string(),
  status: messageStatusSchema,
  createdAt: z.number(),
  contentType: z.enum(['text/markdown', 'text/plain']).optional(),
  attachments: z.array(attachmentSchema).optional(),
  files: z.array(attachmentSchema).optional(),
  parameters: parameters.optional(),
  error: errorInfoSchema.optional(),
  /** While retrying: when the next attempt starts (epoch ms). */
  retryAt: z.number().optional(),
  suggestedReplies: z.array(z.string()).optional(),
  pointsCost: z.number().optional(),
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

export const backgroundEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    account: accountSchema,
    models: z.array(modelSummarySchema),
    conversations: z.array(conversationSummarySchema),
    conversationId: z.string().nullable(),
    messages: z.array(chatMessageSchema),
  }),
  z.object({ type: z.literal('account'), account: accountSchema }),
  z.object({ type: z.literal('models'), models: z.array(modelSummarySchema), error: errorInfoSchema.optional() }),
  /** The answer to a `setKey` command. */
  z.object({ type: z.literal('keyResult'), ok: z.boolean(), error: errorInfoSchema.optional() }),
  z.object({ type: z.literal('settingsResult'), ok: z.boolean(), error: errorInfoSchema.optional() }),
  z.object({ type: z.literal('conversations'), conversations: z.array(conversationSummarySchema) }),
  /** This page now shows `conversationId` (null: a new, empty chat) with these messages. */
  z.object({ type: z.literal('conversation'), conversationId: z.string().nullable(), messages: z.array(chatMessageSchema) }),
  /** A message appeared or changed in a way other than streamed text (status, error, chips, files). */
  z.object({ type: z.literal('message'), conversationId: z.string(), message: chatMessageSchema }),
  /** Streamed text: `append` adds to the message's text; `replace` replaces it (a bot's replace_response). */
  z.object({
    type: z.literal('delta'),
    conversationId: z.string(),
    messageId: z.string(),
    append: z.string().optional(),
    replace: z.string().optional(),
  }),
  z.object({ type: z.literal('messagesRemoved'), conversationId: z.string(), messageIds: z.array(z.string()) }),
  z.object({ type: z.literal('commandFailed'), command: z.string(), error: errorInfoSchema }),
]);
export type BackgroundEvent = z.infer<typeof backgroundEventSchema>;
