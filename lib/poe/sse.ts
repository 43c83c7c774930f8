/**
 * From bytes to validated Poe events: SSE framing (protocol §2.1) with eventsource-parser, then per-event JSON
 * validation (§2.2, §8.1). Knows nothing about retries.
 */
import { createParser } from 'eventsource-parser';
import { PoeError, isRecord, redactKey, type PoeErrorKind } from './errors';
import type { PoeAttachment } from './types';

/** One dispatched SSE event. `event` is "message" when the server sent no `event:` line. */
export interface SseMessage {
  event: string;
  data: string;
}

/**
 * Longest event (or unterminated line) we buffer. Poe caps a whole answer at 100,000 characters of text; this only
 * stops a broken stream from eating memory.
 */
export const MAX_EVENT_CHARS = 8 * 1024 * 1024;

export interface ReadSseOptions {
  /** Called for every comment line (`: ping - …` keep-alives), which yield no event but show the server is alive. */
  onComment?: () => void;
  /** Aborting cancels the body, so the generator ends even if the body would never do so by itself. */
  signal?: AbortSignal;
}

/**
 * Yields the SSE events of a body as they complete. Decodes UTF-8 across chunk boundaries. An event not followed by a
 * blank line when the body ends is dropped, as in the reference client. When the consumer stops early (e.g. after
 * `done`) the reader is cancelled, so nothing after that is read from the network.
 */
export async function* readSseMessages(
  body: ReadableStream<Uint8Array>,
  options: ReadSseOptions = {},
): AsyncGenerator<SseMessage, void, undefined> {
  const { onComment, signal } = options;
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  if (signal?.aborted) cancel();
  const decoder = new TextDecoder();
  const ready: SseMessage[] = [];
  let overflow = false;
  const parser = createParser({
    onEvent: (message) => ready.push({ event: message.event ?? 'message', data: message.data }),
    onComment: () => onComment?.(),
    // Comments (`: ping`), `id:`, `retry:` and unknown fields carry nothing for us; only a runaway event matters.
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') overflow = true;
    },
    maxBufferSize: MAX_EVENT_CHARS,
  });
  // eventsource-parser holds back a CR that ends a chunk until it sees whether LF follows. At the end of the body
  // that CR is a complete line end (CR-only framing), so it is completed with an LF, which adds no line of its own.
  let endsWithCr = false;
  const feed = (text: string) => {
    if (text === '') return;
    parser.feed(text);
    endsWithCr = text.endsWith('\r');
    if (overflow) {
      throw new PoeError('protocol', 'Poe sent an event too large to read.', {
        retryable: false,
        detail: `An SSE event exceeded ${MAX_EVENT_CHARS} characters.`,
      });
    }
  };
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      feed(decoder.decode(value, { stream: true }));
      while (ready.length > 0) yield ready.shift()!;
    }
    feed(decoder.decode());
    if (endsWithCr) parser.feed('\n');
    while (ready.length > 0) yield ready.shift()!;
    finished = true;
  } finally {
    signal?.removeEventListener('abort', cancel);
    // Not awaited: a cancel can wait on the network, and the caller has already decided to stop.
    if (!finished) cancel();
  }
}

/** A Poe event after validation, before the stream logic decides what to do with it. */
export type WireEvent =
  | { type: 'meta'; contentType: 'text/markdown' | 'text/plain'; linkify: boolean; suggestedReplies: boolean }
  | { type: 'text' | 'replace_response' | 'suggested_reply'; text: string }
  | { type: 'file'; attachment: PoeAttachment }
  | { type: 'data'; metadata: string }
  | { type: 'json'; data: Record<string, unknown> }
  | { type: 'error'; error: PoeError }
  | { type: 'done' }
  /** `ping` and events we do not know: counted (for the meta rule) but otherwise ignored. */
  | { type: 'ignored'; name: string };

const DATA_EXCERPT_CHARS = 500;

function protocolError(message: string, data: string, apiKey: string | undefined): PoeError {
  return new PoeError('protocol', message, {
    retryable: false,
    detail: redactKey(data.slice(0, DATA_EXCERPT_CHARS), apiKey),
  });
}

function requireString(data: Record<string, unknown>, field: string, event: string, raw: string, apiKey?: string): string {
  const value = data[field];
  if (typeof value !== 'string') {
    throw protocolError(`Poe sent a '${event}' event without a text '${field}' field.`, raw, apiKey);
  }
  return value;
}

/**
 * Validates one SSE event. Every event's data must be a JSON object, whatever its name (the reference client checks
 * this before looking at the name too). Throws a protocol PoeError otherwise.
 */
export function decodeBotEvent(message: SseMessage, apiKey?: string): WireEvent {
  const name = message.event;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.data);
  } catch {
    throw protocolError(`Poe sent invalid JSON in a '${name.slice(0, 100)}' event.`, message.data, apiKey);
  }
  if (!isRecord(parsed)) {
    throw protocolError(`Poe sent a '${name.slice(0, 100)}' event whose data is not a JSON object.`, message.data, apiKey);
  }
  const data = parsed;
  switch (name) {
    case 'text':
    case 'replace_response':
    case 'suggested_reply':
      return { type: name, text: requireString(data, 'text', name, message.data, apiKey) };
    case 'file': {
      const inlineRef = data['inline_ref'];
      return {
        type: 'file',
        attachment: {
          url: requireString(data, 'url', name, message.data, apiKey),
          contentType: requireString(data, 'content_type', name, message.data, apiKey),
          name: requireString(data, 'name', name, message.data, apiKey),
          // A missing, null or non-string inline_ref just means "not referenced from the text".
          ...(typeof inlineRef === 'string' && inlineRef !== '' ? { inlineRef } : {}),
        },
      };
    }
    case 'meta':
      // Lenient like the reference client: wrong types fall back to the defaults instead of failing the answer.
      return {
        type: 'meta',
        contentType: data['content_type'] === 'text/plain' ? 'text/plain' : 'text/markdown',
        linkify: data['linkify'] === true,
        suggestedReplies: data['suggested_replies'] === true,
      };
    case 'data':
      return { type: 'data', metadata: requireString(data, 'metadata', name, message.data, apiKey) };
    case 'json':
      return { type: 'json', data };
    case 'error':
      return { type: 'error', error: botError(data, message.data, apiKey) };
    case 'done':
      return { type: 'done' };
    default:
      return { type: 'ignored', name };
  }
}

/**
 * What an `error` event's `error_type` means here (protocol §2.5, §8.1): the kind the UI acts on, the message shown
 * when the bot sent no `text`, and whether a retry may ever help. `insufficient_fund` is never retried, whatever
 * `allow_retry` says: a fastapi_poe bot raising InsufficientFundError sends `allow_retry: true` with an empty text.
 */
const ERROR_TYPES: Readonly<Record<string, { kind: PoeErrorKind; message: string; retryable: false }>> = {
  insufficient_fund: { kind: 'insufficient_points', message: 'You are out of Poe points.', retryable: false },
  user_message_too_long: { kind: 'too_large', message: 'The message is too large for this bot.', retryable: false },
  privacy_authorization_error: {
    kind: 'forbidden',
    message: 'The bot refused this request for privacy reasons.',
    retryable: false,
  },
  user_caused_error: { kind: 'bot', message: 'The bot could not answer this message.', retryable: false },
};

/**
 * An `error` event. Without a known `error_type`, `allow_retry` decides: it defaults to true (fastapi_poe ≥ 0.0.72)
 * and follows Python truthiness, as the reference client does. The bot's own `text` is the message where it sent one.
 */
function botError(data: Record<string, unknown>, raw: string, apiKey: string | undefined): PoeError {
  const allowRetry = data['allow_retry'];
  const text = typeof data['text'] === 'string' && data['text'].trim() !== '' ? redactKey(data['text'], apiKey) : undefined;
  const errorType = typeof data['error_type'] === 'string' ? data['error_type'] : undefined;
  const known = errorType !== undefined && Object.hasOwn(ERROR_TYPES, errorType) ? ERROR_TYPES[errorType] : undefined;
  return new PoeError(known?.kind ?? 'bot', text ?? known?.message ?? 'The bot reported an error.', {
    retryable: known ? known.retryable : allowRetry === undefined || isTruthy(allowRetry),
    ...(errorType !== undefined ? { errorType } : {}),
    detail: redactKey(raw.slice(0, DATA_EXCERPT_CHARS), apiKey),
  });
}

function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}
