/** Which images load without a click (kept apart from url-policy.ts so the pages' first paint carries only this). */

/** Whether an image URL may load without a click. */
export type ImageTrust = (url: URL) => boolean;

function isPoeCdn(url: URL): boolean {
  return url.protocol === 'https:' && (url.hostname === 'poecdn.net' || url.hostname.endsWith('.poecdn.net'));
}

/**
 * Images load by themselves only from Poe's CDN over https and, when the extension talks to a local (fake) Poe server,
 * from that server's exact origin (`localOrigin`, e.g. http://127.0.0.1:8787). Everything else, loopback and LAN
 * included (a request to http://127.0.0.1:11434/api/delete fired by an <img> is a request all the same), waits for
 * a click that names the host.
 */
export function imageTrust(localOrigin?: string): ImageTrust {
  return (url) => isPoeCdn(url) || (localOrigin !== undefined && url.origin === localOrigin);
}

/** Poe's CDN only: the trust of a page that talks to Poe itself. */
export const poeCdnOnly: ImageTrust = imageTrust();
