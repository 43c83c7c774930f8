// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { mainVideo, readVideo, seekVideo } from '@/lib/capture/video/read-video';

const ORIGIN = 'https://videos.test';

function doc(url: string, body: string, title = 'A page'): Document {
  const parsed = new DOMParser().parseFromString(`<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`, 'text/html');
  Object.defineProperty(parsed, 'location', { value: new URL(url) });
  Object.defineProperty(parsed, 'URL', { value: url });
  return parsed;
}

/** A fetch that serves `routes` by exact URL and records every request. */
function fakeFetch(routes: Record<string, { status?: number; body: string }>) {
  const asked: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    const url = String(input);
    asked.push(url);
    const route = routes[url];
    if (!route) throw new TypeError('Failed to fetch');
    return new Response(route.body, { status: route.status ?? 200 });
  }) as typeof globalThis.fetch;
  return { fetch, asked };
}

const playerResponse = (id: string, tracks: object[]) =>
  `<script>var ytInitialPlayerResponse = ${JSON.stringify({
    videoDetails: { videoId: id, title: 'How rivers work', author: 'River Channel', lengthSeconds: '120', shortDescription: 'About rivers.' },
    captions: { playerCaptionsTracklistRenderer: { captionTracks: tracks } },
  })};</script>`;

const JSON3 = JSON.stringify({ events: [{ tStartMs: 5000, segs: [{ utf8: 'Rivers begin small.' }] }] });

describe('a watch page', () => {
  const url = `${ORIGIN}/watch?v=abc&list=PL1`;

  test('is read from the page fetched again (not the stale inline script), its captions from its own origin as json3', async () => {
    const stale = doc(url, `${playerResponse('older', [])}<div id="comments">Comment: first!</div>`);
    const { fetch, asked } = fakeFetch({
      [url]: { body: playerResponse('abc', [{ baseUrl: '/api/timedtext?v=abc&lang=en', languageCode: 'en' }]) },
      [`${ORIGIN}/api/timedtext?v=abc&lang=en&fmt=json3`]: { body: JSON3 },
    });
    const read = await readVideo({ doc: stale, fetch }, null, ['en-GB']);
    expect(asked).toEqual([url, `${ORIGIN}/api/timedtext?v=abc&lang=en&fmt=json3`]);
    expect(read).toEqual({
      kind: 'captions',
      video: { url: `${ORIGIN}/watch?v=abc`, key: 'abc', title: 'How rivers work', channel: 'River Channel', durationSeconds: 120, description: 'About rivers.' },
      captions: 'manual',
      language: 'en',
      cues: [{ start: 5, text: 'Rivers begin small.' }],
    });
  });

  test('a watch page that cannot be loaded again fails; it never falls back to the page', async () => {
    const offline = fakeFetch({});
    expect(await readVideo({ doc: doc(url, '<video></video><div id="comments">Comment</div>', 'Rivers - Tube'), fetch: offline.fetch }, null, ['en'])).toMatchObject({
      kind: 'failed',
      video: { key: 'abc', title: 'Rivers - Tube' },
      reason: 'The video’s page could not be loaded again to find its captions.',
    });
    const refused = fakeFetch({ [url]: { status: 500, body: '' } });
    expect(await readVideo({ doc: doc(url, ''), fetch: refused.fetch }, null, ['en'])).toMatchObject({ kind: 'failed' });
  });

  test('an address shaped /watch?v= whose page holds no player response is an ordinary page', async () => {
    const plain = fakeFetch({ [url]: { body: '<html><body>Not a video site</body></html>' } });
    expect(await readVideo({ doc: doc(url, '<p>Not a video site</p>'), fetch: plain.fetch }, null, ['en'])).toEqual({ kind: 'none' });
  });

  test('captions on another origin are not fetched', async () => {
    const { fetch, asked } = fakeFetch({ [url]: { body: playerResponse('abc', [{ baseUrl: 'https://elsewhere.test/tt?v=abc', languageCode: 'en' }]) } });
    const read = await readVideo({ doc: doc(url, ''), fetch }, null, ['en']);
    expect(read).toMatchObject({ kind: 'failed', reason: 'The captions are on another site than the video, so Poe Toolbar did not fetch them.' });
    expect(asked).toEqual([url]);
  });

  test('a refused or empty caption download says so; no tracks is "no captions"', async () => {
    const track = [{ baseUrl: '/tt?v=abc', languageCode: 'en', kind: 'asr' }];
    const refused = fakeFetch({ [url]: { body: playerResponse('abc', track) }, [`${ORIGIN}/tt?v=abc&fmt=json3`]: { status: 403, body: 'no' } });
    expect(await readVideo({ doc: doc(url, ''), fetch: refused.fetch }, null, ['en'])).toMatchObject({ kind: 'failed', reason: 'The site refused the captions (HTTP 403).' });
    const empty = fakeFetch({ [url]: { body: playerResponse('abc', track) }, [`${ORIGIN}/tt?v=abc&fmt=json3`]: { body: '' } });
    expect(await readVideo({ doc: doc(url, ''), fetch: empty.fetch }, null, ['en'])).toMatchObject({ kind: 'failed', reason: 'The site sent empty or unreadable captions.' });
    const offline = fakeFetch({ [url]: { body: playerResponse('abc', track) } });
    expect(await readVideo({ doc: doc(url, ''), fetch: offline.fetch }, null, ['en'])).toMatchObject({
      kind: 'failed',
      reason: 'The captions could not be downloaded (the network or the site failed).',
    });
    const none = fakeFetch({ [url]: { body: playerResponse('abc', []) } });
    expect(await readVideo({ doc: doc(url, ''), fetch: none.fetch }, null, ['en'])).toMatchObject({ kind: 'noCaptions', video: { title: 'How rivers work' } });
  });
});

describe('other pages', () => {
  const track = '<track kind="captions" src="/talk.vtt" srclang="en">';
  const VTT = 'WEBVTT\n\n00:00:02.000 --> 00:00:04.000\nHello rivers.\n';

  test('a page that is one captioned video is read from its track', async () => {
    const page = doc(`${ORIGIN}/talk.html`, `<h1>A talk</h1><video>${track}</video>`, 'A talk');
    const { fetch } = fakeFetch({ [`${ORIGIN}/talk.vtt`]: { body: VTT } });
    expect(await readVideo({ doc: page, fetch }, null, ['en'])).toMatchObject({
      kind: 'captions',
      video: { url: `${ORIGIN}/talk.html`, title: 'A talk' },
      cues: [{ start: 2, text: 'Hello rivers.' }],
    });
  });

  test('an article with an embedded clip is about the article: no video (so "this page" reads the article)', async () => {
    const article = doc(`${ORIGIN}/news.html`, `<article><p>${'News text. '.repeat(300)}</p><video>${track}</video></article>`);
    expect(mainVideo(article)).toBeUndefined();
    expect(await readVideo({ doc: article, fetch: fakeFetch({}).fetch }, null, ['en'])).toEqual({ kind: 'none' });
    expect(mainVideo(doc(`${ORIGIN}/two.html`, `<video>${track}</video><video>${track}</video>`))).toBeUndefined();
    expect(mainVideo(doc(`${ORIGIN}/bare.html`, '<video></video>'))).toBeUndefined();
  });

  test('a right-clicked video without tracks has no captions', async () => {
    const page = doc(`${ORIGIN}/clip.html`, `<p>${'Text. '.repeat(400)}</p><video src="${ORIGIN}/clip.webm"></video>`);
    expect(await readVideo({ doc: page, fetch: fakeFetch({}).fetch }, `${ORIGIN}/clip.webm`, ['en'])).toMatchObject({ kind: 'noCaptions', video: { key: `${ORIGIN}/clip.webm` } });
  });
});

describe('seekVideo', () => {
  test('seeks the video named by its key; another key is not here', () => {
    const page = doc(`${ORIGIN}/watch?v=abc`, '<div id="movie_player"><video></video></div>');
    const video = page.querySelector('video')!;
    video.scrollIntoView = () => undefined;
    expect(seekVideo(page, 65, 'abc')).toBe(true);
    expect(video.currentTime).toBe(65);
    expect(seekVideo(page, 10, 'other')).toBe(false);
    expect(seekVideo(page, Number.NaN, 'abc')).toBe(false);
  });
});
