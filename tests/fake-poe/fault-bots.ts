/** Scripted bots that misbehave on purpose, one fault each (poe-protocol.md §8.4). */
import { type ScriptedBot, errorBody, finish, streamText } from './bot-kit';
import { type ModelParameter, scriptedSpec } from './models';

const fault = (
  displayName: string,
  description: string,
  run: ScriptedBot['run'],
  points = 5,
  parameters: ModelParameter[] = [],
): ScriptedBot => ({
  spec: scriptedSpec({ displayName, points, parameters, description: `Fake Poe fault bot. ${description}` }),
  run,
});

/** Longer than any test or demo waits (and within setTimeout's range): "until the client goes away". */
const FOREVER_MS = 2 ** 31 - 1;

export const FAULT_BOTS: readonly ScriptedBot[] = [
  fault('Cut-Bot', 'Sends some text, then drops the connection mid-stream (no done).', async (ctx) => {
    const sse = ctx.openSse();
    await streamText(sse, 'This answer starts normally and then the line goes', 3, 20);
    await sse.sleep(50);
    sse.cut();
  }),

  fault('NoDone-Bot', 'Sends text, then closes the stream cleanly without a done event.', async (ctx) => {
    const sse = ctx.openSse();
    await streamText(sse, 'This answer ends without saying done.', 2, 20);
    await sse.sleep(20);
    sse.end();
  }),

  fault('Error-Bot', 'Refuses with an error event (allow_retry false, error_type user_caused_error) before any text.', async (ctx) => {
    const sse = ctx.openSse();
    sse.event('error', {
      allow_retry: false,
      text: 'This bot refuses.',
      raw_response: "UserCausedError('refused by Error-Bot')",
      error_type: 'user_caused_error',
    });
    sse.event('done', {});
    sse.end();
  }),

  fault(
    'Retry-Error-Bot',
    'Sends an error event with allow_retry true the first time it sees a message, and answers normally when the same message is retried.',
    async (ctx) => {
      const sse = ctx.openSse();
      if (ctx.firstAttempt) {
        sse.event('error', { allow_retry: true, text: 'Internal server error (error_id: 5f3c2a9e-fake-4b1d-9c1e-000000000001)' });
        sse.event('done', {});
        sse.end();
        return;
      }
      await streamText(sse, 'Second time lucky: this answer arrived after a retry.', 3, 15);
      finish(ctx, sse);
    },
  ),

  fault('Error-After-Text-Bot', 'Sends some text, then an error event with allow_retry true.', async (ctx) => {
    const sse = ctx.openSse();
    await streamText(sse, 'Here is the beginning of an answer that', 3, 20);
    await sse.sleep(30);
    sse.event('error', { allow_retry: true, text: 'The upstream model stopped responding.' });
    sse.event('done', {});
    sse.end();
  }),

  fault('Unauthorized-Bot', 'Answers HTTP 401 whatever key is sent.', async (ctx) => {
    ctx.sendJson(401, errorBody('Incorrect API key provided. You can find your API key at https://poe.com/api/keys.', 'authentication_error', 'invalid_api_key'));
  }),

  fault('NoPoints-Bot', 'Answers HTTP 402 (out of points) whatever the balance.', async (ctx) => {
    ctx.sendJson(402, errorBody('You have run out of points', 'insufficient_credits'));
  }),

  fault('RateLimit-Bot', 'Answers HTTP 429 with Retry-After the first time it sees a message, then answers normally.', async (ctx) => {
    if (ctx.firstAttempt) {
      ctx.sendJson(429, errorBody('Rate limit exceeded: 500 requests per minute. Please retry after the delay in Retry-After.', 'rate_limit_error', 'rate_limit_exceeded'), {
        'retry-after': String(ctx.retryAfterSeconds),
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': String(ctx.retryAfterSeconds),
      });
      return;
    }
    const sse = ctx.openSse();
    await streamText(sse, 'Thanks for waiting: the rate limit has passed.', 3, 15);
    finish(ctx, sse);
  }),

  fault('Flaky-Bot', 'Answers HTTP 500 the first time it sees a message, then answers normally.', async (ctx) => {
    if (ctx.firstAttempt) {
      ctx.sendJson(500, errorBody('Internal server error', 'provider_error', 'internal_error'));
      return;
    }
    const sse = ctx.openSse();
    await streamText(sse, 'Recovered: this answer came on the second try.', 3, 15);
    finish(ctx, sse);
  }),

  fault('BadJson-Bot', 'Sends some text, then an event whose data is not JSON.', async (ctx) => {
    const sse = ctx.openSse();
    await streamText(sse, 'Valid text first, then', 2, 15);
    await sse.sleep(20);
    sse.rawEvent('text', '{"text": "broken json');
    sse.event('done', {});
    sse.end();
  }),

  fault('NotSse-Bot', 'Answers 200 with an HTML page instead of an event stream.', async (ctx) => {
    ctx.sendRaw(
      200,
      'text/html; charset=utf-8',
      '<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head><body><h1>Checking your browser</h1><p>This is not an event stream.</p></body></html>\n',
    );
  }),

  fault(
    'InsufficientFund-Bot',
    'Sends exactly what a fastapi_poe bot sends when it raises InsufficientFundError: an error event with allow_retry true, an empty text and error_type insufficient_fund, then done.',
    async (ctx) => {
      const sse = ctx.openSse();
      // Byte for byte what sse-starlette writes for ErrorResponse(error_type="insufficient_fund", text="") (Python json.dumps).
      sse.rawEvent('error', '{"allow_retry": true, "text": "", "error_type": "insufficient_fund"}');
      sse.rawEvent('done', '{}');
      sse.end();
    },
  ),

  fault(
    'Redirect-Bot',
    'Answers with a redirect (307 unless the `status` parameter says otherwise) to the same path on another loopback origin, the redirect target, which records every request that reaches it.',
    async (ctx) => {
      const status = Number(ctx.lastUser.parameters.status ?? '307');
      const location = `${ctx.redirectTargetUrl}/bot/${encodeURIComponent(ctx.bot.displayName)}`;
      ctx.sendRaw(status, 'text/plain; charset=utf-8', `Redirecting to ${location}\n`, { location });
    },
    5,
    [{ name: 'status', schema: { enum: ['307', '308', '301', '302', '303'] }, default_value: '307', description: 'The redirect status to answer with.' }],
  ),

  fault(
    'Silent-Bot',
    'Accepts the query and then sends nothing at all, ever, until the client gives up: not a byte of the headers (`stage` before_headers), an open event stream with no event (after_headers, the default), or a little text first (after_text). For idle-timeout tests.',
    async (ctx) => {
      const stage = ctx.lastUser.parameters.stage ?? 'after_headers';
      if (stage === 'before_headers') return ctx.wait(FOREVER_MS);
      const sse = ctx.openSse();
      if (stage === 'after_text') sse.event('text', { text: 'A few words, and then silence' });
      await sse.sleep(FOREVER_MS);
    },
    5,
    [
      {
        name: 'stage',
        schema: { enum: ['after_headers', 'before_headers', 'after_text'] },
        default_value: 'after_headers',
        description: 'Where the silence starts.',
      },
    ],
  ),

  fault('Slow-Start-Bot', 'Waits 1.5 s before sending the first byte, then answers normally.', async (ctx) => {
    await ctx.wait(1500);
    const sse = ctx.openSse();
    await streamText(sse, 'Sorry for the wait; here is the answer.', 3, 15);
    finish(ctx, sse);
  }),
];
