/**
 * Incremental, sanitised-by-construction markdown for streamed LLM answers.
 *
 * Complete lines go through a line-by-line CommonMark block parser once; the unfinished last line is rendered from a
 * throwaway speculative tree. The DOM is built with createElement/createTextNode and an attribute allow-list only,
 * raw HTML stays text, links are http(s)/mailto only, and untrusted images wait for a click.
 */
import { highlightLater } from './highlight';
import { installMathCopy } from './math-copy';
import { typesetLater } from './math-typeset';
import { StreamingMarkdown as CoreMarkdown } from './streaming';
import type { MarkdownOptions } from './types';

export type { MarkdownOptions } from './types';
export { FRAME_BUDGET_MS, FrameScheduler, MarkdownFeeder, type FrameHost } from './feeder';
export { flushHighlights } from './highlight';
export { flushMath } from './math-typeset';
export { imageTrust, type ImageTrust } from './url-policy';
export { showHidden } from './visible-text';
export { clickedTimestamp, linkTimestamps, type TimestampLinks } from './timestamps';

/**
 * The streaming renderer of the extension's pages: finished code blocks are highlighted (lazy-loaded highlight.js),
 * finished formulas typeset (lazy-loaded Temml), and copying a selection with math in it copies their LaTeX.
 */
export class StreamingMarkdown extends CoreMarkdown {
  constructor(container: HTMLElement, options: MarkdownOptions = {}) {
    super(container, { ...options, highlight: highlightLater, typeset: typesetLater });
    installMathCopy(container.ownerDocument);
  }
}

/** One-shot render of a finished answer (same output as streaming it). */
export function renderMarkdown(container: HTMLElement, text: string, options?: MarkdownOptions): void {
  const md = new StreamingMarkdown(container, options);
  md.append(text);
  md.finish();
}
