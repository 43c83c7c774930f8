/** What kind of media a bot's file or a bare link is (issue 15). Pure: no DOM, so unit tests import it freely. */

export type MediaKind = 'image' | 'audio' | 'video';

/** A file's kind from its content type; undefined for anything that is not shown as media. */
export function mediaKindOf(contentType: string): MediaKind | undefined {
  const type = contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  if (type.startsWith('image/') && type !== 'image/svg+xml') return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  return undefined;
}

/** File endings of the audio and video links an answer's text may carry, with their content types. */
const LINK_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  flac: 'audio/flac',
  opus: 'audio/opus',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
};

/** The content type an audio or video URL's ending implies, or undefined. */
export function mediaTypeOfUrl(url: URL): string | undefined {
  const ending = /\.([a-z0-9]{2,5})$/i.exec(url.pathname)?.[1]?.toLowerCase();
  return ending === undefined ? undefined : LINK_TYPES[ending];
}

/** A bare link in an answer that plays as audio or video. */
export interface MediaLink {
  url: string;
  contentType: string;
  name: string;
}

const BARE_URL = /\bhttps?:\/\/[^\s<>()[\]"'`]+/gi;

/**
 * The audio and video links in an answer's text that `trusted` lets load (Poe's CDN, the local server's own origin),
 * each once, in order. Untrusted ones stay links in the text: a player would fire a request at their host.
 */
export function mediaLinksIn(text: string, trusted: (url: URL) => boolean): MediaLink[] {
  const found: MediaLink[] = [];
  for (const [raw] of text.matchAll(BARE_URL)) {
    let url: URL;
    try {
      url = new URL(raw.replace(/[.,;:!?]+$/, ''));
    } catch {
      continue;
    }
    const contentType = mediaTypeOfUrl(url);
    if (!contentType || !trusted(url) || found.some((each) => each.url === url.href)) continue;
    found.push({ url: url.href, contentType, name: lastSegment(url) });
  }
  return found;
}

function lastSegment(url: URL): string {
  const segment = url.pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Whether an answer's text may hold a media link (cheap, so a page checks it before loading the media chunk). */
export const MAY_HOLD_MEDIA_LINK = /\.(mp3|wav|og[ga]|m4a|aac|flac|opus|mp4|webm|mov)\b/i;
