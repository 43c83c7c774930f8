import type { getDocument as GetDocument } from 'pdfjs-dist';
import { MAX_PDF_PAGES_READ, type PdfReaderResult } from '@/lib/messaging/pdf-reader-contracts';

/** What of pdf.js the reader uses; the page passes the browser build, unit tests the Node one. */
export interface PdfJs {
  getDocument: typeof GetDocument;
}

/** pdf.js names its failures; these two are the PDF's own fault and get their own message. */
function reasonFor(error: unknown): 'password' | 'broken' | 'failed' {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'PasswordException') return 'password';
  if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'MissingPDFException') return 'broken';
  return 'failed';
}

/** A page's text as pdf.js lays it out: runs in reading order, a line break where the PDF ends a line. */
function pageText(items: readonly unknown[]): string {
  let text = '';
  for (const item of items) {
    if (typeof item !== 'object' || item === null || !('str' in item)) continue;
    text += String(item.str);
    if ('hasEOL' in item && item.hasEOL) text += '\n';
  }
  return text.replace(/[ \t]+\n/g, '\n').trim();
}

/** Reads a PDF's page count, title and each page's text. Never throws: a failure comes back as its reason. */
export async function extractPdfText(pdfjs: PdfJs, data: Uint8Array): Promise<PdfReaderResult> {
  // No eval (the extension's CSP forbids it), no fonts loaded: only the text is wanted.
  const task = pdfjs.getDocument({ data, verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false });
  try {
    const pdf = await task.promise;
    const metadata = await pdf.getMetadata().catch(() => undefined);
    const info = metadata?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === 'string' && info.Title.trim() ? info.Title.trim().slice(0, 1_000) : undefined;
    const texts: string[] = [];
    const count = Math.min(pdf.numPages, MAX_PDF_PAGES_READ);
    for (let number = 1; number <= count; number += 1) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      texts.push(pageText(content.items));
      page.cleanup();
    }
    return { ok: true, pages: pdf.numPages, texts, ...(title ? { title } : {}) };
  } catch (error) {
    return { ok: false, reason: reasonFor(error) };
  } finally {
    await task.destroy().catch(() => undefined);
  }
}
