/** The audio and video links in an answer's text (issue 15). Pure, so unit tests import it. */
import type { MediaKind } from './media-kind';

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
  kind: MediaKind;
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
    found.push({ kind: contentType.startsWith('audio/') ? 'audio' : 'video', url: url.href, contentType, name: lastSegment(url) });
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
