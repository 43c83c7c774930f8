/** The one-shot JSON requests (account endpoints, upload): fetch, status check, JSON parse, all as PoeErrors. */
import {
  BODY_EXCERPT_CHARS,
  PoeError,
  abortedError,
  errorFromResponse,
  fetchError,
  networkError,
  redactKey,
  redirectResponseError,
  type ErrorContext,
} from './errors';

/**
 * Every request lib/poe makes goes through here: redirects are never followed (protocol §8.1), because a followed
 * redirect would carry the conversation, the key or an uploaded file to another origin. `manual`, not `error`: both
 * stop at the redirect, but browsers report `error`'s refusal as a bare "Failed to fetch" that looks like being
 * offline (and would be retried); `manual` hands back the redirect itself, which becomes the redirect error.
 * Called without a receiver: a browser's fetch throws "Illegal invocation" when called as a method of another object.
 */
export function poeFetch(fetchImpl: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  return fetchImpl(url, { ...init, redirect: 'manual' });
}

/** Sends the request and returns the parsed JSON body of a 2xx answer. Throws PoeError for everything else. */
export async function fetchJson(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  context: ErrorContext,
): Promise<unknown> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortedError();
  let response: Response;
  try {
    response = await poeFetch(fetchImpl, url, init);
  } catch (error) {
    throw signal?.aborted ? abortedError() : fetchError(error, context.apiKey);
  }
  const redirect = redirectResponseError(response, context.apiKey);
  if (redirect) throw redirect;
  if (!response.ok) {
    const error = await errorFromResponse(response, context);
    throw signal?.aborted ? abortedError() : error;
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw signal?.aborted ? abortedError() : networkError(error, context.apiKey, 'The connection to Poe was lost.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new PoeError('protocol', 'Poe answered with something this app could not read.', {
      status: response.status,
      retryable: false,
      detail: `${response.headers.get('content-type') ?? '(no Content-Type)'}: ${redactKey(text, context.apiKey).slice(0, BODY_EXCERPT_CHARS)}`,
    });
  }
}

/** A 2xx answer whose JSON lacks what we need. */
export function unexpectedShape(what: string, body: unknown, apiKey?: string): PoeError {
  let excerpt: string;
  try {
    excerpt = JSON.stringify(body) ?? String(body);
  } catch {
    excerpt = String(body);
  }
  return new PoeError('protocol', `Poe's answer did not contain ${what}.`, {
    retryable: false,
    detail: redactKey(excerpt, apiKey).slice(0, BODY_EXCERPT_CHARS),
  });
}
