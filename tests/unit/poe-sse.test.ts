/**
 * SSE framing and event validation of lib/poe, driven through streamBotResponse with an injected fetch whose body is
 * a ReadableStream built here, chunk by chunk.
 */
import { describe, expect, it } from 'vitest';
import { readSseMessages, streamBotResponse, type PoeEvent, type StreamBotOptions } from '@/lib/poe';

const encoder = new TextEncoder();

interface FakeBody {
  fetch: typeof fetch;
  /** How many chunks the client pulled from the body. */
  pulls: () => number;
  cancelled: () => boolean;
  calls: () => number;
}

/**
 * A fetch answering 200 text/event-stream with the given chunks, one per pull. highWaterMark 0 makes the stream pull
 * only when the client reads, so `pulls` tells exactly how much was read.
 */
function sseBody(chunks: (string | Uint8Array)[], contentType = 'text/event-stream; charset=utf-8'): FakeBody {
  let pulls = 0;
  let cancelled = false;
  let calls = 0;
  const fetchImpl = (async () => {
    calls++;
    let index = 0;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          const chunk = chunks[index++];
          if (chunk === undefined) controller.close();
          else controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(stream, { status: 200, headers: { 'content-type': contentType } });
  }) as typeof fetch;
  return { fetch: fetchImpl, pulls: () => pulls, cancelled: () => cancelled, calls: () => calls };
}

async function collect(options: Partial<StreamBotOptions> & { fetch: typeof fetch }): Promise<PoeEvent[]> {
  const events: PoeEvent[] = [];
  for await (const event of streamBotResponse({
    bot: 'Test-Bot',
    messages: [{ role: 'user', content: 'hi' }],
    apiKey: 'sse-test-key-000',
    sleep: async () => {},
    ...options,
  })) {
    events.push(event);
  }
  return events;
}

const run = (chunks: (string | Uint8Array)[], extra: Partial<StreamBotOptions> = {}) =>
  collect({ fetch: sseBody(chunks).fetch, ...extra });

/** A stream of several events (with a multibyte character) framed with the given line end. */
function sampleStream(eol: string): string {
  return [
    `: a comment first${eol}${eol}`,
    `event: meta${eol}data: {"content_type":"text/plain","linkify":true,"suggested_replies":false}${eol}${eol}`,
    `event: text${eol}data: {"text":"Héllo 🌍 "}${eol}${eol}`,
    `event: ping${eol}data: {}${eol}${eol}`,
    `event: text${eol}data:{"text":"wörld ✓"}${eol}${eol}`,
    `event: suggested_reply${eol}data: {"text":"more?"}${eol}${eol}`,
    `event: done${eol}data: {}${eol}${eol}`,
  ].join('');
}

const SAMPLE_EVENTS: PoeEvent[] = [
  { type: 'meta', contentType: 'text/plain', linkify: true, suggestedReplies: false },
  { type: 'text', text: 'Héllo 🌍 ' },
  { type: 'text', text: 'wörld ✓' },
  { type: 'suggested_reply', text: 'more?' },
  { type: 'done' },
];

describe('SSE framing', () => {
  for (const [label, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR only', '\r'],
  ] as const) {
    it(`parses ${label} line ends`, async () => {
      expect(await run([sampleStream(eol)])).toEqual(SAMPLE_EVENTS);
    });

    it(`gives the same events wherever a ${label} stream is split in two`, async () => {
      const bytes = encoder.encode(sampleStream(eol));
      for (let split = 1; split < bytes.length; split++) {
        const events = await run([bytes.slice(0, split), bytes.slice(split)]);
        expect(events, `split at byte ${split}`).toEqual(SAMPLE_EVENTS);
      }
    });

    it(`gives the same events when a ${label} stream arrives one byte at a time`, async () => {
      const bytes = encoder.encode(sampleStream(eol));
      const chunks = Array.from(bytes, (byte) => new Uint8Array([byte]));
      expect(await run(chunks)).toEqual(SAMPLE_EVENTS);
    });
  }

  it('gives the same events for every three-way split of a CRLF stream', async () => {
    const bytes = encoder.encode(
      'event: text\r\ndata: {"text":"€1 🌍"}\r\n\r\nevent: ping\r\ndata: {}\r\n\r\nevent: done\r\ndata: {}\r\n\r\n',
    );
    const expected: PoeEvent[] = [{ type: 'text', text: '€1 🌍' }, { type: 'done' }];
    for (let a = 1; a < bytes.length - 1; a++) {
      for (let b = a + 1; b < bytes.length; b++) {
        const events = await run([bytes.slice(0, a), bytes.slice(a, b), bytes.slice(b)]);
        expect(events, `split at ${a} and ${b}`).toEqual(expected);
      }
    }
  });

  it('decodes a multibyte UTF-8 character split across chunks at every position', async () => {
    const before = encoder.encode('event: text\ndata: {"text":"a');
    const emoji = encoder.encode('🌍'); // 4 bytes
    const after = encoder.encode('b"}\n\nevent: done\ndata: {}\n\n');
    for (let cut = 1; cut < emoji.length; cut++) {
      const events = await run([
        new Uint8Array([...before, ...emoji.slice(0, cut)]),
        new Uint8Array([...emoji.slice(cut), ...after]),
      ]);
      expect(events).toEqual([{ type: 'text', text: 'a🌍b' }, { type: 'done' }]);
    }
  });

  it('ignores comments, also between the lines of an event, and id/retry fields', async () => {
    const events = await run([
      ': keep-alive\n\n:no space comment\n\nevent: text\n: inside an event\nid: 7\nretry: 1000\ndata: {"text":"x"}\n\n',
      'event: done\ndata: {}\n\n',
    ]);
    expect(events).toEqual([{ type: 'text', text: 'x' }, { type: 'done' }]);
  });

  it('joins multi-line data with \\n', async () => {
    const events = await run(['event: text\ndata: {"text":\ndata: "two lines"}\n\nevent: done\ndata: {}\n\n']);
    expect(events).toEqual([{ type: 'text', text: 'two lines' }, { type: 'done' }]);
    const messages = [];
    const body = new Response('event: x\ndata: a\ndata:b\ndata:  c\n\ndata: plain\n\n').body!;
    for await (const message of readSseMessages(body)) messages.push(message);
    // One optional space after the colon is stripped; an event without `event:` is named "message".
    expect(messages).toEqual([
      { event: 'x', data: 'a\nb\n c' },
      { event: 'message', data: 'plain' },
    ]);
  });

  it('drops a final event that is not followed by a blank line', async () => {
    for (const tail of ['event: done\ndata: {}\n', 'event: done\ndata: {}', 'event: done\r\ndata: {}\r\n', 'event: done\rdata: {}\r']) {
      const events = await run(['event: text\ndata: {"text":"partial"}\n\n', tail]);
      expect(events, JSON.stringify(tail)).toEqual([{ type: 'text', text: 'partial' }, { type: 'incomplete' }]);
    }
  });

  it('treats a stream whose only event lacks the blank line as closed without output (failed after retries)', async () => {
    const body = sseBody(['event: text\ndata: {"text":"lost"}\n']);
    const events = await collect({ fetch: body.fetch });
    expect(events.map((e) => e.type)).toEqual(['retrying', 'retrying', 'failed']);
    expect(body.calls()).toBe(3);
    const last = events.at(-1);
    expect(last?.type === 'failed' && last.error.kind).toBe('protocol');
  });
});

describe('meta', () => {
  it('is honoured as the first event', async () => {
    const events = await run(['event: meta\ndata: {"content_type":"text/markdown","suggested_replies":true}\n\nevent: done\ndata: {}\n\n']);
    expect(events).toEqual([{ type: 'meta', contentType: 'text/markdown', linkify: false, suggestedReplies: true }, { type: 'done' }]);
  });

  it('is ignored after a ping, an unknown event or text', async () => {
    const meta = 'event: meta\ndata: {"content_type":"text/plain"}\n\n';
    for (const first of ['event: ping\ndata: {}\n\n', 'event: telemetry\ndata: {"a":1}\n\n', 'event: text\ndata: {"text":"t"}\n\n']) {
      const events = await run([first + meta + 'event: done\ndata: {}\n\n']);
      expect(events.some((e) => e.type === 'meta')).toBe(false);
      expect(events.at(-1)).toEqual({ type: 'done' });
    }
  });

  it('falls back to markdown and false flags for odd values', async () => {
    const events = await run(['event: meta\ndata: {"content_type":"text/html","linkify":"yes","suggested_replies":1}\n\nevent: done\ndata: {}\n\n']);
    expect(events[0]).toEqual({ type: 'meta', contentType: 'text/markdown', linkify: false, suggestedReplies: false });
  });
});

describe('done', () => {
  it('ends the stream: later events in the same chunk are ignored and nothing more is read', async () => {
    const body = sseBody([
      'event: text\ndata: {"text":"a"}\n\nevent: done\ndata: {}\n\nevent: text\ndata: {"text":"after done"}\n\n',
      'event: text\ndata: {"text":"next chunk"}\n\n',
    ]);
    const events = await collect({ fetch: body.fetch });
    expect(events).toEqual([{ type: 'text', text: 'a' }, { type: 'done' }]);
    expect(body.pulls()).toBe(1);
    expect(body.cancelled()).toBe(true);
  });

  it('is not read past even when the stream would never end', async () => {
    let index = 0;
    const endless = (async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.enqueue(encoder.encode(index++ === 0 ? 'event: done\ndata: {}\n\n' : ': filler\n\n'));
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      )) as typeof fetch;
    expect(await collect({ fetch: endless })).toEqual([{ type: 'done' }]);
  });
});

describe('event data validation', () => {
  it('fails on invalid JSON before output, without retrying', async () => {
    const body = sseBody(['event: text\ndata: {"text": "broken\n\nevent: done\ndata: {}\n\n']);
    const events = await collect({ fetch: body.fetch });
    expect(events).toHaveLength(1);
    const [failed] = events;
    expect(failed?.type).toBe('failed');
    if (failed?.type !== 'failed') return;
    expect(failed.error.kind).toBe('protocol');
    expect(failed.error.message).toContain("invalid JSON in a 'text' event");
    expect(failed.error.detail).toBe('{"text": "broken');
    expect(body.calls()).toBe(1);
  });

  it('marks invalid JSON after output as interrupted, keeping the text', async () => {
    const events = await run(['event: text\ndata: {"text":"ok "}\n\nevent: text\ndata: nope\n\nevent: done\ndata: {}\n\n']);
    expect(events.map((e) => e.type)).toEqual(['text', 'interrupted']);
    const last = events[1];
    expect(last?.type === 'interrupted' && last.error.kind).toBe('protocol');
  });

  it('requires every event, including ping, done and unknown ones, to carry a JSON object', async () => {
    for (const [name, data] of [
      ['text', '[1,2]'],
      ['text', '"just a string"'],
      ['ping', '42'],
      ['done', 'null'],
      ['done', ''],
      ['telemetry', 'true'],
    ] as const) {
      const events = await run([`event: ${name}\ndata: ${data}\n\nevent: done\ndata: {}\n\n`]);
      expect(events, `${name} ${data}`).toHaveLength(1);
      const [failed] = events;
      expect(failed?.type === 'failed' && failed.error.kind, `${name} ${data}`).toBe('protocol');
    }
  });

  it('requires string fields on text, file and data events', async () => {
    for (const chunk of [
      'event: text\ndata: {"txt":"x"}\n\n',
      'event: replace_response\ndata: {"text":5}\n\n',
      'event: file\ndata: {"url":"https://x/y.png","name":"y.png"}\n\n',
      'event: data\ndata: {"metadata":{"a":1}}\n\n',
    ]) {
      const events = await run([chunk + 'event: done\ndata: {}\n\n']);
      const [failed] = events;
      expect(failed?.type === 'failed' && failed.error.kind, chunk).toBe('protocol');
    }
  });

  it('passes file, data, json and replace_response through', async () => {
    const events = await run([
      'event: data\ndata: {"metadata":"m-1"}\n\n',
      'event: file\ndata: {"url":"https://x/y.png","content_type":"image/png","name":"y.png","inline_ref":"abcd1234"}\n\n',
      'event: file\ndata: {"url":"https://x/z.pdf","content_type":"application/pdf","name":"z.pdf","inline_ref":null}\n\n',
      'event: json\ndata: {"object":"chat.completion.chunk","choices":[]}\n\n',
      'event: text\ndata: {"text":"draft"}\n\nevent: replace_response\ndata: {"text":"final"}\n\n',
      'event: done\ndata: {}\n\n',
    ]);
    expect(events).toEqual([
      { type: 'data', metadata: 'm-1' },
      { type: 'file', attachment: { url: 'https://x/y.png', contentType: 'image/png', name: 'y.png', inlineRef: 'abcd1234' } },
      { type: 'file', attachment: { url: 'https://x/z.pdf', contentType: 'application/pdf', name: 'z.pdf' } },
      { type: 'json', data: { object: 'chat.completion.chunk', choices: [] } },
      { type: 'text', text: 'draft' },
      { type: 'replace_response', text: 'final' },
      { type: 'done' },
    ]);
  });

  it('turns an error event into a bot error with the bot text, retrying only when allowed', async () => {
    const refuse = sseBody(['event: error\ndata: {"allow_retry":false,"text":"No.","error_type":"user_caused_error"}\n\nevent: done\ndata: {}\n\n']);
    const refused = await collect({ fetch: refuse.fetch });
    expect(refuse.calls()).toBe(1);
    const [failed] = refused;
    expect(failed?.type).toBe('failed');
    if (failed?.type !== 'failed') return;
    expect(failed.error).toMatchObject({ kind: 'bot', message: 'No.', errorType: 'user_caused_error', retryable: false });

    // allow_retry absent means true (fastapi_poe ≥ 0.0.72).
    const flaky = sseBody(['event: error\ndata: {"text":"Internal server error"}\n\n']);
    const retried = await collect({ fetch: flaky.fetch });
    expect(flaky.calls()).toBe(3);
    expect(retried.map((e) => e.type)).toEqual(['retrying', 'retrying', 'failed']);
  });

  it('maps bot error types the UI has actions for', async () => {
    const events = await run(['event: error\ndata: {"allow_retry":false,"text":"Not enough points","error_type":"insufficient_fund"}\n\n']);
    const [failed] = events;
    expect(failed?.type === 'failed' && failed.error.kind).toBe('insufficient_points');
  });
});

describe('error events by error_type (protocol §2.5, §8.1)', () => {
  const errorEvent = (data: Record<string, unknown>) => `event: error\ndata: ${JSON.stringify(data)}\n\nevent: done\ndata: {}\n\n`;

  it.each([
    // What a fastapi_poe bot sends when it raises InsufficientFundError: allow_retry true, empty text.
    [{ allow_retry: true, text: '', error_type: 'insufficient_fund' }, 'insufficient_points', 'You are out of Poe points.'],
    [{ error_type: 'insufficient_fund' }, 'insufficient_points', 'You are out of Poe points.'],
    [{ allow_retry: true, text: '  ', error_type: 'user_message_too_long' }, 'too_large', 'The message is too large for this bot.'],
    [{ allow_retry: true, error_type: 'privacy_authorization_error' }, 'forbidden', 'The bot refused this request for privacy reasons.'],
    [{ allow_retry: true, text: '', error_type: 'user_caused_error' }, 'bot', 'The bot could not answer this message.'],
    [{ allow_retry: true, text: 'Your image is too dark to read.', error_type: 'user_caused_error' }, 'bot', 'Your image is too dark to read.'],
    [{ allow_retry: 1, text: 'Buy more points to keep chatting.', error_type: 'insufficient_fund' }, 'insufficient_points', 'Buy more points to keep chatting.'],
  ] as const)('%j → %s, never retried whatever allow_retry says', async (data, kind, message) => {
    const body = sseBody([errorEvent(data)]);
    const events = await collect({ fetch: body.fetch });
    expect(body.calls()).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['failed']);
    const [failed] = events;
    if (failed?.type !== 'failed') throw new Error('expected failed');
    expect(failed.error).toMatchObject({ kind, message, retryable: false, errorType: data.error_type });
  });

  it('an unknown or missing error_type follows allow_retry, with a generic message only when there is no text', async () => {
    const unknown = sseBody([errorEvent({ allow_retry: true, text: '', error_type: 'some_future_type' })]);
    const events = await collect({ fetch: unknown.fetch });
    expect(unknown.calls()).toBe(3);
    const last = events.at(-1);
    if (last?.type !== 'failed') throw new Error('expected failed');
    expect(last.error).toMatchObject({ kind: 'bot', message: 'The bot reported an error.', errorType: 'some_future_type', retryable: true });

    const once = sseBody([errorEvent({ allow_retry: false, text: '' })]);
    const [failed] = await collect({ fetch: once.fetch });
    expect(once.calls()).toBe(1);
    expect(failed?.type === 'failed' && failed.error).toMatchObject({ kind: 'bot', message: 'The bot reported an error.', retryable: false });
  });

  it('after output, insufficient_fund interrupts the answer with the same error', async () => {
    const events = await run(['event: text\ndata: {"text":"Partial"}\n\n', errorEvent({ allow_retry: true, text: '', error_type: 'insufficient_fund' })]);
    expect(events.map((e) => e.type)).toEqual(['text', 'interrupted']);
    const last = events.at(-1);
    expect(last?.type === 'interrupted' && last.error).toMatchObject({ kind: 'insufficient_points', message: 'You are out of Poe points.' });
  });
});
