import { t, uiLocale } from '@/lib/i18n';
import { MAX_PDF_READ_BYTES } from '@/lib/messaging/rules';
import { PageReadError } from './page-read-error';

/** Every PDF starts with this, within its first kilobyte (ISO 32000 §7.5.2; readers accept leading junk). */
const PDF_MAGIC = '%PDF-';
const SNIFF_BYTES = 1024;

export function megabytes(bytes: number): string {
  const format = new Intl.NumberFormat(uiLocale(), { style: 'unit', unit: 'megabyte', maximumFractionDigits: 0 });
  return format.format(Math.max(1, Math.round(bytes / (1024 * 1024))));
}

function tooLarge(bytes: number | undefined, maxBytes: number): PageReadError {
  return new PageReadError(
    bytes === undefined ? t('pdfFetch_tooLargeUnknown', megabytes(maxBytes)) : t('pdfFetch_tooLarge', megabytes(bytes), megabytes(maxBytes)),
  );
}

/** True when the bytes begin like a PDF (the header may follow a little junk, as readers allow). */
export function looksLikePdfBytes(head: Uint8Array): boolean {
  const text = new TextDecoder('latin1').decode(head.subarray(0, SNIFF_BYTES));
  return text.includes(PDF_MAGIC);
}

/**
 * The PDF a tab shows, downloaded by the background as the viewer did: with the user's cookies (a PDF behind their
 * sign-in), never following a redirect (the address the user saw is the one read), and no more than `maxBytes`,
 * checked from Content-Length and again while it streams. Throws PageReadError with what to do.
 */
export async function fetchPdf(url: string, options: { fetch?: typeof fetch; maxBytes?: number } = {}): Promise<Blob> {
  const maxBytes = options.maxBytes ?? MAX_PDF_READ_BYTES;
  const protocol = URL.canParse(url) ? new URL(url).protocol : '';
  if (protocol === 'file:') {
    throw new PageReadError(t('pdfFetch_localFile'));
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new PageReadError(t('pdfFetch_notWeb'));
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { credentials: 'include', redirect: 'error' });
  } catch {
    throw new PageReadError(t('pdfFetch_downloadFailed'));
  }
  if (!response.ok) {
    const signIn = response.status === 401 || response.status === 403;
    throw new PageReadError(t(signIn ? 'pdfFetch_refusedSignIn' : 'pdfFetch_refused', response.status));
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(declared, maxBytes);
  }
  const bytes = await readAtMost(response, maxBytes);
  if (!looksLikePdfBytes(bytes)) {
    throw new PageReadError(t('pdfFetch_notPdf'));
  }
  return new Blob([bytes], { type: 'application/pdf' });
}

async function readAtMost(response: Response, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      throw new PageReadError(t('pdfFetch_brokeOff'));
    }
    if (next.done) break;
    total += next.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(undefined, maxBytes);
    }
    chunks.push(next.value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
