import type { LinkText } from '@/lib/messaging/content-contracts';
import { capText, extractPage, MAX_TEXT_CHARS } from './page-text';

export interface ReadLinkOptions {
  /** The page the link is on; only links of the same origin are fetched. */
  pageUrl: string;
  fetch: typeof globalThis.fetch;
  /** Parses HTML into an inert document (DOMParser). */
  parseHtml: (html: string) => Document;
  timeoutMs?: number;
  maxChars?: number;
  /** Responses larger than this are not read. */
  maxBytes?: number;
}

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)$/;
const TEXT_TYPES = /^text\/(plain|markdown)$/;

/**
 * The readable text of a linked page, fetched the way the page itself could (same origin only: a cross-origin link
 * is not even requested). Never throws: any failure (other origin, network error, timeout, not HTML or text, too
 * big, an error status) gives `{}`.
 */
export async function readLinkText(url: string, options: ReadLinkOptions): Promise<LinkText> {
  const maxChars = options.maxChars ?? MAX_TEXT_CHARS;
  const maxBytes = options.maxBytes ?? 10_000_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 5_000);
  try {
    const target = sameOriginUrl(url, options.pageUrl);
    if (!target) return {};
    const timedOut = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(new Error('timed out')), { once: true });
    });
    const read = async (): Promise<LinkText> => {
      const response = await options.fetch(target.href, {
        credentials: 'include',
        redirect: 'follow',
        signal: controller.signal,
        headers: { accept: 'text/html,application/xhtml+xml,text/plain;q=0.8' },
      });
      if (!response.ok) return {};
      // A redirect to another origin is not followed into.
      if (response.url && !sameOriginUrl(response.url, options.pageUrl)) return {};
      const contentType = response.headers.get('content-type') ?? '';
      const mime = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
      const isHtml = mime === '' || HTML_TYPES.test(mime);
      if (!isHtml && !TEXT_TYPES.test(mime)) return {};
      if (Number(response.headers.get('content-length') ?? 0) > maxBytes) return {};
      const bytes = new Uint8Array(await response.arrayBuffer()).subarray(0, maxBytes);
      const body = decode(bytes, contentType, isHtml);
      if (!isHtml) {
        const text = capText(body.trim(), maxChars);
        return text ? { text } : {};
      }
      const doc = options.parseHtml(body);
      const page = extractPage(doc, { maxChars });
      return {
        ...(page.text ? { text: page.text } : {}),
        ...(page.title ? { title: page.title } : {}),
      };
    };
    return await Promise.race([read(), timedOut]);
  } catch {
    return {};
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** `url` resolved against the page, if it is an http(s) URL of the page's own origin. */
export function sameOriginUrl(url: string, pageUrl: string): URL | null {
  try {
    const page = new URL(pageUrl);
    const target = new URL(url, page);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return null;
    if (page.origin === 'null' || target.origin !== page.origin) return null;
    return target;
  } catch {
    return null;
  }
}

/** Decodes with the charset of the Content-Type header, else of a `<meta charset>` near the top, else UTF-8. */
function decode(bytes: Uint8Array, contentType: string, isHtml: boolean): string {
  let charset = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1];
  if (!charset && isHtml) {
    const head = new TextDecoder().decode(bytes.subarray(0, 2048));
    charset = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  }
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

export type { LinkText };
