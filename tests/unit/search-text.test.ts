import { describe, expect, it } from 'vitest';
import { firstMatch, foldWord, indexWords, MAX_WORD_CHARS, parseQuery, snippetOf, SNIPPET_CHARS, termMask, termMatches } from '@/lib/storage/search-text';

describe('search words', () => {
  it('indexes folded words of two characters or more, once each, cut to the longest word kept', () => {
    const long = 'x'.repeat(40);
    expect([...indexWords(`Café CAFÉ a naïve déjà-vu 42 I ${long}`)].sort()).toEqual(['42', 'cafe', 'deja', 'naive', 'vu', 'x'.repeat(MAX_WORD_CHARS)].sort());
    expect([...indexWords('Plain ASCII, plain words.')].sort()).toEqual(['ascii', 'plain', 'words']);
  });

  it('reads a query: words in order without repeats, the last one a prefix while it is being typed', () => {
    expect(parseQuery('Rust lang')).toEqual([
      { word: 'rust', prefix: false },
      { word: 'lang', prefix: true },
    ]);
    expect(parseQuery('rust lang ')).toEqual([
      { word: 'rust', prefix: false },
      { word: 'lang', prefix: false },
    ]);
    expect(parseQuery('Crème brûlée?')).toEqual([
      { word: 'creme', prefix: false },
      { word: 'brulee', prefix: false },
    ]);
    // Too short to index: dropped; a repeat is one term.
    expect(parseQuery('a rust x RUST')).toEqual([{ word: 'rust', prefix: false }]);
    expect(parseQuery('r')).toEqual([]);
    expect(parseQuery('  ')).toEqual([]);
  });

  it('matches whole words, and the typed word as a prefix', () => {
    const terms = parseQuery('rust lan');
    expect(termMask('Trust the language', terms)).toBe(0b10);
    expect(termMask('Rust, the language.', terms)).toBe(0b11);
    expect(termMask('rusty lanterns', terms)).toBe(0b10);
    expect(termMask('nothing here', terms)).toBe(0);
    expect(termMask('À la CAFÉ', parseQuery('cafe '))).toBe(0b1);
  });

  it('cuts a snippet around the first match, on one line, with the matched words highlighted', () => {
    const before = 'Lorem ipsum dolor sit amet. '.repeat(10);
    const after = ' consectetur adipiscing elit, sed do eiusmod tempor.'.repeat(5);
    const text = `${before}\n\n## The **volcano** erupted\n${after}`;
    const { snippet, highlights } = snippetOf(text, parseQuery('volcano erup'));
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(SNIPPET_CHARS + 2);
    expect(snippet).not.toMatch(/[\n*#]/);
    expect(highlights.map(([start, end]) => snippet.slice(start, end))).toEqual(['volcano', 'erupted']);
  });

  it('gives the start of a text that does not match, and a short text whole', () => {
    expect(snippetOf('Short  title', parseQuery('zzz'))).toEqual({ snippet: 'Short title', highlights: [] });
    expect(snippetOf('Café au lait', parseQuery('cafe'))).toEqual({ snippet: 'Café au lait', highlights: [[0, 4]] });
  });

  it('finds the first matching word of an ASCII text without splitting it, as the word by word reading does', () => {
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const pieces = ['ab', 'abc', 'Abcd', 'b2', 'x', 'xy', ' ', ' ', '. ', '-', '_', '9', 'ABC', 'q'.repeat(MAX_WORD_CHARS), 'q'.repeat(MAX_WORD_CHARS + 3)];
    const queries = ['ab', 'ab ', 'abc', 'abcd ', 'b2', 'xy', 'bc', '9', 'x ab', `${'q'.repeat(MAX_WORD_CHARS)} `, `${'q'.repeat(MAX_WORD_CHARS - 1)} `, 'qq'];
    const wordByWord = (text: string, query: string) => {
      const terms = parseQuery(query);
      for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
        if (terms.some((term) => termMatches(term, foldWord(match[0])))) return { start: match.index, end: match.index + match[0].length };
      }
      return undefined;
    };
    for (let round = 0; round < 400; round += 1) {
      const text = Array.from({ length: Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      for (const query of queries) expect(firstMatch(text, parseQuery(query)), `${JSON.stringify(text)} / ${query}`).toEqual(wordByWord(text, query));
    }
  });
});
