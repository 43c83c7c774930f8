/**
 * The extension pages' CSP lets `<img>` load only `https:`, `data:` and `blob:` (no plain http, so no `<img>` can
 * reach a loopback or LAN service, whatever the renderer does). An http image we do want, the local Poe server's own
 * or one the user clicked to load, is fetched as bytes by the page and shown from a blob: URL. This only works where
 * the extension has host access (the local server's origin); anything else fails and the caller offers a link.
 */

/** Image URLs already turned into blob: URLs on this page (each fetched once; kept for the page's lifetime). */
const loaded = new Map<string, Promise<string>>();

export type ImageLoader = (src: string) => Promise<string>;

/** A URL an `<img>` on an extension page may use as it is; http: ones go through {@link loadImageBytes}. */
export function needsBytes(src: string): boolean {
  return /^http:/i.test(src);
}

/** The bytes of an http image as a blob: URL. Rejects on a redirect, an error status or anything but an image. */
export const loadImageBytes: ImageLoader = (src) => {
  let url = loaded.get(src);
  if (!url) {
    url = fetchImage(src);
    loaded.set(src, url);
    // A failure is not remembered: a later click may succeed (the server is back).
    url.catch(() => loaded.delete(src));
  }
  return url;
};

async function fetchImage(src: string): Promise<string> {
  const response = await fetch(src, { credentials: 'omit', redirect: 'error', referrerPolicy: 'no-referrer' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const blob = await response.blob();
  if (!blob.type.startsWith('image/')) throw new Error(`not an image: ${blob.type || 'no type'}`);
  return URL.createObjectURL(blob);
}
