import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/poe', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/poe')>();
  return {
    ...actual,
    uploadFileFromUrl: vi.fn(async () => {
      throw new actual.PoeError('invalid_input', 'Poe could not fetch that URL.');
    }),
    uploadFile: vi.fn(async ({ file, name }: { file: Blob; name: string }) => ({ url: `https://cdn.example/${name}`, contentType: file.type, name })),
  };
});

const { uploadPendingAttachments } = await import('@/lib/chat/uploads');
const { putPendingUpload, getPendingUpload, attachPendingFallback } = await import('@/lib/messaging/file-door');
const { MAX_UPLOAD_BYTES } = await import('@/lib/messaging/rules');
const poe = await import('@/lib/poe');

describe('uploadPendingAttachments', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('falls back to fetching the bytes itself when Poe cannot fetch an image by URL, then forgets the draft file', async () => {
    const bytes = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });
    const fetchMock = vi.fn(async () => new Response(bytes, { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const pendingId = await putPendingUpload({ url: 'https://intranet.example/cat.png' }, 'cat.png');

    const [attachment] = await uploadPendingAttachments([{ pendingId, name: 'cat.png', contentType: 'image/png', size: 0 }], {
      apiKey: 'k',
      uploadBaseUrl: 'http://fake/poe_api',
      bot: 'echo-bot',
      models: [],
    });
    expect(poe.uploadFileFromUrl).toHaveBeenCalledOnce();
    expect(fetchMock).toHaveBeenCalledWith('https://intranet.example/cat.png', { credentials: 'omit', redirect: 'error' });
    expect(attachment).toMatchObject({ url: 'https://cdn.example/cat.png', name: 'cat.png' });
    expect(poe.uploadFile).toHaveBeenCalledOnce();
    expect(await getPendingUpload(pendingId)).toBeUndefined();
  });

  it('keeps the parked file when asked to (a compare: every column uploads it for its own bot, one after another)', async () => {
    const blob = new Blob(['shared'], { type: 'text/plain' });
    const pendingId = await putPendingUpload(blob, 'shared.txt');
    const item = { pendingId, name: 'shared.txt', contentType: 'text/plain', size: blob.size };
    const context = { apiKey: 'k', uploadBaseUrl: 'http://fake/poe_api', models: [] };
    const first = await uploadPendingAttachments([item], { ...context, bot: 'bot-a', keepPending: true });
    const second = await uploadPendingAttachments([item], { ...context, bot: 'bot-b', keepPending: true });
    expect([first, second].map(([sent]) => sent?.name)).toEqual(['shared.txt', 'shared.txt']);
    expect(await getPendingUpload(pendingId)).toBeDefined();
    // Without it, a send lets the file go: a column after it would find nothing.
    await uploadPendingAttachments([item], { ...context, bot: 'bot-c' });
    await expect(uploadPendingAttachments([item], { ...context, bot: 'bot-d' })).rejects.toThrow('shared.txt');
  });

  it('keeps the draft file and reports Poe\'s reason when the bytes cannot be fetched either', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('no', { status: 403 })));
    const pendingId = await putPendingUpload({ url: 'https://private.example/x.png' }, 'x.png');
    await expect(
      uploadPendingAttachments([{ pendingId, name: 'x.png', contentType: 'image/png', size: 0 }], { apiKey: 'k', uploadBaseUrl: 'http://fake/poe_api', bot: 'echo-bot', models: [] }),
    ).rejects.toThrow('Could not upload “x.png”: Poe could not fetch that URL.');
    expect(await getPendingUpload(pendingId)).toBeDefined();
  });
});

describe('a PDF read from a tab, at send time (issue 14)', () => {
  const model = (id: string, inputModalities: string[]) => ({ id, displayName: id.toUpperCase(), inputModalities, outputModalities: ['text'], parameters: [] });
  const models = [model('text-only', ['text']), model('sees-images', ['text', 'image']), model('reads-files', ['text', 'file'])];
  const source = (textChars: number) => ({ kind: 'pdf' as const, url: 'https://docs.example/r.pdf', title: 'Report', pages: 2, textChars });

  async function parkPdf(withText: boolean, bytes: Blob = new Blob(['%PDF-1.4 x'], { type: 'application/pdf' })) {
    const pendingId = await putPendingUpload(bytes, 'r.pdf');
    if (withText) await attachPendingFallback(pendingId, { name: 'Report (text).txt', blob: new Blob(['Report\n--- Page 1 ---\nHi'], { type: 'text/plain' }) });
    return { pendingId, name: 'r.pdf', contentType: 'application/pdf', size: bytes.size, source: source(withText ? 2 : 0) };
  }
  const send = (item: Awaited<ReturnType<typeof parkPdf>>, bot: string) =>
    uploadPendingAttachments([item], { apiKey: 'k', uploadBaseUrl: 'http://fake/poe_api', bot, models });
  const uploadedNames = () => vi.mocked(poe.uploadFile).mock.calls.map(([options]) => [options.name, options.file.type]);

  it.each(['sees-images', 'reads-files', 'READS-FILES'])('uploads the PDF itself to a bot that reads files (%s)', async (bot) => {
    vi.mocked(poe.uploadFile).mockClear();
    const [sent] = await send(await parkPdf(true), bot);
    expect(uploadedNames()).toEqual([['r.pdf', 'application/pdf']]);
    expect(sent).toMatchObject({ name: 'r.pdf', source: source(2) });
  });

  it.each(['text-only', 'some-private-bot'])('uploads the text instead to a bot that reads text only, or one not in the list (%s)', async (bot) => {
    vi.mocked(poe.uploadFile).mockClear();
    const [sent] = await send(await parkPdf(true), bot);
    expect(uploadedNames()).toEqual([['Report (text).txt', 'text/plain']]);
    expect(sent).toMatchObject({ name: 'Report (text).txt', source: source(2) });
  });

  it('sends the text of a PDF over the upload limit even to a bot that reads files', async () => {
    vi.mocked(poe.uploadFile).mockClear();
    const big = new Blob([new Uint8Array(MAX_UPLOAD_BYTES + 1)], { type: 'application/pdf' });
    await send(await parkPdf(true, big), 'reads-files');
    expect(uploadedNames()).toEqual([['Report (text).txt', 'text/plain']]);
  });

  it('refuses a scanned PDF to a text-only bot, naming a bot that would read it, and keeps the draft\'s file', async () => {
    vi.mocked(poe.uploadFile).mockClear();
    const item = await parkPdf(false);
    await expect(send(item, 'text-only')).rejects.toThrow(
      '“r.pdf” is a scanned PDF (pictures of pages, no text), and TEXT-ONLY reads text only. Choose a bot that reads files, such as SEES-IMAGES, and send again.',
    );
    expect(poe.uploadFile).not.toHaveBeenCalled();
    expect(await getPendingUpload(item.pendingId)).toBeDefined();
  });

  it('still sends a scanned PDF as a PDF to a bot that reads files', async () => {
    vi.mocked(poe.uploadFile).mockClear();
    await send(await parkPdf(false), 'sees-images');
    expect(uploadedNames()).toEqual([['r.pdf', 'application/pdf']]);
  });
});
