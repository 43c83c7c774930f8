// @vitest-environment happy-dom
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { marked } from '@/components/HiddenMarks';
import { Snippet } from '@/components/HistoryPanel';
import { StreamingMarkdown, renderMarkdown } from '@/lib/markdown';
import { dropLeadingBom, hasHidden, hiddenParts, showHidden } from '@/lib/markdown/visible-text';
import type { SearchResult } from '@/lib/messaging/contracts';

const RLO = '\u202E';

/** Every character shown, and its marker. */
const MARKERS: [string, string][] = [
  ['\u202A', '⟨LRE⟩'],
  ['\u202B', '⟨RLE⟩'],
  ['\u202C', '⟨PDF⟩'],
  ['\u202D', '⟨LRO⟩'],
  ['\u202E', '⟨RLO⟩'],
  ['\u2066', '⟨LRI⟩'],
  ['\u2067', '⟨RLI⟩'],
  ['\u2068', '⟨FSI⟩'],
  ['\u2069', '⟨PDI⟩'],
  ['\u200B', '⟨ZWSP⟩'],
  ['\u2060', '⟨WJ⟩'],
  ['\uFEFF', '⟨BOM⟩'],
];

/** Text real writing needs, left as it is. */
const KEPT = [
  'family 👨\u200D👩\u200D👧 and 🏳\uFE0F\u200D🌈', // ZWJ emoji sequences
  'می\u200Cخواهم', // Persian: ZWNJ keeps the letters apart
  'क्\u200Dष and ಕ್\u200Cಷ', // Devanagari ZWJ, Kannada ZWNJ
  'שלום abc\u200F def\u200E', // RLM, LRM
  'عربي\u061C123', // ALM
];

const CONTROLS_RE = /[\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF]/;

function rendered(text: string): HTMLElement {
  const el = document.createElement('div');
  renderMarkdown(el, text);
  return el;
}

function rendersTo(children: ReturnType<typeof marked>): HTMLElement {
  const el = document.createElement('div');
  render(h('div', null, children), el);
  return el.firstElementChild as HTMLElement;
}

describe('showHidden: bidi controls and invisible characters become named markers', () => {
  it('shows each one as its marker', () => {
    expect(showHidden(`report_final${RLO}gpj.exe`)).toBe('report_final⟨RLO⟩gpj.exe');
    for (const [char, marker] of MARKERS) expect(showHidden(`a${char}b`)).toBe(`a${marker}b`);
    expect(showHidden(MARKERS.map(([char]) => char).join(''))).toBe(MARKERS.map(([, marker]) => marker).join(''));
    // Names keep a BOM at their start, shown: it is not the name it looks like.
    expect(showHidden('\uFEFFreport.pdf')).toBe('⟨BOM⟩report.pdf');
  });

  it('leaves joiners and direction marks alone', () => {
    for (const text of KEPT) {
      expect(showHidden(text)).toBe(text);
      expect(hasHidden(text)).toBe(false);
      expect(rendered(text).textContent).toBe(text);
    }
  });

  it('is the same done in pieces as at once, and done twice as once', () => {
    const text = `a${RLO}b\u2066c\u200Bd\uFEFF`;
    for (let cut = 0; cut <= text.length; cut++) {
      expect(showHidden(text.slice(0, cut)) + showHidden(text.slice(cut))).toBe(showHidden(text));
    }
    expect(showHidden(showHidden(text))).toBe(showHidden(text));
  });

  it('drops only a BOM that starts the text, where it is asked to', () => {
    expect(dropLeadingBom('\uFEFFHello')).toBe('Hello');
    expect(dropLeadingBom('\uFEFF\uFEFFHello')).toBe('\uFEFFHello');
    expect(dropLeadingBom('He\uFEFFllo')).toBe('He\uFEFFllo');
  });

  it('cuts text into runs and markers that read as showHidden', () => {
    const text = `x${RLO}y\u200B`;
    const parts = hiddenParts(text);
    expect(parts).toEqual([
      'x',
      { marker: '⟨RLO⟩', title: 'Right-to-left override (U+202E), shown instead of obeyed' },
      'y',
      { marker: '⟨ZWSP⟩', title: 'Zero-width space (U+200B), an invisible character, shown' },
    ]);
    for (const [char] of MARKERS) {
      const joined = hiddenParts(`a${char}b`).map((part) => (typeof part === 'string' ? part : part.marker));
      expect(joined.join('')).toBe(showHidden(`a${char}b`));
    }
  });
});

describe('in components: each marker styled as one', () => {
  it('wraps each marker in span.hidden-mark with what it stands for', () => {
    const el = rendersTo(marked(`report_final${RLO}gpj.exe`));
    expect(el.textContent).toBe('report_final⟨RLO⟩gpj.exe');
    const marks = el.querySelectorAll('span.hidden-mark');
    expect(marks).toHaveLength(1);
    expect(marks[0]?.textContent).toBe('⟨RLO⟩');
    expect(marks[0]?.getAttribute('title')).toBe('Right-to-left override (U+202E), shown instead of obeyed');
    expect(el.innerHTML).not.toMatch(CONTROLS_RE);
  });

  it('gives text with none back as it is', () => {
    for (const text of KEPT) expect(marked(text)).toBe(text);
  });

  it('a search snippet: the highlights still land on the matched words', () => {
    const snippet = `pay ${RLO}lave\u202C the \u200Binvoice now, not later`;
    const words = ['invoice', 'now', 'later'];
    const highlights = words.map((word) => {
      const start = snippet.indexOf(word);
      return [start, start + word.length] as [number, number];
    });
    const result = { conversation: { id: 'c1', title: 't', bot: 'b', createdAt: 1, updatedAt: 1 }, snippet, highlights } as unknown as SearchResult;
    const el = rendersTo(h(Snippet, { result }));
    expect([...el.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual(words);
    expect(el.textContent).toBe(showHidden(snippet));
    expect([...el.querySelectorAll('.hidden-mark')].map((mark) => mark.textContent)).toEqual(['⟨RLO⟩', '⟨PDF⟩', '⟨ZWSP⟩']);
  });

  it('a search snippet: a highlight around a hidden character shows its marker inside the highlight', () => {
    const snippet = `see e${RLO}vil here`;
    const start = snippet.indexOf('e' + RLO);
    const result = { conversation: { id: 'c1', title: 't', bot: 'b', createdAt: 1, updatedAt: 1 }, snippet, highlights: [[start, start + 5]] } as unknown as SearchResult;
    const el = rendersTo(h(Snippet, { result }));
    const mark = el.querySelector('mark');
    expect(mark?.textContent).toBe('e⟨RLO⟩vil');
    expect(mark?.querySelector('.hidden-mark')?.textContent).toBe('⟨RLO⟩');
    expect(el.textContent).toBe('see e⟨RLO⟩vil here');
  });
});

describe('in a bot answer (markdown): markers as text, wherever the text goes', () => {
  it('text, headings, link text, code, tables and image descriptions', () => {
    const el = rendered(
      [
        `# Title${RLO}x`,
        '',
        `Open report_final${RLO}gpj.exe now.`,
        '',
        `[click${RLO}gpj.exe](https://example.com/a)`,
        '',
        '```js',
        `const access = "user${RLO}"; // \u2066admin`,
        '```',
        '',
        '| a | b |',
        '|---|---|',
        `| x\u200By | \u2067z |`,
        '',
        `![pic${RLO}x](https://evil.example/p.png)`,
      ].join('\n'),
    );
    expect(el.querySelector('h1')?.textContent).toBe('Title⟨RLO⟩x');
    expect(el.textContent).toContain('report_final⟨RLO⟩gpj.exe');
    expect(el.querySelector('a')?.textContent).toBe('click⟨RLO⟩gpj.exe');
    expect(el.querySelector('pre')?.textContent).toContain('user⟨RLO⟩"; // ⟨LRI⟩admin');
    expect([...el.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['x⟨ZWSP⟩y', '⟨RLI⟩z']);
    expect(el.querySelector('.md-img-load')?.getAttribute('title')).toBe('pic⟨RLO⟩x');
    expect(el.innerHTML).not.toMatch(CONTROLS_RE);
  });

  it('drops a BOM that starts the answer and shows any other', () => {
    expect(rendered('\uFEFFHello').textContent).toBe('Hello');
    expect(rendered('\uFEFF\uFEFFHello').textContent).toBe('⟨BOM⟩Hello');
    expect(rendered('Hel\uFEFFlo').textContent).toBe('Hel⟨BOM⟩lo');
  });

  const ANSWER = [
    `\uFEFF# Files${RLO}`,
    '',
    `Files: a${RLO}b.txt and c\u200Bd${RLO} with \`co${'\u2068'}de\` and **bo\u2060ld${'\u2069'}**`,
    `- [li${RLO}nk](https://example.com/x) \u202Aitem\u202C`,
    '',
    '| h\u202B | k |',
    '|---|---|',
    `| c${RLO} | \uFEFF |`,
    '',
    '```',
    `code\u202Dline ${RLO}`,
    '```',
    `family 👨\u200D👩\u200D👧 می\u200Cخواهم abc\u200Fdef`,
  ].join('\n');

  it('streamed in two pieces cut anywhere, shows the same as rendered at once', () => {
    const whole = rendered(ANSWER).innerHTML;
    expect(whole).not.toMatch(CONTROLS_RE);
    for (let cut = 1; cut < ANSWER.length; cut++) {
      const el = document.createElement('div');
      const md = new StreamingMarkdown(el);
      md.append(ANSWER.slice(0, cut));
      md.append(ANSWER.slice(cut));
      md.finish();
      expect(el.innerHTML, `cut at ${cut}`).toBe(whole);
    }
  });

  it('streamed a character at a time, or in random pieces, shows the same', () => {
    const whole = rendered(ANSWER).innerHTML;
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    for (const char of ANSWER) md.append(char);
    md.finish();
    expect(el.innerHTML).toBe(whole);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 30; round++) {
      const el = document.createElement('div');
      const md = new StreamingMarkdown(el);
      for (let at = 0; at < ANSWER.length; ) {
        const size = 1 + Math.floor(random() * 9);
        md.append(ANSWER.slice(at, at + size));
        at += size;
      }
      md.finish();
      expect(el.innerHTML, `round ${round}`).toBe(whole);
    }
  });

  it('rendered in pieces that cut through a marker, shows the same', () => {
    const whole = rendered(ANSWER).innerHTML;
    for (const size of [1, 2, 3, 5]) {
      const el = document.createElement('div');
      const md = new StreamingMarkdown(el);
      md.write(ANSWER);
      // Pieces of `size` characters of the replaced text: the six characters of ⟨ZWSP⟩ land in different pieces.
      while (!md.pump(Infinity, undefined, size)) expect(el.innerHTML).not.toMatch(CONTROLS_RE);
      md.finish();
      expect(el.innerHTML, `pieces of ${size}`).toBe(whole);
    }
  });

  it('a stream that starts with a lone BOM drops only that one', () => {
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    md.append('\uFEFF');
    md.append('\uFEFFHello');
    md.finish();
    expect(el.innerHTML).toBe(rendered('\uFEFF\uFEFFHello').innerHTML);
    expect(el.textContent).toBe('⟨BOM⟩Hello');
  });
});
