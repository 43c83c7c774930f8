/**
 * lib/poe against the fake Poe server (tests/fake-poe) over real HTTP: every scripted bot, every fault of
 * poe-protocol.md §8, the request the server recorded, uploads and the account endpoints.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APP_TITLE,
  APP_URL,
  PoeError,
  streamBotResponse,
  type PartialProtocolMessage,
  type PoeEvent,
  type StreamBotOptions,
} from '@/lib/poe';
import { FAKE_POE_BROKE_KEY, FAKE_POE_KEY, startFakePoe, type FakePoe } from '../fake-poe/server';

let poe: FakePoe;

beforeAll(async () => {
  poe = await startFakePoe({ retryAfterSeconds: 1 });
});
afterAll(async () => {
  await poe.close();
});
beforeEach(() => {
  poe.reset();
});

/** Waits that are recorded and skipped, so retry tests stay fast. */
function recordingSleep(): { sleep: StreamBotOptions['sleep']; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

async function ask(
  bot: string,
  messages: string | PartialProtocolMessage[],
  extra: Partial<StreamBotOptions> = {},
): Promise<PoeEvent[]> {
  const events: PoeEvent[] = [];
  for await (const event of streamBotResponse({
    bot,
    messages: typeof messages === 'string' ? [{ role: 'user', content: messages }] : messages,
    apiKey: FAKE_POE_KEY,
    baseUrl: poe.url,
    sleep: async () => {},
    ...extra,
  })) {
    events.push(event);
  }
  return events;
}

/** The answer as a UI would show it: text appends, replace_response replaces. */
function answerText(events: PoeEvent[]): string {
  let text = '';
  for (const event of events) {
    if (event.type === 'text') text += event.text;
    if (event.type === 'replace_response') text = event.text;
  }
  return text;
}

const types = (events: PoeEvent[]) => events.map((event) => event.type);
const botQueries = () => poe.requests.filter((request) => request.path.startsWith('/bot/'));

/** One turn of the event loop (setImmediate is never faked here): lets the sockets deliver what is on its way. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await turn();
}

interface FakeClockRun {
  server: FakePoe;
  events: PoeEvent[];
  /** The signal of each fetch the client made: one entry per attempt. */
  attempts: (AbortSignal | undefined)[];
  /** Advances the clock `stepMs` at a time, letting the sockets work in between, until the stream has ended. */
  runToEnd(stepMs?: number): Promise<void>;
}

let fakeClockServer: FakePoe | undefined;
// Real timers back, and the fake-clock server closed with its connections (their keep-alive timers were fake ones).
afterEach(async () => {
  vi.useRealTimers();
  await fakeClockServer?.close();
  fakeClockServer = undefined;
});

/**
 * A query to a fake Poe server of its own with setTimeout and clearTimeout faked, the client's (retry sleep, idle
 * limit) and the server's (Slow-Start-Bot's 1.5 s, the pauses between words) alike: both run in this process, so
 * every wait ends only when the test advances the clock. What happens before and after a wait is then certain however
 * loaded the machine is; the sockets still work in real time. No `sleep` is passed: the client's own one is used.
 */
async function onFakeClock(bot: string, content: string): Promise<FakeClockRun> {
  const server = await startFakePoe({ retryAfterSeconds: 1 });
  fakeClockServer = server;
  // fetch creates its one housekeeping timer on first use: let that be a real one, not one on the fake clock.
  await (await fetch(`${server.url}/v1/models`)).arrayBuffer();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const events: PoeEvent[] = [];
  const attempts: (AbortSignal | undefined)[] = [];
  let ended = false;
  const finished = (async () => {
    for await (const event of streamBotResponse({
      bot,
      messages: [{ role: 'user', content }],
      apiKey: FAKE_POE_KEY,
      baseUrl: server.url,
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
        attempts.push(init?.signal ?? undefined);
        return fetch(input, init);
      }) as typeof fetch,
    })) {
      events.push(event);
    }
    ended = true;
  })();
  return {
    server,
    events,
    attempts,
    async runToEnd(stepMs = 15) {
      while (!ended) {
        await vi.advanceTimersByTimeAsync(stepMs);
        await turn();
      }
      await finished;
    },
  };
}

function terminalError(events: PoeEvent[]): PoeError {
  const last = events.at(-1);
  if (last?.type !== 'failed' && last?.type !== 'interrupted') throw new Error(`no error at the end: ${last?.type}`);
  expect(last.error).toBeInstanceOf(PoeError);
  return last.error;
}

describe('well-behaved bots', () => {
  it('Echo-Bot streams its answer in several chunks and ends with done', async () => {
    const events = await ask('Echo-Bot', 'hello there');
    expect(events.filter((event) => event.type === 'text').length).toBeGreaterThanOrEqual(3);
    expect(events.at(-1)).toEqual({ type: 'done' });
    expect(answerText(events)).toContain('You said: hello there');
    expect(answerText(events)).toContain('(1 message in conversation)');
  });

  it('sends the full QueryRequest: roles, parameters on the last user message, attachments, bot metadata, headers', async () => {
    const messages: PartialProtocolMessage[] = [
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: 'Look at this',
        attachments: [{ url: `${poe.url}/files/x/first.png`, content_type: 'image/png', name: 'first.png' }],
      },
      { role: 'bot', content: 'Nice picture.', metadata: 'fancy-meta-1' },
      {
        role: 'user',
        content: 'And these?',
        parameters: { web_search: true, temperature: 0.5, style: 'concise', persona: 'pirate' },
        attachments: [
          { url: `${poe.url}/files/y/notes.pdf`, contentType: 'application/pdf', name: 'notes.pdf' },
          { url: `${poe.url}/files/z/data.csv`, content_type: 'text/csv', name: 'data.csv' },
        ],
      },
    ];
    const events = await ask('Echo-Bot', messages);
    expect(events.at(-1)).toEqual({ type: 'done' });
    const text = answerText(events);
    expect(text).toContain('You said: And these?');
    expect(text).toContain('(4 messages in conversation)');
    expect(text).toContain('Parameters: {"web_search":true,"temperature":0.5,"style":"concise","persona":"pirate"}');
    expect(text).toContain('Attachments: notes.pdf (application/pdf), data.csv (text/csv)');

    const [request] = botQueries();
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/bot/Echo-Bot');
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${FAKE_POE_KEY}`,
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'x-title': APP_TITLE,
      'http-referer': APP_URL,
    });
    const body = request?.body as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      'version', 'type', 'query', 'user_id', 'conversation_id', 'message_id', 'metadata', 'api_key', 'access_key',
      'temperature', 'skip_system_prompt', 'logit_bias', 'stop_sequences', 'language_code', 'adopt_current_bot_name',
      'bot_query_id', 'users', 'tools', 'tool_calls', 'tool_results', 'query_creation_time', 'extra_params',
    ]);
    expect(body).toMatchObject({ version: '1.2', type: 'query', user_id: '', conversation_id: '', message_id: '' });
    // The key travels only in the header.
    expect(body['api_key']).toBe('<missing>');
    expect(JSON.stringify(body)).not.toContain(FAKE_POE_KEY);

    const query = body['query'] as Record<string, unknown>[];
    expect(query.map((message) => message['role'])).toEqual(['system', 'user', 'bot', 'user']);
    for (const message of query) {
      expect(Object.keys(message).sort()).toEqual(
        ['attachments', 'content', 'content_type', 'feedback', 'message_id', 'message_type', 'metadata', 'parameters',
          'reactions', 'referenced_message', 'role', 'sender', 'sender_id', 'timestamp'].sort(),
      );
    }
    expect(query[0]).toMatchObject({ content: 'Be brief.', parameters: {}, attachments: [], metadata: null, content_type: 'text/markdown' });
    expect(query[1]?.['attachments']).toEqual([
      { url: `${poe.url}/files/x/first.png`, content_type: 'image/png', name: 'first.png', inline_ref: null, parsed_content: null },
    ]);
    expect(query[1]?.['parameters']).toEqual({});
    expect(query[2]).toMatchObject({ role: 'bot', content: 'Nice picture.', metadata: 'fancy-meta-1' });
    expect(query[3]?.['parameters']).toEqual({ web_search: true, temperature: 0.5, style: 'concise', persona: 'pirate' });
    expect(query[3]?.['attachments']).toEqual([
      { url: `${poe.url}/files/y/notes.pdf`, content_type: 'application/pdf', name: 'notes.pdf', inline_ref: null, parsed_content: null },
      { url: `${poe.url}/files/z/data.csv`, content_type: 'text/csv', name: 'data.csv', inline_ref: null, parsed_content: null },
    ]);
  });

  it('bot names are case-insensitive, escaped in the URL, and a trailing slash on the base URL is fine', async () => {
    const events = await ask('echo-bot', 'hi', { baseUrl: `${poe.url}/` });
    expect(events.at(-1)).toEqual({ type: 'done' });
    expect(botQueries()[0]?.path).toBe('/bot/echo-bot');

    const missing = await ask('No Such/Bot?', 'hi');
    expect(botQueries()[1]?.path).toBe('/bot/No%20Such%2FBot%3F');
    const error = terminalError(missing);
    expect(missing.at(-1)?.type).toBe('failed');
    expect(error).toMatchObject({ kind: 'not_found', status: 404, retryable: false, message: "Bot 'No Such/Bot?' does not exist." });
  });

  it('Slow-Drip streams many small chunks', async () => {
    const events = await ask('Slow-Drip', [{ role: 'user', content: 'story', parameters: { delay_ms: 2 } }]);
    expect(events.filter((event) => event.type === 'text').length).toBeGreaterThanOrEqual(30);
    expect(answerText(events)).toMatch(/^The river kept its own slow time.*reached the sea\.$/);
    expect(events.at(-1)).toEqual({ type: 'done' });
  });

  it('Markdown-Bot sends a long markdown answer', async () => {
    const text = answerText(await ask('Markdown-Bot', 'markdown please'));
    expect(text).toContain('# Streaming markdown');
    expect(text).toContain('| Model | Context | Good at |');
    expect(text).toContain('```ts');
  });

  it('Image-Bot sends a file event (a real PNG) before the text that references it', async () => {
    const events = await ask('Image-Bot', 'draw');
    expect(types(events)[0]).toBe('file');
    const file = events[0];
    if (file?.type !== 'file') throw new Error('expected a file event');
    expect(file.attachment).toMatchObject({ contentType: 'image/png', name: 'red-square.png', inlineRef: 'abcd1234' });
    expect(file.attachment.url.startsWith(`${poe.url}/files/`)).toBe(true);
    expect(answerText(events)).toBe('Here it is: ![a red square][abcd1234]');
    const image = await fetch(file.attachment.url);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await image.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('Fancy-Bot: meta, data, text replaced by replace_response, suggested replies', async () => {
    const events = await ask('Fancy-Bot', 'fancy');
    expect(events).toEqual([
      { type: 'meta', contentType: 'text/markdown', linkify: true, suggestedReplies: true },
      { type: 'data', metadata: 'fancy-meta-1' },
      { type: 'text', text: 'Draft…' },
      { type: 'replace_response', text: 'Final answer.' },
      { type: 'suggested_reply', text: 'Tell me more' },
      { type: 'suggested_reply', text: 'Give me an example' },
      { type: 'done' },
    ]);
    expect(answerText(events)).toBe('Final answer.');
  });

  it('Plain-Bot declares text/plain; its markdown characters arrive verbatim', async () => {
    const events = await ask('Plain-Bot', 'plain');
    expect(events[0]).toEqual({ type: 'meta', contentType: 'text/plain', linkify: false, suggestedReplies: false });
    expect(answerText(events)).toContain('**not bold**');
  });

  it('Json-Bot passes tool-call chunks through as json events', async () => {
    const events = await ask('Json-Bot', 'weather?');
    const chunks = events.filter((event) => event.type === 'json');
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(types(events).filter((type) => type !== 'json')).toEqual(['done']);
    expect(chunks[0]?.data).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [{ delta: { tool_calls: [{ id: 'call_123', function: { name: 'get_current_weather' } }] } }],
    });
  });

  it('Ping-Bot: pings, comments and unknown events are ignored', async () => {
    const events = await ask('Ping-Bot', 'ping');
    expect(types(events)).toEqual(['text', 'text', 'text', 'done']);
    expect(answerText(events)).toBe('Still here, after the pings.');
  });

  it('Slow-Start-Bot: a slow first byte is simply waited for', async () => {
    const run = await onFakeClock('Slow-Start-Bot', 'slow');
    // The server's 1.5 s wait is on the fake clock from the moment it has the query.
    await until(() => run.server.requests.some((request) => request.bot === 'Slow-Start-Bot' && request.body !== undefined));
    await vi.advanceTimersByTimeAsync(1499);
    await turn();
    // Nothing has come yet, and the client is still waiting on its one attempt: no timeout, no retry.
    expect(run.events).toEqual([]);
    expect(run.attempts).toHaveLength(1);
    expect(run.attempts[0]?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await run.runToEnd();
    expect(run.events.at(-1)).toEqual({ type: 'done' });
    expect(types(run.events)).not.toContain('retrying');
    expect(answerText(run.events)).toBe('Sorry for the wait; here is the answer.');
    expect(run.attempts).toHaveLength(1);
    expect(run.server.requests.filter((request) => request.bot === 'Slow-Start-Bot')).toHaveLength(1);
  });
});

describe('retries before output', () => {
  it('Retry-Error-Bot: an error event with allow_retry is retried after a backoff', async () => {
    const { sleep, waits } = recordingSleep();
    const events = await ask('Retry-Error-Bot', 'try me', { sleep });
    expect(types(events)[0]).toBe('retrying');
    const retrying = events[0];
    if (retrying?.type !== 'retrying') throw new Error('expected retrying');
    expect(retrying.attempt).toBe(2);
    expect(retrying.error).toMatchObject({ kind: 'bot', retryable: true });
    expect(retrying.error.message).toMatch(/^Internal server error/);
    // 250 ms base plus up to 50 % jitter.
    expect(retrying.delayMs).toBeGreaterThanOrEqual(250);
    expect(retrying.delayMs).toBeLessThanOrEqual(375);
    expect(waits).toEqual([retrying.delayMs]);
    expect(events.at(-1)).toEqual({ type: 'done' });
    expect(answerText(events)).toBe('Second time lucky: this answer arrived after a retry.');
    expect(botQueries()).toHaveLength(2);
  });

  it('Flaky-Bot: a 500 is retried', async () => {
    const events = await ask('Flaky-Bot', 'flaky');
    const retrying = events[0];
    if (retrying?.type !== 'retrying') throw new Error('expected retrying');
    expect(retrying.error).toMatchObject({ kind: 'server', status: 500, retryable: true });
    expect(retrying.error.message).toBe('Poe had a problem (HTTP 500). Internal server error.');
    expect(answerText(events)).toBe('Recovered: this answer came on the second try.');
    expect(events.at(-1)).toEqual({ type: 'done' });
  });

  it('RateLimit-Bot: the 429 waits for Retry-After, carried once as delayMs (the message has no number)', async () => {
    const { sleep, waits } = recordingSleep();
    const events = await ask('RateLimit-Bot', 'limit', { sleep });
    const retrying = events[0];
    if (retrying?.type !== 'retrying') throw new Error('expected retrying');
    expect(retrying).toMatchObject({ attempt: 2, delayMs: 1000 });
    expect(retrying.error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 1000, retryable: true });
    expect(retrying.error.message).toBe('Poe is rate-limiting this key.');
    expect(waits).toEqual([1000]);
    expect(events.at(-1)).toEqual({ type: 'done' });
    expect(answerText(events)).toBe('Thanks for waiting: the rate limit has passed.');
  });

  it('RateLimit-Bot with the real sleep waits Retry-After (1 s) before the retry, no less', async () => {
    const run = await onFakeClock('RateLimit-Bot', 'limit, really');
    await until(() => run.events.length > 0);
    expect(run.events[0]).toMatchObject({ type: 'retrying', attempt: 2, delayMs: 1000 });
    await vi.advanceTimersByTimeAsync(999);
    await turn();
    expect(run.attempts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => run.attempts.length === 2);
    await run.runToEnd();
    expect(types(run.events)).toEqual(['retrying', 'text', 'text', 'text', 'done']);
    expect(run.server.requests.filter((request) => request.path === '/bot/RateLimit-Bot')).toHaveLength(2);
  });

  it('gives up after maxAttempts and reports the last failure', async () => {
    const events = await ask('Flaky-Bot', 'once only', { maxAttempts: 1 });
    expect(types(events)).toEqual(['failed']);
    expect(terminalError(events)).toMatchObject({ kind: 'server', status: 500 });
  });

  it('a network error (nothing listening) is retried, then fails', async () => {
    const dead = await startFakePoe();
    const url = dead.url;
    await dead.close();
    const { sleep, waits } = recordingSleep();
    const events = await ask('Echo-Bot', 'anyone?', { baseUrl: url, sleep });
    expect(types(events)).toEqual(['retrying', 'retrying', 'failed']);
    expect(terminalError(events)).toMatchObject({ kind: 'network', retryable: true });
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(250);
    expect(waits[0]).toBeLessThanOrEqual(375);
    expect(waits[1]).toBeGreaterThanOrEqual(500);
    expect(waits[1]).toBeLessThanOrEqual(750);
  });
});

describe('failures after output are never retried', () => {
  it('Cut-Bot: the connection drops mid-answer → interrupted, partial text kept once', async () => {
    const events = await ask('Cut-Bot', 'cut');
    expect(events.at(-1)?.type).toBe('interrupted');
    expect(terminalError(events)).toMatchObject({ kind: 'network' });
    expect(answerText(events)).toBe('This answer starts normally and then the line goes');
    expect(types(events).filter((type) => type === 'retrying')).toEqual([]);
    expect(botQueries()).toHaveLength(1);
  });

  it('Error-After-Text-Bot: an error event after text → interrupted with the bot text', async () => {
    const events = await ask('Error-After-Text-Bot', 'go');
    expect(events.at(-1)?.type).toBe('interrupted');
    expect(terminalError(events)).toMatchObject({ kind: 'bot', message: 'The upstream model stopped responding.', retryable: true });
    expect(answerText(events)).toBe('Here is the beginning of an answer that');
    expect(botQueries()).toHaveLength(1);
  });

  it('NoDone-Bot: a clean close without done after text → incomplete', async () => {
    const events = await ask('NoDone-Bot', 'go');
    expect(events.at(-1)).toEqual({ type: 'incomplete' });
    expect(answerText(events)).toBe('This answer ends without saying done.');
    expect(botQueries()).toHaveLength(1);
  });

  it('BadJson-Bot: invalid JSON after text → interrupted (protocol)', async () => {
    const events = await ask('BadJson-Bot', 'go');
    expect(events.at(-1)?.type).toBe('interrupted');
    const error = terminalError(events);
    expect(error.kind).toBe('protocol');
    expect(error.detail).toBe('{"text": "broken json');
    expect(answerText(events)).toBe('Valid text first, then');
  });
});

describe('failures that are not retried', () => {
  it('Error-Bot: allow_retry false → failed with the bot text and error type', async () => {
    const events = await ask('Error-Bot', 'go');
    expect(types(events)).toEqual(['failed']);
    expect(terminalError(events)).toMatchObject({
      kind: 'bot',
      message: 'This bot refuses.',
      errorType: 'user_caused_error',
      retryable: false,
    });
    expect(botQueries()).toHaveLength(1);
  });

  it('401: a rejected key, without the key in any message', async () => {
    for (const [bot, key] of [
      ['Unauthorized-Bot', FAKE_POE_KEY],
      ['Echo-Bot', 'wrong-key-SECRET-4242'],
    ] as const) {
      const events = await ask(bot, 'go', { apiKey: key });
      expect(types(events)).toEqual(['failed']);
      const error = terminalError(events);
      expect(error).toMatchObject({ kind: 'auth', status: 401, retryable: false, message: 'Your Poe API key was rejected.' });
      expect(error.detail).toContain('Incorrect API key provided');
      expect(`${error.message} ${error.detail} ${JSON.stringify(error)}`).not.toContain(key);
    }
    expect(botQueries()).toHaveLength(2);
  });

  it('402: out of points (NoPoints-Bot, and a key with no balance)', async () => {
    for (const [bot, key] of [
      ['NoPoints-Bot', FAKE_POE_KEY],
      ['Echo-Bot', FAKE_POE_BROKE_KEY],
    ] as const) {
      const events = await ask(bot, 'go', { apiKey: key });
      expect(types(events)).toEqual(['failed']);
      expect(terminalError(events)).toMatchObject({ kind: 'insufficient_points', status: 402, message: 'You are out of Poe points.', retryable: false });
    }
    expect(botQueries()).toHaveLength(2);
  });

  it('InsufficientFund-Bot: the error event of a real fastapi_poe bot (allow_retry true, empty text) is out of points, not retried', async () => {
    const { sleep, waits } = recordingSleep();
    const events = await ask('InsufficientFund-Bot', 'go', { sleep });
    expect(types(events)).toEqual(['failed']);
    expect(terminalError(events)).toMatchObject({
      kind: 'insufficient_points',
      message: 'You are out of Poe points.',
      errorType: 'insufficient_fund',
      retryable: false,
    });
    expect(waits).toEqual([]);
    expect(botQueries()).toHaveLength(1);
  });

  it('NotSse-Bot: a 200 HTML page is a protocol error keeping the status and the start of the body', async () => {
    const events = await ask('NotSse-Bot', 'go');
    expect(types(events)).toEqual(['failed']);
    const error = terminalError(events);
    expect(error).toMatchObject({ kind: 'protocol', status: 200, retryable: false });
    expect(error.detail).toContain('text/html');
    expect(error.detail).toContain('<!DOCTYPE html>');
    expect(botQueries()).toHaveLength(1);
  });

  it('an empty key fails at once without a request', async () => {
    const events = await ask('Echo-Bot', 'go', { apiKey: '' });
    expect(terminalError(events).kind).toBe('auth');
    expect(poe.requests).toHaveLength(0);
  });
});

describe('stop', () => {
  it('aborting mid-stream ends with stopped and closes the connection', async () => {
    const controller = new AbortController();
    const events: PoeEvent[] = [];
    for await (const event of streamBotResponse({
      bot: 'Slow-Drip',
      messages: [{ role: 'user', content: 'long story', parameters: { delay_ms: 40 } }],
      apiKey: FAKE_POE_KEY,
      baseUrl: poe.url,
      signal: controller.signal,
    })) {
      events.push(event);
      if (events.filter((e) => e.type === 'text').length === 3) controller.abort();
    }
    expect(events.at(-1)).toEqual({ type: 'stopped' });
    expect(events.filter((e) => e.type === 'text')).toHaveLength(3);
    // The server never finished the answer, so it charged nothing.
    expect(poe.balance()).toBe(5000);
  });

  it('aborting during the wait before a retry ends with stopped at once', async () => {
    const controller = new AbortController();
    const events: PoeEvent[] = [];
    const requested: number[] = [];
    let sleeping = () => {};
    const asleep = new Promise<void>((resolve) => (sleeping = resolve));
    const run = (async () => {
      for await (const event of streamBotResponse({
        bot: 'RateLimit-Bot',
        messages: [{ role: 'user', content: 'stop while waiting' }],
        apiKey: FAKE_POE_KEY,
        baseUrl: poe.url,
        signal: controller.signal,
        // A sleep that never ends and ignores the signal: the client must stop without it.
        sleep: (ms) => {
          requested.push(ms);
          sleeping();
          return new Promise<void>(() => {});
        },
      })) {
        events.push(event);
      }
    })();
    await asleep;
    controller.abort();
    // Ends only if the client stops on the abort: its sleep never ends (a client that waited for it would hang here
    // and fail on the test timeout).
    await run;
    expect(types(events)).toEqual(['retrying', 'stopped']);
    expect(requested).toEqual([1000]);
    expect(botQueries()).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const events = await ask('Echo-Bot', 'go', { signal: AbortSignal.abort() });
    expect(events).toEqual([{ type: 'stopped' }]);
    expect(poe.requests).toHaveLength(0);
  });
});
