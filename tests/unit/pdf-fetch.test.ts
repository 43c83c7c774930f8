import { describe, expect, it, vi } from 'vitest';
import { fetchPdf, looksLikePdfBytes } from '@/lib/toolbar/pdf-fetch';
import { PageReadError } from '@/lib/toolbar/page-read-error';
import { FIXTURE_PDFS } from '../fixtures/pdf';

const report = FIXTURE_PDFS['report.pdf']!();
const URL_ = 'https://docs.example/files/report.pdf';

/** A response whose body arrives in chunks, with or without a Content-Length. */
function streamed(chunks: Uint8Array[], headers: Record<string, string> = {}, status = 200): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Response(body, { status, headers });
}

async function failure(promise: Promise<unknown>): Promise<PageReadError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(PageReadError);
  return error as PageReadError;
}

describe('fetchPdf', () => {
  it('downloads the PDF with the user\'s cookies and refuses redirects', async () => {
    const fetch = vi.fn(async () => streamed([report.subarray(0, 100), report.subarray(100)], { 'content-length': String(report.length) }));
    const blob = await fetchPdf(URL_, { fetch });
    expect(fetch).toHaveBeenCalledWith(URL_, { credentials: 'include', redirect: 'error' });
    expect(blob.type).toBe('application/pdf');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array(report));
  });

  it('refuses a PDF over the limit from its Content-Length, before reading it', async () => {
    const cancel = vi.fn();
    const body = new ReadableStream({ pull: () => undefined, cancel });
    const fetch = vi.fn(async () => new Response(body, { headers: { 'content-length': String(300 * 1024 * 1024) } }));
    const error = await failure(fetchPdf(URL_, { fetch }));
    expect(error.message).toBe('This PDF is 300 MB; Poe Toolbar reads PDFs up to 100 MB. Save the pages you need as a smaller PDF and attach that in the side panel.');
    expect(cancel).toHaveBeenCalled();
  });

  it('stops reading a PDF that grows past the limit while streaming (no Content-Length)', async () => {
    const fetch = vi.fn(async () => streamed([report, report, report]));
    const error = await failure(fetchPdf(URL_, { fetch, maxBytes: report.length * 2 }));
    expect(error.message).toMatch(/^This PDF is larger than \d+ MB\./);
  });

  it('says so when a sign-in page comes back instead of the PDF', async () => {
    const fetch = vi.fn(async () => streamed([FIXTURE_PDFS['sign-in.pdf']!()], { 'content-type': 'text/html' }));
    const error = await failure(fetchPdf(URL_, { fetch }));
    expect(error.message).toContain('did not give Poe Toolbar a PDF (perhaps a sign-in page came instead)');
  });

  it('names the HTTP status, and sign-in for 401/403', async () => {
    const forbidden = await failure(fetchPdf(URL_, { fetch: vi.fn(async () => new Response('no', { status: 403 })) }));
    expect(forbidden.message).toBe('The website refused to give Poe Toolbar this PDF (HTTP 403). If it needs you to sign in, sign in and open it again.');
    const gone = await failure(fetchPdf(URL_, { fetch: vi.fn(async () => new Response('no', { status: 404 })) }));
    expect(gone.message).toBe('The website refused to give Poe Toolbar this PDF (HTTP 404). Reload the tab and try again.');
  });

  it('explains a failed connection or a redirect (fetch rejects either way)', async () => {
    const error = await failure(fetchPdf(URL_, { fetch: vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))) }));
    expect(error.message).toContain('the connection failed or the address redirects elsewhere');
  });

  it('does not try file:// or other schemes, and says what to do instead', async () => {
    const fetch = vi.fn();
    expect((await failure(fetchPdf('file:///home/me/report.pdf', { fetch }))).message).toBe(
      'Poe Toolbar cannot read a PDF opened from your computer. Attach the file itself with “Attach files” in the side panel instead.',
    );
    expect((await failure(fetchPdf('ftp://old.example/report.pdf', { fetch }))).message).toBe('Poe Toolbar reads PDFs from web addresses (http or https) only.');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('looksLikePdfBytes', () => {
  it('finds the header at the start or after a little junk, not in HTML', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(looksLikePdfBytes(bytes('%PDF-1.7\n'))).toBe(true);
    expect(looksLikePdfBytes(bytes('\r\n  %PDF-1.4'))).toBe(true);
    expect(looksLikePdfBytes(bytes('<!doctype html><p>%PDF in prose comes too late'.padStart(2000, ' ')))).toBe(false);
    expect(looksLikePdfBytes(bytes('<html>'))).toBe(false);
  });
});
