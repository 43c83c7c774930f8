/** Small CommonMark lexical helpers shared by the block and inline parsers (escapes, entities, link parts). */

export const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const ESCAPABLE = /\\([!-/:-@[-`{-~])/g;
const ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

/** Named entities an LLM is likely to write; unknown names stay literal (the full table would cost ~10 KB gzip). */
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«',
  raquo: '»', times: '×', divide: '÷', deg: '°', plusmn: '±', middot: '·', bull: '•', larr: '←',
  rarr: '→', uarr: '↑', darr: '↓', harr: '↔', le: '≤', ge: '≥', ne: '≠', asymp: '≈', infin: '∞',
  euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§', para: '¶', shy: '\u00ad', zwj: '\u200d', zwnj: '\u200c',
};

export function decodeEntity(whole: string, hex?: string, dec?: string, name?: string): string {
  if (name !== undefined) return NAMED[name] ?? whole;
  const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '0', 10);
  // CommonMark: invalid or NUL code points become U+FFFD.
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(code);
}

export function decodeEntities(s: string): string {
  return s.includes('&') ? s.replace(ENTITY, (m, h, d, n) => decodeEntity(m, h, d, n)) : s;
}

/** Backslash escapes then entities: how link destinations, titles and info strings are read. */
export function unescapeString(s: string): string {
  const unescaped = s.includes('\\') ? s.replace(ESCAPABLE, '$1') : s;
  return decodeEntities(unescaped);
}

/**
 * Trailing spaces and tabs removed. A loop, not `/[ \t]+$/`: that regex backtracks quadratically on long space runs
 * (0.3 s for 30,000 spaces), and model output is attacker-influenced.
 */
export function trimEndSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === ' ' || s[end - 1] === '\t')) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** An ATX heading's text without its optional closing `#` run ("# Title ##" → "Title", but "C#" stays). */
export function stripClosingHashes(s: string): string {
  const t = trimEndSpaces(s);
  let end = t.length;
  while (end > 0 && t[end - 1] === '#') end--;
  if (end === t.length) return t;
  if (end === 0) return '';
  return t[end - 1] === ' ' || t[end - 1] === '\t' ? trimEndSpaces(t.slice(0, end)) : t;
}

/** Reference labels match case-insensitively with whitespace collapsed. */
export function normalizeLabel(label: string): string {
  return label.trim().replace(/[ \t\r\n]+/g, ' ').toLowerCase().toUpperCase();
}

/**
 * How far a scan looked: the highest index it examined (`src.length` when it ran into the end, so more text could
 * change its answer). Optional everywhere; the inline parser uses it to know which parts of a paragraph are final.
 */
export interface Reach {
  at: number;
}

function reached(reach: Reach | undefined, index: number): void {
  if (reach && index > reach.at) reach.at = index;
}

/** A link destination at `pos`: [raw, end] or null. `<...>` or a run without spaces and with balanced parens. */
export function scanDestination(src: string, pos: number, reach?: Reach): [string, number] | null {
  if (src[pos] === '<') {
    for (let i = pos + 1; i < src.length; i++) {
      const c = src[i];
      if (c === '\\' && i + 1 < src.length) i++;
      else if (c === '>') return reached(reach, i), [unescapeString(src.slice(pos + 1, i)), i + 1];
      else if (c === '<' || c === '\n') return reached(reach, i), null;
    }
    reached(reach, src.length);
    return null;
  }
  let depth = 0;
  let i = pos;
  for (; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x5c /* \ */ && ASCII_PUNCT.test(src[i + 1] ?? '')) i++;
    else if (c === 0x28 /* ( */) {
      if (++depth > 32) return reached(reach, i), null;
    } else if (c === 0x29 /* ) */) {
      if (depth === 0) break;
      depth--;
    } else if (c <= 0x20 || c === 0x7f) break;
  }
  reached(reach, i);
  if (depth !== 0 || (i === pos && src[i] !== ')')) return null;
  return [unescapeString(src.slice(pos, i)), i];
}

const TITLE = /"((?:\\[\s\S]|[^"\\])*)"|'((?:\\[\s\S]|[^'\\])*)'|\(((?:\\[\s\S]|[^()\\])*)\)/y;

/** A link title at `pos`: [title, end] or null. */
export function scanTitle(src: string, pos: number, reach?: Reach): [string, number] | null {
  TITLE.lastIndex = pos;
  const m = TITLE.exec(src);
  if (!m) {
    // An opened title that does not close may still close further on.
    const c = src[pos];
    reached(reach, c === '"' || c === "'" || c === '(' ? src.length : pos);
    return null;
  }
  reached(reach, TITLE.lastIndex - 1);
  return [unescapeString(m[1] ?? m[2] ?? m[3] ?? ''), TITLE.lastIndex];
}

/** Skips spaces and at most one newline. */
export function skipSpaceNewline(src: string, pos: number, reach?: Reach): number {
  let i = pos;
  while (src[i] === ' ' || src[i] === '\t') i++;
  if (src[i] === '\n') i++;
  while (src[i] === ' ' || src[i] === '\t') i++;
  reached(reach, i);
  return i;
}

/** `[label]` at `pos`: the end index, or -1. Labels hold no unescaped brackets and at most 999 characters. */
export function scanLabel(src: string, pos: number, reach?: Reach): number {
  reached(reach, pos);
  if (src[pos] !== '[') return -1;
  let i = pos + 1;
  for (; i < src.length && i - pos <= 1000; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') return reached(reach, i), -1;
    else if (c === ']') return reached(reach, i), /\S/.test(src.slice(pos + 1, i)) || i === pos + 1 ? i + 1 : -1;
  }
  reached(reach, Math.min(i, src.length));
  return -1;
}

export interface LinkDefinition {
  label: string;
  href: string;
  title: string;
}

/**
 * A one-line link reference definition (`[label]: dest "title"`), or null. Multi-line definitions are not
 * supported: LLM answers write them on one line, and one line keeps the streaming state simple.
 */
export function parseDefinition(line: string): LinkDefinition | null {
  let i = 0;
  while (i < 3 && line[i] === ' ') i++;
  const end = scanLabel(line, i);
  if (end < 0 || end === i + 2 || line[end] !== ':') return null;
  const label = normalizeLabel(line.slice(i + 1, end - 1));
  if (!label) return null;
  let p = end + 1;
  while (line[p] === ' ' || line[p] === '\t') p++;
  const dest = scanDestination(line, p);
  if (!dest || (dest[1] === p && line[p] !== '<')) return null;
  p = dest[1];
  let title = '';
  const beforeTitle = p;
  while (line[p] === ' ' || line[p] === '\t') p++;
  if (p > beforeTitle) {
    const t = scanTitle(line, p);
    if (t) [title, p] = t;
  }
  while (line[p] === ' ' || line[p] === '\t') p++;
  return p === line.length ? { label, href: dest[0], title } : null;
}

/** Splits a paragraph's leading definition lines from its text lines. */
export function splitDefinitions(lines: readonly string[]): { defs: LinkDefinition[]; rest: readonly string[] } {
  const defs: LinkDefinition[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const def = parseDefinition(lines[i] ?? '');
    if (!def) break;
    defs.push(def);
  }
  return { defs, rest: i === 0 ? lines : lines.slice(i) };
}
