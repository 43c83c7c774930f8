import { z } from 'zod';

/**
 * The contract between the extension's pages (side panel, popup) and the background. Pages connect a port named
 * {@link UI_PORT_NAME}, send {@link UiCommand}s and receive {@link BackgroundEvent}s. Both sides validate what they
 * receive with these schemas; anything else is dropped.
 */
export const UI_PORT_NAME = 'poe-toolbar-ui';

const botName = z.string().trim().min(1).max(100);
const parameterValue = z.union([z.string().max(10_000), z.number(), z.boolean()]);

export const uiCommandSchema = z.discriminatedUnion('type', [
  /** Ask for a full snapshot of the state (sent once after connecting). */
  z.object({ type: z.literal('hello') }),
  /** Validate a key with the balance endpoint, then store it. */
  z.object({ type: z.literal('setKey'), key: z.string().trim().min(1).max(500) }),
  z.object({ type: z.literal('removeKey') }),
  z.object({ type: z.literal('refreshBalance') }),
  z.object({ type: z.literal('refreshModels') }),
  /** Advanced: point the extension at another Poe base URL (the fake server in tests and the demo). */
  z.object({ type: z.literal('setBaseUrl'), baseUrl: z.string().trim().min(1).max(300) }),
  z.object({ type: z.literal('selectBot'), bot: botName }),
  z.object({
    type: z.literal('send'),
    bot: botName,
    text: z.string().min(1).max(200_000),
    parameters: z.record(z.string(), parameterValue).optional(),
  }),
  z.object({ type: z.literal('stop') }),
  /** Re-ask the last turn (after an error, an interruption or a stop). */
  z.object({ type: z.literal('retry') }),
  z.object({ type: z.literal('newChat') }),
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
  role: z.enum(['user', 'bot']),
  bot: z.string(),
  text: z.string(),
  status: messageStatusSchema,
  contentType: z.enum(['text/markdown', 'text/plain']).optional(),
  error: errorInfoSchema.optional(),
  /** While retrying: when the next attempt starts (epoch ms). */
  retryAt: z.number().optional(),
  suggestedReplies: z.array(z.string()).optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const backgroundEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    account: accountSchema,
    messages: z.array(chatMessageSchema),
    models: z.array(modelSummarySchema),
  }),
  z.object({ type: z.literal('account'), account: accountSchema }),
  z.object({ type: z.literal('models'), models: z.array(modelSummarySchema), error: errorInfoSchema.optional() }),
  /** The answer to a `setKey` command. */
  z.object({ type: z.literal('keyResult'), ok: z.boolean(), error: errorInfoSchema.optional() }),
  z.object({ type: z.literal('settingsResult'), ok: z.boolean(), error: errorInfoSchema.optional() }),
  /** A message appeared or changed in a way other than streamed text (status, error, chips). */
  z.object({ type: z.literal('message'), message: chatMessageSchema }),
  /** Streamed text: `append` adds to the message's text; `replace` replaces it (a bot's replace_response). */
  z.object({
    type: z.literal('delta'),
    messageId: z.string(),
    append: z.string().optional(),
    replace: z.string().optional(),
  }),
  z.object({ type: z.literal('cleared') }),
]);
export type BackgroundEvent = z.infer<typeof backgroundEventSchema>;
