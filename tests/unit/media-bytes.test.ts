import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mediaBytes, playable } from '@/components/media-bytes';
import { putStoredMedia } from '@/lib/messaging/media-store';

afterEach(() => vi.unstubAllGlobals());

describe('playable', () => {
  it('plays a stored file from a blob: URL of its bytes, revoked on request', async () => {
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'video/mp4' });
    const id = await putStoredMedia({ conversationId: 'c1', name: 'clip.mp4', contentType: 'video/mp4', blob });
    const ready = await playable({ url: '', stored: id, contentType: 'video/mp4' });
    expect(ready.src).toMatch(/^blob:/);
    expect(ready.revoke).toBeTypeOf('function');
    expect(new Uint8Array(await (await mediaBytes({ url: '', stored: id })).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    ready.revoke?.();
  });

  it('says so when a stored file is gone', async () => {
    await expect(playable({ url: '', stored: 'no-such-id', contentType: 'video/mp4' })).rejects.toThrow('the file is no longer kept here');
  });

  it('plays https as it is (no fetch) and fetches http as bytes (no cookies, no redirects)', async () => {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      fetched.push(url);
      expect(init).toMatchObject({ credentials: 'omit', redirect: 'error' });
      return new Response(new Uint8Array([9]), { status: 200 });
    });
    expect(await playable({ url: 'https://pfst.cf2.poecdn.net/a.mp3', contentType: 'audio/mpeg' })).toEqual({ src: 'https://pfst.cf2.poecdn.net/a.mp3' });
    expect(fetched).toEqual([]);
    const local = await playable({ url: 'http://127.0.0.1:8787/files/a/tone.wav', contentType: 'audio/wav' });
    expect(local.src).toMatch(/^blob:/);
    expect(fetched).toEqual(['http://127.0.0.1:8787/files/a/tone.wav']);
    local.revoke?.();
  });

  it('refuses an error status', async () => {
    vi.stubGlobal('fetch', async () => new Response('gone', { status: 404 }));
    await expect(mediaBytes({ url: 'http://127.0.0.1:8787/files/x/y.png' })).rejects.toThrow('the server answered 404');
  });
});
