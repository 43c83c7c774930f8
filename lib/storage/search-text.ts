/**
 * Words for the history search, written once for both sides of the index: what a stored text is indexed under, what
 * a query asks for, whether a text matches, and the snippet shown for a match.
 *
 * A word is a run of letters, digits and combining marks; it is folded (compatibility decomposition, marks dropped,
 * lower case: "Café" → "cafe") and cut to {@link MAX_WORD_CHARS}. Words shorter than {@link MIN_WORD_CHARS} are not
 * indexed and not searched for. Scripts written without spaces (Chinese, Japanese) index a run as one word, so they
 * are found by the start of a run only.
 */
export const MIN_WORD_CHARS = 2;
export const MAX_WORD_CHARS = 24;
/** Query words beyond this many are ignored (each word is one bit of a mask). */
export const MAX_QUERY_WORDS = 8;
/** Distinct words indexed per text (a pasted blob of base64 or a giant table stops here). */
export const MAX_WORDS_PER_TEXT = 4_000;
/** About how long a result's snippet is. */
export const SNIPPET_CHARS = 160;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const ASCII_WORD = /[a-z0-9]+/g;
const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}+/gu;

export function foldWord(word: string): string {
  const folded = NON_ASCII.test(word) ? word.normalize('NFKD').replace(MARKS, '') : word;
  return folded.toLowerCase().slice(0, MAX_WORD_CHARS);
}

/** The distinct words a text is indexed under. */
export function indexWords(text: string, into = new Set<string>()): Set<string> {
  const add = (word: string) => {
    if (word.length >= MIN_WORD_CHARS && into.size < MAX_WORDS_PER_TEXT) into.add(word.length > MAX_WORD_CHARS ? word.slice(0, MAX_WORD_CHARS) : word);
  };
  if (!NON_ASCII.test(text)) {
    // The common case, without a fold per word: for ASCII text the two word patterns agree.
    for (const word of text.toLowerCase().match(ASCII_WORD) ?? []) add(word);
  } else {
    for (const [word] of text.matchAll(WORD)) add(foldWord(word));
  }
  return into;
}

/** One word of a query; `prefix`: the word the user is still typing, which matches every word it begins. */
export interface QueryTerm {
  word: string;
  prefix: boolean;
}

/**
 * The words of a query, in order, without repeats. The last word is a prefix unless the query ends with a space or a
 * punctuation mark (the user has finished it). Words too short to index are dropped.
 */
export function parseQuery(query: string): QueryTerm[] {
  const raw = [...query.matchAll(WORD)];
  const last = raw.at(-1);
  const typing = last !== undefined && last.index + last[0].length === query.length;
  const terms: QueryTerm[] = [];
  for (const match of raw) {
    const word = foldWord(match[0]);
    if (word.length < MIN_WORD_CHARS) continue;
    const prefix = typing && match === last;
    const same = terms.findIndex((term) => term.word === word);
    if (same >= 0) {
      terms[same]!.prefix &&= prefix;
      continue;
    }
    if (terms.length < MAX_QUERY_WORDS) terms.push({ word, prefix });
  }
  return terms;
}

export function termMatches(term: QueryTerm, word: string): boolean {
  return term.prefix ? word.startsWith(term.word) : word === term.word;
}

/** Which terms occur in a text: bit i for terms[i]. Cheap for a text that contains none of them. */
export function termMask(text: string, terms: readonly QueryTerm[]): number {
  // A term can only match where its folded word occurs as a substring: most texts are ruled out without a split.
  const folded = NON_ASCII.test(text) ? text.normalize('NFKD').replace(MARKS, '').toLowerCase() : text.toLowerCase();
  let possible = 0;
  terms.forEach((term, index) => {
    if (folded.includes(term.word)) possible |= 1 << index;
  });
  if (possible === 0) return 0;
  let mask = 0;
  for (const word of indexWords(text)) {
    for (let index = 0; index < terms.length; index += 1) if (possible & (1 << index) && termMatches(terms[index]!, word)) mask |= 1 << index;
    if (mask === possible) break;
  }
  return mask;
}

const isAsciiWordChar = (code: number) => (code >= 48 && code <= 57) || (code >= 97 && code <= 122);

/**
 * {@link firstMatch} for ASCII text: each term's occurrences found with indexOf in the lower-cased text (same
 * offsets), a whole text never split into words, so a match at the end of a long answer costs a scan, not a fold
 * per word.
 */
function firstMatchAscii(text: string, terms: readonly QueryTerm[]): { start: number; end: number } | undefined {
  const lower = text.toLowerCase();
  let best: { start: number; end: number } | undefined;
  for (const term of terms) {
    for (let from = 0; ; ) {
      const at = lower.indexOf(term.word, from);
      if (at < 0 || (best && at >= best.start)) break;
      from = at + 1;
      if (at > 0 && isAsciiWordChar(lower.charCodeAt(at - 1))) continue;
      let end = at + term.word.length;
      // A whole word matches the term itself, or (cut to MAX_WORD_CHARS) its first characters; a prefix any word it begins.
      if (!term.prefix && term.word.length < MAX_WORD_CHARS && end < lower.length && isAsciiWordChar(lower.charCodeAt(end))) continue;
      while (end < lower.length && isAsciiWordChar(lower.charCodeAt(end))) end += 1;
      best = { start: at, end };
      break;
    }
  }
  return best;
}

/** The first word of `text` that matches a term, with its offsets. */
export function firstMatch(text: string, terms: readonly QueryTerm[]): { start: number; end: number } | undefined {
  if (!NON_ASCII.test(text)) return firstMatchAscii(text, terms);
  for (const match of text.matchAll(WORD)) {
    const word = foldWord(match[0]);
    if (terms.some((term) => termMatches(term, word))) return { start: match.index, end: match.index + match[0].length };
  }
  return undefined;
}

export interface Snippet {
  snippet: string;
  /** [start, end) offsets into `snippet` of every matched word. */
  highlights: [number, number][];
}

/**
 * About {@link SNIPPET_CHARS} characters of `text` around its first match (the start of the text when nothing
 * matches), on one line, with markdown's emphasis, code and heading marks left out; `…` where it was cut.
 */
export function snippetOf(text: string, terms: readonly QueryTerm[], size = SNIPPET_CHARS): Snippet {
  const match = firstMatch(text, terms);
  let from = match ? Math.max(0, match.start - Math.floor(size / 3)) : 0;
  let to = Math.min(text.length, from + size);
  if (to - from < size) from = Math.max(0, to - size);
  // Cut at spaces rather than inside words, when a space is near.
  if (from > 0) {
    const space = text.slice(from, match ? match.start : to).search(/\s/);
    if (space >= 0 && space < 20) from += space + 1;
  }
  if (to < text.length) {
    const space = text.slice(match ? match.end : from, to).search(/\s\S*$/);
    if (space >= 0 && to - ((match ? match.end : from) + space) < 20) to = (match ? match.end : from) + space;
  }
  const body = text
    .slice(from, to)
    .replace(/[*`#]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const snippet = `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`;
  const highlights: [number, number][] = [];
  for (const each of snippet.matchAll(WORD)) {
    const word = foldWord(each[0]);
    if (terms.some((term) => termMatches(term, word))) highlights.push([each.index, each.index + each[0].length]);
  }
  return { snippet, highlights };
}
