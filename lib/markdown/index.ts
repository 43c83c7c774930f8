/**
 * Incremental, sanitised-by-construction markdown for streamed LLM answers.
 *
 * Complete lines go through a line-by-line CommonMark block parser once; the unfinished last line is rendered from a
 * throwaway speculative tree. The DOM is built with createElement/createTextNode and an attribute allow-list only,
 * raw HTML stays text, links are http(s)/mailto only, and untrusted images wait for a click.
 */
import { BlockParser } from './block-parser';
import { highlightLater } from './highlight';
import type { LeafEnv } from './leaves';
import { normalizeLabel } from './syntax';
import type { LinkTarget, MarkdownOptions } from './types';
import { defaultTrustedImageHost } from './url-policy';
import { BlockView } from './view';

export type { MarkdownOptions } from './types';
export { flushHighlights } from './highlight';
export { defaultTrustedImageHost } from './url-policy';

/** Adds the inline_ref files not seen yet to `into`; returns their labels. */
function addFileTargets(files: MarkdownOptions['inlineFiles'], into: Map<string, LinkTarget>): string[] {
  const added: string[] = [];
  for (const [ref, f] of files ?? []) {
    const label = normalizeLabel(ref);
    if (!label || into.has(label)) continue;
    into.set(label, { href: f.url, title: '', file: { contentType: f.contentType, name: f.name } });
    added.push(label);
  }
  return added;
}

/**
 * Renders one streamed answer into `container`, which it owns (its children are replaced).
 * - A block is finished once the next block's first line is complete; it is then rendered once, from scratch, and
 *   never touched again, with two exceptions: a finished leaf that used a reference label defined only later (or an
 *   inline_ref file that arrived later) is re-rendered once, and a finished code block is highlighted once, async.
 * - Highlighting applies only while the code block is in the document (superseded renders are skipped).
 */
export class StreamingMarkdown {
  private parser = new BlockParser();
  private view: BlockView;
  /** Text after the last newline: shown speculatively, parsed for real once its line ends. */
  private partial = '';
  private source = '';
  private finished = false;
  private readonly env: LeafEnv;
  /** inline_ref files by normalised label. The caller's map may grow mid-stream (a file event after the text). */
  private readonly files = new Map<string, LinkTarget>();
  private filesSeen = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: MarkdownOptions = {},
  ) {
    const files = this.files;
    this.env = {
      doc: container.ownerDocument,
      isTrustedImageHost: options.isTrustedImageHost ?? defaultTrustedImageHost,
      approvedImages: new Set(),
      highlight: highlightLater,
      // inline_ref files first (the bot named them explicitly), then the answer's own definitions.
      resolver: (misses) => (label) => {
        const target = files.get(label) ?? this.parser.defs.get(label);
        if (!target) misses?.add(label);
        return target;
      },
    };
    container.replaceChildren();
    this.view = new BlockView(container, this.env);
  }

  /** Append streamed text. Cheap: only the open (last, unfinished) block is re-rendered; finished blocks are never re-parsed or touched. */
  append(text: string): void {
    if (!text) return;
    if (this.finished) {
      // A stream that resumes after finish(): start over rather than re-open closed blocks.
      this.reset(this.source + text);
      return;
    }
    this.source += text;
    const buf = this.partial + text;
    let start = 0;
    // The held-back partial line has no newline: search only the new text (long lines stay linear).
    for (let nl = buf.indexOf('\n', this.partial.length); nl >= 0; nl = buf.indexOf('\n', start)) {
      this.parser.processLine(stripCR(buf.slice(start, nl)));
      start = nl + 1;
    }
    this.partial = buf.slice(start);
    this.render();
  }

  /** Replace the whole text (bot replace_response): re-renders from scratch. */
  reset(text = ''): void {
    this.container.replaceChildren();
    this.parser = new BlockParser();
    this.view = new BlockView(this.container, this.env);
    this.partial = '';
    this.source = '';
    this.finished = false;
    this.env.approvedImages.clear();
    this.append(text);
  }

  /** The stream ended: the open block is finalised. */
  finish(): void {
    if (this.finished) return;
    if (this.partial) this.parser.processLine(stripCR(this.partial));
    this.partial = '';
    this.parser.finishAll();
    this.finished = true;
    this.render();
  }

  private render(): void {
    const newFiles = this.refreshFiles();
    const tree = this.partial ? this.parser.speculate(stripCR(this.partial)) : this.parser.doc;
    this.view.render(tree);
    const labels = [...newFiles, ...this.parser.newLabels];
    this.parser.newLabels = [];
    // Finished blocks that referenced these before they existed get their one re-render.
    if (labels.length > 0) this.view.definitionsAdded(labels);
  }

  private refreshFiles(): string[] {
    const size = this.options.inlineFiles?.size ?? 0;
    if (size === this.filesSeen) return [];
    this.filesSeen = size;
    return addFileTargets(this.options.inlineFiles, this.files);
  }
}

function stripCR(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** One-shot render of a finished answer (same output as streaming it). */
export function renderMarkdown(container: HTMLElement, text: string, options?: MarkdownOptions): void {
  const md = new StreamingMarkdown(container, options);
  md.append(text);
  md.finish();
}
