import { computed, signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { loadImageBytes, needsBytes } from '@/lib/markdown/image-bytes';
import { imageTrust, type ImageTrust } from '@/lib/markdown/image-trust';
import { localServerOrigin } from '@/lib/messaging/base-url';

/** The account's base URL, set by ChatApp: a local Poe server's own images load without a click. */
export const pageBaseUrl = signal<string | undefined>(undefined);

const trust = computed(() => imageTrust(localServerOrigin(pageBaseUrl.value)));

/** Which images on this page load without a click (read at decision time, so a base URL set later still counts). */
export const pageImageTrust: ImageTrust = (url) => trust.value(url);

/** Whether `raw` is an image URL this page shows without a click. */
export function isTrustedImageUrl(raw: string): boolean {
  try {
    return pageImageTrust(new URL(raw));
  } catch {
    return false;
  }
}

/**
 * The `<img src>` for an image allowed to load: the URL itself for https, data: and blob:, and for http (which the
 * CSP keeps out of `<img>`) a blob: URL once its bytes are fetched. `failed` when they could not be.
 */
export function useImageSrc(url: string | undefined): { src: string | undefined; failed: boolean } {
  const direct = url !== undefined && !needsBytes(url);
  const [fetched, setFetched] = useState<{ url: string; src?: string; failed?: true }>();
  useEffect(() => {
    if (url === undefined || direct) return;
    let live = true;
    loadImageBytes(url).then(
      (src) => live && setFetched({ url, src }),
      () => live && setFetched({ url, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [url, direct]);
  if (url === undefined) return { src: undefined, failed: false };
  if (direct) return { src: url, failed: false };
  return fetched?.url === url ? { src: fetched.src, failed: fetched.failed === true } : { src: undefined, failed: false };
}
