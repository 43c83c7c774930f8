/**
 * Server-sent events exactly as a fastapi_poe bot (sse-starlette) frames them: CRLF line ends,
 * `event: X\r\ndata: {json}\r\n\r\n`, one `res.write` per event, Nagle disabled so every event leaves at once.
 */
import type { ServerResponse } from 'node:http';

/** Thrown inside a bot script when the client has gone away; the runner swallows it. */
export class ClientGone extends Error {
  constructor() {
    super('client disconnected');
    this.name = 'ClientGone';
  }
}

/** Frames one event. `data` is written verbatim (it may be invalid JSON on purpose). */
export function formatEvent(name: string, data: string): string {
  const dataLines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}\r\n`).join('');
  return `event: ${name}\r\n${dataLines}\r\n`;
}

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};

export class SseStream {
  private gone = false;
  private readonly timers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();

  constructor(
    private readonly res: ServerResponse,
    extraHeaders: Record<string, string> = {},
  ) {
    res.socket?.setNoDelay(true);
    res.on('close', () => {
      if (!res.writableFinished) this.markGone();
    });
    res.writeHead(200, { ...SSE_HEADERS, ...extraHeaders });
    res.flushHeaders();
  }

  /** True once the client disconnected (or the stream was cut on purpose). */
  get closed(): boolean {
    return this.gone || this.res.destroyed;
  }

  /** Sends an event whose data is `JSON.stringify(data)`. */
  event(name: string, data: unknown): void {
    this.raw(formatEvent(name, JSON.stringify(data)));
  }

  /** Sends an event with a raw (possibly non-JSON) data string. */
  rawEvent(name: string, data: string): void {
    this.raw(formatEvent(name, data));
  }

  /** An SSE comment line (ignored by parsers), e.g. sse-starlette's `: ping - <date>`. */
  comment(text: string): void {
    this.raw(`: ${text}\r\n\r\n`);
  }

  raw(chunk: string): void {
    if (this.closed) throw new ClientGone();
    this.res.write(chunk);
  }

  /** Waits, but wakes up (throwing ClientGone) as soon as the client disconnects. */
  sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.reject(new ClientGone());
    return new Promise((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          if (this.closed) reject(new ClientGone());
          else resolve();
        }, ms),
        wake: () => reject(new ClientGone()),
      };
      this.timers.add(entry);
    });
  }

  /** Ends the body cleanly (whether or not `done` was sent). */
  end(): void {
    if (!this.closed) this.res.end();
  }

  /** Destroys the socket mid-stream, as a crashed upstream would. */
  cut(): void {
    this.markGone();
    this.res.socket?.destroy();
    this.res.destroy();
  }

  private markGone(): void {
    if (this.gone) return;
    this.gone = true;
    for (const entry of this.timers) {
      clearTimeout(entry.timer);
      entry.wake();
    }
    this.timers.clear();
  }
}
