/**
 * What a link or image URL from model output may do. Model output is attacker-influenced (prompt injection), and a
 * remote image is an exfiltration channel that fires with no click, so only trusted hosts load by themselves.
 */

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
/** Raster data: images only. SVG is excluded (it is a document format), as are all other data: types. */
const RASTER_DATA_URL = /^data:image\/(?:png|jpeg|gif|webp)[;,]/i;

function parseUrl(raw: string): URL | null {
  try {
    // Absolute URLs only: relative ones would resolve against the extension's own origin.
    return new URL(raw.trim());
  } catch {
    return null;
  }
}

/** The normalised href for a safe link (http, https, mailto), or null: the link is then shown as plain text. */
export function safeLinkHref(raw: string): string | null {
  const url = parseUrl(raw);
  return url && LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
}

export function defaultTrustedImageHost(hostname: string): boolean {
  return hostname.endsWith('.poecdn.net') || hostname === '127.0.0.1' || hostname === 'localhost';
}

export type ImageDecision =
  /** Load right away (trusted host). */
  | { kind: 'load'; src: string }
  /** Show a button naming the source; load only on click. */
  | { kind: 'ask'; src: string; label: string }
  /** Never load: show the alt text. */
  | { kind: 'block' };

/**
 * http(s) images load only from trusted hosts; other hosts get a click-to-load button naming the host.
 * data: images never make a request, but they still put attacker-chosen pixels in our UI (fake dialogs asking for
 * the API key), so raster data: URLs are click-to-load too, and every other scheme is blocked.
 */
export function decideImage(raw: string, isTrustedHost: (hostname: string) => boolean): ImageDecision {
  const url = parseUrl(raw);
  if (!url) return { kind: 'block' };
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    if (!url.hostname) return { kind: 'block' };
    return isTrustedHost(url.hostname)
      ? { kind: 'load', src: url.href }
      : { kind: 'ask', src: url.href, label: `Load image from ${url.hostname}` };
  }
  if (url.protocol === 'data:' && RASTER_DATA_URL.test(url.href)) {
    return { kind: 'ask', src: url.href, label: 'Load embedded image' };
  }
  return { kind: 'block' };
}
