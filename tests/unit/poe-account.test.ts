/**
 * lib/poe uploads and account endpoints against the fake Poe server (tests/fake-poe) over real HTTP: the upload round
 * trip and its errors, balance, model list and points history.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  APP_TITLE,
  APP_URL,
  PoeError,
  getBalance,
  getPointsHistory,
  listModels,
  streamBotResponse,
  uploadFile,
  type PartialProtocolMessage,
  type PoeEvent,
} from '@/lib/poe';
import { FAKE_POE_BROKE_KEY, FAKE_POE_KEY, startFakePoe, type FakePoe } from '../fake-poe/server';

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

/** Asks a bot and returns the answer text (text appends, replace_response replaces). */
async function ask(bot: string, messages: string | PartialProtocolMessage[]): Promise<string> {
  const events: PoeEvent[] = [];
  for await (const event of streamBotResponse({
    bot,
    messages: typeof messages === 'string' ? [{ role: 'user', content: messages }] : messages,
    apiKey: FAKE_POE_KEY,
    baseUrl: poe.url,
  })) {
    events.push(event);
  }
  expect(events.at(-1)).toEqual({ type: 'done' });
  let text = '';
  for (const event of events) {
    if (event.type === 'text') text += event.text;
    if (event.type === 'replace_response') text = event.text;
  }
  return text;
}

describe('uploadFile', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

  it('uploads with the raw key and the file comes back; the attachment then rides on a query', async () => {
    const attachment = await uploadFile({
      file: new Blob([png], { type: 'image/png' }),
      name: 'tiny.png',
      apiKey: FAKE_POE_KEY,
      uploadBaseUrl: poe.uploadBaseUrl,
    });
    expect(attachment).toMatchObject({ contentType: 'image/png', name: 'tiny.png' });
    expect(attachment.url.startsWith(`${poe.url}/files/`)).toBe(true);
    const [request] = poe.requests;
    expect(request?.path).toBe('/poe_api/file_upload_3RD_PARTY_POST');
    expect(request?.headers['authorization']).toBe(FAKE_POE_KEY);
    expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request?.body).toMatchObject({
      kind: 'multipart',
      fields: {},
      files: [{ field: 'file', filename: 'tiny.png', contentType: 'image/png', size: png.length }],
    });
    const served = await fetch(attachment.url);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png);

    const answer = await ask('Echo-Bot', [{ role: 'user', content: 'see file', attachments: [attachment] }]);
    expect(answer).toContain('Attachments: tiny.png (image/png)');
  });

  it('refuses a file over the limit before sending anything', async () => {
    const attempt = uploadFile({
      file: new Blob([new Uint8Array(11)]),
      name: 'big.bin',
      apiKey: FAKE_POE_KEY,
      uploadBaseUrl: poe.uploadBaseUrl,
      maxBytes: 10,
    });
    await expect(attempt).rejects.toMatchObject({ kind: 'too_large', retryable: false });
    await expect(attempt).rejects.toThrow(/big\.bin/);
    expect(poe.requests).toHaveLength(0);
  });

  it("maps the server's 413 and 401", async () => {
    const small = await startFakePoe({ maxUploadBytes: 100 });
    try {
      await expect(
        uploadFile({ file: new Blob([new Uint8Array(200)]), name: 'a.bin', apiKey: FAKE_POE_KEY, uploadBaseUrl: small.uploadBaseUrl }),
      ).rejects.toMatchObject({ kind: 'too_large', status: 413, message: 'The file is too large for Poe.' });
    } finally {
      await small.close();
    }
    const rejected = uploadFile({ file: new Blob(['x']), name: 'a.txt', apiKey: 'not-a-key-SECRET', uploadBaseUrl: poe.uploadBaseUrl });
    await expect(rejected).rejects.toMatchObject({ kind: 'auth', status: 401 });
    const error = (await rejected.catch((e: unknown) => e)) as PoeError;
    expect(`${error.message} ${error.detail}`).not.toContain('not-a-key-SECRET');
  });

  it('retries once after a 5xx', async () => {
    let calls = 0;
    const flakyFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls++;
      if (calls === 1) return new Response('{"error":{"message":"busy","type":"overloaded_error"}}', { status: 529 });
      return fetch(input, init);
    }) as typeof fetch;
    const attachment = await uploadFile({
      file: new Blob(['hello'], { type: 'text/plain' }),
      name: 'hello.txt',
      apiKey: FAKE_POE_KEY,
      uploadBaseUrl: poe.uploadBaseUrl,
      fetch: flakyFetch,
      sleep: async () => {},
    });
    expect(calls).toBe(2);
    expect(attachment).toMatchObject({ name: 'hello.txt', contentType: 'text/plain' });
  });
});

describe('account', () => {
  it('getBalance: the balance of a good key, lowered by an answer', async () => {
    expect(await getBalance({ apiKey: FAKE_POE_KEY, baseUrl: poe.url })).toBe(5000);
    await ask('Echo-Bot', 'cost me');
    expect(await getBalance({ apiKey: FAKE_POE_KEY, baseUrl: `${poe.url}/` })).toBe(5000 - 12);
    expect(await getBalance({ apiKey: FAKE_POE_BROKE_KEY, baseUrl: poe.url })).toBe(0);
    const request = poe.requests.find((r) => r.path === '/usage/current_balance');
    expect(request?.headers).toMatchObject({ authorization: `Bearer ${FAKE_POE_KEY}`, 'x-title': APP_TITLE, 'http-referer': APP_URL });
  });

  it('getBalance: a bad key is an auth error that never shows the key', async () => {
    const key = 'bad-key-SECRET-0000';
    const error = await getBalance({ apiKey: key, baseUrl: poe.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoeError);
    expect(error).toMatchObject({ kind: 'auth', status: 401, message: 'Your Poe API key was rejected.' });
    expect(JSON.stringify(error) + String((error as PoeError).detail)).not.toContain(key);
  });

  it('listModels parses the catalogue and all four parameter shapes', async () => {
    const models = await listModels({ baseUrl: poe.url });
    expect(models.length).toBeGreaterThanOrEqual(10);
    expect(poe.requests[0]?.headers['authorization']).toBeUndefined();

    const sonnet = models.find((model) => model.id === 'claude-sonnet-4.5');
    expect(sonnet).toMatchObject({ displayName: 'Claude-Sonnet-4.5', ownedBy: 'Anthropic' });
    // Icons come from the fake server itself, never from a real CDN.
    expect(sonnet?.iconUrl).toBe(`${poe.url}/icons/claude-sonnet-4.5.svg`);
    expect(sonnet?.inputModalities).toContain('text');
    expect(typeof sonnet?.contextLength).toBe('number');
    expect(typeof sonnet?.pricing?.prompt).toBe('number');
    expect(models.find((model) => model.id === 'sora-2')?.pricing).toBeNull();

    const echo = models.find((model) => model.displayName === 'Echo-Bot');
    expect(echo?.id).toBe('echo-bot');
    expect(echo?.parameters).toEqual([
      { name: 'web_search', description: 'Pretend to search the web (echoed back only).', defaultValue: false, control: { kind: 'boolean' } },
      { name: 'temperature', description: 'Sampling temperature (echoed back only).', defaultValue: 1, control: { kind: 'number', min: 0, max: 2 } },
      { name: 'style', description: 'Answer style (echoed back only).', defaultValue: 'balanced', control: { kind: 'enum', options: ['concise', 'balanced', 'detailed'] } },
      { name: 'persona', description: 'Who the bot should pretend to be (echoed back only).', defaultValue: '', control: { kind: 'string' } },
    ]);
    for (const bot of ['Cut-Bot', 'NoDone-Bot', 'RateLimit-Bot', 'Fancy-Bot', 'Json-Bot']) {
      expect(models.some((model) => model.displayName === bot), bot).toBe(true);
    }
  });

  it('getPointsHistory pages through the answers, newest first, times in ms', async () => {
    const before = Date.now();
    await ask('Echo-Bot', 'one');
    await ask('Fancy-Bot', 'two');
    await ask('Echo-Bot', 'three');
    const first = await getPointsHistory({ apiKey: FAKE_POE_KEY, baseUrl: poe.url, limit: 2 });
    expect(first.hasMore).toBe(true);
    expect(first.entries.map((entry) => entry.botName)).toEqual(['Echo-Bot', 'Fancy-Bot']);
    expect(first.entries[0]).toMatchObject({ usageType: 'API', costPoints: 12 });
    expect(first.entries[0]!.creationTime).toBeGreaterThanOrEqual(before - 1000);
    expect(first.entries[0]!.creationTime).toBeLessThanOrEqual(Date.now() + 1000);
    expect(first.entries[0]!.creationTime).toBeGreaterThanOrEqual(first.entries[1]!.creationTime);

    const second = await getPointsHistory({
      apiKey: FAKE_POE_KEY,
      baseUrl: poe.url,
      limit: 2,
      startingAfter: first.entries[1]!.queryId,
    });
    expect(second.hasMore).toBe(false);
    expect(second.entries.map((entry) => entry.botName)).toEqual(['Echo-Bot']);
    expect(poe.requests.at(-1)?.path).toBe(`/usage/points_history?limit=2&starting_after=${first.entries[1]!.queryId}`);

    await expect(
      getPointsHistory({ apiKey: FAKE_POE_KEY, baseUrl: poe.url, startingAfter: 'no-such-query' }),
    ).rejects.toMatchObject({ kind: 'invalid_input', status: 400 });
  });
});

describe('getPointsHistory: every field of an entry', () => {
  const stub = (body: unknown) => (async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })) as typeof fetch;

  it("parses USD, Poe's breakdown as a map in Poe's order (unknown labels kept), chat names and refunds", async () => {
    const page = await getPointsHistory({
      apiKey: FAKE_POE_KEY,
      fetch: stub({
        has_more: true,
        length: 4,
        data: [
          {
            creation_time: 1761523099056852,
            bot_name: 'Claude-Sonnet-4.5',
            query_id: 'q1',
            usage_type: 'API',
            cost_points: 6554,
            cost_usd: '0.19662',
            cost_breakdown_in_points: { Input: '120 points (3581 tokens)', 'Cache write': '40 points', 'Cache discount': '-12 points', Output: '6406 points (20000 tokens)', 'Web search': '0 points', Total: '6554 points', junk: 5 },
          },
          { creation_time: 1761523000000000, bot_name: 'GPT-5.4', query_id: 'q2', usage_type: 'Chat', chat_name: 'Trip ideas', cost_points: -180, cost_usd: '-0.0054', cost_breakdown_in_points: { Total: '-180 points' } },
          { creation_time: 1761522000000000, bot_name: 'Echo-Bot', query_id: 'q3', usage_type: 'API', cost_points: 12, cost_usd: 'twelve cents', cost_breakdown_in_points: 'Total: 12' },
          { bot_name: 'Broken', query_id: 'q4', cost_points: 'lots' },
        ],
      }),
    });
    expect(page.entries).toHaveLength(3);
    const [first, refund, plain] = page.entries;
    expect(first).toMatchObject({ creationTime: 1761523099056, costPoints: 6554, costUsd: '0.19662' });
    expect(Object.keys(first!.costBreakdown!)).toEqual(['Input', 'Cache write', 'Cache discount', 'Output', 'Web search', 'Total']);
    expect(first!.costBreakdown!['Input']).toBe('120 points (3581 tokens)');
    expect(refund).toEqual({ creationTime: 1761523000000, botName: 'GPT-5.4', queryId: 'q2', usageType: 'Chat', chatName: 'Trip ideas', costPoints: -180, costUsd: '-0.0054', costBreakdown: { Total: '-180 points' } });
    // Money that is not a decimal, and a breakdown that is not a map, are left out rather than shown wrong.
    expect(plain!.costUsd).toBeUndefined();
    expect(plain!.costBreakdown).toBeUndefined();
    // The next page starts after the last entry Poe sent, even one skipped here as malformed.
    expect(page).toMatchObject({ hasMore: true, nextStartingAfter: 'q4' });
  });

  it('gives no cursor on the last page', async () => {
    const page = await getPointsHistory({ apiKey: FAKE_POE_KEY, fetch: stub({ has_more: false, data: [{ creation_time: 1, query_id: 'x', cost_points: 1 }] }) });
    expect(page.hasMore).toBe(false);
    expect(page.nextStartingAfter).toBeUndefined();
  });

  it('pages with the cursor through the fake server, with what each answer cost in USD and its breakdown', async () => {
    await ask('Echo-Bot', 'one');
    await ask('Echo-Bot', [
      { role: 'user', content: 'one' },
      { role: 'bot', content: 'You said: one' },
      { role: 'user', content: 'two, with history' },
    ]);
    await ask('Fancy-Bot', 'three');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await getPointsHistory({ apiKey: FAKE_POE_KEY, baseUrl: poe.url, limit: 1, ...(cursor ? { startingAfter: cursor } : {}) });
      seen.push(...page.entries.map((entry) => entry.queryId));
      cursor = page.nextStartingAfter;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(3);
    const { entries } = await getPointsHistory({ apiKey: FAKE_POE_KEY, baseUrl: poe.url });
    const [fancy, withHistory, first] = entries;
    expect(first).toMatchObject({ costPoints: 12, costUsd: '0.00036' });
    expect(first!.costBreakdown).toEqual({ Input: expect.stringMatching(/^4 points \(\d+ tokens\)$/), Output: '8 points (72 tokens)', Total: '12 points' });
    // A query that carries history is partly cached: Poe shows a discount, and the parts still add up.
    expect(Object.keys(withHistory!.costBreakdown!)).toEqual(['Input', 'Cache discount', 'Output', 'Total']);
    const parts = Object.entries(withHistory!.costBreakdown!).filter(([label]) => label !== 'Total').map(([, text]) => Number.parseInt(text, 10));
    expect(parts.reduce((a, b) => a + b, 0)).toBe(withHistory!.costPoints);
    expect(fancy!.botName).toBe('Fancy-Bot');
  });
});
