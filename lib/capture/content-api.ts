import { CONTENT_API_GLOBAL, CONTENT_API_VERSION, type ContentMessage, type PoeToolbarContentApi } from '@/lib/messaging/content-contracts';
import { readLinkText } from './link-text';
import { extractPage } from './page-text';
import { startRegionPicker, type RegionOutcome } from './region-picker';
import { readSelection } from './selection';
import { readVideo, seekVideo } from './video/read-video';

declare global {
  // eslint-disable-next-line no-var
  var __poeToolbarContent: PoeToolbarContentApi | undefined;
}

export interface ContentApiDeps {
  doc: Document;
  send: (message: ContentMessage) => void;
  fetch: typeof globalThis.fetch;
  isAlive: () => boolean;
}

export function createContentApi(deps: ContentApiDeps): PoeToolbarContentApi {
  const { doc } = deps;
  let picking = false;
  return Object.freeze({
    version: CONTENT_API_VERSION,
    isAlive: () => deps.isAlive(),
    readSelection: () => readSelection(doc),
    extractPage: () => extractPage(doc, { computedStyles: true }),
    readLink: (url: string) =>
      readLinkText(String(url), {
        pageUrl: doc.location?.href ?? doc.URL,
        fetch: deps.fetch,
        parseHtml: (html) => new (doc.defaultView?.DOMParser ?? DOMParser)().parseFromString(html, 'text/html'),
      }),
    readVideo: (srcUrl: string | null, languages: string[]) =>
      readVideo({ doc, fetch: deps.fetch }, typeof srcUrl === 'string' ? srcUrl : null, Array.isArray(languages) ? languages.map(String) : []),
    seekVideo: (seconds: number, videoKey: string) => seekVideo(doc, Number(seconds), String(videoKey)),
    pickRegion: () => {
      // A picker already showing will answer; a second one would only answer the same question twice.
      if (picking) return;
      picking = true;
      const report = (outcome: RegionOutcome | null) => {
        picking = false;
        deps.send(outcome ? { type: 'region.selected', ...outcome } : { type: 'region.cancelled' });
      };
      try {
        startRegionPicker(doc, report);
      } catch {
        // No overlay possible here (an SVG or XML document): answer rather than leave the background waiting.
        report(null);
      }
    },
  });
}

/**
 * Installs the API on `target` once: a live copy of the same version already there is kept (injecting the script
 * twice is harmless); a copy left by an older version or by a reloaded extension is replaced.
 */
export function installContentApi(target: typeof globalThis, create: () => PoeToolbarContentApi): PoeToolbarContentApi {
  const existing = target[CONTENT_API_GLOBAL];
  if (existing && existing.version === CONTENT_API_VERSION && safeAlive(existing)) return existing;
  const api = create();
  Object.defineProperty(target, CONTENT_API_GLOBAL, { value: api, configurable: true, enumerable: false, writable: false });
  return api;
}

function safeAlive(api: PoeToolbarContentApi): boolean {
  try {
    return api.isAlive();
  } catch {
    return false;
  }
}
