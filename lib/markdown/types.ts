/** Shared shapes of the markdown pipeline: block tree (parser) → inline AST → DOM (view). */

import type { ImageLoader } from './image-bytes';
import type { ImageTrust } from './url-policy';

export type BlockType = 'doc' | 'quote' | 'list' | 'item' | 'para' | 'heading' | 'code' | 'hr' | 'table';

export interface ListData {
  ordered: boolean;
  /** Bullet character, or the ordered delimiter ('.' or ')'): items only join a list with the same one. */
  marker: string;
  start: number;
  /** Columns from the item's marker start to its content. */
  padding: number;
  markerOffset: number;
}

export type Align = 'left' | 'center' | 'right' | null;

export interface Block {
  type: BlockType;
  /**
   * `startLine:type[:signature]`. The same source position parsed again (after a speculative render of a partial
   * line) yields the same key, so the view can keep its DOM instead of re-creating it.
   */
  key: string;
  parent: Block | null;
  open: boolean;
  /** Created or cloned while speculating on the unfinished last line: never cached as final by the view. */
  spec: boolean;
  startLine: number;
  /** Last source line that belongs to the block (set when it closes); list tightness compares these. */
  endLine: number;
  /** Child blocks of containers (doc, quote, list, item). */
  children: Block[];
  /** Leaf text: paragraph/heading lines, code lines, table rows (header first). */
  lines: string[];
  level?: number;
  /** Fenced code: the fence that closes it; undefined for indented code. */
  fence?: { char: string; length: number; offset: number };
  info?: string;
  list?: ListData;
  aligns?: Align[];
  /** Paragraphs: display math opened and not closed yet (see math-syntax.ts displayMathAfter), and what it holds. */
  mathClose?: string | undefined;
  mathChars?: number;
}

export interface LinkTarget {
  href: string;
  title: string;
  /** Set when the target is a file the bot sent with an inline_ref. */
  file?: { contentType: string; name: string };
}

export type Inline =
  | { k: 'text'; v: string }
  | { k: 'code'; v: string }
  | { k: 'br' }
  /** TeX math: `v` the TeX, `raw` the source as written (delimiters included). */
  | { k: 'math'; v: string; display: boolean; raw: string }
  | { k: 'em' | 'strong' | 'del'; c: Inline[] }
  | { k: 'link'; href: string; title: string; c: Inline[]; file?: LinkTarget['file'] }
  | { k: 'img'; src: string; alt: string; title: string; file?: LinkTarget['file'] };

export interface MarkdownOptions {
  /** Files a bot sent with an inline_ref: `![title][ref]` resolves to these. */
  inlineFiles?: ReadonlyMap<string, { url: string; contentType: string; name: string }>;
  /** Which images load without a click (default: Poe's CDN only; see `imageTrust` for a local Poe server's origin). */
  imageTrust?: ImageTrust;
  /** How an http image becomes a blob: URL (default: fetched by the page, see image-bytes.ts). */
  loadImage?: ImageLoader;
}
