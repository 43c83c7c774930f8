import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** The background's side of the reader page: one offscreen document, made when a PDF is read, reused, closed when idle. */
const sendMessage = vi.fn();
vi.mock('webextension-polyfill', () => ({
  default: { runtime: { getURL: (path: string) => `chrome-extension://id${path}`, sendMessage: (message: unknown) => sendMessage(message) } },
}));

const { PdfReaderHost } = await import('@/lib/platform/pdf-reader-host');

describe('PdfReaderHost (Chrome: an offscreen document)', () => {
  const contexts: unknown[] = [];
  const offscreen = { createDocument: vi.fn(async () => void contexts.push('doc')), closeDocument: vi.fn(async () => void contexts.splice(0)) };
  beforeEach(() => {
    vi.useFakeTimers();
    contexts.splice(0);
    offscreen.createDocument.mockClear();
    offscreen.closeDocument.mockClear();
    sendMessage.mockReset();
    vi.stubGlobal('chrome', { offscreen, runtime: { getContexts: async () => [...contexts] } });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('makes one document for reads at once, asks it by the parked id, and closes it a minute after the last', async () => {
    sendMessage.mockResolvedValue({ ok: true, pages: 1, texts: ['Hello'] });
    const host = new PdfReaderHost();
    const [first, second] = await Promise.all([host.read('a'), host.read('b')]);
    expect(first).toEqual({ ok: true, pages: 1, texts: ['Hello'] });
    expect(second).toEqual(first);
    expect(offscreen.createDocument).toHaveBeenCalledOnce();
    expect(offscreen.createDocument).toHaveBeenCalledWith(expect.objectContaining({ url: 'chrome-extension://id/pdf-reader.html', reasons: ['WORKERS'] }));
    expect(sendMessage.mock.calls).toEqual([[{ type: 'pdf-reader.read', pendingId: 'a' }], [{ type: 'pdf-reader.read', pendingId: 'b' }]]);

    await vi.advanceTimersByTimeAsync(59_000);
    expect(offscreen.closeDocument).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(offscreen.closeDocument).toHaveBeenCalledOnce();

    await host.read('c');
    expect(offscreen.createDocument).toHaveBeenCalledTimes(2);
  });

  it('reuses a document a restarted worker forgot it made', async () => {
    contexts.push('doc');
    sendMessage.mockResolvedValue({ ok: false, reason: 'password' });
    expect(await new PdfReaderHost().read('a')).toEqual({ ok: false, reason: 'password' });
    expect(offscreen.createDocument).not.toHaveBeenCalled();
  });

  it('treats an answer that is not the reader\'s as a failure', async () => {
    sendMessage.mockResolvedValue({ ok: true, pages: 'many' });
    expect(await new PdfReaderHost().read('a')).toEqual({ ok: false, reason: 'failed' });
    sendMessage.mockResolvedValue(undefined);
    expect(await new PdfReaderHost().read('a')).toEqual({ ok: false, reason: 'failed' });
  });
});
