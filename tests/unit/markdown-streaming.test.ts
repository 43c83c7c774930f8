// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { StreamingMarkdown, renderMarkdown } from '@/lib/markdown';

/** A medium answer touching every construct, including the ones whose meaning depends on later lines. */
const DOC = `# Streaming test *doc*

Intro paragraph with **bold**, _em_, ~~gone~~, \`code\`, a [link](https://example.com "t"), a [ref link][ref],
a bare URL https://example.org/path. and an autolink <https://example.net>. Forward [1] reference.
Hard  
break, \\*escaped\\*, &amp; entities &copy; and <b>raw html</b>.

Setext heading
==============

Another one
---

1. first
2. second

3. third (now the list is loose)
   - nested *a*
   - nested b

     with a second paragraph

- [ ] task open
- [x] task done
* other bullet

> Quote line one
lazy continuation
> > nested quote
> - list in quote

\`\`\`ts
const x: number = 1; // <not html>
function f() {
  return \`\${x}\`;
}
\`\`\`

~~~
tilde fence
~~~

    indented code
    block

| Left | Center | Right |
|:-----|:------:|------:|
| a    | *b*    | \`c\`   |
| d \\| e | f |

Paragraph then table header
| h1 | h2 |
| -- | -- |
| x | y |

***

![cdn](https://pfst.cf2.poecdn.net/a.png) ![remote](https://evil.example/b.png "T")

[ref]: https://example.com/ref
[1]: https://example.com/one
Final line without newline`;

function oneShot(text: string): string {
  const el = document.createElement('div');
  renderMarkdown(el, text);
  return el.innerHTML;
}

function streamed(chunks: readonly string[], finish = true): HTMLElement {
  const el = document.createElement('div');
  const md = new StreamingMarkdown(el);
  for (const c of chunks) md.append(c);
  if (finish) md.finish();
  return el;
}

function splitEvery(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Deterministic pseudo-random chunk sizes 1..maxSize. */
function randomChunks(text: string, seed: number, maxSize: number): string[] {
  let s = seed;
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const n = 1 + (s % maxSize);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

describe('streaming equals one-shot', () => {
  const expected = oneShot(DOC);

  it('renders the medium document to something substantial', () => {
    expect(DOC.length).toBeGreaterThan(1000);
    expect(expected).toContain('<ol class="md-loose">');
    expect(expected).toContain('<a href="https://example.com/one" target="_blank" rel="noopener noreferrer">1</a>');
  });

  it('streams one character at a time', () => {
    expect(streamed(splitEvery(DOC, 1)).innerHTML).toBe(expected);
  });

  it.each([2, 3, 5, 7, 13, 20, 64])('streams in %i-character chunks', (size) => {
    expect(streamed(splitEvery(DOC, size)).innerHTML).toBe(expected);
  });

  it.each([1, 2, 3, 4, 5])('streams random chunk sizes (seed %i)', (seed) => {
    expect(streamed(randomChunks(DOC, seed, 40)).innerHTML).toBe(expected);
  });

  // Every split position, in slices: each test stays short even on a loaded machine (no slice nears the timeout).
  const SLICES = 16;
  const slice = Math.ceil((DOC.length + 1) / SLICES);
  it.each(Array.from({ length: SLICES }, (_, k) => [k * slice, Math.min((k + 1) * slice, DOC.length + 1) - 1]))(
    'splits in two at every position from %i to %i',
    (from, to) => {
      for (let i = from; i <= to; i++) {
        const html = streamed([DOC.slice(0, i), DOC.slice(i)]).innerHTML;
        if (html !== expected) expect(`split at ${i}: ${html}`).toBe(`split at ${i}: ${expected}`);
      }
    },
  );

  it('shows the same unfinished state whatever the chunking', () => {
    for (let end = 7; end < DOC.length; end += 37) {
      const prefix = DOC.slice(0, end);
      const atOnce = streamed([prefix], false).innerHTML;
      const byChar = streamed(splitEvery(prefix, 1), false).innerHTML;
      if (byChar !== atOnce) expect(`prefix ${end}: ${byChar}`).toBe(`prefix ${end}: ${atOnce}`);
    }
  });

  it('handles CRLF line endings split between chunks', () => {
    const crlf = DOC.replace(/\n/g, '\r\n');
    expect(streamed(splitEvery(crlf, 3)).innerHTML).toBe(oneShot(crlf));
    expect(oneShot(crlf)).toBe(expected);
  });
});

describe('blocks whose meaning depends on the next line', () => {
  it('turns "1. a\\n\\n2" into a loose two-item list once the item arrives', () => {
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    md.append('1. a\n\n2');
    expect(el.querySelectorAll('li')).toHaveLength(1);
    md.append('. b');
    expect(el.querySelectorAll('li')).toHaveLength(2);
    expect(el.querySelector('ol')?.className).toBe('md-loose');
    md.finish();
    expect(el.innerHTML).toBe(oneShot('1. a\n\n2. b'));
  });

  it('turns a paragraph into a setext heading, and back when the underline is not one', () => {
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    md.append('Title\n--');
    expect(el.querySelector('h2')?.textContent).toBe('Title');
    md.append('x');
    expect(el.querySelector('h2')).toBeNull();
    expect(el.querySelector('p')?.textContent).toBe('Title\n--x');
  });

  it('turns a paragraph line into a table header when the delimiter row arrives', () => {
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    md.append('| a | b |\n| --');
    expect(el.querySelector('table')).toBeNull();
    md.append('- | --- |\n| 1 | 2');
    expect(el.querySelectorAll('td')).toHaveLength(2);
  });
});

describe('open code blocks', () => {
  it('streams long code into line groups with exact text, then renders it as one text node', () => {
    const lines = Array.from({ length: 70 }, (_, i) => `line ${i} <x> & "y"`);
    const text = '```\n' + lines.join('\n') + '\n```\nafter';
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    const chunks = splitEvery(text, 9);
    const closeAt = chunks.findIndex((_, i) => chunks.slice(0, i + 1).join('').includes('\n```\n'));
    for (const c of chunks.slice(0, closeAt)) md.append(c);
    const code = el.querySelector('pre code') as HTMLElement;
    expect(Array.from(code.children, (g) => g.className)).toEqual(['md-code-lines', 'md-code-lines', 'md-code-lines']);
    expect(code.children[0]?.textContent?.split('\n')).toHaveLength(33);
    expect(lines.join('\n').startsWith(code.textContent ?? '')).toBe(true);
    for (const c of chunks.slice(closeAt)) md.append(c);
    md.finish();
    const done = el.querySelector('pre code') as HTMLElement;
    expect(done.childNodes).toHaveLength(1);
    expect(done.textContent).toBe(lines.join('\n'));
  });
});

describe('finished blocks are left alone', () => {
  it('keeps the same DOM node for a finished block and never mutates it', () => {
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    const chunks = splitEvery(DOC, 5);
    let i = 0;
    // Stream until the heading is finished (the next block's first line is complete).
    while (el.querySelector('h1') === null || !DOC.slice(0, i * 5).includes('Intro paragraph with **bold**, _em_, ~~gone~~, `code`, a [link](https://example.com "t"), a [ref link][ref],\n')) {
      md.append(chunks[i++] as string);
    }
    const heading = el.querySelector('h1') as HTMLElement;
    const observer = new MutationObserver(() => undefined);
    observer.observe(heading, { subtree: true, childList: true, characterData: true, attributes: true });
    for (; i < chunks.length; i++) md.append(chunks[i] as string);
    md.finish();
    expect(observer.takeRecords()).toEqual([]);
    expect(el.querySelector('h1')).toBe(heading);
    expect(el.contains(heading)).toBe(true);
  });

  it('re-renders only the open paragraph while text streams into it', () => {
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    md.append('First paragraph.\n\nSecond ');
    const first = el.querySelector('p');
    const second = el.querySelectorAll('p')[1];
    const growing = second?.firstChild;
    for (const word of ['grows ', 'word ', 'by ', 'word']) md.append(word);
    expect(el.querySelector('p')).toBe(first);
    expect(el.querySelectorAll('p')[1]).toBe(second);
    // Plain text is appended to the same text node rather than rebuilt.
    expect(second?.firstChild).toBe(growing);
    expect(second?.textContent).toBe('Second grows word by word');
  });
});

describe('references that resolve later', () => {
  it('links a finished paragraph once a later definition arrives', () => {
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    md.append('See [the docs] and [1].\n\nMore.\n\n');
    expect(el.querySelector('a')).toBeNull();
    md.append('[the docs]: https://docs.example/\n[1]: https://one.example/\n');
    md.finish();
    expect(Array.from(el.querySelectorAll('a'), (a) => a.textContent)).toEqual(['the docs', '1']);
  });

  it('resolves an inline_ref file that arrives after the text referencing it', () => {
    const inlineFiles = new Map<string, { url: string; contentType: string; name: string }>();
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el, { inlineFiles });
    md.append('Here: ![Chart][img1]\n\nand more');
    expect(el.querySelector('img')).toBeNull();
    inlineFiles.set('img1', { url: 'https://pfst.cf2.poecdn.net/c.png', contentType: 'image/png', name: 'c.png' });
    md.append(' text');
    md.finish();
    expect(el.querySelector('img')?.getAttribute('src')).toBe('https://pfst.cf2.poecdn.net/c.png');
    const one = document.createElement('div');
    renderMarkdown(one, 'Here: ![Chart][img1]\n\nand more text', { inlineFiles });
    expect(el.innerHTML).toBe(one.innerHTML);
  });
});

describe('reset and finish', () => {
  it('reset() replaces everything and streaming continues from the new text', () => {
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    md.append('# Old\n\n- item');
    md.reset('Replaced *text*');
    expect(el.textContent).toBe('Replaced text');
    expect(el.querySelector('h1')).toBeNull();
    md.append(' and more\n\n> quote');
    md.finish();
    expect(el.innerHTML).toBe(oneShot('Replaced *text* and more\n\n> quote'));
  });

  it('reset() with no text empties the container', () => {
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    md.append('something');
    md.reset();
    expect(el.innerHTML).toBe('');
  });

  it('clears what the container held before', () => {
    const el = document.createElement('div');
    el.innerHTML = '<p>stale</p>';
    renderMarkdown(el, 'fresh');
    expect(el.textContent).toBe('fresh');
  });

  it('finish() is idempotent and an append after it starts over with the whole text', () => {
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    md.append('```js\nlet a');
    md.finish();
    md.finish();
    expect(el.innerHTML).toBe(oneShot('```js\nlet a'));
    md.append(' = 1;\n```\nafter');
    md.finish();
    expect(el.innerHTML).toBe(oneShot('```js\nlet a = 1;\n```\nafter'));
  });
});
