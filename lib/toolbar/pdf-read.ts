import { t } from '@/lib/i18n';
import type { PendingAttachment } from '@/lib/messaging/contracts';
import type { PendingFallback } from '@/lib/messaging/file-door';
import type { PdfReaderResult } from '@/lib/messaging/pdf-reader-contracts';
import { fetchPdf } from './pdf-fetch';
import { PageReadError } from './page-read-error';
import { pdfFileName, pdfTextFile, pdfTextFileName, pdfTitle, textChars } from './pdf-text';

// The English texts, for tests (the e2e specs import them in Node, where there is no browser.i18n); shown translated.
export const PDF_PASSWORD_MESSAGE =
  'This PDF is protected by a password, so Poe Toolbar cannot read it. Open it, save or print it as a PDF without the password, and attach that in the side panel.';
export const PDF_BROKEN_MESSAGE =
  'This PDF is damaged or not really a PDF, so Poe Toolbar cannot read it. Download it again, or attach a copy that opens elsewhere.';
export const PDF_FAILED_MESSAGE = 'Poe Toolbar could not read this PDF. Reload the tab and try again.';

export interface PdfReadDeps {
  fetchPdf?: typeof fetchPdf;
  putPending(blob: Blob, name: string): Promise<string>;
  attachFallback(id: string, fallback: PendingFallback): Promise<void>;
  deletePending(id: string): Promise<void>;
  /** Runs pdf.js on the parked bytes, away from the background and from every web page. */
  readText(pendingId: string): Promise<PdfReaderResult>;
}

/**
 * "Ask about this PDF": downloads the tab's PDF, parks it at the file door, reads its text with pdf.js, and keeps that
 * text (with page numbers) beside it, so the send can pick the PDF or its text by the bot (lib/messaging/file-support.ts).
 * A PDF behind a password or broken cannot be attached; a scanned one (no text) can, as a PDF only.
 */
export async function readTabPdf(deps: PdfReadDeps, tab: { url: string; title: string }): Promise<PendingAttachment> {
  const blob = await (deps.fetchPdf ?? fetchPdf)(tab.url);
  const name = pdfFileName(tab.title, tab.url);
  const pendingId = await deps.putPending(blob, name);
  try {
    const result = await deps.readText(pendingId).catch((): PdfReaderResult => ({ ok: false, reason: 'failed' }));
    if (!result.ok) {
      throw new PageReadError(t(result.reason === 'password' ? 'pdfRead_password' : result.reason === 'broken' ? 'pdfRead_broken' : 'pdfRead_failed'));
    }
    const title = pdfTitle(result.title, tab.title, tab.url);
    const chars = textChars(result.texts);
    if (chars > 0) {
      const text = new Blob([pdfTextFile({ title, url: tab.url, texts: result.texts, pages: result.pages })], { type: 'text/plain' });
      await deps.attachFallback(pendingId, { name: pdfTextFileName(title), blob: text });
    }
    return {
      pendingId,
      name,
      contentType: 'application/pdf',
      size: blob.size,
      source: { kind: 'pdf', url: tab.url.slice(0, 4_000), title: title.slice(0, 1_000), pages: result.pages, textChars: chars },
    };
  } catch (error) {
    await deps.deletePending(pendingId).catch(() => undefined);
    throw error;
  }
}
