// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, test, vi } from 'vitest';
import { readLinkText, sameOriginUrl } from '@/lib/capture/link-text';

const ARTICLE = readFileSync('tests/e2e/pages/article.html', 'utf8');
const PAGE = 'https://example.test/blog/index.html';

function fakeFetch(respond: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => respond(String(input), init));
}

const response = (body: BodyInit, headers: Record<string, string>, url?: string, status = 200) => {
  const res = new Response(body, { status, headers });
  if (url) Object.defineProperty(res, 'url', { value: url });
  return res;
};

const options = (fetch: typeof globalThis.fetch, extra: Partial<Parameters<typeof readLinkText>[1]> = {}) => ({
  pageUrl: PAGE,
  fetch,
  parseHtml: (html: string) => new DOMParser().parseFromString(html, 'text/html'),
  ...extra,
});

describe('readLinkText', () => {
  test('fetches a same-origin link (relative URLs too) and returns its readable text and title', async () => {
    const fetch = fakeFetch((url) => response(ARTICLE, { 'content-type': 'text/html; charset=utf-8' }, url));
    const link = await readLinkText('../articles/rivers.html', options(fetch));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]?.[0]).toBe('https://example.test/articles/rivers.html');
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ credentials: 'include' });
    expect(link.title).toBe('Fixture article');
    expect(link.text).toContain('First line of the article.\n\nSecond line, with bold words.');
    expect(link.text).not.toContain('Home · About · Contact');
    expect(link.text).not.toContain('Footer copyright notice');
  });

  test('does not even request a cross-origin, javascript: or data: link', async () => {
    const fetch = fakeFetch(() => response(ARTICLE, { 'content-type': 'text/html' }));
    for (const url of ['https://other.test/a.html', 'http://example.test/a.html', 'https://example.test:8443/a', 'javascript:alert(1)', 'data:text/html,<p>x</p>']) {
      expect(await readLinkText(url, options(fetch))).toEqual({});
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  test('does not read a page that redirected to another origin', async () => {
    const fetch = fakeFetch(() => response(ARTICLE, { 'content-type': 'text/html' }, 'https://evil.test/landing'));
    expect(await readLinkText('/go', options(fetch))).toEqual({});
  });

  test('returns {} on a network error, an error status, or a non-text type', async () => {
    expect(await readLinkText('/a', options(fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')))))).toEqual({});
    expect(await readLinkText('/a', options(fakeFetch(() => response('gone', { 'content-type': 'text/html' }, undefined, 404))))).toEqual({});
    expect(await readLinkText('/a.png', options(fakeFetch(() => response(new Uint8Array([137, 80, 78, 71]), { 'content-type': 'image/png' }))))).toEqual({});
    expect(await readLinkText('/a', options(fakeFetch(() => response(ARTICLE, { 'content-type': 'text/html', 'content-length': '99999999' }))))).toEqual({});
  });

  test('gives up after the timeout (5 s by default) and returns {}', async () => {
    // On a fake clock: nothing can time out early or late because the machine is busy.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let signal: AbortSignal | undefined;
      const fetch = vi.fn((_input: RequestInfo | URL, init?: RequestInit) => new Promise<Response>((_, reject) => {
        signal = init?.signal ?? undefined;
        signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }));
      let result: unknown;
      void readLinkText('/slow', options(fetch)).then((link) => (result = link));
      await vi.advanceTimersByTimeAsync(4_999);
      expect(fetch).toHaveBeenCalledTimes(1);
      expect(signal?.aborted).toBe(false);
      expect(result).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(signal?.aborted).toBe(true);
      expect(result).toEqual({});
    } finally {
      vi.useRealTimers();
    }
  });

  test('times out even when the fetch ignores the abort signal', async () => {
    const fetch = vi.fn(() => new Promise<Response>(() => {}));
    expect(await readLinkText('/stuck', options(fetch, { timeoutMs: 50 }))).toEqual({});
  });

  test('returns plain text as is, capped', async () => {
    const fetch = fakeFetch(() => response(`notes\nline two\n${'z'.repeat(500)}`, { 'content-type': 'text/plain' }));
    const link = await readLinkText('/notes.txt', options(fetch, { maxChars: 100 }));
    expect(link.text?.startsWith('notes\nline two\n')).toBe(true);
    expect(link.text?.length).toBe(100);
    expect(link.text?.endsWith('[truncated]')).toBe(true);
  });

  test('decodes the charset of the Content-Type header or of a meta tag', async () => {
    const ascii = (text: string) => [...new TextEncoder().encode(text)];
    // "Café" and "Crème" in windows-1252: é = 0xE9, è = 0xE8 (invalid as UTF-8).
    const latin1 = new Uint8Array([
      ...ascii('<html><head><meta charset="windows-1252"><title>Caf'), 0xe9,
      ...ascii('</title></head><body><p>Cr'), 0xe8, ...ascii('me</p></body></html>'),
    ]);
    const viaMeta = await readLinkText('/menu', options(fakeFetch(() => response(latin1, { 'content-type': 'text/html' }))));
    expect(viaMeta.title).toBe('Café');
    expect(viaMeta.text).toContain('Crème');
    const viaHeader = await readLinkText('/menu', options(fakeFetch(() => response(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), { 'content-type': 'text/plain; charset=ISO-8859-1' }))));
    expect(viaHeader.text).toBe('café');
  });
});

test('sameOriginUrl', () => {
  expect(sameOriginUrl('#top', PAGE)?.href).toBe('https://example.test/blog/index.html#top');
  expect(sameOriginUrl('//example.test/x', PAGE)?.href).toBe('https://example.test/x');
  expect(sameOriginUrl('//other.test/x', PAGE)).toBeNull();
  expect(sameOriginUrl('/x', 'about:blank')).toBeNull();
  expect(sameOriginUrl('http://[bad', PAGE)).toBeNull();
});
