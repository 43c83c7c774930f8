import { t } from '@/lib/i18n';
import { getStoredMedia } from '@/lib/messaging/media-store';

/**
 * The bytes of a bot's image, audio or video (issue 15), for download, copy, "use as input" and, for http media of the
 * local server (which the CSP keeps out of `<audio>`/`<video>`, as out of `<img>`), for playing from a blob: URL.
 * Poe's CDN answers a cross-origin fetch because the manifest grants `https://*.poecdn.net/*`.
 */
export async function fetchMedia(url: string): Promise<Blob> {
  const response = await fetch(url, { credentials: 'omit', redirect: 'error', referrerPolicy: 'no-referrer' });
  if (!response.ok) throw new Error(t('mediaBytes_serverAnswered', response.status));
  return response.blob();
}

/** A blob: URL the caller must revoke, or the URL itself where the page may load it directly. */
export interface Playable {
  src: string;
  revoke?: () => void;
}

function fromBlob(blob: Blob): Playable {
  const src = URL.createObjectURL(blob);
  return { src, revoke: () => URL.revokeObjectURL(src) };
}

/** What an `<audio>`/`<video>` plays: https as it is; http through its bytes; a stored file from the media store. */
export async function playable(file: { url: string; stored?: string | undefined; contentType: string }): Promise<Playable> {
  if (file.stored) {
    const media = await getStoredMedia(file.stored);
    if (!media) throw new Error(t('mediaBytes_notKept'));
    return fromBlob(media.blob);
  }
  if (/^https:/i.test(file.url)) return { src: file.url };
  const blob = await fetchMedia(file.url);
  // A server that does not say what it sent: the file event's type, so the player knows what to decode.
  return fromBlob(blob.type ? blob : new Blob([blob], { type: file.contentType }));
}

/** The bytes of a file for saving or copying (a stored file from the media store). */
export async function mediaBytes(file: { url: string; stored?: string | undefined }): Promise<Blob> {
  if (file.stored) {
    const media = await getStoredMedia(file.stored);
    if (!media) throw new Error(t('mediaBytes_notKept'));
    return media.blob;
  }
  return fetchMedia(file.url);
}

/**
 * Copies an image to the clipboard as PNG (the one image type every browser's clipboard takes). The bytes go in as a
 * promise, so the write starts within the click (browsers refuse a clipboard write after the click's moment is gone).
 */
export async function copyImageBlob(bytes: Promise<Blob>): Promise<void> {
  const png = bytes.then((blob) => (blob.type === 'image/png' ? blob : toPng(blob)));
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
}

async function toPng(blob: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(blob);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  bitmap.close();
  return new Promise((resolve, reject) => canvas.toBlob((png) => (png ? resolve(png) : reject(new Error(t('mediaBytes_notConverted')))), 'image/png'));
}
