import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { extractPdfText, type PdfJs } from '@/entrypoints/pdf-reader/extract';
import { pdfReaderResultSchema } from '@/lib/messaging/pdf-reader-contracts';
import { FIXTURE_PDFS } from '../fixtures/pdf';

/** The real pdf.js (its Node build) on the fixture PDFs: the reader page runs the same code on the browser build. */
const pdfjs = { getDocument } as unknown as PdfJs;
const read = async (name: string) => {
  const result = await extractPdfText(pdfjs, new Uint8Array(FIXTURE_PDFS[name]!()));
  expect(pdfReaderResultSchema.safeParse(result).success).toBe(true);
  return result;
};

describe('extractPdfText (pdf.js on the fixtures)', () => {
  it('reads each page\'s text, the page count and the PDF\'s own title', async () => {
    expect(await read('report.pdf')).toEqual({
      ok: true,
      pages: 3,
      title: 'Quarterly Report',
      texts: ['Quarterly report, page one.\nRevenue grew by a third.', 'Page two talks about costs.', 'Page three: the outlook is calm.'],
    });
  });

  it('gives no title where the PDF has none', async () => {
    expect(await read('one-page.pdf')).toEqual({ ok: true, pages: 1, texts: ['A single page of plain text.'] });
  });

  it('finds no text on pages that are only pictures (a scan)', async () => {
    expect(await read('scanned.pdf')).toEqual({ ok: true, pages: 2, title: 'Scanned Letter', texts: ['', ''] });
  });

  it('tells a PDF locked with a password from a broken one', async () => {
    expect(await read('locked.pdf')).toEqual({ ok: false, reason: 'password' });
    expect(await read('broken.pdf')).toEqual({ ok: false, reason: 'broken' });
    expect(await read('sign-in.pdf')).toEqual({ ok: false, reason: 'broken' });
  });

  it('the locked fixture is really encrypted: it opens with its password and its text is there', async () => {
    const pdf = await getDocument({ data: new Uint8Array(FIXTURE_PDFS['locked.pdf']!()), password: 'secret', isEvalSupported: false }).promise;
    const content = await (await pdf.getPage(1)).getTextContent();
    expect(content.items.map((item) => ('str' in item ? item.str : '')).join('')).toBe('You may not read this without the password.');
    expect(Buffer.from(FIXTURE_PDFS['locked.pdf']!()).toString('latin1')).not.toContain('without the password');
    await pdf.destroy();
  });
});
