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

/** Bumped when the API changes, so a newer injection replaces an older one left in the page. */
export const CONTENT_API_VERSION = 1;
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
}

/** The methods the background may call. */
export type ContentApiMethod = Exclude<keyof PoeToolbarContentApi, 'version' | 'isAlive'>;
