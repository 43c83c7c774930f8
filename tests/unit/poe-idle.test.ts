/**
 * Nothing is waited on forever (poe-protocol.md §8.1): an attempt that receives nothing at all (no event, ping or
 * comment) for `idleTimeoutMs` (default 600 s) fails as a timeout, retried before output like any timeout and
 * `interrupted` after. Driven with fake timers and a body written by the test, then against the fake server's
 * Silent-Bot and Thinking-Bot with small limits.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_IDLE_TIMEOUT_MS, streamBotResponse, type PoeEvent, type StreamBotOptions } from '@/lib/poe';
import { FAKE_POE_KEY, startFakePoe, type FakePoe } from '../fake-poe/server';

const encoder = new TextEncoder();

interface Attempt {
  write(text: string): void;
  cancelled: boolean;
}

/**
 * A fetch whose answers stay open until the test writes to them. It ignores the AbortSignal on purpose: the client
 * must give up on its own (a real fetch would also abort the body).
 */
function heldOpen(mode: 'answer' | 'never' = 'answer') {
  const attempts: Attempt[] = [];
  const fetchImpl = (async () => {
    if (mode === 'never') return new Promise<Response>(() => {});
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const attempt: Attempt = {
      write: (text) => controller.enqueue(encoder.encode(text)),
      cancelled: false,
    };
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
      cancel() {
        attempt.cancelled = true;
      },
    });
    attempts.push(attempt);
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
  return { fetch: fetchImpl, attempts, last: () => attempts.at(-1)! };
}

function start(options: Partial<StreamBotOptions> & { fetch: typeof fetch }) {
  const events: PoeEvent[] = [];
  const finished = (async () => {
    for await (const event of streamBotResponse({
      bot: 'Thinker',
      messages: [{ role: 'user', content: 'think hard' }],
      apiKey: 'idle-test-key-0000',
      sleep: async () => {},
      ...options,
    })) {
      events.push(event);
    }
  })();
  return { events, finished, types: () => events.map((e) => e.type) };
}

const MINUTE = 60_000;

describe('the idle limit, with fake timers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('defaults to 600 s: silence after the headers fails each attempt as a timeout, retried before output', async () => {
    expect(DEFAULT_IDLE_TIMEOUT_MS).toBe(600_000);
    const body = heldOpen();
    const run = start({ fetch: body.fetch });
    await vi.advanceTimersByTimeAsync(10 * MINUTE - 1);
    expect(run.events).toEqual([]);
    expect(body.attempts).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(1);
    expect(run.types()).toEqual(['retrying']);
    const retrying = run.events[0];
    if (retrying?.type !== 'retrying') throw new Error('expected retrying');
    expect(retrying.error).toMatchObject({ kind: 'timeout', retryable: true, message: 'Poe sent nothing for 10 minutes.' });
    expect(body.attempts[0]?.cancelled).toBe(true);

    await vi.advanceTimersByTimeAsync(20 * MINUTE);
    await run.finished;
    expect(run.types()).toEqual(['retrying', 'retrying', 'failed']);
    const failed = run.events[2];
    if (failed?.type !== 'failed') throw new Error('expected failed');
    expect(failed.error).toMatchObject({ kind: 'timeout', message: 'Poe sent nothing for 10 minutes; the request was given up.' });
    expect(body.attempts.map((a) => a.cancelled)).toEqual([true, true, true]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('pings, comments and any other event restart the clock', async () => {
    const body = heldOpen();
    const run = start({ fetch: body.fetch });
    await vi.advanceTimersByTimeAsync(9 * MINUTE);
    body.last().write('event: ping\r\ndata: {}\r\n\r\n');
    await vi.advanceTimersByTimeAsync(9 * MINUTE);
    body.last().write(': ping - 2026-01-01 00:00:00\r\n\r\n');
    await vi.advanceTimersByTimeAsync(9 * MINUTE);
    body.last().write('event: telemetry\r\ndata: {}\r\n\r\n');
    await vi.advanceTimersByTimeAsync(9 * MINUTE);
    body.last().write('event: text\r\ndata: {"text":"Thought it through."}\r\n\r\nevent: done\r\ndata: {}\r\n\r\n');
    await run.finished;
    expect(run.events).toEqual([{ type: 'text', text: 'Thought it through.' }, { type: 'done' }]);
    expect(body.attempts).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a partial line is not an event and does not restart the clock', async () => {
    const body = heldOpen();
    const run = start({ fetch: body.fetch, maxAttempts: 1 });
    await vi.advanceTimersByTimeAsync(9 * MINUTE);
    body.last().write('event: text\r\ndata: {"text":');
    await vi.advanceTimersByTimeAsync(MINUTE);
    await run.finished;
    expect(run.types()).toEqual(['failed']);
  });

  it('after output the answer is interrupted by the timeout, kept, and not retried', async () => {
    const body = heldOpen();
    const run = start({ fetch: body.fetch });
    await vi.advanceTimersByTimeAsync(1000);
    body.last().write('event: text\r\ndata: {"text":"The first half"}\r\n\r\n');
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    await run.finished;
    expect(run.types()).toEqual(['text', 'interrupted']);
    const last = run.events.at(-1);
    expect(last?.type === 'interrupted' && last.error).toMatchObject({
      kind: 'timeout',
      message: 'Poe sent nothing for 10 minutes; the request was given up.',
    });
    expect(body.attempts).toHaveLength(1);
    expect(body.last().cancelled).toBe(true);
  });

  it('waiting for the headers counts, even with a fetch that ignores the abort', async () => {
    const body = heldOpen('never');
    const run = start({ fetch: body.fetch, idleTimeoutMs: 90_000, maxAttempts: 2 });
    await vi.advanceTimersByTimeAsync(180_000);
    await run.finished;
    expect(run.types()).toEqual(['retrying', 'failed']);
    expect(run.events[0]?.type === 'retrying' && run.events[0].error.message).toBe('Poe sent nothing for 90 seconds.');
    expect(run.events[1]?.type === 'failed' && run.events[1].error.message).toBe('Poe sent nothing for 90 seconds; the request was given up.');
  });

  it('a Stop during the silence ends with stopped, not a timeout, and leaves no timer behind', async () => {
    const body = heldOpen();
    const controller = new AbortController();
    const run = start({ fetch: body.fetch, signal: controller.signal });
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    controller.abort();
    await run.finished;
    expect(run.events).toEqual([{ type: 'stopped' }]);
    expect(body.last().cancelled).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the idle limit against the fake server', () => {
  let poe: FakePoe;
  beforeAll(async () => {
    poe = await startFakePoe();
  });
  afterAll(async () => {
    await poe.close();
  });
  beforeEach(() => poe.reset());

  async function ask(bot: string, parameters: Record<string, unknown>, extra: Partial<StreamBotOptions>): Promise<PoeEvent[]> {
    const events: PoeEvent[] = [];
    for await (const event of streamBotResponse({
      bot,
      messages: [{ role: 'user', content: 'hello?', parameters }],
      apiKey: FAKE_POE_KEY,
      baseUrl: poe.url,
      sleep: async () => {},
      ...extra,
    })) {
      events.push(event);
    }
    return events;
  }

  it.each(['after_headers', 'before_headers'])('Silent-Bot (%s): every attempt times out, then the query fails', async (stage) => {
    const events = await ask('Silent-Bot', { stage }, { idleTimeoutMs: 150 });
    expect(events.map((e) => e.type)).toEqual(['retrying', 'retrying', 'failed']);
    expect(events.at(-1)?.type === 'failed' && events.at(-1)).toMatchObject({ error: { kind: 'timeout' } });
    expect(poe.requests.filter((r) => r.path === '/bot/Silent-Bot')).toHaveLength(3);
  });

  it('Silent-Bot (after_text): the answer so far is kept and marked interrupted', async () => {
    // Long enough for the first text to arrive on a loaded machine (the limit runs from the request): the bot then
    // stays silent for good, so only the limit's length changes, not what is tested.
    const events = await ask('Silent-Bot', { stage: 'after_text' }, { idleTimeoutMs: 3_000 });
    expect(events.map((e) => e.type)).toEqual(['text', 'interrupted']);
    expect(events.at(-1)).toMatchObject({ error: { kind: 'timeout' } });
    expect(poe.requests).toHaveLength(1);
  });

  it('Thinking-Bot: pings keep a long silence alive; without them the same silence times out', async () => {
    const pinging = await ask('Thinking-Bot', { think_ms: 1200, ping_every_ms: 100 }, { idleTimeoutMs: 600, maxAttempts: 1 });
    expect(pinging.at(-1)).toEqual({ type: 'done' });
    expect(pinging.filter((e) => e.type === 'text').length).toBeGreaterThan(0);

    const silent = await ask('Thinking-Bot', { think_ms: 1200, ping_every_ms: 0 }, { idleTimeoutMs: 600, maxAttempts: 1 });
    expect(silent.map((e) => e.type)).toEqual(['failed']);
    expect(silent[0]).toMatchObject({ error: { kind: 'timeout', message: 'Poe sent nothing for 600 ms; the request was given up.' } });
  });
});
