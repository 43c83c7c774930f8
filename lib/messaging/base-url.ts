import { isLoopbackHostname } from './loopback';
import { DEFAULT_BASE_URL, DEFAULT_UPLOAD_BASE_URL } from './rules';

/** The upload base URL that goes with a base URL: Poe's own for the real API, `<base>/poe_api` for anything else. */
export function uploadBaseUrlFor(baseUrl: string): string {
  return baseUrl === DEFAULT_BASE_URL ? DEFAULT_UPLOAD_BASE_URL : `${baseUrl.replace(/\/+$/, '')}/poe_api`;
}

/** The origin of a loopback base URL (a local Poe server: the demo's, the tests'), else undefined. */
export function localServerOrigin(baseUrl: string | undefined): string | undefined {
  try {
    const url = new URL(baseUrl ?? '');
    return isLoopbackHostname(url.hostname) ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Accepts Poe's own API host over https, and loopback (the fake Poe server of the tests and the demo, or the user's
 * own server): the only hosts the extension can be allowed to reach (loopback only once the user allows it), so the
 * key can go nowhere else. Returns the URL without a trailing slash, or undefined when it is not acceptable.
 */
export function normaliseBaseUrl(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  const loopback = isLoopbackHostname(url.hostname);
  const poe = url.protocol === 'https:' && url.hostname === 'api.poe.com';
  if (!poe && !(loopback && (url.protocol === 'http:' || url.protocol === 'https:'))) return undefined;
  if (url.username || url.password || url.search || url.hash) return undefined;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Whether a base URL points at a server on this computer (access to it is asked for, never granted at install). */
export function isLoopbackUrl(baseUrl: string): boolean {
  try {
    return isLoopbackHostname(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}
