/**
 * Inline AST → DOM, with the URL policy applied here (the one place that writes href/src). `patchInlines` keeps the
 * unchanged prefix of an open paragraph and grows its last text node, so streaming text costs O(new text) in DOM work.
 */
import { t } from '@/lib/i18n';
import { h } from './dom';
import type { Inline } from './types';
import { type ImageLoader, needsBytes } from './image-bytes';
import { buildMath, type Typeset } from './math';
import { decideImage, type ImageTrust, misleadingLinkHost, safeLinkHref } from './url-policy';

export interface InlineEnv {
  doc: Document;
  /** Which images load without a click. */
  imageTrust: ImageTrust;
  /** Turns an http image (which the CSP keeps out of `<img>`) into a blob: URL. */
  loadImage: ImageLoader;
  /** Image URLs the user already chose to load in this message: they load directly when re-rendered. */
  approvedImages: Set<string>;
  /** Typesets math (default: none, the source stays as text). */
  typeset?: Typeset | undefined;
}

export function buildInlines(env: InlineEnv, items: readonly Inline[], parent: Node): void {
  for (const item of items) for (const n of buildInline(env, item)) parent.appendChild(n);
}

function buildInline(env: InlineEnv, it: Inline): Node[] {
  const doc = env.doc;
  switch (it.k) {
    case 'text':
      return [doc.createTextNode(it.v)];
    case 'code': {
      const code = h(doc, 'code');
      code.textContent = it.v;
      return [code];
    }
    case 'br':
      return [h(doc, 'br')];
    case 'math':
      return [buildMath(doc, it.raw, it.v, it.display, env.typeset)];
    case 'em':
    case 'strong':
    case 'del': {
      const el = h(doc, it.k);
      buildInlines(env, it.c, el);
      return [el];
    }
    case 'link':
      return buildLink(env, it.href, it.title, it.c);
    case 'img':
      return buildImage(env, it);
  }
}

function buildLink(env: InlineEnv, rawHref: string, title: string, content: readonly Inline[]): Node[] {
  const href = safeLinkHref(rawHref);
  if (href === null) {
    // Not a link we allow (javascript:, data:, relative…): keep the text, drop the link.
    const frag = env.doc.createDocumentFragment();
    buildInlines(env, content, frag);
    return Array.from(frag.childNodes);
  }
  const a = h(env.doc, 'a', { href, title: title || undefined, target: '_blank', rel: 'noopener noreferrer' });
  buildInlines(env, content, a);
  const realHost = misleadingLinkHost(a.textContent ?? '', href);
  if (realHost) {
    // The text names another site than the link goes to: say where it really goes, inside the link.
    const host = h(env.doc, 'span', { class: 'md-real-host' });
    host.textContent = ` (goes to ${realHost})`;
    a.appendChild(host);
  }
  return [a];
}

function buildImage(env: InlineEnv, it: Extract<Inline, { k: 'img' }>): Node[] {
  if (it.file && !it.file.contentType.startsWith('image/')) {
    // `![x][ref]` naming a non-image file the bot sent: offer it as a link instead.
    return buildLink(env, it.src, it.title, [{ k: 'text', v: it.alt || it.file.name }]);
  }
  const decision = decideImage(it.src, env.imageTrust);
  if (decision.kind === 'block') return it.alt ? [env.doc.createTextNode(it.alt)] : [];
  if (decision.kind === 'load' || env.approvedImages.has(decision.src)) return [img(env, decision.src, it)];
  const button = h(env.doc, 'button', { type: 'button', class: 'md-img-load', title: it.alt || undefined });
  button.textContent = decision.label;
  button.addEventListener('click', (event) => {
    event.preventDefault(); // the placeholder may sit inside a link
    event.stopPropagation();
    env.approvedImages.add(decision.src);
    button.replaceWith(img(env, decision.src, it));
  });
  return [button];
}

function img(env: InlineEnv, src: string, it: Extract<Inline, { k: 'img' }>): HTMLImageElement {
  const image = h(env.doc, 'img', {
    src: needsBytes(src) ? undefined : src,
    alt: it.alt,
    title: it.title || undefined,
    loading: 'lazy',
    referrerpolicy: 'no-referrer',
  });
  if (needsBytes(src)) {
    // Where it came from, for the page's image viewer (its download's name, its file); the src becomes a blob: URL.
    image.dataset.url = src;
    env.loadImage(src).then(
      (blobUrl) => image.setAttribute('src', blobUrl),
      () => image.replaceWith(unreachableImage(env, src, it)),
    );
  }
  return image;
}

/** An http image the page could not fetch (no access to its host, gone, not an image): a link to open it in a tab. */
function unreachableImage(env: InlineEnv, src: string, it: Extract<Inline, { k: 'img' }>): HTMLAnchorElement {
  const a = h(env.doc, 'a', { href: src, target: '_blank', rel: 'noopener noreferrer' });
  const host = new URL(src).host;
  a.textContent = it.alt ? t('markdown_imageUnreachableNamed', it.alt, host) : t('markdown_imageUnreachable', host);
  return a;
}

function sameInline(a: Inline, b: Inline): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'text':
    case 'code':
      return a.v === (b as typeof a).v;
    case 'br':
      return true;
    case 'math':
      return a.raw === (b as typeof a).raw;
    case 'em':
    case 'strong':
    case 'del':
      return sameList(a.c, (b as typeof a).c);
    case 'link': {
      const l = b as typeof a;
      return a.href === l.href && a.title === l.title && sameFile(a.file, l.file) && sameList(a.c, l.c);
    }
    case 'img': {
      const i = b as typeof a;
      return a.src === i.src && a.alt === i.alt && a.title === i.title && sameFile(a.file, i.file);
    }
  }
}

function sameFile(a: { contentType: string; name: string } | undefined, b: typeof a): boolean {
  return a === b || (!!a && !!b && a.contentType === b.contentType && a.name === b.name);
}

function sameList(a: readonly Inline[], b: readonly Inline[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameInline(a[i] as Inline, b[i] as Inline)) return false;
  return true;
}

/** What an open paragraph currently shows: its inline items and the DOM nodes each one produced. */
export interface InlineView {
  items: Inline[];
  nodes: Node[][];
}

/** Brings `parent` (whose trailing children are `view`'s nodes) from `view.items` to `next`. */
export function patchInlines(env: InlineEnv, parent: Node, view: InlineView, next: Inline[]): void {
  const prev = view.items;
  let i = 0;
  const common = Math.min(prev.length, next.length);
  while (i < common && sameInline(prev[i] as Inline, next[i] as Inline)) i++;
  const a = prev[i];
  const b = next[i];
  const grown = view.nodes[i]?.[0];
  if (i === prev.length - 1 && a?.k === 'text' && b?.k === 'text' && b.v.startsWith(a.v) && grown) {
    // The common streaming case: more characters at the end of the last text run.
    (grown as Text).appendData(b.v.slice(a.v.length));
    i++;
  } else {
    for (let j = i; j < view.nodes.length; j++) for (const n of view.nodes[j] ?? []) parent.removeChild(n);
    view.nodes.length = i;
  }
  for (let j = i; j < next.length; j++) {
    const nodes = buildInline(env, next[j] as Inline);
    for (const n of nodes) parent.appendChild(n);
    view.nodes.push(nodes);
  }
  view.items = next;
}
