/** What a scripted bot gets to work with, and small helpers shared by the bot scripts. */
import type { ModelSpec } from './models';
import type { SseStream } from './sse';
import type { ProtocolMessage, QueryRequest } from './validate';
import type { MediaUrls } from './media-files';

export interface BotContext {
  /** The catalogue entry of the bot being queried. */
  bot: ModelSpec;
  request: QueryRequest;
  /** The last message of `request.query` (always role user). */
  lastUser: ProtocolMessage;
  /** The server's base URL, no trailing slash. */
  baseUrl: string;
  /** False when this bot already saw the same last-user content since the last reset(). */
  firstAttempt: boolean;
  retryAfterSeconds: number;
  /** URL of the small red PNG the server always serves. */
  imageUrl: string;
  /** URLs of the other media the server serves (a second PNG, a WAV tone, a WebM video; issue 15). */
  media: MediaUrls;
  /** Origin of the redirect target (another loopback origin that records what reaches it), no trailing slash. */
  redirectTargetUrl: string;
  /** Starts a 200 SSE response. */
  openSse(): SseStream;
  /** Answers with a JSON body (an HTTP error, typically). */
  sendJson(status: number, body: unknown, headers?: Record<string, string>): void;
  /** Answers with an arbitrary body. */
  sendRaw(status: number, contentType: string, body: string, headers?: Record<string, string>): void;
  /** Waits before the first byte; resolves early if the client goes away. */
  wait(ms: number): Promise<void>;
  /** Deducts the bot's cost and appends a points-history entry. */
  charge(): void;
  /** Resolves when the test calls `releaseHeld()` (or the client goes away): an answer paused exactly where wanted. */
  held(): Promise<void>;
}

export interface ScriptedBot {
  spec: ModelSpec;
  run(ctx: BotContext): Promise<void>;
}

/** Splits text into chunks of `words` words each; joining the chunks gives back the text exactly. */
export function chunkWords(text: string, words: number): string[] {
  const tokens = text.match(/\s*\S+\s*/g) ?? [];
  if (tokens.length === 0) return text === '' ? [] : [text];
  const chunks: string[] = [];
  for (let i = 0; i < tokens.length; i += words) chunks.push(tokens.slice(i, i + words).join(''));
  return chunks;
}

/** Streams `text` as `text` events, `words` per event, `delayMs` apart. */
export async function streamText(sse: SseStream, text: string, words: number, delayMs: number): Promise<void> {
  const chunks = chunkWords(text, words);
  for (const [i, chunk] of chunks.entries()) {
    if (i > 0 && delayMs > 0) await sse.sleep(delayMs);
    sse.event('text', { text: chunk });
  }
}

/** Streams text in at most ~`maxChunks` events (at least 1 word each). */
export async function streamInChunks(sse: SseStream, text: string, maxChunks: number, delayMs: number): Promise<void> {
  const wordCount = (text.match(/\S+/g) ?? []).length;
  await streamText(sse, text, Math.max(1, Math.ceil(wordCount / maxChunks)), delayMs);
}

/** Charges the query, sends `done` and ends the body: a successful answer. */
export function finish(ctx: BotContext, sse: SseStream): void {
  ctx.charge();
  sse.event('done', {});
  sse.end();
}

export function errorBody(message: string, type: string, code?: string): { error: Record<string, string> } {
  return { error: code === undefined ? { message, type } : { message, type, code } };
}
