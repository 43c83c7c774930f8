import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BotContext } from '../fake-poe/bot-kit';
import { SCRIPTED_BOTS } from '../fake-poe/bots';
import { crc32 } from '../fake-poe/png';
import {
  DEFAULT_MAX_UPLOAD_BYTES,
  FAKE_POE_BROKE_KEY,
  FAKE_POE_KEY,
  type FakePoe,
  SCRIPTED_BOT_NAMES,
  startFakePoe,
} from '../fake-poe/server';

const UPLOAD_LIMIT = 64 * 1024;
let poe: FakePoe;

beforeAll(async () => {
  poe = await startFakePoe({ maxUploadBytes: UPLOAD_LIMIT, retryAfterSeconds: 2 });
});
afterAll(async () => {
  await poe.close();
});
beforeEach(() => poe.reset());

type Msg = { role: string; content: string; parameters?: Record<string, unknown>; attachments?: unknown[] };

function message(m: Msg): Record<string, unknown> {
  return {
    role: m.role, message_type: null, sender_id: null, sender: null, content: m.content, parameters: m.parameters ?? {},
    content_type: 'text/markdown', timestamp: 0, message_id: '', feedback: [], attachments: m.attachments ?? [],
    metadata: null, referenced_message: null, reactions: [],
  };
}

/** The exact body the reference client sends (poe-protocol.md §1.2). */
function queryBody(messages: Msg[]): Record<string, unknown> {
  return {
    version: '1.2', type: 'query', query: messages.map(message), user_id: '', conversation_id: '', message_id: '',
    metadata: '', api_key: '<missing>', access_key: '<missing>', temperature: null, skip_system_prompt: false,
    logit_bias: {}, stop_sequences: [], language_code: 'en', adopt_current_bot_name: null, bot_query_id: '', users: [],
    tools: null, tool_calls: null, tool_results: null, query_creation_time: null, extra_params: null,
  };
}

const HEADERS: Record<string, string> = {
  authorization: `Bearer ${FAKE_POE_KEY}`,
  'content-type': 'application/json',
  accept: 'text/event-stream',
  'x-title': 'Poe Toolbar',
  'http-referer': 'https://github.com/poe-toolbar/poe-toolbar',
};

function ask(bot: string, body: unknown = queryBody([{ role: 'user', content: 'hello' }]), headers: Record<string, string | null> = {}): Promise<Response> {
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...HEADERS, ...headers })) if (v !== null) merged[k] = v;
  return fetch(`${poe.url}/bot/${encodeURIComponent(bot)}`, {
    method: 'POST',
    headers: merged,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

interface SseEvent {
  event: string;
  data: string;
}

/** Splits a CRLF-framed stream into events (comments are kept as event ':'). */
function parseSse(text: string): SseEvent[] {
  return text
    .split('\r\n\r\n')
    .filter((block) => block !== '')
    .map((block) => {
      if (block.startsWith(':')) return { event: ':', data: block.slice(1).trim() };
      const lines = block.split('\r\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return { event, data };
    });
}

function texts(events: SseEvent[]): string[] {
  return events.filter((e) => e.event === 'text').map((e) => (JSON.parse(e.data) as { text: string }).text);
}

async function errorOf(res: Response): Promise<{ message: string; type: string; code?: string }> {
  return ((await res.json()) as { error: { message: string; type: string; code?: string } }).error;
}

async function balanceOverHttp(key = FAKE_POE_KEY): Promise<number> {
  const res = await fetch(`${poe.url}/usage/current_balance`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { current_point_balance: number }).current_point_balance;
}

describe('bot query validation', () => {
  it('rejects a missing Authorization header with 401', async () => {
    const res = await ask('Echo-Bot', undefined, { authorization: null });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).type).toBe('authentication_error');
  });

  it('rejects an unknown key with 401 invalid_api_key without echoing the key', async () => {
    const res = await ask('Echo-Bot', undefined, { authorization: 'Bearer wrong-key-123456' });
    expect(res.status).toBe(401);
    const err = await errorOf(res);
    expect(err).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    expect(err.message).toMatch(/^Incorrect API key provided/);
    expect(JSON.stringify(err)).not.toContain('wrong-key-123456');
  });

  it('rejects a raw key without the Bearer prefix', async () => {
    expect((await ask('Echo-Bot', undefined, { authorization: FAKE_POE_KEY })).status).toBe(401);
  });

  it('records X-Title and HTTP-Referer but, like Poe, answers without them too', async () => {
    const withBoth = await ask('Echo-Bot');
    expect(withBoth.status).toBe(200);
    await withBoth.text();
    expect(poe.requests[0]?.headers).toMatchObject({ 'x-title': 'Poe Toolbar', 'http-referer': 'https://github.com/poe-toolbar/poe-toolbar' });
    const without = await ask('Echo-Bot', undefined, { 'x-title': null, 'http-referer': null });
    expect(without.status).toBe(200);
    expect(texts(parseSse(await without.text())).join('')).toContain('You said: hello');
    expect(poe.requests[1]?.headers['x-title']).toBeUndefined();
  });

  it('rejects malformed bodies with 400 invalid_request_error', async () => {
    const good = queryBody([{ role: 'user', content: 'hi' }]);
    const cases: [string, unknown, RegExp][] = [
      ['not json', '{"version": "1.2", ', /not valid JSON/],
      ['array body', [], /JSON object/],
      ['old version', { ...good, version: '1.0' }, /version/],
      ['wrong type', { ...good, type: 'settings' }, /type/],
      ['missing user_id', { ...good, user_id: undefined }, /user_id/],
      ['empty query', { ...good, query: [] }, /at least one message/],
      ['content not a string', { ...good, query: [{ ...message({ role: 'user', content: 'x' }), content: 42 }] }, /content/],
      ['parameters not an object', { ...good, query: [{ ...message({ role: 'user', content: 'x' }), parameters: [] }] }, /parameters/],
      ['attachment without name', queryBody([{ role: 'user', content: 'x', attachments: [{ url: 'https://a/b.png', content_type: 'image/png' }] }]), /name/],
      ['last message from the bot', queryBody([{ role: 'user', content: 'a' }, { role: 'bot', content: 'b' }]), /last message/],
      ['stop_sequences not strings', { ...good, stop_sequences: [1] }, /stop_sequences/],
    ];
    for (const [label, body, pattern] of cases) {
      const res = await ask('Echo-Bot', body);
      expect(res.status, label).toBe(400);
      const err = await errorOf(res);
      expect(err.type, label).toBe('invalid_request_error');
      expect(err.message, label).toMatch(pattern);
    }
    expect(poe.balance()).toBe(5000);
  });

  it("rejects the OpenAI role 'assistant' with 400", async () => {
    const res = await ask('Echo-Bot', queryBody([{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }]));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/'assistant'.*'bot'/);
  });

  it('checks parameter values against the schema the bot declares', async () => {
    const withParams = (parameters: Record<string, unknown>): unknown => queryBody([{ role: 'user', content: 'p', parameters }]);
    expect((await ask('Echo-Bot', withParams({ temperature: '1.5' }))).status).toBe(400);
    expect((await ask('Echo-Bot', withParams({ temperature: 2.5 }))).status).toBe(400);
    expect((await ask('Echo-Bot', withParams({ style: 'verbose' }))).status).toBe(400);
    expect((await ask('Echo-Bot', withParams({ web_search: 'yes' }))).status).toBe(400);
    const ok = await ask('Echo-Bot', withParams({ temperature: 0.5, style: 'concise', web_search: true, persona: 'pirate', undeclared: 1 }));
    expect(ok.status).toBe(200);
    await ok.text();
  });

  it('answers 404 model_not_found for an unknown bot, and matches names case-insensitively', async () => {
    const res = await ask('No-Such-Bot');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { message: "Bot 'No-Such-Bot' does not exist", type: 'not_found_error', code: 'model_not_found' } });
    const upper = await ask('ECHO-BOT');
    expect(upper.status).toBe(200);
    expect(await upper.text()).toContain('event: done');
  });

  it('answers 402 for the broke key and does not charge', async () => {
    const res = await ask('Echo-Bot', undefined, { authorization: `Bearer ${FAKE_POE_BROKE_KEY}` });
    expect(res.status).toBe(402);
    expect((await errorOf(res)).type).toBe('insufficient_credits');
    expect(await balanceOverHttp(FAKE_POE_BROKE_KEY)).toBe(0);
  });

  it('answers CORS preflight requests', async () => {
    const res = await fetch(`${poe.url}/bot/Echo-Bot`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/X-Title/);
  });

  it('records requests with lower-case headers, parsed body and bot name', async () => {
    await (await ask('Echo-Bot')).text();
    const rec = poe.requests.find((r) => r.bot === 'Echo-Bot');
    expect(rec).toMatchObject({ method: 'POST', path: '/bot/Echo-Bot' });
    expect(rec?.headers['x-title']).toBe('Poe Toolbar');
    expect((rec?.body as { version: string }).version).toBe('1.2');
  });
});

describe('Echo-Bot stream', () => {
  it('frames events with CRLF, streams several text chunks and ends with done', async () => {
    const attachment = { url: `${poe.url}/files/x/a.png`, content_type: 'image/png', name: 'a.png', inline_ref: null, parsed_content: null };
    const body = queryBody([
      { role: 'user', content: 'first' },
      { role: 'bot', content: 'reply' },
      { role: 'user', content: 'Hello *world*', parameters: { style: 'concise' }, attachments: [attachment] },
    ]);
    const res = await ask('Echo-Bot', body);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');

    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let raw = '';
    let reads = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      reads++;
      raw += decoder.decode(value, { stream: true });
    }
    expect(reads, 'events should be flushed one by one').toBeGreaterThanOrEqual(3);
    expect(raw).toMatch(/^(event: [a-z_]+\r\ndata: [^\r\n]*\r\n\r\n)+$/);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);

    const events = parseSse(raw);
    const chunks = texts(events);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.join('')).toBe(
      'You said: Hello *world*\n\n(3 messages in conversation)\nParameters: {"style":"concise"}\nAttachments: a.png (image/png)',
    );
    expect(events.at(-1)).toEqual({ event: 'done', data: '{}' });
    expect(events.filter((e) => e.event === 'done')).toHaveLength(1);
  });
});

describe('account', () => {
  it('lowers the balance by the bot cost after an answer', async () => {
    expect(await balanceOverHttp()).toBe(5000);
    await (await ask('Echo-Bot')).text();
    const after = await balanceOverHttp();
    expect(after).toBe(5000 - 12);
    expect(poe.balance()).toBe(after);
    await (await ask('No-Such-Bot')).text();
    expect(await balanceOverHttp()).toBe(after);
    poe.setBalance(7);
    expect(await balanceOverHttp()).toBe(7);
  });

  it('pages the points history newest first', async () => {
    const before = Date.now();
    const bots = ['Echo-Bot', 'Plain-Bot', 'Echo-Bot', 'Ping-Bot', 'Plain-Bot'];
    for (const bot of bots) await (await ask(bot)).text();
    type Page = { has_more: boolean; length: number; data: { creation_time: number; bot_name: string; query_id: string; usage_type: string; cost_points: number }[] };
    const get = async (qs: string): Promise<Page> => {
      const res = await fetch(`${poe.url}/usage/points_history${qs}`, { headers: { authorization: `Bearer ${FAKE_POE_KEY}` } });
      expect(res.status).toBe(200);
      return (await res.json()) as Page;
    };
    const first = await get('?limit=2');
    expect(first).toMatchObject({ has_more: true, length: 2 });
    expect(first.data.map((e) => e.bot_name)).toEqual(['Plain-Bot', 'Ping-Bot']);
    expect(first.data[0]).toMatchObject({ usage_type: 'API', cost_points: 5 });
    const second = await get(`?limit=2&starting_after=${first.data[1]?.query_id}`);
    expect(second.data.map((e) => e.bot_name)).toEqual(['Echo-Bot', 'Plain-Bot']);
    const third = await get(`?limit=2&starting_after=${second.data[1]?.query_id}`);
    const after = Date.now();
    expect(third).toMatchObject({ has_more: false, length: 1 });
    const all = [...first.data, ...second.data, ...third.data];
    expect(new Set(all.map((e) => e.query_id)).size).toBe(5);
    const times = all.map((e) => e.creation_time);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // Microseconds of the wall clock: between the clock read before the first query and after the last page, give
    // or take 1 s (a bracket, not a duration: a slow machine only widens it). Milliseconds or seconds would be off by
    // a factor of 1000.
    expect(times[0]).toBeGreaterThanOrEqual((before - 1000) * 1000);
    expect(times[0]).toBeLessThanOrEqual((after + 1000) * 1000);
    expect((await get('')).length).toBe(5);

    const bad = await fetch(`${poe.url}/usage/points_history?limit=0`, { headers: { authorization: `Bearer ${FAKE_POE_KEY}` } });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${poe.url}/usage/points_history?starting_after=nope`, { headers: { authorization: `Bearer ${FAKE_POE_KEY}` } });
    expect(unknown.status).toBe(400);
    expect((await fetch(`${poe.url}/usage/points_history`)).status).toBe(401);
  });
});

describe('points history over 30 days', () => {
  const day = 86_400_000;
  type Entry = { query_id: string; cost_points: number; cost_usd: string; creation_time: number; usage_type: string; chat_name?: string; cost_breakdown_in_points: Record<string, string> };
  const get = async (qs: string) => {
    const res = await fetch(`${poe.url}/usage/points_history${qs}`, { headers: { authorization: `Bearer ${FAKE_POE_KEY}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as { has_more: boolean; length: number; data: Entry[] };
  };

  it('serves past charges newest first, 20 a page by default, and nothing older than 30 days', async () => {
    poe.addHistory([
      ...Array.from({ length: 25 }, (_, i) => ({ bot: 'GPT-5.4', points: 100 + i, ageMs: (i + 1) * day })),
      { bot: 'GPT-5.4', points: 999, ageMs: 31 * day },
    ]);
    const first = await get('');
    expect(first).toMatchObject({ has_more: true, length: 20 });
    const rest = await get(`?limit=100&starting_after=${first.data.at(-1)!.query_id}`);
    expect(rest).toMatchObject({ has_more: false, length: 5 });
    const all = [...first.data, ...rest.data];
    expect(all.map((entry) => entry.cost_points)).toEqual(Array.from({ length: 25 }, (_, i) => 100 + i));
    expect(all.some((entry) => entry.cost_points === 999)).toBe(false);
    expect(all[0]!.cost_usd).toBe('0.00300');
    expect(all[0]!.cost_breakdown_in_points).toEqual({ Input: '33 points (990 tokens)', Output: '67 points (603 tokens)', Total: '100 points' });
  });

  it('itemises refunds, poe.com chat charges and per-request bots', async () => {
    poe.addHistory([
      { bot: 'GPT-5.4', points: -180, ageMs: 1000 },
      { bot: 'Claude-Sonnet-4.5', points: 240, ageMs: 2000, usageType: 'Chat', chatName: 'Trip ideas' },
    ]);
    await (await ask('Imagen-4')).text();
    const { data } = await get('');
    const [image, refund, chat] = data;
    expect(image).toMatchObject({ cost_breakdown_in_points: { Request: expect.stringMatching(/ points$/), Total: expect.stringMatching(/ points$/) } });
    expect(refund).toMatchObject({ cost_points: -180, cost_usd: '-0.00540', cost_breakdown_in_points: { Refund: '-180 points', Total: '-180 points' } });
    expect(chat).toMatchObject({ usage_type: 'Chat', chat_name: 'Trip ideas', cost_points: 240 });
    poe.reset();
    expect((await get('')).length).toBe(0);
  });
});

describe('upload', () => {
  const upload = (form: FormData | URLSearchParams, authorization: string | null = FAKE_POE_KEY): Promise<Response> =>
    fetch(`${poe.uploadBaseUrl}/file_upload_3RD_PARTY_POST`, {
      method: 'POST',
      headers: authorization === null ? {} : { authorization },
      body: form,
    });

  it('stores a multipart file and serves the same bytes back', async () => {
    const bytes = new Uint8Array(20_000).map((_, i) => (i * 7919) % 256);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'image/png' }), 'red square é.png');
    const res = await upload(form);
    expect(res.status).toBe(200);
    const json = (await res.json()) as { attachment_url: string; mime_type: string };
    expect(json.mime_type).toBe('image/png');
    expect(json.attachment_url.startsWith(`${poe.url}/files/`)).toBe(true);
    const served = await fetch(json.attachment_url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
    const rec = poe.requests.find((r) => r.path === '/poe_api/file_upload_3RD_PARTY_POST');
    expect(rec?.body).toMatchObject({ kind: 'multipart', files: [{ field: 'file', filename: 'red square é.png', contentType: 'image/png', size: 20_000 }] });
  });

  it('guesses the MIME type from the extension for octet-stream parts', async () => {
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4 fake']), 'doc.pdf');
    expect(((await (await upload(form)).json()) as { mime_type: string }).mime_type).toBe('application/pdf');
  });

  it('accepts a download_url upload and redirects to it', async () => {
    const res = await upload(new URLSearchParams({ download_url: 'https://example.com/pics/cat.jpg', download_filename: 'cat.jpg' }));
    expect(res.status).toBe(200);
    const json = (await res.json()) as { attachment_url: string; mime_type: string };
    expect(json.mime_type).toBe('image/jpeg');
    const served = await fetch(json.attachment_url, { redirect: 'manual' });
    expect(served.status).toBe(302);
    expect(served.headers.get('location')).toBe('https://example.com/pics/cat.jpg');
  });

  it('rejects a Bearer prefix, a missing key and a wrong key with 401', async () => {
    const form = (): FormData => {
      const f = new FormData();
      f.append('file', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
      return f;
    };
    expect((await upload(form(), `Bearer ${FAKE_POE_KEY}`)).status).toBe(401);
    expect((await upload(form(), null)).status).toBe(401);
    expect((await upload(form(), 'not-a-key')).status).toBe(401);
  });

  it('rejects a form without a file part with 400', async () => {
    const form = new FormData();
    form.append('other', 'value');
    expect((await upload(form)).status).toBe(400);
  });

  it('answers 413 over the limit and accepts a file exactly at the limit', async () => {
    const big = new FormData();
    big.append('file', new Blob([new Uint8Array(UPLOAD_LIMIT + 1)]), 'big.bin');
    const res = await upload(big);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { message: 'File too large', type: 'request_too_large' } });
    const exact = new FormData();
    exact.append('file', new Blob([new Uint8Array(UPLOAD_LIMIT)]), 'exact.bin');
    expect((await upload(exact)).status).toBe(200);
  });

  it('defaults to a 25 MB limit', async () => {
    expect(DEFAULT_MAX_UPLOAD_BYTES).toBe(25 * 1024 * 1024);
    const standard = await startFakePoe();
    try {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(DEFAULT_MAX_UPLOAD_BYTES + 1)]), 'too-big.bin');
      const res = await fetch(`${standard.uploadBaseUrl}/file_upload_3RD_PARTY_POST`, { method: 'POST', headers: { authorization: FAKE_POE_KEY }, body: form });
      expect(res.status).toBe(413);
      expect((await errorOf(res)).type).toBe('request_too_large');
    } finally {
      await standard.close();
    }
  });
});

describe('fault bots', () => {
  it('RateLimit-Bot answers 429 with Retry-After, then 200 for the same message', async () => {
    const body = queryBody([{ role: 'user', content: 'rate me' }]);
    const first = await ask('RateLimit-Bot', body);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect((await errorOf(first)).type).toBe('rate_limit_error');
    const second = await ask('RateLimit-Bot', body);
    expect(second.status).toBe(200);
    expect(parseSse(await second.text()).at(-1)?.event).toBe('done');
    expect((await ask('RateLimit-Bot', queryBody([{ role: 'user', content: 'another' }]))).status).toBe(429);
    poe.reset();
    expect((await ask('RateLimit-Bot', body)).status).toBe(429);
  });

  it('Flaky-Bot answers 500, then 200', async () => {
    const first = await ask('Flaky-Bot');
    expect(first.status).toBe(500);
    await first.text();
    const second = await ask('Flaky-Bot');
    expect(second.status).toBe(200);
    expect(texts(parseSse(await second.text())).join('')).toMatch(/second try/);
  });

  it('NotSse-Bot answers 200 with an HTML body', async () => {
    const res = await ask('NotSse-Bot');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<html>.*<\/html>/s);
  });

  it('Unauthorized-Bot and NoPoints-Bot answer 401 and 402', async () => {
    expect((await ask('Unauthorized-Bot')).status).toBe(401);
    const broke = await ask('NoPoints-Bot');
    expect(broke.status).toBe(402);
    expect(await broke.json()).toEqual({ error: { message: 'You have run out of points', type: 'insufficient_credits' } });
  });

  it('Error-Bot sends a non-retryable error before any text', async () => {
    const events = parseSse(await (await ask('Error-Bot')).text());
    expect(events[0]?.event).toBe('error');
    expect(JSON.parse(events[0]?.data ?? '')).toMatchObject({ allow_retry: false, text: 'This bot refuses.', error_type: 'user_caused_error' });
    expect(texts(events)).toEqual([]);
  });

  it('Retry-Error-Bot errors with allow_retry once per message, then answers', async () => {
    const first = parseSse(await (await ask('Retry-Error-Bot')).text());
    expect(first[0]?.event).toBe('error');
    expect(JSON.parse(first[0]?.data ?? '')).toMatchObject({ allow_retry: true });
    const second = parseSse(await (await ask('Retry-Error-Bot')).text());
    expect(second.map((e) => e.event)).not.toContain('error');
    expect(texts(second).length).toBeGreaterThan(0);
  });

  it('Error-After-Text-Bot sends text then a retryable error', async () => {
    const events = parseSse(await (await ask('Error-After-Text-Bot')).text());
    const firstError = events.findIndex((e) => e.event === 'error');
    expect(firstError).toBeGreaterThan(0);
    expect(events.slice(0, firstError).every((e) => e.event === 'text')).toBe(true);
  });

  it('Cut-Bot drops the connection after some text', async () => {
    const res = await ask('Cut-Bot');
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('event: text');
    await expect((async () => {
      for (;;) if ((await reader.read()).done) return 'clean end';
    })()).rejects.toThrow();
    expect(poe.balance()).toBe(5000);
  });

  it('NoDone-Bot ends cleanly without done', async () => {
    const events = parseSse(await (await ask('NoDone-Bot')).text());
    expect(texts(events).length).toBeGreaterThan(0);
    expect(events.map((e) => e.event)).not.toContain('done');
  });

  it('BadJson-Bot sends an event whose data is not JSON', async () => {
    const events = parseSse(await (await ask('BadJson-Bot')).text());
    expect(events[0]?.event).toBe('text');
    const bad = events.filter((e) => {
      try {
        JSON.parse(e.data);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad).toHaveLength(1);
  });

  it('InsufficientFund-Bot sends, byte for byte, what fastapi_poe sends for InsufficientFundError, and charges nothing', async () => {
    const res = await ask('InsufficientFund-Bot');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await res.text()).toBe(
      'event: error\r\ndata: {"allow_retry": true, "text": "", "error_type": "insufficient_fund"}\r\n\r\nevent: done\r\ndata: {}\r\n\r\n',
    );
    expect(poe.balance()).toBe(5000);
  });

  it('Redirect-Bot answers a redirect (307 by default, or the status asked for) to the redirect target, another origin', async () => {
    const target = new URL(poe.redirectTarget.url);
    expect(target.hostname).toBe('127.0.0.1');
    expect(target.origin).not.toBe(new URL(poe.url).origin);
    for (const status of [undefined, '308', '301', '302', '303'] as const) {
      const body = queryBody([{ role: 'user', content: 'hello', parameters: status === undefined ? {} : { status } }]);
      const res = await fetch(`${poe.url}/bot/Redirect-Bot`, { method: 'POST', headers: HEADERS, body: JSON.stringify(body), redirect: 'manual' });
      expect(res.status).toBe(Number(status ?? '307'));
      expect(res.headers.get('location')).toBe(`${poe.redirectTarget.url}/bot/Redirect-Bot`);
      await res.text();
    }
    expect(poe.redirectTarget.requests).toHaveLength(0);
    expect(poe.balance()).toBe(5000);
  });

  it('redirects of the account, models and upload endpoints are opt-in, keep the path and query, and reset() ends them', async () => {
    const auth = { authorization: `Bearer ${FAKE_POE_KEY}` };
    expect((await fetch(`${poe.url}/usage/current_balance`, { headers: auth, redirect: 'manual' })).status).toBe(200);
    poe.setRedirects({ account: true, models: true, upload: true });
    for (const [path, init] of [
      ['/usage/current_balance', { headers: auth }],
      ['/usage/points_history?limit=3&starting_after=abc', { headers: auth }],
      ['/v1/models', {}],
      ['/poe_api/file_upload_3RD_PARTY_POST', { method: 'POST', headers: { authorization: FAKE_POE_KEY }, body: new URLSearchParams({ download_url: 'https://example.com/a.png' }) }],
    ] as const) {
      const res = await fetch(`${poe.url}${path}`, { ...init, redirect: 'manual' });
      expect(res.status, path).toBe(307);
      expect(res.headers.get('location')).toBe(`${poe.redirectTarget.url}${path}`);
    }
    poe.setRedirects({ models: true });
    expect((await fetch(`${poe.url}/usage/current_balance`, { headers: auth, redirect: 'manual' })).status).toBe(200);
    poe.reset();
    expect((await fetch(`${poe.url}/v1/models`, { redirect: 'manual' })).status).toBe(200);
    expect(poe.redirectTarget.requests).toHaveLength(0);
  });

  it('Silent-Bot sends its headers and then nothing (after_headers), or not even the headers (before_headers)', async () => {
    const controller = new AbortController();
    const res = await ask('Silent-Bot');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const nothing = Symbol('nothing');
    expect(await Promise.race([reader.read(), new Promise((resolve) => setTimeout(() => resolve(nothing), 150))])).toBe(nothing);
    await reader.cancel();

    const before = fetch(`${poe.url}/bot/Silent-Bot`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify(queryBody([{ role: 'user', content: 'hello', parameters: { stage: 'before_headers' } }])),
      signal: controller.signal,
    });
    expect(await Promise.race([before, new Promise((resolve) => setTimeout(() => resolve(nothing), 150))])).toBe(nothing);
    controller.abort();
    await expect(before).rejects.toThrow();
    expect(poe.balance()).toBe(5000);
  });

  it('Slow-Start-Bot asks for a 1.5 s wait and sends nothing before it ends, then answers normally', async () => {
    // The script run against a recording context: the wait it asks for, and that nothing is sent until that wait
    // ends, are observed directly rather than timed (a timing would depend on how loaded the machine is).
    const slowStart = SCRIPTED_BOTS.find((bot) => bot.spec.displayName === 'Slow-Start-Bot');
    if (!slowStart) throw new Error('Slow-Start-Bot is missing');
    const log: string[] = [];
    let endWait = () => {};
    const sse = { closed: false, event: (name: string) => void log.push(name), sleep: async () => {}, end: () => void log.push('end') };
    const ctx = {
      lastUser: { role: 'user', content: 'hello', parameters: {} },
      wait: (ms: number) => {
        log.push(`wait ${ms}`);
        return new Promise<void>((resolve) => (endWait = resolve));
      },
      openSse: () => {
        log.push('open');
        return sse;
      },
      charge: () => void log.push('charge'),
    } as unknown as BotContext;
    const running = slowStart.run(ctx);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['wait 1500']);
    endWait();
    await running;
    expect(log).toEqual(['wait 1500', 'open', 'text', 'text', 'text', 'charge', 'done', 'end']);

    // And over HTTP, with the server's real wait.
    const res = await ask('Slow-Start-Bot');
    const events = parseSse(await res.text());
    expect(texts(events).join('')).toBe('Sorry for the wait; here is the answer.');
    expect(events.at(-1)?.event).toBe('done');
  });
});

describe('feature bots', () => {
  it('Fancy-Bot sends meta, data, draft, replace_response and suggested replies', async () => {
    const events = parseSse(await (await ask('Fancy-Bot')).text());
    expect(events.map((e) => e.event)).toEqual(['meta', 'data', 'text', 'replace_response', 'suggested_reply', 'suggested_reply', 'done']);
    expect(JSON.parse(events[0]?.data ?? '')).toMatchObject({ content_type: 'text/markdown', suggested_replies: true });
    expect(JSON.parse(events[1]?.data ?? '')).toEqual({ metadata: 'fancy-meta-1' });
    expect(JSON.parse(events[3]?.data ?? '')).toEqual({ text: 'Final answer.' });
  });

  it('Plain-Bot declares text/plain', async () => {
    const events = parseSse(await (await ask('Plain-Bot')).text());
    expect(JSON.parse(events[0]?.data ?? '')).toMatchObject({ content_type: 'text/plain' });
    expect(texts(events).join('')).toContain('**not bold**');
  });

  it('Image-Bot sends a file event pointing at a real PNG, then inline text', async () => {
    const events = parseSse(await (await ask('Image-Bot')).text());
    expect(events[0]?.event).toBe('file');
    const file = JSON.parse(events[0]?.data ?? '') as { url: string; content_type: string; name: string; inline_ref: string };
    expect(file).toMatchObject({ content_type: 'image/png', inline_ref: 'abcd1234' });
    expect(texts(events).join('')).toBe('Here it is: ![a red square][abcd1234]');
    const png = Buffer.from(await (await fetch(file.url)).arrayBuffer());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([64, 64]);
    expect(png.readUInt32BE(29)).toBe(crc32(png.subarray(12, 29)));
    const idatLength = png.readUInt32BE(33);
    const pixels = inflateSync(png.subarray(41, 41 + idatLength));
    expect(pixels.length).toBe(64 * (64 * 3 + 1));
    expect([...pixels.subarray(32 * 193 + 1 + 32 * 3, 32 * 193 + 4 + 32 * 3)]).toEqual([220, 30, 30]);
  });

  it('Json-Bot streams tool-call chunks', async () => {
    const events = parseSse(await (await ask('Json-Bot')).text());
    const chunks = events.filter((e) => e.event === 'json').map((e) => JSON.parse(e.data) as { object: string; choices: { delta: { tool_calls?: { function: { arguments: string } }[] } }[] });
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    const args = chunks.map((c) => c.choices[0]?.delta.tool_calls?.[0]?.function.arguments ?? '').join('');
    expect(JSON.parse(args)).toEqual({ location: 'Paris', unit: 'celsius' });
    expect(events.at(-1)?.event).toBe('done');
  });

  it('Ping-Bot mixes pings, a comment and an unknown event into its text', async () => {
    const events = parseSse(await (await ask('Ping-Bot')).text());
    const kinds = new Set(events.map((e) => e.event));
    for (const k of ['ping', ':', 'telemetry', 'text', 'done']) expect(kinds.has(k), k).toBe(true);
    expect(events.filter((e) => e.event === 'ping').every((e) => e.data === '{}')).toBe(true);
    expect(texts(events).join('')).toBe('Still here, after the pings.');
  });

  it('Thinking-Bot sends only pings while it thinks, then its answer', async () => {
    const body = queryBody([{ role: 'user', content: 'hmm', parameters: { think_ms: 200, ping_every_ms: 50 } }]);
    const events = parseSse(await (await ask('Thinking-Bot', body)).text());
    expect(events.map((e) => e.event).slice(0, 4)).toEqual(['ping', 'ping', 'ping', 'text']);
    expect(events.filter((e) => e.event === 'ping').every((e) => e.data === '{}')).toBe(true);
    expect(texts(events).join('')).toBe('After some thought: here is the answer.');
    expect(events.at(-1)?.event).toBe('done');

    const quiet = queryBody([{ role: 'user', content: 'hmm?', parameters: { think_ms: 50, ping_every_ms: 0 } }]);
    const quietEvents = parseSse(await (await ask('Thinking-Bot', quiet)).text());
    expect(quietEvents.map((e) => e.event)).not.toContain('ping');
  });

  it('Slow-Drip sends about 40 one-word chunks, with a delay override', async () => {
    const body = queryBody([{ role: 'user', content: 'drip', parameters: { delay_ms: 0 } }]);
    const chunks = texts(parseSse(await (await ask('Slow-Drip', body)).text()));
    expect(chunks.length).toBeGreaterThanOrEqual(35);
    expect(chunks.length).toBeLessThanOrEqual(60);
  });

  it('stops a stream when the client aborts, without charging, and keeps serving', async () => {
    // At 20 ms per word the whole drip would end (and be charged) within ~0.8 s if the server kept going.
    const res = await ask('Slow-Drip', queryBody([{ role: 'user', content: 'drip', parameters: { delay_ms: 20 } }]));
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 1200));
    expect(poe.balance()).toBe(5000);
    const next = await ask('Echo-Bot');
    expect(parseSse(await next.text()).at(-1)?.event).toBe('done');
  });

  it('Markdown-Bot sends headings, a table, a ts code block and a quote', async () => {
    const md = texts(parseSse(await (await ask('Markdown-Bot')).text())).join('');
    expect(md).toMatch(/^# /);
    expect(md).toMatch(/^\|.*\|\n\|[:-]+/m);
    expect(md).toContain('```ts\n');
    expect(md).toMatch(/^> /m);
    expect(md).toMatch(/\[[^\]]+\]\(https:\/\//);
  });

  it('simulated catalogue models answer too', async () => {
    const events = parseSse(await (await ask('GPT-5.4')).text());
    expect(texts(events).join('')).toContain('simulated');
    expect(events.at(-1)?.event).toBe('done');
    expect(poe.balance()).toBeLessThan(5000);
  });
});

describe('GET /v1/models', () => {
  it('lists a realistic catalogue without auth, including every scripted bot', async () => {
    const res = await fetch(`${poe.url}/v1/models`);
    expect(res.status).toBe(200);
    const list = (await res.json()) as { object: string; data: Record<string, unknown>[] };
    expect(list.object).toBe('list');
    expect(list.data.length).toBeGreaterThanOrEqual(10 + SCRIPTED_BOT_NAMES.length);
    const keys = ['architecture', 'context_length', 'context_window', 'created', 'description', 'id', 'metadata', 'object', 'owned_by', 'parameters', 'pricing', 'reasoning', 'root', 'supported_endpoints', 'supported_features'];
    for (const m of list.data) {
      expect(Object.keys(m).sort()).toEqual(keys);
      expect(m.id).toBe(String(m.id).toLowerCase());
      const meta = m.metadata as { display_name: string; image: { url: string } };
      expect(meta.image.url).toBe(`${poe.url}/icons/${encodeURIComponent(String(m.id))}.svg`);
      expect(meta.display_name.toLowerCase()).toBe(m.id);
    }
    const ids = list.data.map((m) => m.id);
    for (const id of ['gpt-5.4', 'claude-sonnet-4.5', 'gemini-3.1-pro', 'gpt-image-1', 'sora-2']) expect(ids).toContain(id);
    for (const name of SCRIPTED_BOT_NAMES) expect(ids).toContain(name.toLowerCase());

    const schemas = list.data.flatMap((m) => (m.parameters as { schema: Record<string, unknown> }[]).map((p) => p.schema));
    expect(schemas.some((s) => s.type === 'boolean')).toBe(true);
    expect(schemas.some((s) => s.type === 'string')).toBe(true);
    expect(schemas.some((s) => s.type === 'number' && typeof s.minimum === 'number' && typeof s.maximum === 'number')).toBe(true);
    expect(schemas.some((s) => Array.isArray(s.enum))).toBe(true);
    const echo = list.data.find((m) => m.id === 'echo-bot') as { parameters: { name: string }[] };
    expect(echo.parameters.map((p) => p.name).sort()).toEqual(['persona', 'style', 'temperature', 'web_search']);
    expect(list.data.some((m) => m.pricing === null)).toBe(true);
    expect(list.data.some((m) => typeof (m.pricing as { prompt?: unknown } | null)?.prompt === 'string')).toBe(true);
  });

  it('serves every model icon itself: nothing in the catalogue points an image at another host', async () => {
    const res = await fetch(`${poe.url}/v1/models`);
    const body = await res.text();
    const list = JSON.parse(body) as { data: { id: string; metadata: { image: { url: string } } }[] };
    const origin = new URL(poe.url).origin;
    expect(new URL(poe.url).hostname).toBe('127.0.0.1');
    for (const m of list.data) {
      const url = new URL(m.metadata.image.url);
      expect(url.origin, m.id).toBe(origin);
      const icon = await fetch(url);
      expect(icon.status, m.id).toBe(200);
      expect(icon.headers.get('content-type')).toBe('image/svg+xml');
      const svg = await icon.text();
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*>.*<\/svg>$/s);
      expect(svg).not.toMatch(/<script|href=/i);
    }
    // No other image URL either: every URL in the body is the server's own, or a link to a bot's page on poe.com.
    for (const [url] of body.matchAll(/https?:\/\/[^"\s)]+/g)) {
      if (new URL(url).origin === origin) continue;
      expect(url).toMatch(/^https:\/\/poe\.com\/[a-z0-9.-]+$/);
    }
    expect(body).not.toMatch(/poecdn/);
    expect((await fetch(`${poe.url}/icons/no-such-model.svg`)).status).toBe(404);
    const echoIcon = await (await fetch(`${poe.url}/icons/echo-bot.svg`)).text();
    expect(echoIcon).toContain('>EB</text>');
  });
});
