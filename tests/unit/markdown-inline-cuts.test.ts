// @vitest-environment happy-dom
/**
 * The inline parser's cuts (where a streaming paragraph may render the text before for good): parsing both sides
 * separately equals parsing the whole, and whether an index is a cut never changes as text is appended. Checked on
 * many pseudo-random texts made of the tokens that make inline parsing depend on what comes later.
 */
import { describe, expect, it } from 'vitest';
import { buildInlines } from '@/lib/markdown/inline-dom';
import { parseInline, type ResolveRef } from '@/lib/markdown/inline-parser';
import { poeCdnOnly } from '@/lib/markdown/url-policy';

const env = {
  doc: document,
  imageTrust: poeCdnOnly,
  loadImage: () => Promise.reject(new Error('no http images here')),
  approvedImages: new Set<string>(),
};
const resolve: ResolveRef = (label) => (label === 'REF' ? { href: 'https://ref.example/', title: '' } : undefined);

function html(src: string): string {
  const el = document.createElement('div');
  buildInlines(env, parseInline(src, resolve), el);
  return el.innerHTML;
}

function cutsOf(src: string): number[] {
  const cuts: number[] = [];
  parseInline(src, resolve, cuts);
  return cuts;
}

/** Pieces that open, close or look ahead, glued to words so that runs can match across spaces. */
const TOKENS = [
  '*w', 'w*', '**w', 'w**', '_w', 'w_', '~w', 'w~', '~~w', 'w~~', '`c', 'c`', '``c', 'c``', '*', '_', '`',
  '[', ']', '[l', 'l]', '](https://l.example/)', '](https://l.example/ "t', '")', '(', ')', '![', '[REF]', '[ref]', '][REF]',
  '<', '>', '<https://c.example>', '<https://c', '<me@x.example>', '&amp;', '&', '&#35;', '&copy', ';', '\\', '\\*',
  'https://a.example/p', 'https://b.example/q.', 'x_y', '2*3', '"', "'", ':',
];
const PROSE = ['word', 'more', 'text.', ' ', ' ', ' ', ' ', '\n', '  \n'];

/** About half prose, half pieces that make parsing depend on what comes later. */
function randomText(seed: number, tokens: number): string {
  let s = seed;
  let out = '';
  for (let i = 0; i < tokens; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const pick = s >> 8;
    out += s % 2 === 0 ? PROSE[pick % PROSE.length] : TOKENS[pick % TOKENS.length];
  }
  return out;
}

/** One case per thing that can make text before a space depend on text after it. */
const CASES = [
  'a `code with spaces` after and more',
  'a ``code ` with a tick`` after and more',
  'a `code that has no closer yet and then` does',
  'a *em with spaces* after', 'a **strong with spaces** after', 'a _under with spaces_ after',
  'a ~~gone with spaces~~ after', 'a ~one tilde~ after', 'a ***both kinds** of it* after', 'an *opener never closed',
  'a [link with text](https://x.example/ "title with spaces") after',
  'a [link](<https://x.example/with spaces>) after', 'a [link](https://x.example/\n"title\non lines") after',
  'a [ref text][REF] after', 'a [REF] after', 'a [text] [REF] after', 'a [not a ref] after (paren)',
  'a ![alt with words](https://i.example/a.png "t") after', 'a [a [b](c) d] e f', 'a [link *em](u) x* y z',
  'a *b [c* d](u) e f', 'a <https://auto.example/p> b c', 'a < b c', 'a <me@x.example> b', 'x &amp; y &nbsp z &#35; w',
  'line one  \nline two\\\nline three \n  four', 'see https://u.example/a_b_(c). and more',
];

function splitsCleanly(text: string): void {
  const whole = html(text);
  for (const p of cutsOf(text)) {
    const split = html(text.slice(0, p)) + html(text.slice(p));
    if (split !== whole) expect(`${JSON.stringify(text)} cut at ${p}: ${split}`).toBe(whole);
  }
}

function keepsCuts(text: string, step = 1): void {
  const final = cutsOf(text);
  for (let end = 1; end < text.length; end += step) {
    const prefix = text.slice(0, end);
    const early = cutsOf(prefix);
    const expected = final.filter((p) => p < end);
    if (early.join() !== expected.join()) expect(`${JSON.stringify(prefix)}: ${early.join()}`).toBe(`${JSON.stringify(prefix)}: ${expected.join()}`);
  }
}

describe('inline cuts', () => {
  it.each(CASES)('splits and grows cleanly: %s', (text) => {
    splitsCleanly(text);
    keepsCuts(text);
  });

  it('finds cuts in ordinary prose and none inside open constructs', () => {
    expect(cutsOf('plain words here')).toEqual([6, 12]);
    // `*a` may still be closed: nothing after an unmatched opener is final.
    expect(cutsOf('x *a b c')).toEqual([2]);
    // A closed link, emphasis and code span settle; cuts resume after them.
    const text = 'see [the docs](https://d.example/ "T") and **bold words** and `code span` end';
    const cuts = cutsOf(text);
    for (const p of cuts) expect(text.slice(p - 1, p)).toMatch(/[ \n]/);
    expect(cuts.some((p) => p > text.indexOf('end') - 1)).toBe(true);
    expect(cuts.some((p) => p > text.indexOf('[') && p <= text.indexOf(')'))).toBe(false);
    expect(cuts.some((p) => p > text.indexOf('**') && p <= text.lastIndexOf('**') + 1)).toBe(false);
  });

  it('splits anywhere at a cut without changing the output', () => {
    let checked = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const text = randomText(seed, 60);
      splitsCleanly(text);
      checked += cutsOf(text).length;
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('keeps every cut, and every non-cut, as the text grows', () => {
    for (let seed = 1; seed <= 200; seed++) keepsCuts(randomText(seed, 60), 3);
  });
});
