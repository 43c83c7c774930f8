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
const { putPendingUpload, getPendingUpload } = await import('@/lib/messaging/file-door');
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

  it('keeps the draft file and reports Poe\'s reason when the bytes cannot be fetched either', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('no', { status: 403 })));
    const pendingId = await putPendingUpload({ url: 'https://private.example/x.png' }, 'x.png');
    await expect(
      uploadPendingAttachments([{ pendingId, name: 'x.png', contentType: 'image/png', size: 0 }], { apiKey: 'k', uploadBaseUrl: 'http://fake/poe_api', bot: 'echo-bot', models: [] }),
    ).rejects.toThrow('Could not upload “x.png”: Poe could not fetch that URL.');
    expect(await getPendingUpload(pendingId)).toBeDefined();
  });
});
