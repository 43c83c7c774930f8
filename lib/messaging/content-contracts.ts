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
