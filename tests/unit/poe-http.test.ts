/**
 * HTTP status mapping, Retry-After, key redaction, request building and model parsing of lib/poe, with injected
 * fetches (cases the fake server does not script).
 */
import { describe, expect, it } from 'vitest';
import {
  PoeError,
  buildQueryRequest,
  botUrl,
  getBalance,
  listModels,
  parameterControl,
  parseModel,
  parseRetryAfter,
  retryDelayMs,
  streamBotResponse,
  uploadFile,
  type PoeEvent,
  type StreamBotOptions,
} from '@/lib/poe';

const KEY = 'unit-test-key-SECRET-9876';

/** A fetch that answers each call with the next response (the last one repeats) and records the requests. */
function scripted(...responses: (() => Response | Promise<Response>)[]) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    const next = responses[Math.min(calls.length - 1, responses.length - 1)]!;
    return next();
  }) as typeof fetch;
  return { fetch: fetchImpl, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const sse = (text: string) => () => new Response(text, { status: 200, headers: { 'content-type': 'text/event-stream' } });
const OK_STREAM = 'event: text\ndata: {"text":"ok"}\n\nevent: done\ndata: {}\n\n';

async function collect(options: Partial<StreamBotOptions> & { fetch: typeof fetch }): Promise<{ events: PoeEvent[]; waits: number[] }> {
  const events: PoeEvent[] = [];
  const waits: number[] = [];
  for await (const event of streamBotResponse({
    bot: 'Some-Bot',
    messages: [{ role: 'user', content: 'hi' }],
    apiKey: KEY,
    baseUrl: 'https://poe.test',
    sleep: async (ms) => void waits.push(ms),
    ...options,
  })) {
    events.push(event);
  }
  return { events, waits };
}

function lastError(events: PoeEvent[]): PoeError {
  const last = events.at(-1);
  if (last?.type !== 'failed' && last?.type !== 'interrupted') throw new Error(`ended with ${last?.type}`);
  return last.error;
}

describe('HTTP status mapping for bot queries', () => {
  it.each([
    [400, 'invalid_input', false, 'Poe rejected the request. Bad thing.'],
    [403, 'forbidden', false, 'Poe refused this request. Bad thing.'],
    [413, 'too_large', false, 'The message is too large for this bot.'],
    [418, 'protocol', false, 'Poe answered with an unexpected HTTP 418. Bad thing.'],
  ] as const)('%i → %s (not retried)', async (status, kind, retryable, message) => {
    const { fetch, calls } = scripted(json(status, { error: { message: 'Bad thing', type: 'x' } }));
    const { events } = await collect({ fetch });
    expect(events.map((e) => e.type)).toEqual(['failed']);
    expect(lastError(events)).toMatchObject({ kind, status, retryable, message, detail: 'x: Bad thing' });
    expect(calls).toHaveLength(1);
  });

  it.each([408, 500, 502, 503, 529])('%i is retried up to 3 attempts with doubling backoff', async (status) => {
    const { fetch, calls } = scripted(json(status, { error: { message: 'busy', type: 'x' } }));
    const { events, waits } = await collect({ fetch });
    expect(events.map((e) => e.type)).toEqual(['retrying', 'retrying', 'failed']);
    expect(events.slice(0, 2).map((e) => e.type === 'retrying' && e.attempt)).toEqual([2, 3]);
    expect(calls).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(250);
    expect(waits[0]).toBeLessThanOrEqual(375);
    expect(waits[1]).toBeGreaterThanOrEqual(500);
    expect(waits[1]).toBeLessThanOrEqual(750);
    expect(lastError(events)).toMatchObject({ status, retryable: true });
  });

  it('checks the status before the content type: an error status with an SSE body is not parsed', async () => {
    const { fetch } = scripted(() => new Response(OK_STREAM, { status: 401, headers: { 'content-type': 'text/event-stream' } }));
    const { events } = await collect({ fetch });
    expect(events.map((e) => e.type)).toEqual(['failed']);
    expect(lastError(events)).toMatchObject({ kind: 'auth', status: 401 });
  });

  it('caps Retry-After at 60 s; the wait is carried once, as delayMs, never in the message', async () => {
    const { fetch } = scripted(json(429, { error: { message: 'slow down', type: 'rate_limit_error' } }, { 'retry-after': '120' }), sse(OK_STREAM));
    const { events, waits } = await collect({ fetch });
    const retrying = events[0];
    expect(retrying).toMatchObject({ type: 'retrying', attempt: 2, delayMs: 60_000 });
    // The UI renders one live countdown from delayMs after this message: "… Retrying in 60 s…".
    expect(retrying?.type === 'retrying' && retrying.error.message).toBe('Poe is rate-limiting this key.');
    expect(retrying?.type === 'retrying' && retrying.error.message).not.toMatch(/\d/);
    expect(waits).toEqual([60_000]);
    expect(events.at(-1)).toEqual({ type: 'done' });
  });

  it('a final 429 says to try again later', async () => {
    const { fetch } = scripted(json(429, { error: { message: 'slow down', type: 'rate_limit_error' } }, { 'retry-after': '2' }));
    const { events, waits } = await collect({ fetch, maxAttempts: 2 });
    expect(waits).toEqual([2000]);
    expect(lastError(events)).toMatchObject({ kind: 'rate_limited', message: 'Poe is rate-limiting this key. Try again in a moment.' });
  });

  it('a 200 that is not SSE keeps its status and the first 500 characters of the body', async () => {
    const page = `<html>${'x'.repeat(2000)}</html>`;
    const { fetch } = scripted(() => new Response(page, { status: 200, headers: { 'content-type': 'text/html' } }));
    const error = lastError((await collect({ fetch })).events);
    expect(error).toMatchObject({ kind: 'protocol', status: 200, retryable: false });
    expect(error.detail).toBe(`Content-Type 'text/html': ${page.slice(0, 500)}`);
  });
});

describe('the API key never leaks', () => {
  it('is redacted from echoed error bodies, bot errors and bad event data', async () => {
    const echoes = [
      json(403, { error: { message: `key ${KEY} is banned`, type: 'moderation_error' } }),
      sse(`event: error\ndata: {"allow_retry":false,"text":"bad key ${KEY}"}\n\n`),
      sse(`event: text\ndata: not json ${KEY}\n\n`),
      () => new Response(`<p>${KEY}</p>`, { status: 200, headers: { 'content-type': 'text/html' } }),
    ];
    for (const echo of echoes) {
      const error = lastError((await collect({ fetch: scripted(echo).fetch })).events);
      expect(`${error.message}|${error.detail}|${JSON.stringify(error)}`).not.toContain(KEY);
    }
  });

  it('is redacted from network error descriptions', async () => {
    const failing = (async () => {
      throw new TypeError(`Headers.append: "Bearer ${KEY}" is an invalid header value.`);
    }) as typeof fetch;
    const { events } = await collect({ fetch: failing, maxAttempts: 1 });
    const error = lastError(events);
    expect(error.kind).toBe('network');
    expect(error.detail).toContain('[redacted]');
    expect(`${error.message}|${error.detail}`).not.toContain(KEY);
  });

  it('a key that cannot be sent as a header is refused before any request', async () => {
    const { fetch, calls } = scripted(sse(OK_STREAM));
    const { events } = await collect({ fetch, apiKey: 'abc\ndef' });
    expect(lastError(events).kind).toBe('auth');
    expect(calls).toHaveLength(0);
  });
});

describe('requests', () => {
  it('encodes the bot name and trims the base URL', () => {
    expect(botUrl('https://api.poe.com/', 'GPT-5.4')).toBe('https://api.poe.com/bot/GPT-5.4');
    expect(botUrl('http://127.0.0.1:8787//', 'a b/c?d#e')).toBe('http://127.0.0.1:8787/bot/a%20b%2Fc%3Fd%23e');
  });

  it('fills protocol defaults and keeps given fields', () => {
    const request = buildQueryRequest([
      { role: 'user', content: 'hi', content_type: 'text/plain', message_id: 'm-1', timestamp: 5 },
    ]);
    expect(request.query[0]).toEqual({
      role: 'user',
      message_type: null,
      sender_id: null,
      sender: null,
      content: 'hi',
      parameters: {},
      content_type: 'text/plain',
      timestamp: 5,
      message_id: 'm-1',
      feedback: [],
      attachments: [],
      metadata: null,
      referenced_message: null,
      reactions: [],
    });
    expect(request).toMatchObject({ version: '1.2', type: 'query', api_key: '<missing>', access_key: '<missing>', language_code: 'en' });
  });

  it('uses the default base URL and the injected fetch', async () => {
    const { fetch, calls } = scripted(sse(OK_STREAM));
    const events: PoeEvent[] = [];
    for await (const event of streamBotResponse({ bot: 'GPT-5.4', messages: [{ role: 'user', content: 'x' }], apiKey: KEY, fetch })) {
      events.push(event);
    }
    expect(calls[0]?.url).toBe('https://api.poe.com/bot/GPT-5.4');
    expect(events.at(-1)).toEqual({ type: 'done' });
  });

  it('refuses a query whose last message is not from the user', async () => {
    const { fetch, calls } = scripted(sse(OK_STREAM));
    const { events } = await collect({ fetch, messages: [{ role: 'user', content: 'a' }, { role: 'bot', content: 'b' }] });
    expect(lastError(events).kind).toBe('invalid_input');
    expect(calls).toHaveLength(0);
  });
});

describe('fetch is called like the browser requires', () => {
  it('never with another object as `this` (a browser fetch would throw "Illegal invocation")', async () => {
    const receivers: unknown[] = [];
    function strictFetch(this: unknown, _input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      receivers.push(this);
      const url = String(_input);
      if (url.endsWith('/usage/current_balance')) return Promise.resolve(json(200, { current_point_balance: 1 })());
      if (url.endsWith('/v1/models')) return Promise.resolve(json(200, { data: [] })());
      if (url.endsWith('_POST')) return Promise.resolve(json(200, { attachment_url: 'https://x/y', mime_type: 'text/plain' })());
      void init;
      return Promise.resolve(sse(OK_STREAM)());
    }
    const fetchImpl = strictFetch as typeof fetch;
    await collect({ fetch: fetchImpl });
    await getBalance({ apiKey: KEY, fetch: fetchImpl });
    await listModels({ fetch: fetchImpl });
    await uploadFile({ file: new Blob(['x']), name: 'x.txt', apiKey: KEY, fetch: fetchImpl });
    expect(receivers).toHaveLength(4);
    for (const receiver of receivers) expect(receiver === undefined || receiver === globalThis).toBe(true);
  });
});

describe('runaway streams', () => {
  it('an endless line is a protocol error, not unbounded memory', async () => {
    const huge = 'data: ' + 'x'.repeat(9 * 1024 * 1024);
    const { events } = await collect({ fetch: scripted(sse(huge)).fetch });
    expect(lastError(events)).toMatchObject({ kind: 'protocol', retryable: false, message: 'Poe sent an event too large to read.' });
  });
});

describe('Retry-After and backoff', () => {
  it('parses seconds and HTTP dates, capped at 60 s', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('3600', now)).toBe(60_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('doubles from the base with up to 50 % jitter unless Retry-After says otherwise', () => {
    const error = new PoeError('server', 'x');
    expect(retryDelayMs(error, 1, 250, () => 0)).toBe(250);
    expect(retryDelayMs(error, 1, 250, () => 0.999)).toBe(375);
    expect(retryDelayMs(error, 2, 250, () => 0)).toBe(500);
    expect(retryDelayMs(error, 3, 250, () => 0.5)).toBe(1250);
    expect(retryDelayMs(new PoeError('rate_limited', 'x', { retryAfterMs: 7000 }), 1, 250)).toBe(7000);
  });
});

describe('one-shot requests', () => {
  it('getBalance: a 200 that is not JSON, or lacks the balance, is a protocol error', async () => {
    await expect(getBalance({ apiKey: KEY, fetch: scripted(() => new Response('<html>')).fetch })).rejects.toMatchObject({ kind: 'protocol' });
    await expect(getBalance({ apiKey: KEY, fetch: scripted(json(200, { balance: 3 })).fetch })).rejects.toMatchObject({ kind: 'protocol' });
  });

  it('an aborted request is an aborted error', async () => {
    const hanging = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
      })) as typeof fetch;
    const controller = new AbortController();
    const pending = listModels({ fetch: hanging, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('uploadFile gives up after the second 5xx and never retries a 4xx', async () => {
    const busy = scripted(json(503, { error: { message: 'busy', type: 'x' } }));
    await expect(
      uploadFile({ file: new Blob(['x']), name: 'x.txt', apiKey: KEY, fetch: busy.fetch, sleep: async () => {} }),
    ).rejects.toMatchObject({ kind: 'server', status: 503 });
    expect(busy.calls).toHaveLength(2);
    expect(busy.calls[0]?.url).toBe('https://www.quora.com/poe_api/file_upload_3RD_PARTY_POST');

    const refused = scripted(json(401, { error: { message: 'no', type: 'authentication_error' } }));
    await expect(uploadFile({ file: new Blob(['x']), name: 'x.txt', apiKey: KEY, fetch: refused.fetch })).rejects.toMatchObject({ kind: 'auth' });
    expect(refused.calls).toHaveLength(1);
  });
});

describe('model parsing', () => {
  it('maps the four schema shapes and falls back to a text field for anything else', () => {
    expect(parameterControl({ type: 'boolean' })).toEqual({ kind: 'boolean' });
    expect(parameterControl({ type: 'number', minimum: 0, maximum: 31999 })).toEqual({ kind: 'number', min: 0, max: 31999 });
    expect(parameterControl({ enum: ['4', '8', 12] })).toEqual({ kind: 'enum', options: ['4', '8', '12'] });
    expect(parameterControl({ type: 'string' })).toEqual({ kind: 'string' });
    expect(parameterControl({ type: 'number' })).toEqual({ kind: 'string' });
    expect(parameterControl({ type: 'number', minimum: 5, maximum: 1 })).toEqual({ kind: 'string' });
    expect(parameterControl({ enum: [] })).toEqual({ kind: 'string' });
    expect(parameterControl({ type: 'array', items: {} })).toEqual({ kind: 'string' });
    expect(parameterControl(undefined)).toEqual({ kind: 'string' });
  });

  it('fills safe defaults for sparse or odd model entries', () => {
    expect(parseModel({ object: 'model' })).toBeUndefined();
    expect(
      parseModel({
        id: 'odd-bot',
        metadata: { image: { url: 'javascript:alert(1)' } },
        pricing: { prompt: '0.0000026', completion: null, request: 'free' },
        parameters: [{ schema: { type: 'boolean' } }, { name: 'seed', schema: { type: 'string' }, default_value: { no: 1 } }],
      }),
    ).toEqual({
      id: 'odd-bot',
      displayName: 'odd-bot',
      inputModalities: [],
      outputModalities: [],
      pricing: { prompt: 0.0000026 },
      supportedFeatures: [],
      supportedEndpoints: [],
      reasoning: false,
      parameters: [{ name: 'seed', control: { kind: 'string' } }],
    });
  });
});
