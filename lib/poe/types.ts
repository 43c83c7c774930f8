/**
 * Types of the Poe API as this client sees it: the wire shapes we send (snake_case, as Poe names them) and the
 * events, attachments and models we hand to callers (camelCase, already validated).
 */
import type { PoeError } from './errors';

// ---------------------------------------------------------------------------------------------------------------
// Request (wire shapes, protocol §1.2–1.3)
// ---------------------------------------------------------------------------------------------------------------

export type ProtocolRole = 'system' | 'user' | 'bot' | 'tool';

/** An attachment as it travels inside a {@link ProtocolMessage}. */
export interface ProtocolAttachment {
  url: string;
  content_type: string;
  name: string;
  inline_ref?: string | null;
  parsed_content?: string | null;
}

/** One message of the conversation, exactly as Poe's `QueryRequest.query` carries it. */
export interface ProtocolMessage {
  role: ProtocolRole;
  message_type: 'function_call' | null;
  sender_id: string | null;
  sender: { id: string | null; name: string | null } | null;
  content: string;
  /** Custom bot parameters (thinking_budget, aspect, …); only those of the last user message matter. */
  parameters: Record<string, unknown>;
  content_type: 'text/markdown' | 'text/plain';
  /** Microseconds since the Unix epoch; 0 when unknown (the reference client always sends 0). */
  timestamp: number;
  message_id: string;
  feedback: { type: 'like' | 'dislike'; reason: string | null }[];
  attachments: ProtocolAttachment[];
  /** The string a bot attached to this message with a `data` event, sent back on later requests. */
  metadata: string | null;
  referenced_message: ProtocolMessage | null;
  reactions: { user_id: string; reaction: string }[];
}

/**
 * What callers pass: role and content, plus any other {@link ProtocolMessage} field. Missing fields get the protocol
 * defaults. Attachments may be given in wire form or as the {@link PoeAttachment} that `uploadFile` returns.
 */
export type PartialProtocolMessage = { role: ProtocolRole; content: string } & Partial<
  Omit<ProtocolMessage, 'role' | 'content' | 'attachments'>
> & { attachments?: Array<ProtocolAttachment | PoeAttachment> };

/** The body of `POST /bot/<name>` (protocol §1.2), every field present as the reference client sends it. */
export interface QueryRequest {
  version: string;
  type: 'query';
  query: ProtocolMessage[];
  user_id: string;
  conversation_id: string;
  message_id: string;
  metadata: string;
  api_key: string;
  access_key: string;
  temperature: number | null;
  skip_system_prompt: boolean;
  logit_bias: Record<string, number>;
  stop_sequences: string[];
  language_code: string;
  adopt_current_bot_name: boolean | null;
  bot_query_id: string;
  users: { id: string; name: string | null }[];
  tools: unknown[] | null;
  tool_calls: unknown[] | null;
  tool_results: unknown[] | null;
  query_creation_time: number | null;
  extra_params: Record<string, unknown> | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Attachments
// ---------------------------------------------------------------------------------------------------------------

/** A file: one the user uploaded (from `uploadFile`) or one a bot sent in a `file` event. */
export interface PoeAttachment {
  url: string;
  contentType: string;
  name: string;
  /** Set on bot files: `![title][inlineRef]` in the answer's markdown refers to this file. */
  inlineRef?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Events yielded by streamBotResponse
// ---------------------------------------------------------------------------------------------------------------

/** How to render the answer. Only sent when it was the bot's very first event. */
export interface PoeMetaEvent {
  type: 'meta';
  /** `text/plain` means render verbatim; anything else the bot sent is treated as markdown. */
  contentType: 'text/markdown' | 'text/plain';
  /** Whether the bot asked for bare URLs to become links (false unless it said true). */
  linkify: boolean;
  /** Whether the bot intends to send suggested replies (false unless it said true). */
  suggestedReplies: boolean;
}

/** Text to append to the answer so far. */
export interface PoeTextEvent {
  type: 'text';
  text: string;
}

/** Text that replaces the whole answer so far (later `text` events append to it). */
export interface PoeReplaceResponseEvent {
  type: 'replace_response';
  text: string;
}

/** One suggested follow-up the UI can offer as a chip. */
export interface PoeSuggestedReplyEvent {
  type: 'suggested_reply';
  text: string;
}

/** A file the bot sent. With an `inlineRef`, `![title][inlineRef]` in the text displays it. */
export interface PoeFileEvent {
  type: 'file';
  attachment: PoeAttachment;
}

/** Opaque metadata for this bot message; send it back as the message's `metadata` in later requests. */
export interface PoeDataEvent {
  type: 'data';
  metadata: string;
}

/** A raw JSON object from the bot (OpenAI-style `chat.completion.chunk`s with tool calls), passed through. */
export interface PoeJsonEvent {
  type: 'json';
  data: Record<string, unknown>;
}

/**
 * The attempt failed before any output and another one will start after `delayMs`. `error.message` names the cause
 * only ("Poe is rate-limiting this key.", "Poe sent nothing for 10 minutes.") and never the wait: `delayMs` is the one
 * source of the countdown, e.g. `${error.message} Retrying in 12 s…` counted down live. The next attempt starts when
 * the wait is over (the caller's clock: event time + `delayMs`).
 */
export interface PoeRetryingEvent {
  type: 'retrying';
  /** The attempt about to start: 2, 3, … */
  attempt: number;
  /** How long until that attempt starts (Retry-After for a 429, capped at 60 s; else the backoff). */
  delayMs: number;
  error: PoeError;
}

/** Terminal: the bot finished its answer. */
export interface PoeDoneEvent {
  type: 'done';
}

/** Terminal: the stream closed cleanly after some output but without `done`; the partial answer stands. */
export interface PoeIncompleteEvent {
  type: 'incomplete';
}

/** Terminal: something failed after output was shown. The partial answer stands; nothing was retried. */
export interface PoeInterruptedEvent {
  type: 'interrupted';
  error: PoeError;
}

/** Terminal: the caller's AbortSignal fired. */
export interface PoeStoppedEvent {
  type: 'stopped';
}

/** Terminal: the request failed before any output (after the retries it was entitled to). */
export interface PoeFailedEvent {
  type: 'failed';
  error: PoeError;
}

/** Events that count as output: once one has been yielded, nothing is retried. */
export type PoeOutputEvent =
  | PoeTextEvent
  | PoeReplaceResponseEvent
  | PoeSuggestedReplyEvent
  | PoeFileEvent
  | PoeJsonEvent;

/** Exactly one of these ends every stream. */
export type PoeTerminalEvent =
  | PoeDoneEvent
  | PoeIncompleteEvent
  | PoeInterruptedEvent
  | PoeStoppedEvent
  | PoeFailedEvent;

export type PoeEvent = PoeMetaEvent | PoeDataEvent | PoeRetryingEvent | PoeOutputEvent | PoeTerminalEvent;

// ---------------------------------------------------------------------------------------------------------------
// Models (GET /v1/models, protocol §4.4)
// ---------------------------------------------------------------------------------------------------------------

/** How the UI should let people set a parameter. */
export type PoeParameterControl =
  | { kind: 'boolean' }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'enum'; options: string[] }
  | { kind: 'string' };

/** One custom parameter a model accepts (sent in the last user message's `parameters`). */
export interface PoeModelParameter {
  name: string;
  description?: string;
  defaultValue?: string | number | boolean;
  control: PoeParameterControl;
}

/** Prices in USD per token (or per image/request); absent where Poe gave none. */
export interface PoeModelPricing {
  prompt?: number;
  completion?: number;
  image?: number;
  request?: number;
  inputCacheRead?: number;
  inputCacheWrite?: number;
}

export interface PoeModel {
  /** The bot name to query (lower-case in 2026; Poe treats names case-insensitively). */
  id: string;
  /** The familiar casing, e.g. "GPT-5.4"; falls back to the id. */
  displayName: string;
  description?: string;
  ownedBy?: string;
  iconUrl?: string;
  /** Creation time, epoch ms. */
  created?: number;
  inputModalities: string[];
  outputModalities: string[];
  pricing: PoeModelPricing | null;
  contextLength?: number;
  maxOutputTokens?: number;
  supportedFeatures: string[];
  /**
   * The APIs Poe serves the model on (`/v1/chat/completions`, `/v1/videos`, …). A model listing `/v1/videos` is
   * run through the asynchronous Videos API (protocol §4.3, issue 15).
   */
  supportedEndpoints: string[];
  /** Whether the model thinks before answering (Poe's `reasoning` object was present). */
  reasoning: boolean;
  parameters: PoeModelParameter[];
}

// ---------------------------------------------------------------------------------------------------------------
// Usage (protocol §4.6)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Poe's own breakdown of a charge, label → text, in Poe's order (e.g. "Input": "120 points (3581 tokens)"). Labels
 * seen: Input, Output, Cached, Cache write, Cache discount, Total; others are kept as they come.
 */
export type CostBreakdown = Record<string, string>;

export interface PointsHistoryEntry {
  /** Epoch milliseconds (Poe sends microseconds). */
  creationTime: number;
  botName: string;
  queryId: string;
  /** "API", "Chat" or "Canvas App". */
  usageType: string;
  /** May be negative (refunds). */
  costPoints: number;
  /** The charge in USD, as Poe writes it (a decimal string such as "0.00075"; negative for refunds). */
  costUsd?: string;
  costBreakdown?: CostBreakdown;
  /** The poe.com chat the charge came from (usage type "Chat"). */
  chatName?: string;
}

export interface PointsHistoryPage {
  hasMore: boolean;
  entries: PointsHistoryEntry[];
  /**
   * What to pass as `startingAfter` for the next page: the `query_id` of the last entry Poe sent (even one skipped
   * here as malformed, so paging never repeats or loses a page). Undefined when there is no next page.
   */
  nextStartingAfter?: string;
}

/** Auto-recharge as Poe reports it (every field optional: Poe's own CLI is the only source of the names). */
export interface PoeAutoRecharge {
  enabled?: boolean;
  /** Poe's word for the state, e.g. "never_enabled"; shown only as a hint. */
  status?: string;
  thresholdPoints?: number;
  thresholdUsd?: number;
  refillPoints?: number;
  refillUsd?: number;
  /** Epoch milliseconds of the last failed recharge (Poe sends microseconds). */
  lastFailureTime?: number;
}

/**
 * `GET /usage/current_balance` (protocol §4.6). Only the total is documented; every other field comes from Poe's
 * own CLI and is kept only when it is present and readable. Times are epoch milliseconds, USD amounts numbers.
 */
export interface PoeBalance {
  /** Plan points plus add-on points. */
  currentPointBalance: number;
  planPoints?: number;
  addonPoints?: number;
  planUsd?: number;
  addonUsd?: number;
  totalUsd?: number;
  pointsCycleStartTime?: number;
  nextDailyGrantTime?: number;
  nextDailyGrantAmount?: number;
  nextMonthlyGrantTime?: number;
  nextMonthlyGrantAmount?: number;
  /** null: Poe said there is none; absent: Poe did not say. */
  autoRecharge?: PoeAutoRecharge | null;
}
