import type { PageText } from '@/lib/messaging/content-contracts';
import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { domToText, isHiddenByMarkup } from './dom-text';

/** The most text one page (or one selection, or one linked page) may contribute to a prompt. */
export const MAX_TEXT_CHARS = 200_000;
export const TRUNCATED_MARKER = '\n\n[truncated]';

export interface ExtractOptions {
  maxChars?: number;
  /** Use computed styles to leave out hidden elements in the fallback (only meaningful for a rendered document). */
  computedStyles?: boolean;
  /** The Readability step; injectable so tests can take the fallback path. */
  readability?: (doc: Document) => ReadableArticle | null;
}

export interface ReadableArticle {
  title?: string;
  text: string;
  excerpt?: string;
  byline?: string;
}

/** Cuts `text` to at most `maxChars` characters, ending with "[truncated]" when anything was cut. */
export function capText(text: string, maxChars = MAX_TEXT_CHARS): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, maxChars - TRUNCATED_MARKER.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // don't split a surrogate pair
  return `${text.slice(0, end).trimEnd()}${TRUNCATED_MARKER}`.slice(0, maxChars);
}

/**
 * The readable text of a document: Readability's article when it found one that plausibly is the page's content,
 * otherwise the main content area's text without navigation chrome.
 */
export function extractPage(doc: Document, options: ExtractOptions = {}): PageText {
  const maxChars = options.maxChars ?? MAX_TEXT_CHARS;
  const url = doc.location?.href ?? doc.URL;
  const contentType = doc.contentType || 'text/html';
  const article = (options.readability ?? ((d) => readArticle(d, maxChars)))(doc);
  if (article && article.text.length > 0) {
    let trusted = safely(() => isProbablyReaderable(doc), false);
    if (!trusted) {
      // Readability always picks *some* block; on a feed or a list page that block can be a small part of the page.
      const fallback = fallbackText(doc, maxChars, options.computedStyles ?? false);
      trusted = article.text.length >= 0.3 * fallback.length;
      if (!trusted) return { title: titleOf(doc, article), url, text: capText(fallback, maxChars), usedReadability: false, contentType };
    }
    return {
      title: titleOf(doc, article),
      url,
      text: capText(article.text, maxChars),
      ...(article.excerpt ? { excerpt: article.excerpt } : {}),
      ...(article.byline ? { byline: article.byline } : {}),
      usedReadability: true,
      contentType,
    };
  }
  return {
    title: titleOf(doc, null),
    url,
    text: capText(fallbackText(doc, maxChars, options.computedStyles ?? false), maxChars),
    usedReadability: false,
    contentType,
  };
}

/** Runs Readability on a clone of `doc` (it rewrites the document it reads) and turns its article into plain text. */
export function readArticle(doc: Document, maxChars = MAX_TEXT_CHARS): ReadableArticle | null {
  return safely(() => {
    const clone = doc.cloneNode(true) as Document;
    // On a short page Readability may take the whole body, navigation included: take the chrome out first.
    for (const element of Array.from(clone.querySelectorAll(CHROME_SELECTOR))) {
      if (isPageChrome(element)) element.remove();
    }
    const parsed = new Readability<Node>(clone, { serializer: (node) => node, maxElemsToParse: 200_000 }).parse();
    if (!parsed?.content) return null;
    const text = domToText(parsed.content, { limit: maxChars + 1 });
    if (text.length === 0) return null;
    return {
      text,
      ...(parsed.title?.trim() ? { title: parsed.title.trim() } : {}),
      ...(parsed.excerpt?.trim() ? { excerpt: capText(parsed.excerpt.trim(), 2_000) } : {}),
      ...(parsed.byline?.trim() ? { byline: capText(parsed.byline.trim(), 500) } : {}),
    };
  }, null);
}

/**
 * The page's text without Readability: `<main>` (or the only `<article>`, or `<body>`), leaving out navigation,
 * site header and footer, asides, and (for a rendered page) anything styled invisible.
 */
export function fallbackText(doc: Document, maxChars = MAX_TEXT_CHARS, computedStyles = false): string {
  const view = computedStyles ? doc.defaultView : null;
  const skip = (element: Element): boolean => {
    if (isPageChrome(element)) return true;
    if (!view) return false;
    const style = safely(() => view.getComputedStyle(element), null);
    return style?.display === 'none' || style?.visibility === 'hidden' || style?.visibility === 'collapse';
  };
  const articles = doc.querySelectorAll('article');
  const candidates = [doc.querySelector('main, [role="main"]'), articles.length === 1 ? articles[0] : null, doc.body];
  for (const root of candidates) {
    if (!root || isHiddenByMarkup(root)) continue;
    const text = domToText(root, { skip, limit: maxChars + 1 });
    if (text.length > 0) return text;
  }
  // A page that is all "chrome" (everything inside a <header>, say) still has text.
  return doc.body ? domToText(doc.body, { limit: maxChars + 1 }) : '';
}

const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']);
const CHROME_SELECTOR = 'nav, aside, header, footer, [role]';

/** Navigation, the site's header and footer, sidebars: around the content, not of it. */
export function isPageChrome(element: Element): boolean {
  const name = element.localName;
  if (name === 'nav' || name === 'aside') return true;
  const role = element.getAttribute('role');
  if (role && CHROME_ROLES.has(role)) return true;
  // A header or footer inside an article or section belongs to it (the article's title, its byline).
  if (name === 'header' || name === 'footer') {
    return !element.parentElement?.closest('article, main, section, [role="main"], [role="article"]');
  }
  return false;
}

function titleOf(doc: Document, article: ReadableArticle | null): string {
  return doc.title.trim() || article?.title || '';
}

function safely<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

export type { PageText };
