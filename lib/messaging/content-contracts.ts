import * as z from 'zod/mini';

/**
 * The only messages a content script may send the background: the outcome of the region picker. Everything else from
 * a web page's context is dropped. Both are checked against the tab the background asked to pick a region in.
 */
export const contentMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('region.selected'),
    /** The rectangle in CSS pixels, relative to the viewport. */
    rect: z.object({
      x: z.number().check(z.gte(0)),
      y: z.number().check(z.gte(0)),
      width: z.number().check(z.gt(0)),
      height: z.number().check(z.gt(0)),
    }),
    /** The viewport's size in CSS pixels when the rectangle was drawn (the crop scales by bitmap width / this width). */
    viewport: z.object({ width: z.number().check(z.gt(0)), height: z.number().check(z.gt(0)) }),
  }),
  z.object({ type: z.literal('region.cancelled') }),
]);
export type ContentMessage = z.infer<typeof contentMessageSchema>;

/** The selection as the page shows it, line breaks kept. */
export interface SelectionText {
  text: string;
  title: string;
  url: string;
}

/** A page's readable text (Readability where it works). */
export interface PageText {
  title: string;
  url: string;
  text: string;
  excerpt?: string;
  byline?: string;
  usedReadability: boolean;
  /** `document.contentType`: `application/pdf` in Chrome's PDF viewer, whose page has no text of its own. */
  contentType: string;
}

/** A same-origin link's readable text, when it could be read. */
export interface LinkText {
  text?: string;
  title?: string;
}

/** One caption cue: when it starts (seconds from the video's start) and what it says. */
export const captionCueSchema = z.object({ start: z.number().check(z.gte(0)), text: z.string().check(z.maxLength(5_000)) });
export type CaptionCue = z.infer<typeof captionCueSchema>;

/** What the page says about a video. `key` names it for a later seek: its watch id, or the media's address. */
export const videoFactsSchema = z.object({
  url: z.string().check(z.maxLength(4_000)),
  key: z.string().check(z.maxLength(4_000)),
  title: z.string().check(z.maxLength(1_000)),
  channel: z.optional(z.string().check(z.maxLength(500))),
  durationSeconds: z.optional(z.number().check(z.gte(0))),
  description: z.optional(z.string().check(z.maxLength(10_000))),
});
export type VideoFacts = z.infer<typeof videoFactsSchema>;

/**
 * A video read from its page's own caption tracks (issue 14): its cues; or the page says it has none; or it has some
 * that could not be fetched (`reason` says why, for people); or the page has no video it is about.
 * Checked with zod in the background: it is built from what a web page served.
 */
export const videoReadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('captions'),
    video: videoFactsSchema,
    captions: z.enum(['manual', 'auto']),
    language: z.optional(z.string().check(z.maxLength(35))),
    cues: z.array(captionCueSchema).check(z.maxLength(200_000)),
  }),
  z.object({ kind: z.literal('noCaptions'), video: videoFactsSchema }),
  z.object({ kind: z.literal('failed'), video: videoFactsSchema, reason: z.string().check(z.maxLength(500)) }),
]);
export type VideoRead = z.infer<typeof videoReadSchema>;

/** Bumped when the API changes, so a newer injection replaces an older one left in the page. */
export const CONTENT_API_VERSION = 2;
/** Where the on-demand content script installs its API, in the extension's isolated world of a page. */
export const CONTENT_API_GLOBAL = '__poeToolbarContent';

/**
 * What the on-demand content script offers the background, as `globalThis[CONTENT_API_GLOBAL]`. The background calls
 * it with `scripting.executeScript({ func })` and reads the return value.
 */
export interface PoeToolbarContentApi {
  readonly version: number;
  /** False once the extension that injected this copy was reloaded or updated (its messages can no longer arrive). */
  isAlive(): boolean;
  readSelection(): SelectionText;
  extractPage(): PageText;
  readLink(url: string): Promise<LinkText>;
  /** Shows the region picker and returns at once; the outcome arrives as a `region.*` runtime message. */
  pickRegion(): void;
  /**
   * The video the user means and its captions (issue 14): the `<video>` playing `srcUrl` (a right-click on it), or
   * without one the video the page is about (a watch page; a page that is one captioned `<video>`). `languages`: the
   * user's, first choice first; captions in one of them are preferred to the video's own language.
   */
  readVideo(srcUrl: string | null, languages: string[]): Promise<VideoRead>;
  /** Seeks the page's video named by `videoKey` (see VideoFacts) to `seconds` and brings it into view; false: not here. */
  seekVideo(seconds: number, videoKey: string): boolean;
}

/** The methods the background may call. */
export type ContentApiMethod = Exclude<keyof PoeToolbarContentApi, 'version' | 'isAlive'>;
