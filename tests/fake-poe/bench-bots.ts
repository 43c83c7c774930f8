/**
 * Bots for benchmarks, not in the standard catalogue: pass them to `startFakePoe({ extraBots: [...] })`.
 *
 * Doc-Stream bots stream a given document (e.g. a 100 KB markdown answer) as `text` events of a fixed number of
 * characters, at full speed or at a fixed number of events per second, and record when each event was handed to the
 * socket, so a bench can compare the server's send time of a chunk with the moment the page painted it.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type ScriptedBot, finish } from './bot-kit';
import { scriptedSpec } from './models';

/** Milliseconds since the Unix epoch with sub-millisecond resolution: `performance.timeOrigin + performance.now()`. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

export interface DocStreamRun {
  chunkChars: number;
  /** 0 = full speed. */
  chunksPerSecond: number;
  /** Length of the document streamed. */
  length: number;
  /** `sentAt[i]`: when event i (characters i·chunkChars … (i+1)·chunkChars − 1) was written, by {@link preciseNow}. */
  sentAt: number[];
  /** When `done` was written (undefined if the client went away first). */
  doneAt?: number;
}

export interface DocStreamOptions {
  displayName: string;
  /** The document to stream (can be changed later with `setText`). */
  text: string;
  /** Characters per `text` event (default 20). */
  chunkChars?: number;
  /**
   * Events per second, on a drift-free schedule (event i at start + i/rate); 0 (default) = full speed: each event
   * written as soon as the previous one was, yielding to the event loop in between so each leaves as its own write.
   */
  chunksPerSecond?: number;
}

export interface DocStreamBot {
  bot: ScriptedBot;
  /** One entry per query answered, oldest first. */
  runs: DocStreamRun[];
  setText(text: string): void;
}

export function docStreamBot(options: DocStreamOptions): DocStreamBot {
  const chunkChars = Math.max(1, options.chunkChars ?? 20);
  const rate = Math.max(0, options.chunksPerSecond ?? 0);
  let text = options.text;
  const runs: DocStreamRun[] = [];
  const bot: ScriptedBot = {
    spec: scriptedSpec({
      displayName: options.displayName,
      points: 1,
      description: `Fake Poe bench bot. Streams a fixed ${Math.round(text.length / 1024)} KB document in ${chunkChars}-character text events, ${rate > 0 ? `${rate} per second` : 'at full speed'}, recording the send time of each.`,
    }),
    async run(ctx) {
      const run: DocStreamRun = { chunkChars, chunksPerSecond: rate, length: text.length, sentAt: [] };
      runs.push(run);
      const doc = text;
      const sse = ctx.openSse();
      const start = preciseNow();
      for (let i = 0, at = 0; at < doc.length; i++, at += chunkChars) {
        if (rate > 0) {
          const wait = start + (i * 1000) / rate - preciseNow();
          if (wait > 0) await sse.sleep(wait);
        } else if (i > 0) {
          await nextTurn();
        }
        sse.event('text', { text: doc.slice(at, at + chunkChars) });
        run.sentAt.push(preciseNow());
      }
      finish(ctx, sse);
      run.doneAt = preciseNow();
    },
  };
  return {
    bot,
    runs,
    setText: (next) => {
      text = next;
    },
  };
}
