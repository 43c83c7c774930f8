/**
 * streamBotResponse: one logical bot query with retries (protocol §8.1). It never throws for network, HTTP or
 * protocol problems; every stream ends with exactly one terminal event.
 */
import {
  BODY_EXCERPT_CHARS,
  PoeError,
  errorFromResponse,
  fetchError,
  networkError,
  readBodyExcerpt,
  redactKey,
  redirectResponseError,
} from './errors';
import { poeFetch } from './http';
import { DEFAULT_BASE_URL, botUrl, buildQueryRequest, checkApiKey, checkQuery, poeHeaders } from './request';
import { decodeBotEvent, readSseMessages } from './sse';
import type { PartialProtocolMessage, PoeEvent } from './types';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface StreamBotOptions {
  /** Bot name as Poe knows it (case-insensitive), e.g. "Claude-Sonnet-4.5". */
  bot: string;
  /** The whole conversation, oldest first, ending with the user's message. */
  messages: PartialProtocolMessage[];
  apiKey: string;
  /** Default https://api.poe.com; a trailing slash is fine. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Aborting ends the stream with `stopped`, also during a wait between attempts. */
  signal?: AbortSignal;
  /** Attempts in all, the first included. Default 3. */
  maxAttempts?: number;
  /** First backoff delay; doubled per attempt, plus up to 50 % jitter. Default 250 ms. */
  baseDelayMs?: number;
  /** Waits between attempts (injectable for tests). Should resolve early when `signal` aborts. */
  sleep?: Sleep;
  /**
   * An attempt that receives nothing at all for this long (no event, ping or comment; waiting for the headers counts)
   * fails as a `timeout`: retried like any timeout before output, `interrupted` after. Default 600,000 ms, Poe's own
   * cap on one response: a reasoning model may think for minutes before its first word.
   */
  idleTimeoutMs?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_BASE_DELAY_MS = 250;
export const DEFAULT_IDLE_TIMEOUT_MS = 600_000;

/** A setTimeout that resolves (not rejects) as soon as the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, ms);
    signal?.addEventListener('abort', finish, { once: true });
  });
}

/** Retry-After when Poe gave one (already capped at 60 s), else 250 ms · 2^(n-1) plus up to 50 % jitter. */
export function retryDelayMs(error: PoeError, failedAttempt: number, baseDelayMs: number, random = Math.random): number {
  if (error.retryAfterMs !== undefined) return error.retryAfterMs;
  const exponential = baseDelayMs * 2 ** (failedAttempt - 1);
  return Math.round(exponential + random() * (exponential / 2));
}

/** What one attempt came to; output events were already yielded on the way. */
type AttemptOutcome =
  | { type: 'done' }
  | { type: 'stopped' }
  /** The body ended cleanly without `done`. */
  | { type: 'closed' }
  /** `retryMessage`, when set, replaces the error's message in the `retrying` event. */
  | { type: 'failed'; error: PoeError; retryMessage?: string };

interface Attempt {
  url: string;
  init: RequestInit;
  fetch: typeof fetch;
  bot: string;
  apiKey: string;
  signal: AbortSignal | undefined;
  idleTimeoutMs: number;
}

/** Shared across attempts: once output reached the caller, nothing may be retried. */
interface RunState {
  output: boolean;
}

export async function* streamBotResponse(options: StreamBotOptions): AsyncGenerator<PoeEvent, void, undefined> {
  const { bot, messages, apiKey, signal } = options;
  const invalid = checkApiKey(apiKey) ?? checkQuery(bot, messages);
  if (invalid) {
    yield { type: 'failed', error: invalid };
    return;
  }
  if (signal?.aborted) {
    yield { type: 'stopped' };
    return;
  }
  const attempt: Attempt = {
    url: botUrl(options.baseUrl ?? DEFAULT_BASE_URL, bot),
    init: {
      method: 'POST',
      headers: { ...poeHeaders(apiKey, 'text/event-stream'), 'Content-Type': 'application/json' },
      body: JSON.stringify(buildQueryRequest(messages)),
    },
    fetch: options.fetch ?? globalThis.fetch,
    bot,
    apiKey,
    signal,
    idleTimeoutMs: Math.max(1, options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS),
  };
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
  const baseDelayMs = Math.max(0, options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS);
  const sleep = options.sleep ?? abortableSleep;
  const state: RunState = { output: false };

  for (let number = 1; ; number++) {
    const outcome = yield* runAttempt(attempt, state);
    if (outcome.type === 'done' || outcome.type === 'stopped') {
      yield { type: outcome.type };
      return;
    }
    if (outcome.type === 'closed' && state.output) {
      yield { type: 'incomplete' };
      return;
    }
    const error = outcome.type === 'failed' ? outcome.error : closedBeforeAnswer();
    if (state.output) {
      yield { type: 'interrupted', error };
      return;
    }
    if (!error.retryable || number >= maxAttempts) {
      yield { type: 'failed', error };
      return;
    }
    const delayMs = retryDelayMs(error, number, baseDelayMs);
    const retryMessage = outcome.type === 'failed' ? outcome.retryMessage : undefined;
    yield { type: 'retrying', attempt: number + 1, delayMs, error: retryingError(error, retryMessage) };
    await waitUnlessAborted(sleep, delayMs, signal);
    if (signal?.aborted) {
      yield { type: 'stopped' };
      return;
    }
  }
}

function closedBeforeAnswer(): PoeError {
  return new PoeError('protocol', 'Poe closed the connection before the bot answered.', {
    retryable: true,
    detail: "The stream ended without a 'done' event and without any output.",
  });
}

/**
 * The error a `retrying` event carries. Its message names the cause only, never the wait: the event's `delayMs` is
 * the one source of the countdown ("Poe is rate-limiting this key." + "Retrying in 12 s…" rendered live by the UI).
 */
function retryingError(error: PoeError, retryMessage: string | undefined): PoeError {
  if (retryMessage !== undefined) return error.withMessage(retryMessage);
  if (error.kind === 'rate_limited') return error.withMessage('Poe is rate-limiting this key.');
  return error;
}

/** "10 minutes", "90 seconds", "1 second", "250 ms". */
function describeDuration(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms >= 60_000 && ms % 60_000 === 0) return plural(ms / 60_000, 'minute');
  if (ms >= 1000) return plural(Math.round(ms / 1000), 'second');
  return `${ms} ms`;
}

function idleTimeout(ms: number): Extract<AttemptOutcome, { type: 'failed' }> {
  const silence = `Poe sent nothing for ${describeDuration(ms)}`;
  return {
    type: 'failed',
    error: new PoeError('timeout', `${silence}; the request was given up.`, {
      detail: `No event, ping or comment arrived for ${ms} ms.`,
    }),
    retryMessage: `${silence}.`,
  };
}

/**
 * One attempt's AbortSignal: it aborts when the caller's signal does, or when nothing arrived for `limitMs`
 * (`idle` then tells which). `touch()` restarts the clock.
 */
class AttemptWatch {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  idle = false;

  constructor(
    private readonly limitMs: number,
    private readonly outer: AbortSignal | undefined,
  ) {
    outer?.addEventListener('abort', this.abort, { once: true });
    if (outer?.aborted) this.abort();
    this.touch();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  readonly touch = (): void => {
    clearTimeout(this.timer);
    if (this.controller.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.idle = true;
      this.abort();
    }, this.limitMs);
  };

  private readonly abort = (): void => {
    clearTimeout(this.timer);
    this.controller.abort();
  };

  dispose(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.abort);
  }
}

/** Rejects as soon as `signal` aborts, even if `promise` (an injected fetch that ignores the signal) never settles. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('The attempt was aborted.'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Runs the (possibly injected) sleep, but returns at once when the signal aborts, and never throws. */
async function waitUnlessAborted(sleep: Sleep, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return;
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms, signal), aborted]);
  } catch {
    // A sleep that rejects on abort (or at all) must not break the "never throws" promise.
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

async function* runAttempt(attempt: Attempt, state: RunState): AsyncGenerator<PoeEvent, AttemptOutcome, undefined> {
  const watch = new AttemptWatch(attempt.idleTimeoutMs, attempt.signal);
  try {
    return yield* watchedAttempt(attempt, state, watch);
  } finally {
    watch.dispose();
  }
}

async function* watchedAttempt(
  attempt: Attempt,
  state: RunState,
  watch: AttemptWatch,
): AsyncGenerator<PoeEvent, AttemptOutcome, undefined> {
  const { apiKey, signal } = attempt;
  /** Why the attempt's signal fired, if it did: the caller's Stop, or silence. */
  const cutShort = (): AttemptOutcome | undefined =>
    signal?.aborted ? { type: 'stopped' } : watch.idle ? idleTimeout(attempt.idleTimeoutMs) : undefined;

  let response: Response;
  try {
    response = await untilAborted(poeFetch(attempt.fetch, attempt.url, { ...attempt.init, signal: watch.signal }), watch.signal);
  } catch (error) {
    return cutShort() ?? { type: 'failed', error: fetchError(error, apiKey) };
  }

  const redirect = redirectResponseError(response, apiKey);
  if (redirect) return { type: 'failed', error: redirect };
  // Status first: an error page is not an event stream, and its status says more than any parse error would.
  if (!response.ok) {
    const error = await errorFromResponse(response, { apiKey, bot: attempt.bot });
    return signal?.aborted ? { type: 'stopped' } : { type: 'failed', error };
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!/text\/event-stream/i.test(contentType) || !response.body) {
    // Read a key's length beyond the excerpt so that a key crossing the cut is still redacted whole.
    const body = await readBodyExcerpt(response, BODY_EXCERPT_CHARS + apiKey.length);
    const excerpt = redactKey(body, apiKey).slice(0, BODY_EXCERPT_CHARS);
    if (signal?.aborted) return { type: 'stopped' };
    return {
      type: 'failed',
      error: new PoeError('protocol', 'Poe answered with something other than an event stream.', {
        status: response.status,
        retryable: false,
        detail: `Content-Type '${contentType || '(none)'}': ${excerpt}`,
      }),
    };
  }

  let eventCount = 0;
  try {
    // Leaving this loop early (return) cancels the body reader: nothing after `done` or an error is read.
    for await (const message of readSseMessages(response.body, { signal: watch.signal, onComment: watch.touch })) {
      watch.touch();
      eventCount++;
      let event;
      try {
        event = decodeBotEvent(message, apiKey);
      } catch (error) {
        return { type: 'failed', error: error as PoeError };
      }
      switch (event.type) {
        case 'meta':
          // Only the very first event of an attempt may be meta; pings and unknown events count (protocol §2.4).
          if (eventCount === 1) yield event;
          break;
        case 'data':
          yield event;
          break;
        case 'text':
        case 'replace_response':
        case 'suggested_reply':
          state.output = true;
          yield event;
          break;
        case 'file':
        case 'json':
          state.output = true;
          yield event;
          break;
        case 'error':
          return { type: 'failed', error: event.error };
        case 'done':
          return { type: 'done' };
        case 'ignored':
          break;
      }
    }
  } catch (error) {
    const short = cutShort();
    if (short) return short;
    if (error instanceof PoeError) return { type: 'failed', error };
    const message = state.output
      ? 'The connection to Poe was lost in the middle of the answer.'
      : 'The connection to Poe was lost before the answer started.';
    return { type: 'failed', error: networkError(error, apiKey, message) };
  }
  return cutShort() ?? { type: 'closed' };
}
