/**
 * PoeError and the mapping from HTTP answers to human messages (protocol §4.7, §8.1). Strings that come from the
 * network are passed through `redactKey` so that the API key never ends up in a message or detail.
 */

/** What went wrong, coarse enough for a UI to pick an action (ask for a key, link to points, offer retry…). */
export type PoeErrorKind =
  /** 401: the key was rejected, or there is no key. The UI asks for a new one. */
  | 'auth'
  /** 402 (or a bot's `insufficient_fund` error): no points left. The UI links to buying points. */
  | 'insufficient_points'
  /** 403 (or a bot's `privacy_authorization_error`): Poe refused (moderation, permissions). */
  | 'forbidden'
  /**
   * 402/403 saying a subscription is needed: free accounts cannot use paid bots through the API (protocol §8.1).
   * Poe does not document that error, so it is recognised by its words ({@link SUBSCRIPTION_WORDS}).
   */
  | 'subscription_required'
  /** 404: unknown bot or endpoint. */
  | 'not_found'
  /** 408, or an attempt that received nothing for `idleTimeoutMs` (default 600 s). Retryable before output. */
  | 'timeout'
  /** 413, a bot's `user_message_too_long`, or a local size check: the message or file is too large. */
  | 'too_large'
  /** 429: too many requests. Retryable after `retryAfterMs`. */
  | 'rate_limited'
  /** 5xx: Poe or the model backend failed. Retryable. */
  | 'server'
  /** The request never got an answer (offline, DNS, connection reset). Retryable before output. */
  | 'network'
  /** Poe answered something this client cannot read (not SSE, bad JSON, missing fields, no `done`), or a redirect. */
  | 'protocol'
  /** The bot sent an `error` event; `message` is the bot's own text (or one made from its `error_type`). */
  | 'bot'
  /** The caller aborted (only thrown by the promise-returning functions; streams end with `stopped`). */
  | 'aborted'
  /** Bad arguments, or a 400 from Poe saying the request is malformed. */
  | 'invalid_input';

export interface PoeErrorOptions {
  status?: number;
  retryable?: boolean;
  retryAfterMs?: number;
  errorType?: string;
  detail?: string;
}

const RETRYABLE_KINDS: ReadonlySet<PoeErrorKind> = new Set(['network', 'timeout', 'rate_limited', 'server']);

/** Every failure of this client. `message` is meant for people; `detail` is the raw reason for logs. */
export class PoeError extends Error {
  override readonly name = 'PoeError';
  readonly kind: PoeErrorKind;
  /** HTTP status of the answer, when there was one. */
  readonly status?: number;
  /** Whether trying again unchanged may succeed. */
  readonly retryable: boolean;
  /** How long Poe asked us to wait (Retry-After), already capped. */
  readonly retryAfterMs?: number;
  /** The `error_type` of a bot's `error` event, e.g. `user_caused_error`. */
  readonly errorType?: string;
  /** Raw explanation (server message, body excerpt, event data). Never contains the API key. */
  readonly detail?: string;

  constructor(kind: PoeErrorKind, message: string, options: PoeErrorOptions = {}) {
    super(message);
    this.kind = kind;
    this.retryable = options.retryable ?? RETRYABLE_KINDS.has(kind);
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.errorType !== undefined) this.errorType = options.errorType;
    if (options.detail !== undefined) this.detail = options.detail;
  }

  /** The same error with another message (e.g. "retrying in 3 s"). */
  withMessage(message: string): PoeError {
    const { status, retryable, retryAfterMs, errorType, detail } = this;
    return new PoeError(this.kind, message, {
      retryable,
      ...(status !== undefined ? { status } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(errorType !== undefined ? { errorType } : {}),
      ...(detail !== undefined ? { detail } : {}),
    });
  }
}

/** Longest Retry-After we honour; a longer one is cut to this. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** How much of an unexpected body we keep in `detail`. */
export const BODY_EXCERPT_CHARS = 500;

/** Replaces every occurrence of the key. Applied to anything that came over the network or from a thrown error. */
export function redactKey(text: string, apiKey: string | undefined): string {
  if (!apiKey) return text;
  return text.split(apiKey).join('[redacted]');
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds, capped at {@link MAX_RETRY_AFTER_MS}. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return undefined;
    ms = date - now;
  }
  return Math.min(Math.max(0, Math.round(ms)), MAX_RETRY_AFTER_MS);
}

/** What the request was for, so a status can be explained in its terms. */
export interface ErrorContext {
  apiKey?: string;
  /** Set for bot queries: a 404 then means "this bot does not exist". */
  bot?: string;
  /** Set for uploads: a 413 then means "this file is too large". */
  upload?: boolean;
}

/** The `error.message`/`error.type` of a Poe JSON error body, or an excerpt of any other body. */
interface ErrorBody {
  message?: string;
  type?: string;
  code?: string;
  excerpt: string;
}

function parseErrorBody(text: string): ErrorBody {
  const excerpt = text.slice(0, BODY_EXCERPT_CHARS);
  try {
    const parsed: unknown = JSON.parse(text);
    const error = isRecord(parsed) ? parsed['error'] : undefined;
    if (isRecord(error)) {
      return {
        excerpt,
        ...(typeof error['message'] === 'string' && error['message'].trim() ? { message: error['message'].trim() } : {}),
        ...(typeof error['type'] === 'string' ? { type: error['type'] } : {}),
        ...(typeof error['code'] === 'string' ? { code: error['code'] } : {}),
      };
    }
    // Some proxies answer {"message": "..."} or {"detail": "..."}.
    if (isRecord(parsed)) {
      const message = parsed['message'] ?? parsed['detail'];
      if (typeof message === 'string' && message.trim()) return { excerpt, message: message.trim() };
    }
  } catch {
    // Not JSON (an HTML error page, plain text): only the excerpt is kept.
  }
  return { excerpt };
}

/**
 * How a refusal for want of a subscription is told apart from "no points left" (402) or moderation (403). Poe
 * documents neither the status nor the text for a free account asking a paid bot, so this matches the words such an
 * error would have to use; a refusal worded otherwise stays a plain 402/403 with Poe's own text.
 */
export const SUBSCRIPTION_WORDS = /subscri|upgrade|free (?:account|tier|plan|user)s?\b|paid (?:bot|model)s?\b|premium/i;

/** Joins a fixed human sentence with the server's own explanation, if it gave one. */
function withReason(sentence: string, reason: string | undefined): string {
  return reason ? `${sentence} ${reason.endsWith('.') ? reason : `${reason}.`}` : sentence;
}

/** Builds the PoeError for a non-2xx status. Exported for tests and for callers that already hold the body. */
export function errorFromStatus(status: number, bodyText: string, retryAfter: string | null, context: ErrorContext): PoeError {
  const body = parseErrorBody(redactKey(bodyText, context.apiKey));
  const reason = body.message;
  const detail = body.type ? `${body.type}: ${reason ?? body.excerpt}` : reason ?? body.excerpt;
  const options = { status, ...(detail ? { detail } : {}) };
  if ((status === 402 || status === 403) && SUBSCRIPTION_WORDS.test(`${reason ?? ''} ${body.type ?? ''} ${body.code ?? ''}`)) {
    return new PoeError(
      'subscription_required',
      withReason('Free Poe accounts can only use free bots through the API.', reason),
      options,
    );
  }
  switch (status) {
    case 400:
    case 422:
      return new PoeError('invalid_input', withReason('Poe rejected the request.', reason), options);
    case 401:
      return new PoeError('auth', 'Your Poe API key was rejected.', options);
    case 402:
      return new PoeError('insufficient_points', 'You are out of Poe points.', options);
    case 403:
      return new PoeError('forbidden', withReason('Poe refused this request.', reason), options);
    case 404:
      return new PoeError(
        'not_found',
        context.bot !== undefined ? `Bot '${context.bot}' does not exist.` : 'Poe has no such endpoint. Check the base URL.',
        options,
      );
    case 408:
      return new PoeError('timeout', 'The bot took too long to start answering.', options);
    case 413:
      return new PoeError(
        'too_large',
        context.upload ? 'The file is too large for Poe.' : 'The message is too large for this bot.',
        options,
      );
    case 429: {
      const retryAfterMs = parseRetryAfter(retryAfter);
      return new PoeError('rate_limited', 'Poe is rate-limiting this key. Try again in a moment.', {
        ...options,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    }
  }
  if (status >= 500) {
    const retryAfterMs = parseRetryAfter(retryAfter);
    return new PoeError('server', withReason(`Poe had a problem (HTTP ${status}).`, reason), {
      ...options,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  return new PoeError('protocol', withReason(`Poe answered with an unexpected HTTP ${status}.`, reason), {
    ...options,
    retryable: false,
  });
}

/**
 * Reads at most about `maxChars` characters of a body, then cancels the rest: error pages and unexpected bodies are
 * only needed as an excerpt, and one that never ends must not hang us. Never throws.
 */
export async function readBodyExcerpt(response: Response, maxChars: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < maxChars) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
    }
    reader.cancel().catch(() => undefined);
  } catch {
    // The body broke off; what we have (maybe nothing) still goes with the status.
  }
  return text;
}

/** Error bodies are small JSON; this bound only protects against a runaway body. */
const ERROR_BODY_MAX_CHARS = 64 * 1024;

/** Reads the body of a failed response and maps it. Never throws. */
export async function errorFromResponse(response: Response, context: ErrorContext): Promise<PoeError> {
  const text = await readBodyExcerpt(response, ERROR_BODY_MAX_CHARS);
  return errorFromStatus(response.status, text, response.headers.get('retry-after'), context);
}

/** Shown when Poe (or anything on the way) answers with a redirect. Redirects are never followed (protocol §8.1). */
export const REDIRECT_MESSAGE = 'Poe answered with a redirect; nothing was sent further.';

function redirectError(detail: string, status?: number): PoeError {
  return new PoeError('protocol', REDIRECT_MESSAGE, { retryable: false, detail, ...(status !== undefined ? { status } : {}) });
}

/**
 * Whether a rejected `fetch(…, { redirect: 'error' })` was rejected because of a redirect. Node's fetch says so in
 * the cause ("unexpected redirect"); browsers only say "Failed to fetch", so there it stays a network error (still
 * never followed).
 */
export function isRedirectRejection(cause: unknown): boolean {
  if (!(cause instanceof Error)) return false;
  const inner = (cause as { cause?: unknown }).cause;
  return /redirect/i.test(cause.message) || (inner instanceof Error && /redirect/i.test(inner.message));
}

/**
 * Defensive check of an answer we asked not to be a redirect: an `opaqueredirect` (a fetch that ignored
 * `redirect: 'error'` in favour of 'manual') or a plain 3xx. Undefined for anything else.
 */
export function redirectResponseError(response: Response, apiKey: string | undefined): PoeError | undefined {
  if (response.type !== 'opaqueredirect' && (response.status < 300 || response.status > 399)) return undefined;
  const location = response.headers.get('location');
  const detail = `HTTP ${response.status || '(opaque redirect)'}${location ? ` to ${redactKey(location, apiKey)}` : ''}`;
  response.body?.cancel().catch(() => undefined);
  return redirectError(detail, response.status || undefined);
}

/** For a `fetch` that rejected: a redirect we refused to follow, or else a {@link networkError}. */
export function fetchError(cause: unknown, apiKey: string | undefined): PoeError {
  if (isRedirectRejection(cause)) return redirectError(redactKey(describe(cause), apiKey));
  return networkError(cause, apiKey);
}

/** For a `fetch` that threw: offline, DNS, refused connection, or an invalid header. */
export function networkError(cause: unknown, apiKey: string | undefined, message?: string): PoeError {
  return new PoeError('network', message ?? 'Could not reach Poe. Check your connection and try again.', {
    detail: redactKey(describe(cause), apiKey),
  });
}

export function abortedError(): PoeError {
  return new PoeError('aborted', 'Stopped.', { retryable: false });
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    return inner instanceof Error ? `${cause.name}: ${cause.message} (${inner.message})` : `${cause.name}: ${cause.message}`;
  }
  return String(cause);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
