/**
 * Everything about the request side: URLs, headers and the QueryRequest body with the protocol defaults
 * (protocol §1.2, §1.3, §8.1).
 */
import { PoeError } from './errors';
import type { PartialProtocolMessage, PoeAttachment, ProtocolAttachment, ProtocolMessage, QueryRequest } from './types';

import { DEFAULT_BASE_URL } from './defaults';

export { DEFAULT_BASE_URL, DEFAULT_UPLOAD_BASE_URL } from './defaults';
export const PROTOCOL_VERSION = '1.2';

/**
 * Attribution headers (Poe's External Application Guide): they put the app on Poe's leaderboard and cannot be changed
 * for past requests, so they are fixed here once.
 */
export const APP_TITLE = 'Poe Toolbar';
export const APP_URL = 'https://github.com/poe-toolbar/poe-toolbar';

/** `https://api.poe.com/` → `https://api.poe.com` so that paths can be appended with one slash. */
export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '');
}

/** The bot query URL; the name is escaped because bot names are user input. */
export function botUrl(baseUrl: string, bot: string): string {
  return `${trimBaseUrl(baseUrl)}/bot/${encodeURIComponent(bot)}`;
}

/**
 * Rejects keys that cannot be sent. A key with a line break or non-Latin-1 character would make `fetch` throw a
 * TypeError whose message quotes the header, i.e. the key; checking first keeps it out of every error.
 */
export function checkApiKey(apiKey: string): PoeError | undefined {
  if (apiKey.trim() === '') return new PoeError('auth', 'Add your Poe API key first.', { retryable: false });
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    return new PoeError('auth', 'This API key contains characters that cannot be sent. Paste it again.', {
      retryable: false,
    });
  }
  return undefined;
}

/** Headers for every request to api.poe.com; `Authorization` only when there is a key. */
export function poeHeaders(apiKey: string | undefined, accept: string): Record<string, string> {
  return {
    ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}),
    Accept: accept,
    'X-Title': APP_TITLE,
    'HTTP-Referer': APP_URL,
  };
}

/** Converts either attachment form to the wire form. */
export function toProtocolAttachment(attachment: ProtocolAttachment | PoeAttachment): ProtocolAttachment {
  if ('contentType' in attachment) {
    return { url: attachment.url, content_type: attachment.contentType, name: attachment.name, inline_ref: attachment.inlineRef ?? null, parsed_content: null };
  }
  return {
    url: attachment.url,
    content_type: attachment.content_type,
    name: attachment.name,
    inline_ref: attachment.inline_ref ?? null,
    parsed_content: attachment.parsed_content ?? null,
  };
}

/** Fills every field the caller left out with the default of protocol §1.3. */
export function toProtocolMessage(message: PartialProtocolMessage): ProtocolMessage {
  return {
    role: message.role,
    message_type: message.message_type ?? null,
    sender_id: message.sender_id ?? null,
    sender: message.sender ?? null,
    content: message.content,
    parameters: message.parameters ?? {},
    content_type: message.content_type ?? 'text/markdown',
    timestamp: message.timestamp ?? 0,
    message_id: message.message_id ?? '',
    feedback: message.feedback ?? [],
    attachments: (message.attachments ?? []).map(toProtocolAttachment),
    metadata: message.metadata ?? null,
    referenced_message: message.referenced_message ?? null,
    reactions: message.reactions ?? [],
  };
}

/**
 * The full QueryRequest of protocol §1.2, in the reference client's field order. `api_key`/`access_key` are the
 * literal "<missing>" the reference client sends: authentication travels only in the header.
 */
export function buildQueryRequest(messages: PartialProtocolMessage[]): QueryRequest {
  return {
    version: PROTOCOL_VERSION,
    type: 'query',
    query: messages.map(toProtocolMessage),
    user_id: '',
    conversation_id: '',
    message_id: '',
    metadata: '',
    api_key: '<missing>',
    access_key: '<missing>',
    temperature: null,
    skip_system_prompt: false,
    logit_bias: {},
    stop_sequences: [],
    language_code: 'en',
    adopt_current_bot_name: null,
    bot_query_id: '',
    users: [],
    tools: null,
    tool_calls: null,
    tool_results: null,
    query_creation_time: null,
    extra_params: null,
  };
}

/** Checks the arguments of a bot query; Poe would answer 400 to these anyway, but a clear message is kinder. */
export function checkQuery(bot: string, messages: PartialProtocolMessage[]): PoeError | undefined {
  if (bot.trim() === '') return new PoeError('invalid_input', 'Choose a bot first.', { retryable: false });
  if (messages.length === 0) {
    return new PoeError('invalid_input', 'There is no message to send.', { retryable: false });
  }
  if (messages[messages.length - 1]?.role !== 'user') {
    return new PoeError('invalid_input', 'The last message sent to a bot must be from the user.', { retryable: false });
  }
  return undefined;
}
