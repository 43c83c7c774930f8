/**
 * The renderers the benchmark can stream into. To benchmark another path (e.g. the real Preact chat bubble), add a
 * BenchMode here: `mount` gets an empty host element in the page and returns a sink for the chunks.
 */
import { StreamingMarkdown, renderMarkdown } from '../../lib/markdown/index';

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
  mount(host: HTMLElement): StreamSink;
}

export const MODES: Record<string, BenchMode> = {
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
