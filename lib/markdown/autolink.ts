/** GFM-style "autolink literals": bare http(s) URLs in text become links (the URL policy still applies later). */
import type { Inline } from './types';

const SCHEME = /https?:\/\//gi;
/** A domain with at least one dot (or localhost / an IPv4 address), then an optional port and path. */
const VALID_START = /^https?:\/\/(?:localhost|(?:[A-Za-z0-9_-]+\.)+[A-Za-z0-9-]+)(?::\d{1,5})?(?:[/?#]|$)/i;
const TRAILING_PUNCT = /[?!.,:*_~'"]$/;

function count(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) n++;
  return n;
}

/** Trims the punctuation that ends a sentence rather than the URL (GFM's extended autolink rules). */
function trimUrl(url: string): string {
  let u = url;
  for (;;) {
    if (TRAILING_PUNCT.test(u)) u = u.slice(0, -1);
    else if (u.endsWith(')') && count(u, ')') > count(u, '(')) u = u.slice(0, -1);
    else if (u.endsWith(';')) {
      const entity = /&[A-Za-z0-9]+;$/.exec(u);
      if (!entity) return u;
      u = u.slice(0, entity.index);
    } else return u;
  }
}

export function linkifyText(text: string): Inline[] {
  if (!text.includes('://')) return [{ k: 'text', v: text }];
  const out: Inline[] = [];
  let last = 0;
  SCHEME.lastIndex = 0;
  for (let m = SCHEME.exec(text); m; m = SCHEME.exec(text)) {
    const start = m.index;
    const before = start === 0 ? ' ' : (text[start - 1] ?? ' ');
    if (start < last || !/[\s*_~("'<]/.test(before)) continue;
    let end = start;
    while (end < text.length && !/[\s<]/.test(text[end] ?? ' ')) end++;
    const url = trimUrl(text.slice(start, end));
    if (!VALID_START.test(url)) continue;
    if (start > last) out.push({ k: 'text', v: text.slice(last, start) });
    out.push({ k: 'link', href: url, title: '', c: [{ k: 'text', v: url }] });
    last = start + url.length;
    SCHEME.lastIndex = last;
  }
  if (last === 0) return [{ k: 'text', v: text }];
  if (last < text.length) out.push({ k: 'text', v: text.slice(last) });
  return out;
}
