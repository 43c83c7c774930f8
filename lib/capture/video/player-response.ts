/**
 * YouTube's player response, read from a watch page's HTML (issue 14). The content script lives in the isolated world
 * and cannot read the page's variables, and after YouTube's in-app navigation the inline script describes the first
 * video, not this one: so the page is fetched again and `ytInitialPlayerResponse = {…}` is cut out of it.
 */

/** A caption track as the player lists it. */
export interface CaptionTrack {
  baseUrl: string;
  languageCode: string;
  /** `asr`: YouTube's automatic speech recognition; absent: the uploader's own captions. */
  kind?: string;
  name?: string;
}

export interface PlayerFacts {
  videoId: string;
  title: string;
  channel?: string;
  durationSeconds?: number;
  description?: string;
  tracks: CaptionTrack[];
  /** The track the player shows by default (the video's own language), when it says. */
  defaultTrack?: number;
}

const MARKER = 'ytInitialPlayerResponse';

/**
 * The JSON object that starts at `start` (an opening brace), cut by counting braces outside strings; undefined when
 * it never closes.
 */
export function balancedObject(text: string, start: number): string | undefined {
  if (text[start] !== '{') return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

/** Every `ytInitialPlayerResponse = {…}` in the page (`var x =`, `window["x"] =`), parsed; the first that parses wins. */
export function findPlayerResponse(html: string): unknown {
  for (let at = html.indexOf(MARKER); at >= 0; at = html.indexOf(MARKER, at + MARKER.length)) {
    const assignment = /^["'\]]*\s*=\s*/.exec(html.slice(at + MARKER.length, at + MARKER.length + 20));
    if (!assignment) continue;
    const json = balancedObject(html, at + MARKER.length + assignment[0].length);
    if (!json) continue;
    try {
      const parsed: unknown = JSON.parse(json);
      if (parsed && typeof parsed === 'object') return parsed;
    } catch {
      // Not JSON after all (a script building it piecemeal): try the next one.
    }
  }
  return undefined;
}

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** The facts of the player response for `videoId`; undefined when the page holds none, or one for another video. */
export function playerFacts(html: string, videoId: string): PlayerFacts | undefined {
  const response = record(findPlayerResponse(html));
  const details = record(response.videoDetails);
  if (str(details.videoId) !== videoId) return undefined;
  const list = record(record(response.captions).playerCaptionsTracklistRenderer);
  const tracks: CaptionTrack[] = [];
  for (const raw of Array.isArray(list.captionTracks) ? list.captionTracks : []) {
    const track = record(raw);
    const baseUrl = str(track.baseUrl);
    const languageCode = str(track.languageCode);
    if (!baseUrl || !languageCode) continue;
    const nameOf = record(track.name);
    const runs = Array.isArray(nameOf.runs) ? nameOf.runs.map((run) => str(record(run).text) ?? '').join('') : undefined;
    const name = str(nameOf.simpleText) ?? str(runs);
    tracks.push({ baseUrl, languageCode, ...(str(track.kind) ? { kind: str(track.kind) } : {}), ...(name ? { name } : {}) });
  }
  const audio = record(Array.isArray(list.audioTracks) ? list.audioTracks[0] : undefined);
  const defaultTrack = typeof audio.defaultCaptionTrackIndex === 'number' ? audio.defaultCaptionTrackIndex : undefined;
  const seconds = Number(details.lengthSeconds);
  const title = str(details.title) ?? '';
  const channel = str(details.author);
  const description = str(details.shortDescription);
  return {
    videoId,
    title,
    ...(channel ? { channel } : {}),
    ...(Number.isFinite(seconds) && seconds > 0 ? { durationSeconds: seconds } : {}),
    ...(description ? { description } : {}),
    tracks,
    ...(defaultTrack !== undefined && defaultTrack < tracks.length ? { defaultTrack } : {}),
  };
}
