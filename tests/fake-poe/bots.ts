/**
 * The well-behaved scripted bots, the responder for simulated catalogue models, and the registry of all bots
 * (the fault bots live in fault-bots.ts). Bot names are case-insensitive: the registry is keyed by lower-case id.
 */
import { type BotContext, type ScriptedBot, finish, streamInChunks, streamText } from './bot-kit';
import { FAULT_BOTS } from './fault-bots';
import { mathBot } from './math-bot';
import { type ModelSpec, REAL_MODELS, scriptedSpec } from './models';
import { VIDEO_MODELS } from './video-models';

/** What Echo-Bot says to `said`, the last of `messages` messages in the query (before any parameter or attachment lines). */
export const echoReply = (said: string, messages: number) =>
  [`You said: ${said}`, '', `(${messages} ${messages === 1 ? 'message' : 'messages'} in conversation)`].join('\n');

const echoBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Echo-Bot',
    points: 12,
    description:
      'Fake Poe test bot. Repeats your last message back, says how many messages the query carried, and lists the parameters and attachments it received. Answers in several text chunks.',
    parameters: [
      { name: 'web_search', schema: { type: 'boolean' }, default_value: false, description: 'Pretend to search the web (echoed back only).' },
      { name: 'temperature', schema: { type: 'number', minimum: 0, maximum: 2 }, default_value: 1, description: 'Sampling temperature (echoed back only).' },
      { name: 'style', schema: { enum: ['concise', 'balanced', 'detailed'] }, default_value: 'balanced', description: 'Answer style (echoed back only).' },
      { name: 'persona', schema: { type: 'string' }, default_value: '', description: 'Who the bot should pretend to be (echoed back only).' },
    ],
  }),
  async run(ctx) {
    const { lastUser, request } = ctx;
    const count = request.query.length;
    const lines = [echoReply(lastUser.content, count)];
    if (Object.keys(lastUser.parameters).length > 0) lines.push(`Parameters: ${JSON.stringify(lastUser.parameters)}`);
    if (lastUser.attachments.length > 0) {
      lines.push(`Attachments: ${lastUser.attachments.map((a) => `${a.name} (${a.content_type})`).join(', ')}`);
    }
    const sse = ctx.openSse();
    await streamInChunks(sse, lines.join('\n'), 12, 15);
    finish(ctx, sse);
  },
};

/**
 * Reads text only (`input_modalities: ['text']` in /v1/models), as many Poe bots do: a client should send it a PDF's
 * text rather than the PDF (issue 14). Echoes like Echo-Bot, attachments included.
 */
const textOnlyBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Text-Echo-Bot',
    points: 12,
    input: ['text'],
    description: 'Fake Poe test bot. Takes text only (no images or files), then repeats your last message back and lists its attachments.',
  }),
  run: (ctx) => echoBot.run(ctx),
};

/**
 * Reads the text files attached to the last message, as a Poe bot reads its files, and quotes their timestamped lines
 * (`[m:ss] …`; else their first lines): an answer about a video that cites times, as a real one would.
 */
const filesBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Files-Bot',
    points: 10,
    description: 'Fake Poe test bot. Quotes the timestamped lines (else the first lines) of the text files attached to your last message.',
  }),
  async run(ctx) {
    const quoted: string[] = [];
    for (const attachment of ctx.lastUser.attachments) {
      if (!attachment.content_type.startsWith('text/')) continue;
      const text = await (await fetch(attachment.url)).text();
      const lines = text.split('\n').filter((line) => line.trim());
      const timed = lines.filter((line) => /^\[\d+:\d\d(?::\d\d)?\]/.test(line));
      quoted.push(`${attachment.name}:`, ...(timed.length > 0 ? timed : lines.slice(0, 5)).slice(0, 5).map((line) => `- ${line}`));
    }
    const sse = ctx.openSse();
    await streamInChunks(sse, quoted.length > 0 ? quoted.join('\n') : 'No text files were attached.', 8, 10);
    finish(ctx, sse);
  },
};

/** Prices all zero in /v1/models and costs nothing: the bot a free account may ask (FAKE_POE_FREE_KEY). */
const freeBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Free-Bot',
    points: 0,
    pricing: { prompt: '0', completion: '0', image: null, request: null, input_cache_read: null, input_cache_write: null },
    description: 'Fake Poe test bot. Free: every published price is zero, so free accounts can use it. Repeats your last message back.',
  }),
  run: (ctx) => echoBot.run(ctx),
};

const DRIP_TEXT =
  'The river kept its own slow time, carrying leaves past the old mill one by one, ' +
  'while the miller sat on the bank and counted them aloud, certain that somewhere upstream ' +
  'a patient tree was letting go of each leaf only when the last had safely reached the sea.';

const slowDrip: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Slow-Drip',
    points: 8,
    description: 'Fake Poe test bot. Streams a short story one word at a time, 80 ms apart (about 40 chunks), to exercise incremental rendering and Stop.',
    parameters: [
      { name: 'delay_ms', schema: { type: 'number', minimum: 0, maximum: 5000 }, default_value: 80, description: 'Milliseconds between words.' },
    ],
  }),
  async run(ctx) {
    const delay = ctx.lastUser.parameters.delay_ms;
    const sse = ctx.openSse();
    await streamText(sse, DRIP_TEXT, 1, typeof delay === 'number' ? delay : 80);
    finish(ctx, sse);
  },
};

const MARKDOWN_TEXT = `# Streaming markdown, all the pieces

A paragraph with **bold**, *italic*, \`inline code\`, ~~strikethrough~~ and a [link to Poe](https://poe.com).
An autolink too: https://creator.poe.com/docs.

## Lists

1. First, an ordered item
2. Second, with a nested list:
   - nested bullet one
   - nested bullet two
3. Third

- [x] a finished task
- [ ] an open task

## A table

| Model | Context | Good at |
|:------|--------:|:-------:|
| GPT-5.4 | 400k | coding |
| Claude-Sonnet-4.5 | 983k | agents |
| Gemini-3.1-Pro | 1M | video |

## Code

\`\`\`ts
interface Answer {
  text: string;
  done: boolean;
}

export function append(a: Answer, chunk: string): Answer {
  return { ...a, text: a.text + chunk };
}
\`\`\`

> Quotes work as well.
> Even across two lines.

### Safety check

This should stay text, not HTML: <script>alert("no")</script> and <img src=x onerror=alert(1)>.

---

That's all. See the [protocol notes](https://creator.poe.com/docs/server-bots/poe-protocol-specification "Poe protocol") for more.
`;

const markdownBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Markdown-Bot',
    points: 20,
    description: 'Fake Poe test bot. Streams a long markdown answer: headings, lists, task list, a GFM table, a TypeScript code block, a quote, links and raw HTML that must not render.',
  }),
  async run(ctx) {
    const sse = ctx.openSse();
    await streamText(sse, MARKDOWN_TEXT, 6, 10);
    finish(ctx, sse);
  },
};

const imageBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Image-Bot',
    points: 60,
    output: ['text', 'image'],
    description: 'Fake Poe test bot. Sends a small red PNG as a `file` event with inline_ref "abcd1234", then text that shows it inline.',
  }),
  async run(ctx) {
    const sse = ctx.openSse();
    sse.event('file', { url: ctx.imageUrl, content_type: 'image/png', name: 'red-square.png', inline_ref: 'abcd1234' });
    await sse.sleep(20);
    await streamText(sse, 'Here it is: ![a red square][abcd1234]', 2, 15);
    finish(ctx, sse);
  },
};

/** Two images in one answer (so the full-size viewer's arrows have somewhere to go; issue 15). */
const galleryBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Gallery-Bot',
    points: 60,
    input: ['text', 'image'],
    output: ['text', 'image'],
    description: 'Fake Poe test bot. Sends two PNG `file` events (a red and a blue square), then text that shows the red one inline (the blue one is left for the page to show as a file).',
  }),
  async run(ctx) {
    const sse = ctx.openSse();
    sse.event('file', { url: ctx.imageUrl, content_type: 'image/png', name: 'red-square.png', inline_ref: 'gal00001' });
    sse.event('file', { url: ctx.media.blueImage, content_type: 'image/png', name: 'blue-square.png', inline_ref: 'gal00002' });
    await sse.sleep(20);
    await streamText(sse, 'Two squares: ![a red square][gal00001] and a blue one.', 3, 15);
    finish(ctx, sse);
  },
};

/** An audio `file` event, and an answer with a bare link to the same audio (issue 15). */
const audioBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Audio-Bot',
    points: 40,
    output: ['audio'],
    description: 'Fake Poe test bot. Sends a short WAV tone as a `file` event, then text with a bare link to the same file.',
  }),
  async run(ctx) {
    const sse = ctx.openSse();
    sse.event('file', { url: ctx.media.audio, content_type: 'audio/wav', name: 'tone.wav' });
    await sse.sleep(20);
    await streamText(sse, `Here is your tone. Also at ${ctx.media.audio}`, 2, 15);
    finish(ctx, sse);
  },
};

/** A video `file` event (issue 15). */
const videoFileBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Video-File-Bot',
    points: 80,
    output: ['video'],
    description: 'Fake Poe test bot. Sends a 2 s WebM as a `file` event, then a line of text.',
  }),
  async run(ctx) {
    const sse = ctx.openSse();
    sse.event('file', { url: ctx.media.video, content_type: 'video/webm', name: 'sample.webm' });
    await sse.sleep(20);
    await streamText(sse, 'Your clip is ready.', 2, 15);
    finish(ctx, sse);
  },
};

const fancyBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Fancy-Bot',
    points: 15,
    description: 'Fake Poe test bot. Uses meta (suggested replies on), data (metadata "fancy-meta-1"), a draft text replaced by replace_response, and two suggested replies.',
  }),
  async run(ctx) {
    const sse = ctx.openSse();
    sse.event('meta', { content_type: 'text/markdown', refetch_settings: false, linkify: true, suggested_replies: true });
    sse.event('data', { metadata: 'fancy-meta-1' });
    sse.event('text', { text: 'Draft…' });
    await sse.sleep(60);
    sse.event('replace_response', { text: 'Final answer.' });
    await sse.sleep(20);
    sse.event('suggested_reply', { text: 'Tell me more' });
    sse.event('suggested_reply', { text: 'Give me an example' });
    finish(ctx, sse);
  },
};

const plainBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Plain-Bot',
    points: 5,
    description: 'Fake Poe test bot. Declares content_type text/plain in its meta event, then sends text full of markdown characters that must be shown literally.',
  }),
  async run(ctx) {
    const sse = ctx.openSse();
    sse.event('meta', { content_type: 'text/plain', refetch_settings: false, linkify: false, suggested_replies: false });
    await streamText(sse, 'This is **not bold** and # not a heading.\n- not a list\n`not code` <b>not html</b>', 4, 15);
    finish(ctx, sse);
  },
};

function toolChunk(index: number, delta: Record<string, unknown>, finishReason: string | null): Record<string, unknown> {
  return {
    id: 'chatcmpl-fake0001', object: 'chat.completion.chunk', created: 1767225600, model: 'json-bot',
    choices: [{ index, delta, finish_reason: finishReason }],
  };
}

const jsonBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Json-Bot',
    points: 10,
    features: ['tools'],
    description: 'Fake Poe test bot. Streams OpenAI chat.completion.chunk objects with a get_current_weather tool call as `json` events, then done.',
  }),
  async run(ctx) {
    const sse = ctx.openSse();
    const call = { index: 0, id: 'call_123', type: 'function', function: { name: 'get_current_weather', arguments: '' } };
    sse.event('json', toolChunk(0, { role: 'assistant', tool_calls: [call] }, null));
    for (const part of ['{"location":', ' "Paris",', ' "unit": "celsius"}']) {
      await sse.sleep(15);
      sse.event('json', toolChunk(0, { tool_calls: [{ index: 0, function: { arguments: part } }] }, null));
    }
    sse.event('json', toolChunk(0, {}, 'tool_calls'));
    finish(ctx, sse);
  },
};

const pingBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Ping-Bot',
    points: 5,
    description: 'Fake Poe test bot. Interleaves `ping` events, an SSE comment line and an unknown event with its text; clients must ignore all three.',
  }),
  async run(ctx) {
    const sse = ctx.openSse();
    sse.event('ping', {});
    sse.event('text', { text: 'Still ' });
    sse.comment(`ping - ${new Date().toISOString()}`);
    await sse.sleep(20);
    sse.event('ping', {});
    sse.event('text', { text: 'here, ' });
    sse.event('telemetry', { note: 'unknown event, ignore me' });
    await sse.sleep(20);
    sse.event('ping', {});
    sse.event('text', { text: 'after the pings.' });
    finish(ctx, sse);
  },
};

const thinkingBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Thinking-Bot',
    points: 25,
    description:
      'Fake Poe test bot. Thinks silently like a reasoning model: sends nothing but `ping` events (every `ping_every_ms`, none when 0) for `think_ms`, then answers. For the "Waiting for Poe…" display.',
    parameters: [
      { name: 'think_ms', schema: { type: 'number', minimum: 0, maximum: 600_000 }, default_value: 15_000, description: 'How long to think before the first word.' },
      { name: 'ping_every_ms', schema: { type: 'number', minimum: 0, maximum: 60_000 }, default_value: 5_000, description: 'Milliseconds between pings while thinking (0: none).' },
    ],
  }),
  async run(ctx) {
    const { think_ms: think, ping_every_ms: every } = ctx.lastUser.parameters;
    const thinkMs = typeof think === 'number' ? think : 15_000;
    const pingEveryMs = typeof every === 'number' ? every : 5_000;
    const sse = ctx.openSse();
    for (let waited = 0; waited < thinkMs; ) {
      const step = pingEveryMs > 0 ? Math.min(pingEveryMs, thinkMs - waited) : thinkMs - waited;
      await sse.sleep(step);
      waited += step;
      if (pingEveryMs > 0 && waited < thinkMs) sse.event('ping', {});
    }
    await streamText(sse, 'After some thought: here is the answer.', 3, 15);
    finish(ctx, sse);
  },
};

const heldBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Held-Bot',
    points: 6,
    description:
      'Fake Poe test bot. Echoes the question\'s first words, then holds the answer open until the test calls releaseHeld(), then ends it. For tests that need an answer still streaming, without racing a clock.',
  }),
  async run(ctx) {
    const sse = ctx.openSse();
    sse.event('text', { text: `Held answer to “${ctx.lastUser.content.slice(0, 40)}” begins` });
    await ctx.held();
    if (sse.closed) return;
    sse.event('text', { text: ' and ends.' });
    finish(ctx, sse);
  },
};

/**
 * A bot priced per request (`pricing.request`, the way Poe prices many image and creator bots): $0.0009 a message,
 * 30 points at Poe's add-on rate. Echoes like Echo-Bot.
 */
const flatBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Flat-Bot',
    points: 30,
    pricing: { prompt: null, completion: null, image: null, request: '0.0009', input_cache_read: null, input_cache_write: null },
    description: 'Fake Poe test bot. Priced per request ($0.0009, 30 points) instead of per token; repeats your last message back.',
  }),
  async run(ctx) {
    const sse = ctx.openSse();
    await streamInChunks(sse, `Flat answer to: ${ctx.lastUser.content}`, 12, 10);
    finish(ctx, sse);
  },
};

/**
 * A creator's private bot: it answers, but `/v1/models` does not list it (as on Poe, where only public models are
 * listed), so a client can only reach it by name. 20 points an answer.
 */
const privateBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Private-Bot-7',
    points: 20,
    description: 'Fake Poe test bot, not listed in /v1/models. Repeats your last message back.',
  }),
  async run(ctx) {
    const sse = ctx.openSse();
    await streamInChunks(sse, `Private answer to: ${ctx.lastUser.content}`, 12, 10);
    finish(ctx, sse);
  },
};

/** Bots that answer but are not in the catalogue (private bots, reached by name only). */
export const UNLISTED_BOTS: readonly ScriptedBot[] = [privateBot];

/** Answers for catalogue models that are not scripted: clearly labelled simulated output. */
async function simulatedModel(ctx: BotContext): Promise<void> {
  const { bot, lastUser } = ctx;
  const sse = ctx.openSse();
  const quoted = lastUser.content.length > 300 ? `${lastUser.content.slice(0, 300)}…` : lastUser.content;
  const quote = quoted.split('\n').map((line) => `> ${line}`).join('\n');
  if (bot.output.includes('image') || bot.output.includes('video')) {
    sse.event('file', { url: ctx.imageUrl, content_type: 'image/png', name: 'red-square.png', inline_ref: 'sim00001' });
    const what = bot.output.includes('video') ? 'a video (shown as a still image offline)' : 'an image';
    await streamInChunks(sse, `*${bot.displayName} is simulated by the fake Poe server.* Here is ${what}:\n\n![generated][sim00001]`, 8, 30);
  } else {
    const params = Object.keys(lastUser.parameters).length > 0 ? `\n\nParameters received: \`${JSON.stringify(lastUser.parameters)}\`` : '';
    const text =
      `*${bot.displayName} is simulated by the fake Poe server; no real model was called.*\n\n` +
      `You asked:\n\n${quote}\n\nA real answer would appear here, streamed in small pieces just like this one, ` +
      `so the toolbar can be tried offline without spending points.${params}`;
    await streamInChunks(sse, text, 25, 25);
  }
  finish(ctx, sse);
}

const WELL_BEHAVED: ScriptedBot[] = [echoBot, textOnlyBot, slowDrip, markdownBot, imageBot, galleryBot, audioBot, videoFileBot, fancyBot, plainBot, jsonBot, pingBot, thinkingBot, heldBot, freeBot, flatBot, filesBot, mathBot];

/** Every scripted bot, in catalogue order. */
export const SCRIPTED_BOTS: readonly ScriptedBot[] = [...WELL_BEHAVED, ...FAULT_BOTS];

/** All bots the server answers, keyed by lower-case name (catalogue id). */
export function botRegistry(): Map<string, ScriptedBot> {
  const map = new Map<string, ScriptedBot>();
  // Video models answer a bot query as simulated models do; their jobs run on the Videos API (videos.ts).
  for (const spec of [...REAL_MODELS, ...VIDEO_MODELS.map((m) => m.spec)]) map.set(spec.id, { spec, run: simulatedModel });
  for (const bot of [...SCRIPTED_BOTS, ...UNLISTED_BOTS]) map.set(bot.spec.id, bot);
  return map;
}

/** The catalogue order of /v1/models: real models first, then the scripted bots, then the scripted video models. */
export function catalogueSpecs(): ModelSpec[] {
  return [...REAL_MODELS, ...SCRIPTED_BOTS.map((b) => b.spec), ...VIDEO_MODELS.map((m) => m.spec)];
}
