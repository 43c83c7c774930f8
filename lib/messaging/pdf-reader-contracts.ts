import * as z from 'zod/mini';

/**
 * The door between the background and the PDF reader page (issue 14): an extension page that runs pdf.js, in Chrome's
 * offscreen document or, in Firefox, a frame of the event page. The PDF's bytes wait at the file door; only its id
 * crosses here, and the text comes back.
 */
export const PDF_READER_PATH = '/pdf-reader.html';

/** Pages read at most (a longer PDF's text stops there, and says so). */
export const MAX_PDF_PAGES_READ = 5_000;

export const pdfReaderRequestSchema = z.object({
  type: z.literal('pdf-reader.read'),
  pendingId: z.string().check(z.maxLength(100)),
});
export type PdfReaderRequest = z.infer<typeof pdfReaderRequestSchema>;

export const pdfReaderResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** The PDF's own title (its metadata), when it has one. */
    title: z.optional(z.string().check(z.maxLength(1_000))),
    pages: z.number().check(z.int(), z.gte(0)),
    /** Each page's text, in order (empty for a page with no text layer); at most MAX_PDF_PAGES_READ. */
    texts: z.array(z.string()).check(z.maxLength(MAX_PDF_PAGES_READ)),
  }),
  /** password: it needs one; broken: pdf.js cannot parse it; failed: anything else. */
  z.object({ ok: z.literal(false), reason: z.enum(['password', 'broken', 'failed']) }),
]);
export type PdfReaderResult = z.infer<typeof pdfReaderResultSchema>;
