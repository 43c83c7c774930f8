/**
 * The renderers the benchmark can stream into. To benchmark another path (e.g. the real Preact chat bubble), add a
 * BenchMode here: `mount` gets an empty host element in the page and returns a sink for the chunks.
 */
import { signal } from '@preact/signals';
import { h, render } from 'preact';
import { StreamingMarkdown, renderMarkdown } from '../../lib/markdown/index';
import { MessageBody, markdownReady } from '../../components/MessageBody';
import type { ChatMessage } from '../../lib/messaging/contracts';

export interface StreamSink {
  append(chunk: string): void;
  finish(): void;
  /** Sampled modes only: take on the state of having streamed `text`, without rendering (untimed set-up). */
  prime?(text: string): void;
}

export interface BenchMode {
  name: string;
  description: string;
  /**
   * Stateless modes (whole text re-rendered per chunk) may be measured at sampled chunk positions instead of
   * streamed end to end, which would take minutes; the runner extrapolates their total.
   */
  sampled?: boolean;
  /** Untimed set-up before mounting (e.g. loading a lazy chunk). */
  prepare?(): Promise<unknown>;
  mount(host: HTMLElement): StreamSink;
}

function benchMessage() {
  const info = signal<ChatMessage>({ id: 'bench', seq: 0, role: 'bot', bot: 'bench', text: '', status: 'streaming', createdAt: 0 });
  return { info, view: { id: 'bench', info, text: signal('') } };
}

/** What a live mount reports for each animation frame in which the message body did work. */
export interface FrameReport {
  /** The frame's timestamp (its start). */
  ts: number;
  /** The body's frame callbacks plus the style and layout they caused (forced right after), in ms. */
  workMs: number;
  /** Everything that has arrived is on screen (the renderer has no backlog). */
  caughtUp: boolean;
}

/**
 * The real chat bubble body on real animation frames (the page's own 60 Hz clock): text arrives whenever the caller
 * appends it, and the component renders it when the browser runs its frames, in slices if it has to. Each frame
 * callback is timed together with the layout it causes, and reported after it ran.
 */
export function mountLiveComponent(host: HTMLElement, onFrame: (report: FrameReport) => void) {
  const realRaf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) =>
    realRaf((ts) => {
      const t0 = performance.now();
      callback(ts);
      void host.offsetHeight;
      const workMs = performance.now() - t0;
      const body = host.querySelector('.markdown');
      onFrame({ ts, workMs, caughtUp: body?.getAttribute('aria-busy') !== 'true' });
    });
  const { info, view } = benchMessage();
  render(h(MessageBody, { view }), host);
  return {
    append(chunk: string) {
      view.text.value += chunk;
    },
    finish() {
      info.value = { ...info.value, status: 'complete' };
    },
    /** A page opening on an answer: all of its text at once (`done`: the answer is already complete). */
    setAll(text: string, done: boolean) {
      view.text.value = text;
      if (done) info.value = { ...info.value, status: 'complete' };
    },
  };
}

/**
 * The real chat bubble body: a MessageView whose text signal grows by each chunk, rendered by the Preact component
 * the side panel uses. The component batches work into animation frames; here every frame callback runs right after
 * the chunk so that each chunk's full cost is timed.
 */
function mountComponent(host: HTMLElement): StreamSink {
  const frames: FrameRequestCallback[] = [];
  window.requestAnimationFrame = (callback) => frames.push(callback);
  window.cancelAnimationFrame = () => undefined;
  const runFrames = () => {
    while (frames.length > 0) frames.shift()!(performance.now());
  };
  const { info, view } = benchMessage();
  render(h(MessageBody, { view }), host);
  return {
    append(chunk) {
      view.text.value += chunk;
      runFrames();
    },
    finish() {
      info.value = { ...info.value, status: 'complete' };
      runFrames();
    },
  };
}

export const MODES: Record<string, BenchMode> = {
  component: {
    name: 'component',
    description: 'the real Preact MessageBody fed by a text signal (what the side panel runs)',
    prepare: () => markdownReady,
    mount: mountComponent,
  },
  incremental: {
    name: 'incremental',
    description: 'StreamingMarkdown.append per chunk (lib/markdown)',
    mount(host) {
      const md = new StreamingMarkdown(host);
      return { append: (chunk) => md.append(chunk), finish: () => md.finish() };
    },
  },
  naive: {
    name: 'naive',
    description: 'renderMarkdown of the whole text so far into a fresh container per chunk',
    sampled: true,
    mount(host) {
      let text = '';
      return {
        append(chunk) {
          text += chunk;
          const fresh = host.ownerDocument.createElement('div');
          renderMarkdown(fresh, text);
          host.replaceChildren(fresh);
        },
        finish() {},
        prime(prefix) {
          text = prefix;
        },
      };
    },
  },
};
