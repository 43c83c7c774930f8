import browser from 'webextension-polyfill';
import { PDF_READER_PATH, pdfReaderResultSchema, type PdfReaderResult } from '@/lib/messaging/pdf-reader-contracts';

/**
 * Where the PDF reader page runs (issue 14), so that pdf.js loads only when a PDF is read and never in the background
 * or a web page: Chrome's service worker has no DOM, so an offscreen document (one per extension, reused, closed when
 * idle); Firefox has no `offscreen` but its event page has a document, so a frame of the same page inside it.
 */
const IDLE_CLOSE_MS = 60_000;

interface ReaderHost {
  open(): Promise<void>;
  close(): Promise<void>;
}

function chromeOffscreen(): typeof chrome.offscreen | undefined {
  return (globalThis as { chrome?: typeof chrome }).chrome?.offscreen;
}

function offscreenHost(offscreen: typeof chrome.offscreen): ReaderHost {
  const url = browser.runtime.getURL(PDF_READER_PATH);
  return {
    async open() {
      // A restarted service worker forgets the document it made; the browser does not.
      const existing = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType], documentUrls: [url] });
      if (existing.length > 0) return;
      await offscreen.createDocument({
        url,
        // Strings, not chrome.offscreen.Reason: Firefox's linter flags the enum it lacks, even behind the feature check.
        reasons: ['WORKERS' as chrome.offscreen.Reason],
        justification: 'Reads the text of a PDF the user asked about, with pdf.js in a worker.',
      });
    },
    async close() {
      await offscreen.closeDocument().catch(() => undefined);
    },
  };
}

function frameHost(): ReaderHost {
  let frame: HTMLIFrameElement | undefined;
  return {
    open() {
      if (frame?.isConnected) return Promise.resolve();
      const made = document.createElement('iframe');
      made.src = browser.runtime.getURL(PDF_READER_PATH);
      frame = made;
      return new Promise<void>((resolve, reject) => {
        made.addEventListener('load', () => resolve(), { once: true });
        made.addEventListener('error', () => reject(new Error('The PDF reader did not load.')), { once: true });
        document.body.append(made);
      });
    },
    async close() {
      frame?.remove();
      frame = undefined;
    },
  };
}

/** True where this browser can host the reader page (an offscreen document, or a DOM in the background). */
export function canReadPdfs(): boolean {
  return Boolean(chromeOffscreen()) || typeof document !== 'undefined';
}

export class PdfReaderHost {
  private readonly host: ReaderHost | undefined;
  private opening: Promise<void> | undefined;
  private reading = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const offscreen = chromeOffscreen();
    this.host = offscreen ? offscreenHost(offscreen) : typeof document !== 'undefined' ? frameHost() : undefined;
  }

  /** Reads the PDF parked at the file door under `pendingId`; the reader answers with its pages' text or why not. */
  async read(pendingId: string): Promise<PdfReaderResult> {
    if (!this.host) return { ok: false, reason: 'failed' };
    this.reading += 1;
    clearTimeout(this.idleTimer);
    try {
      this.opening ??= this.host.open().catch((error: unknown) => {
        this.opening = undefined;
        throw error;
      });
      await this.opening;
      const answer: unknown = await browser.runtime.sendMessage({ type: 'pdf-reader.read', pendingId });
      const parsed = pdfReaderResultSchema.safeParse(answer);
      return parsed.success ? parsed.data : { ok: false, reason: 'failed' };
    } finally {
      this.reading -= 1;
      if (this.reading === 0) this.idleTimer = setTimeout(() => this.closeIfIdle(), IDLE_CLOSE_MS);
    }
  }

  private closeIfIdle(): void {
    if (this.reading > 0 || !this.host) return;
    this.opening = undefined;
    void this.host.close();
  }
}
