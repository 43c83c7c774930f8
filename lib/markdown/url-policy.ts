/**
 * What a link or image URL from model output may do. Model output is attacker-influenced (prompt injection), and a
 * remote image is an exfiltration channel that fires with no click, so only trusted hosts load by themselves.
 */

import { t } from '@/lib/i18n';
import type { ImageTrust } from './image-trust';

export { imageTrust, poeCdnOnly, type ImageTrust } from './image-trust';

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

/** Link text that reads as a web address: one token, an optional scheme, a host with a dot, then a path or nothing. */
const ADDRESS_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/)?[^\s/?#@:]+\.[^\s/?#@:.]{2,}(?::\d+)?(?:[/?#]\S*)?$/iu;

/**
 * A bare `name.ext` with one of these endings is a file or a library ("Node.js", "report.pdf"), not an address: a
 * link with such text to its home page or its file is not misleading.
 */
const NOT_A_SITE = /\.(?:[cm]?js|jsx|tsx?|py|rb|rs|java|kt|swift|cpp|md|json|ya?ml|toml|txt|csv|pdf|html?|s?css|png|jpe?g|gif|svg|webp|mp[34]|zip|exe|dll|sh|ipynb|docx?|xlsx?|pptx?)$/i;

function siteOf(hostname: string): string {
  return hostname.replace(/^www\./, '').replace(/\.$/, '');
}

/**
 * The host a link really goes to, when its text reads as an address on another host (`[paypal.com](https://evil.example)`,
 * or a look-alike written in other scripts: hosts compare in their punycode form), else undefined. `www.` and a
 * trailing dot do not make a host another.
 */
export function misleadingLinkHost(text: string, href: string): string | undefined {
  const shown = text.trim();
  if (!ADDRESS_LIKE.test(shown)) return undefined;
  if (!/^[a-z][a-z0-9+.-]*:\/\/|^www\.|[/?#]/i.test(shown) && NOT_A_SITE.test(shown)) return undefined;
  let real: URL;
  let claimed: URL;
  try {
    real = new URL(href);
    claimed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(shown) ? shown : `https://${shown}`);
  } catch {
    return undefined;
  }
  if (real.protocol !== 'http:' && real.protocol !== 'https:') return undefined;
  return siteOf(claimed.hostname) === siteOf(real.hostname) ? undefined : real.hostname;
}

export type ImageDecision =
  /** Load right away (trusted host). */
  | { kind: 'load'; src: string }
  /** Show a button naming the source; load only on click. */
  | { kind: 'ask'; src: string; label: string }
  /** Never load: show the alt text. */
  | { kind: 'block' };

/**
 * http(s) images load only from trusted origins; others get a click-to-load button naming the host (with its port:
 * 127.0.0.1:11434 is not 127.0.0.1:8787). data: images never make a request, but they still put attacker-chosen
 * pixels in our UI (fake dialogs asking for the API key), so raster data: URLs are click-to-load too, and every other
 * scheme is blocked.
 */
export function decideImage(raw: string, trusted: ImageTrust): ImageDecision {
  const url = parseUrl(raw);
  if (!url) return { kind: 'block' };
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    if (!url.hostname) return { kind: 'block' };
    return trusted(url) ? { kind: 'load', src: url.href } : { kind: 'ask', src: url.href, label: t('markdown_loadImageFrom', url.host) };
  }
  if (url.protocol === 'data:' && RASTER_DATA_URL.test(url.href)) {
    return { kind: 'ask', src: url.href, label: t('markdown_loadEmbeddedImage') };
  }
  return { kind: 'block' };
}
