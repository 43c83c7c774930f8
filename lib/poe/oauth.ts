/**
 * Sign in with Poe (protocol §9): OAuth 2.0 authorization code with PKCE (S256). The pure half: the verifier and its
 * challenge, the authorize URL, reading the callback, and the token exchange. Launching the consent window is the
 * browser's job (lib/platform/web-auth.ts); running the whole flow is the background's (lib/chat/sign-in.ts).
 */
import { PoeError, isRecord, networkError, readBodyExcerpt, redirectResponseError } from './errors';
import { DEFAULT_BASE_URL, POE_OAUTH_AUTHORIZE_URL } from './defaults';
import { poeFetch } from './http';
import { trimBaseUrl } from './request';

/** The one scope Poe offers: create an API key for this app. */
export const OAUTH_SCOPE = 'apikey:create';
/** Poe's own cap on `error_description` does not exist; ours keeps a hostile one from filling the panel. */
const MAX_DESCRIPTION_CHARS = 200;

/** RFC 4648 §5 base64url, without padding. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `count` bytes from the platform's CSPRNG. */
export function randomBytes(count: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(count));
}

/** The S256 challenge of a verifier: base64url(SHA-256(ASCII verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export interface Pkce {
  /** 32 random bytes as base64url: 43 characters of [A-Za-z0-9_-]. Kept by the background, sent only to the token endpoint. */
  verifier: string;
  challenge: string;
}

export async function createPkce(random: (count: number) => Uint8Array = randomBytes): Promise<Pkce> {
  const verifier = base64Url(random(32));
  return { verifier, challenge: await codeChallenge(verifier) };
}

/** A fresh `state` for one sign-in (CSRF: the callback must carry it back unchanged). */
export function createState(random: (count: number) => Uint8Array = randomBytes): string {
  return base64Url(random(16));
}

export interface OAuthEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
}

/**
 * Where to sign in for a base URL: Poe's consent page on poe.com and the token endpoint on the API host; a local Poe
 * server (the tests', the demo's) serves both itself, at `<base>/oauth/authorize` and `<base>/token`.
 */
export function oauthEndpoints(baseUrl: string = DEFAULT_BASE_URL): OAuthEndpoints {
  const base = trimBaseUrl(baseUrl);
  return {
    authorizeUrl: base === DEFAULT_BASE_URL ? POE_OAUTH_AUTHORIZE_URL : `${base}/oauth/authorize`,
    tokenUrl: `${base}/token`,
  };
}

export interface AuthorizeRequest {
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  state: string;
}

export function buildAuthorizeUrl(request: AuthorizeRequest): string {
  const url = new URL(request.authorizeUrl);
  url.search = new URLSearchParams({
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    response_type: 'code',
    scope: OAUTH_SCOPE,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
    state: request.state,
  }).toString();
  return url.toString();
}

/** Poe's explanation, cut short and stripped of controls; rendered as text by the pages. */
function description(value: string | null | undefined): string | undefined {
  const text = value?.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (!text) return undefined;
  return text.length > MAX_DESCRIPTION_CHARS ? `${text.slice(0, MAX_DESCRIPTION_CHARS)}…` : text;
}

const withDescription = (sentence: string, detail: string | undefined) => (detail ? `${sentence} Poe said: “${detail}”` : sentence);

/** The consent page said no (callback `?error=`), in words a person can act on. */
export function authorizeError(code: string, detail?: string): PoeError {
  const options = { retryable: false, detail: `${code}${detail ? `: ${detail}` : ''}` };
  if (code === 'access_denied') {
    return new PoeError('aborted', 'You cancelled sign-in. Sign in with Poe again when you are ready, or paste an API key instead.', options);
  }
  // invalid_request, unsupported_response_type, invalid_scope, or anything newer: our request, not the user, is wrong.
  return new PoeError(
    'invalid_input',
    withDescription(`Poe turned down this sign-in request (${code}). Paste an API key instead, and please report this to Poe Toolbar’s publisher.`, detail),
    options,
  );
}

/** The consent window was closed before Poe answered. */
export function cancelledError(): PoeError {
  return new PoeError('aborted', 'You cancelled sign-in. Sign in with Poe again when you are ready, or paste an API key instead.', {
    retryable: false,
    detail: 'the window was closed',
  });
}

/**
 * Reads the URL the consent page sent the browser back to. Throws PoeError when Poe said no, when `state` is not the
 * one this sign-in sent (a forged or stale callback: nothing is exchanged), or when there is no code.
 */
export function parseCallback(callbackUrl: string, expectedState: string): { code: string } {
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    throw new PoeError('protocol', 'Poe’s sign-in page sent back something Poe Toolbar could not read. Please sign in again.', { retryable: false });
  }
  // Poe answers in the query; an implicit-style fragment is read too rather than lost.
  const params = new URLSearchParams(url.search || url.hash.replace(/^#/, ''));
  if (params.get('state') !== expectedState) {
    throw new PoeError(
      'protocol',
      'The answer from Poe’s sign-in page did not belong to this sign-in, so it was ignored and nothing was stored. Please sign in again.',
      { retryable: false, detail: 'state mismatch' },
    );
  }
  const error = params.get('error');
  if (error) throw authorizeError(error, description(params.get('error_description')));
  const code = params.get('code');
  if (!code) throw new PoeError('protocol', 'Poe’s sign-in page sent back no sign-in code. Please sign in again.', { retryable: false });
  return { code };
}

export interface TokenRequest {
  tokenUrl: string;
  clientId: string;
  code: string;
  redirectUri: string;
  verifier: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export interface IssuedKey {
  apiKey: string;
  /** Seconds until Poe stops accepting the key; null when it does not expire. */
  expiresInSeconds: number | null;
}

/** A failed token exchange, by its OAuth `error` code (or the HTTP status when the body has none). */
export function tokenError(code: string | undefined, status: number | undefined, detail?: string): PoeError {
  const options = { ...(status !== undefined ? { status } : {}), detail: `${code ?? `HTTP ${status}`}${detail ? `: ${detail}` : ''}` };
  switch (code) {
    case 'invalid_grant':
      return new PoeError('auth', 'Poe did not accept this sign-in: it had expired or was already used. Please sign in again.', { ...options, retryable: false });
    case 'invalid_request':
      // Poe also answers invalid_request to too many attempts.
      return new PoeError('rate_limited', withDescription('Poe turned down the sign-in (too many attempts, or a malformed request). Wait a minute, then sign in again.', detail), { ...options, retryable: false });
    case 'unsupported_grant_type':
      return new PoeError('protocol', 'Poe does not support this way of signing in any more. Paste an API key instead.', { ...options, retryable: false });
    case 'server_error':
      return new PoeError('server', 'Poe had a problem finishing your sign-in. Please try again in a moment.', { ...options, retryable: true });
    default:
      if (status !== undefined && status >= 500) {
        return new PoeError('server', 'Poe had a problem finishing your sign-in. Please try again in a moment.', { ...options, retryable: true });
      }
      return new PoeError('protocol', 'Poe answered the sign-in with something Poe Toolbar could not read. Please try again.', { ...options, retryable: false });
  }
}

/**
 * Trades the one-time code for an API key (form-encoded POST, never a redirect followed). Throws PoeError; a
 * `server` one is safe to retry with the same code.
 */
export async function exchangeCode(request: TokenRequest): Promise<IssuedKey> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: request.clientId,
    code: request.code,
    redirect_uri: request.redirectUri,
    code_verifier: request.verifier,
  });
  let response: Response;
  try {
    response = await poeFetch(request.fetch ?? globalThis.fetch, request.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: body.toString(),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    throw networkError(error, undefined, 'Could not reach Poe to finish signing in. Check your connection and try again.');
  }
  const redirect = redirectResponseError(response, undefined);
  if (redirect) throw redirect;
  const text = await readBodyExcerpt(response, 64 * 1024);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok || (isRecord(parsed) && typeof parsed['error'] === 'string')) {
    const code = isRecord(parsed) && typeof parsed['error'] === 'string' ? parsed['error'] : undefined;
    const detail = isRecord(parsed) && typeof parsed['error_description'] === 'string' ? description(parsed['error_description']) : undefined;
    throw tokenError(code, response.status, detail);
  }
  const apiKey = isRecord(parsed) ? parsed['api_key'] : undefined;
  const expires = isRecord(parsed) ? parsed['api_key_expires_in'] : undefined;
  const validExpiry = expires === null || expires === undefined || (typeof expires === 'number' && Number.isFinite(expires) && expires >= 0);
  if (typeof apiKey !== 'string' || apiKey.trim() === '' || !validExpiry) {
    // Never keep the body: it may hold a key.
    throw new PoeError('protocol', 'Poe answered the sign-in with something Poe Toolbar could not read. Please try again.', {
      status: response.status,
      retryable: false,
      detail: 'the token answer had no usable api_key / api_key_expires_in',
    });
  }
  return { apiKey: apiKey.trim(), expiresInSeconds: typeof expires === 'number' ? expires : null };
}
