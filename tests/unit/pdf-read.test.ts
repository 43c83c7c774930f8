import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { attachPendingFallback, deletePendingUpload, getPendingUpload, putPendingUpload } from '@/lib/messaging/file-door';
import type { PdfReaderResult } from '@/lib/messaging/pdf-reader-contracts';
import { PDF_BROKEN_MESSAGE, PDF_PASSWORD_MESSAGE, readTabPdf } from '@/lib/toolbar/pdf-read';
import { PageReadError } from '@/lib/toolbar/page-read-error';

const bytes = new Blob(['%PDF-1.4 pretend'], { type: 'application/pdf' });
const tab = { url: 'https://docs.example/files/report.pdf', title: 'report.pdf' };

function deps(result: PdfReaderResult) {
  const parked: string[] = [];
  return {
    parked,
    fetchPdf: vi.fn(async () => bytes),
    putPending: async (blob: Blob, name: string) => {
      const id = await putPendingUpload(blob, name);
      parked.push(id);
      return id;
    },
    attachFallback: attachPendingFallback,
    deletePending: deletePendingUpload,
    readText: vi.fn(async () => result),
  };
}

describe('readTabPdf', () => {
  it('parks the PDF with its page-numbered text beside it, and says what it is', async () => {
    const wiring = deps({ ok: true, pages: 2, title: 'Quarterly Report', texts: ['First page.', 'Second page.'] });
    const attachment = await readTabPdf(wiring, tab);
    expect(wiring.fetchPdf).toHaveBeenCalledWith(tab.url);
    expect(attachment).toEqual({
      pendingId: wiring.parked[0],
      name: 'report.pdf',
      contentType: 'application/pdf',
      size: bytes.size,
      source: { kind: 'pdf', url: tab.url, title: 'Quarterly Report', pages: 2, textChars: 23 },
    });
    const stored = await getPendingUpload(attachment.pendingId);
    expect(stored && 'blob' in stored && stored.blob.type).toBe('application/pdf');
    expect(stored?.fallback?.name).toBe('Quarterly Report (text).txt');
    const text = await stored!.fallback!.blob.text();
    expect(text).toBe(`Quarterly Report\n${tab.url}\n2 pages\n\n--- Page 1 ---\nFirst page.\n\n--- Page 2 ---\nSecond page.\n`);
  });

  it('keeps a scanned PDF (no text) as a PDF only, with 0 characters of text', async () => {
    const attachment = await readTabPdf(deps({ ok: true, pages: 3, texts: ['', '', ''] }), { ...tab, title: 'Scan' });
    expect(attachment.source).toEqual({ kind: 'pdf', url: tab.url, title: 'Scan', pages: 3, textChars: 0 });
    expect((await getPendingUpload(attachment.pendingId))?.fallback).toBeUndefined();
  });

  it.each([
    ['password', PDF_PASSWORD_MESSAGE],
    ['broken', PDF_BROKEN_MESSAGE],
  ] as const)('a %s PDF is not attached: its own message, and nothing left at the file door', async (reason, message) => {
    const wiring = deps({ ok: false, reason });
    const error = await readTabPdf(wiring, tab).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PageReadError);
    expect((error as Error).message).toBe(message);
    expect(await getPendingUpload(wiring.parked[0]!)).toBeUndefined();
  });

  it('the three messages differ and each says what to do', () => {
    expect(PDF_PASSWORD_MESSAGE).toMatch(/password/);
    expect(PDF_BROKEN_MESSAGE).toMatch(/damaged/);
    expect(new Set([PDF_PASSWORD_MESSAGE, PDF_BROKEN_MESSAGE]).size).toBe(2);
  });
});
