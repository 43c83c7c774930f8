/**
 * Times in an answer about a video (`[1:05]`, `12:30`, `1:02:03`) as links that play the video from there (issue
 * 14). A post-pass over a finished answer's text nodes: text inside links, code and buttons is left alone, and the
 * links are built like every other (allow-listed attributes, the href through the URL policy), never from HTML.
 */
import { t } from '@/lib/i18n';
import { h } from './dom';
import { safeLinkHref } from './url-policy';

export interface TimestampLinks {
  /** The address of the video at `seconds`; what the URL policy refuses stays text. */
  href(seconds: number): string | undefined;
  /** The video's length when known: a time past it is not the video's (a clock time, a score) and stays text. */
  maxSeconds?: number;
}

/** `h:mm:ss` or `m:ss` (minutes up to 999), not inside a longer run of digits, colons, words or decimals. */
const TIME = /(?<![\w:.,/])(\d{1,3})(?::([0-5]\d))?:([0-5]\d)(?![\w:/]|[.,]\d)/g;

export interface FoundTime {
  index: number;
  text: string;
  seconds: number;
}

/** The times written in `text`, within `maxSeconds` when given. */
export function findTimestamps(text: string, maxSeconds?: number): FoundTime[] {
  const found: FoundTime[] = [];
  for (const match of text.matchAll(TIME)) {
    const [whole, first = '0', middle, last = '0'] = match;
    if (middle !== undefined && first.length > 2) continue;
    const seconds = middle !== undefined ? Number(first) * 3600 + Number(middle) * 60 + Number(last) : Number(first) * 60 + Number(last);
    if (maxSeconds !== undefined && seconds > maxSeconds) continue;
    found.push({ index: match.index ?? 0, text: whole, seconds });
  }
  return found;
}

/** The seconds a timestamp link's text says; undefined for anything else. */
export function timestampSeconds(text: string): number | undefined {
  const [only] = findTimestamps(text.trim());
  return only && only.text === text.trim() ? only.seconds : undefined;
}

export const TIMESTAMP_CLASS = 'md-time';

/** Turns the times in `root`'s text into links (again harmlessly: text already in a link is skipped). */
export function linkTimestamps(root: HTMLElement, links: TimestampLinks): void {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('a, code, pre, button') && /\d:\d\d/.test((node as Text).data)) texts.push(node as Text);
  }
  for (const node of texts) {
    const data = node.data;
    const found = findTimestamps(data, links.maxSeconds);
    if (found.length === 0) continue;
    const pieces = doc.createDocumentFragment();
    let last = 0;
    for (const time of found) {
      const href = safeLinkHref(links.href(time.seconds) ?? '');
      if (!href) continue;
      if (time.index > last) pieces.appendChild(doc.createTextNode(data.slice(last, time.index)));
      const a = h(doc, 'a', { href, class: TIMESTAMP_CLASS, title: t('markdown_playFrom', time.text), target: '_blank', rel: 'noopener noreferrer' });
      a.textContent = time.text;
      pieces.appendChild(a);
      last = time.index + time.text.length;
    }
    if (last === 0) continue;
    if (last < data.length) pieces.appendChild(doc.createTextNode(data.slice(last)));
    node.replaceWith(pieces);
  }
}

/** The seconds of the time link a plain left click landed on; undefined for any other click. */
export function clickedTimestamp(event: MouseEvent): number | undefined {
  if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return undefined;
  const link = (event.target as Element | null)?.closest?.(`a.${TIMESTAMP_CLASS}`);
  return link ? timestampSeconds(link.textContent ?? '') : undefined;
}
