import browser, { type Runtime } from 'webextension-polyfill';
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { getPendingUpload } from '@/lib/messaging/file-door';
import { pdfReaderRequestSchema, type PdfReaderResult } from '@/lib/messaging/pdf-reader-contracts';
import { isFromExtensionPage } from '@/lib/messaging/sender';
import { extractPdfText } from './extract';

/**
 * The PDF reader (issue 14): an extension page the background opens only to read a PDF (Chrome's offscreen document,
 * Firefox's frame in the event page). It takes the bytes from the file door, reads them with pdf.js in a worker, and
 * answers with the text. Only our own background and pages may ask.
 */
pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

async function readParked(pendingId: string): Promise<PdfReaderResult> {
  const stored = await getPendingUpload(pendingId);
  if (!stored || !('blob' in stored)) return { ok: false, reason: 'failed' };
  return extractPdfText(pdfjs, new Uint8Array(await stored.blob.arrayBuffer()));
}

browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
  if (!isFromExtensionPage(sender, browser.runtime.id, browser.runtime.getURL('/')) || sender.tab) return undefined;
  const parsed = pdfReaderRequestSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  return readParked(parsed.data.pendingId);
});
