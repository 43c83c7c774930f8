/**
 * Redirects are never followed (poe-protocol.md §8.1): every request lib/poe makes asks for `redirect: 'manual'` (the redirect comes back instead of being followed), and a
 * redirect, however it shows up, is a protocol PoeError that is not retried. Against the fake server, whose redirects
 * point at a second loopback origin that records whatever reaches it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PoeError,
  REDIRECT_MESSAGE,
  getBalance,
  getPointsHistory,
  listModels,
  streamBotResponse,
  uploadFile,
  uploadFileFromUrl,
  type PoeEvent,
  type StreamBotOptions,
} from '@/lib/poe';
import { REDIRECT_TARGET_ANSWER } from '../fake-poe/redirect-target';
import { FAKE_POE_KEY, REDIRECT_STATUSES, startFakePoe, type FakePoe } from '../fake-poe/server';

let poe: FakePoe;

beforeAll(async () => {
  poe = await startFakePoe();
});
afterAll(async () => {
  await poe.close();
});
beforeEach(() => {
  poe.reset();
});

async function ask(bot: string, extra: Partial<StreamBotOptions> = {}, parameters: Record<string, unknown> = {}): Promise<PoeEvent[]> {
  const events: PoeEvent[] = [];
  for await (const event of streamBotResponse({
    bot,
    messages: [{ role: 'user', content: 'where does this go?', parameters }],
    apiKey: FAKE_POE_KEY,
    baseUrl: poe.url,
    sleep: async () => {},
    ...extra,
  })) {
    events.push(event);
  }
  return events;
}

const redirectError = { kind: 'protocol', retryable: false, message: REDIRECT_MESSAGE };
const png = () => new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], { type: 'image/png' });

describe('the redirect target (the trap itself works)', () => {
  it('receives a bot query, conversation and all, from a client that follows redirects', async () => {
    const res = await fetch(`${poe.url}/bot/Redirect-Bot`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FAKE_POE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        version: '1.2', type: 'query', user_id: '', conversation_id: '', message_id: '',
        query: [{ role: 'user', content: 'secret conversation', parameters: {}, attachments: [] }],
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(REDIRECT_TARGET_ANSWER);
    expect(poe.redirectTarget.requests).toHaveLength(1);
    expect(poe.redirectTarget.requests[0]).toMatchObject({ method: 'POST', path: '/bot/Redirect-Bot' });
    expect(poe.redirectTarget.requests[0]?.bodyBytes).toBeGreaterThan(0);
    expect(new URL(poe.redirectTarget.url).origin).not.toBe(new URL(poe.url).origin);
  });

  it('receives account, models and upload requests once they are set to redirect', async () => {
    poe.setRedirects({ account: true, models: true, upload: true });
    const auth = { authorization: `Bearer ${FAKE_POE_KEY}` };
    expect(((await (await fetch(`${poe.url}/usage/current_balance`, { headers: auth })).json()) as { current_point_balance: number }).current_point_balance).toBe(999_999);
    await (await fetch(`${poe.url}/usage/points_history?limit=5`, { headers: auth })).text();
    await (await fetch(`${poe.url}/v1/models`)).text();
    const form = new FormData();
    form.append('file', png(), 'a.png');
    await (await fetch(`${poe.uploadBaseUrl}/file_upload_3RD_PARTY_POST`, { method: 'POST', headers: { authorization: FAKE_POE_KEY }, body: form })).text();
    expect(poe.redirectTarget.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /usage/current_balance',
      'GET /usage/points_history?limit=5',
      'GET /v1/models',
      'POST /poe_api/file_upload_3RD_PARTY_POST',
    ]);
    expect(poe.redirectTarget.requests[3]?.bodyBytes).toBeGreaterThan(0);
  });

  it('reset() turns the redirects off again and forgets what the target received', async () => {
    poe.setRedirects({ account: true });
    await (await fetch(`${poe.url}/usage/current_balance`, { headers: { authorization: `Bearer ${FAKE_POE_KEY}` } })).text();
    expect(poe.redirectTarget.requests).toHaveLength(1);
    poe.reset();
    expect(poe.redirectTarget.requests).toHaveLength(0);
    expect(await getBalance({ apiKey: FAKE_POE_KEY, baseUrl: poe.url })).toBe(5000);
  });
});

describe('lib/poe never follows a redirect', () => {
  it.each(['307', '308', '301', '302', '303'])('Redirect-Bot answering %s: failed, not retried, nothing reached the other origin', async (status) => {
    const events = await ask('Redirect-Bot', {}, { status });
    expect(events.map((e) => e.type)).toEqual(['failed']);
    const last = events[0];
    if (last?.type !== 'failed') throw new Error('expected failed');
    expect(last.error).toBeInstanceOf(PoeError);
    expect(last.error).toMatchObject(redirectError);
    expect(poe.requests.filter((r) => r.path.startsWith('/bot/'))).toHaveLength(1);
    expect(poe.redirectTarget.requests).toHaveLength(0);
  });

  it.each(REDIRECT_STATUSES)('getBalance and getPointsHistory answered with %i', async (status) => {
    poe.setRedirects({ account: true, status });
    await expect(getBalance({ apiKey: FAKE_POE_KEY, baseUrl: poe.url })).rejects.toMatchObject({ ...redirectError, status });
    await expect(getPointsHistory({ apiKey: FAKE_POE_KEY, baseUrl: poe.url, limit: 5 })).rejects.toMatchObject(redirectError);
    expect(poe.requests).toHaveLength(2);
    expect(poe.redirectTarget.requests).toHaveLength(0);
  });

  it.each(REDIRECT_STATUSES)('listModels answered with %i', async (status) => {
    poe.setRedirects({ models: true, status });
    await expect(listModels({ baseUrl: poe.url })).rejects.toMatchObject({ ...redirectError, status });
    expect(poe.redirectTarget.requests).toHaveLength(0);
  });

  it.each(REDIRECT_STATUSES)('uploadFile and uploadFileFromUrl answered with %i: no retry, and neither the file nor the key went anywhere else', async (status) => {
    poe.setRedirects({ upload: true, status });
    await expect(
      uploadFile({ file: png(), name: 'a.png', apiKey: FAKE_POE_KEY, uploadBaseUrl: poe.uploadBaseUrl, sleep: async () => {} }),
    ).rejects.toMatchObject({ ...redirectError, status });
    await expect(
      uploadFileFromUrl({ url: 'https://example.com/cat.png', name: 'cat.png', apiKey: FAKE_POE_KEY, uploadBaseUrl: poe.uploadBaseUrl, sleep: async () => {} }),
    ).rejects.toMatchObject(redirectError);
    expect(poe.requests.map((r) => r.path)).toEqual(['/poe_api/file_upload_3RD_PARTY_POST', '/poe_api/file_upload_3RD_PARTY_POST']);
    expect(poe.redirectTarget.requests).toHaveLength(0);
  });
});

describe('every fetch asks for redirect: "error"', () => {
  /** Records each init and answers what the caller needs to succeed. */
  function recordingFetch() {
    const inits: { url: string; redirect: RequestRedirect | undefined }[] = [];
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      inits.push({ url, redirect: init?.redirect });
      const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      if (url.includes('/bot/')) {
        return new Response('event: done\ndata: {}\n\n', { status: 200, headers: { 'content-type': 'text/event-stream' } });
      }
      if (url.endsWith('/current_balance')) return json({ current_point_balance: 1 });
      if (url.includes('/points_history')) return json({ has_more: false, data: [] });
      if (url.endsWith('/v1/models')) return json({ data: [] });
      return json({ attachment_url: 'https://pfst.cf2.poecdn.net/base/x', mime_type: 'image/png' });
    }) as typeof fetch;
    return { fetch: fetchImpl, inits };
  }

  it('bot queries, balance, points history, models, and both kinds of upload', async () => {
    const { fetch, inits } = recordingFetch();
    const common = { apiKey: FAKE_POE_KEY, fetch };
    for await (const event of streamBotResponse({ ...common, bot: 'X', messages: [{ role: 'user', content: 'hi' }] })) void event;
    await getBalance(common);
    await getPointsHistory(common);
    await listModels({ fetch });
    await uploadFile({ ...common, file: png(), name: 'a.png' });
    await uploadFileFromUrl({ ...common, url: 'https://example.com/a.png', name: 'a.png' });
    expect(inits).toHaveLength(6);
    for (const init of inits) expect(init, init.url).toMatchObject({ redirect: 'manual' });
  });
});

describe('a redirect however it shows up', () => {
  const collect = async (fetchImpl: typeof fetch): Promise<{ events: PoeEvent[]; calls: number }> => {
    let calls = 0;
    const counting = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls++;
      return fetchImpl(input, init);
    }) as typeof fetch;
    const events: PoeEvent[] = [];
    for await (const event of streamBotResponse({
      bot: 'X',
      messages: [{ role: 'user', content: 'hi' }],
      apiKey: FAKE_POE_KEY,
      fetch: counting,
      sleep: async () => {},
    })) {
      events.push(event);
    }
    return { events, calls };
  };
  const failedWith = (events: PoeEvent[]) => {
    const last = events.at(-1);
    if (last?.type !== 'failed') throw new Error(`ended with ${last?.type}`);
    return last.error;
  };

  it("Node's rejection for redirect: 'error' (a TypeError caused by 'unexpected redirect')", async () => {
    const { events, calls } = await collect(async () => {
      throw new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
    });
    expect(calls).toBe(1);
    expect(failedWith(events)).toMatchObject(redirectError);
  });

  it('a browser\'s bare "Failed to fetch" cannot be told apart: it stays a retried network error', async () => {
    const { events, calls } = await collect(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(calls).toBe(3);
    expect(failedWith(events)).toMatchObject({ kind: 'network' });
  });

  it('an opaqueredirect answer (a fetch that ignored the mode), which has status 0', async () => {
    const { events, calls } = await collect(async () => {
      const response = new Response(null, { status: 200 });
      Object.defineProperties(response, { type: { value: 'opaqueredirect' }, status: { value: 0 }, ok: { value: false } });
      return response;
    });
    expect(calls).toBe(1);
    expect(failedWith(events)).toMatchObject(redirectError);
  });

  it('a plain 3xx answer, for the one-shot requests too', async () => {
    const answer = async () => new Response('moved', { status: 308, headers: { location: `https://elsewhere.example/?key=${FAKE_POE_KEY}` } });
    const { events, calls } = await collect(answer);
    expect(calls).toBe(1);
    const error = failedWith(events);
    expect(error).toMatchObject({ ...redirectError, status: 308 });
    expect(error.detail).toContain('https://elsewhere.example/');
    expect(error.detail).not.toContain(FAKE_POE_KEY);
    await expect(getBalance({ apiKey: FAKE_POE_KEY, fetch: answer })).rejects.toMatchObject({ ...redirectError, status: 308 });
  });
});
