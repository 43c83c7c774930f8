// @vitest-environment happy-dom
/**
 * Math in answers: which `$`, `$$`, `\(…\)`, `\[…\]` are formulas (and which dollars are prices), that code stays code,
 * that a streamed formula is text until it closes and then the same as a one-shot render, that the inline parser's cuts
 * stay honest with math in the text, that the renderer without a typesetter (the bubble) shows the source, and that
 * copying a selection gives the LaTeX.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { StreamingMarkdown, flushMath, renderMarkdown } from '@/lib/markdown';
import { StreamingMarkdown as CoreMarkdown } from '@/lib/markdown/streaming';
import { buildInlines } from '@/lib/markdown/inline-dom';
import { parseInline } from '@/lib/markdown/inline-parser';
import { selectionWithMath } from '@/lib/markdown/math-copy';
import { poeCdnOnly } from '@/lib/markdown/url-policy';

async function render(text: string): Promise<HTMLElement> {
  const el = document.createElement('div');
  document.body.appendChild(el);
  renderMarkdown(el, text);
  await flushMath();
  return el;
}

const formulas = (el: HTMLElement) => Array.from(el.querySelectorAll('.md-math'));
const tex = (el: Element) => el.querySelector('annotation')?.textContent;

beforeAll(async () => {
  // Load the typesetter once, so later renders typeset synchronously (as a page does after its first formula).
  await render('$x$');
});

describe('math syntax', () => {
  it('typesets $…$ and \\(…\\) inline, $$…$$ and \\[…\\] as display math', async () => {
    const el = await render('Area $\\pi r^2$ and \\(e^{i\\pi}\\) here.\n\n$$\\int_0^1 x\\,dx$$\n\n\\[\na^2+b^2=c^2\n\\]');
    const found = formulas(el);
    expect(found.map(tex)).toEqual(['\\pi r^2', 'e^{i\\pi}', '\\int_0^1 x\\,dx', '\na^2+b^2=c^2\n']);
    expect(found.map((f) => f.classList.contains('md-math-display'))).toEqual([false, false, true, true]);
    expect(found[0]?.querySelector('math')?.namespaceURI).toBe('http://www.w3.org/1998/Math/MathML');
    expect(found[2]?.querySelector('math')?.getAttribute('display')).toBe('block');
    expect(el.querySelector('p')?.textContent).toContain('Area ');
  });

  it('keeps prices and spaced dollars as text', async () => {
    for (const text of ['It costs $5 and $10 total.', 'between $ 5 and 6 $', 'pay $x $ now', 'from $3$5 on', 'a \\$x\\$ b', '$$$$ and $$ $$']) {
      const el = await render(text);
      expect(formulas(el), text).toHaveLength(0);
    }
    expect((await render('It costs $5 and $10 total.')).textContent).toBe('It costs $5 and $10 total.');
    expect((await render('a \\$x\\$ b')).textContent).toBe('a $x$ b');
  });

  it('keeps the lines of open display math in its paragraph, even when they look like markdown', async () => {
    const el = await render('Expand:\n$$\nf(x) = a_0\n+ a_1 x\n- a_2 x^2\n> 3\n=\n$$\nand\n\\[\n1. x\n\\]\n\n- a list after it');
    expect(el.querySelectorAll('.md-seg > p')).toHaveLength(1);
    const [first, second] = formulas(el);
    expect(tex(first as Element)).toBe('\nf(x) = a_0\n+ a_1 x\n- a_2 x^2\n> 3\n=\n');
    expect(tex(second as Element)).toBe('\n1. x\n');
    expect(el.querySelectorAll('ul li')).toHaveLength(1);
    expect(el.querySelector('h1, h2, ol, blockquote')).toBeNull();
  });

  it('lets a stray $$ hold block starts only within the display-math limit', async () => {
    const el = await render(`It costs $$5\n${'word '.repeat(900)}\n- an item`);
    expect(el.querySelectorAll('ul li')).toHaveLength(1);
    const closed = await render('Price $$5$$ paid\n- an item');
    expect(closed.querySelectorAll('ul li')).toHaveLength(1);
  });

  it('never looks for math in code spans or code blocks', async () => {
    const el = await render('Use `$x^2$` here\n\n```tex\n$$\\frac{a}{b}$$\n```\n\n    $y$ indented');
    expect(formulas(el)).toHaveLength(0);
    expect(el.querySelector('p code')?.textContent).toBe('$x^2$');
    expect(el.querySelector('pre')?.textContent).toContain('$$\\frac{a}{b}$$');
  });

  it('lets emphasis and links around math work, and none inside it', async () => {
    const el = await render('**bold $a*b*c$** and [link $x_1$](https://e.example/)');
    expect(el.querySelector('strong .md-math')).not.toBeNull();
    expect(el.querySelector('a .md-math')).not.toBeNull();
    expect(tex(formulas(el)[0] as Element)).toBe('a*b*c');
    expect(el.querySelector('em')).toBeNull();
  });

  it('typesets math in headings, table cells, list items and quotes', async () => {
    const el = await render('# Mass $E=mc^2$\n\n| a | b |\n|---|---|\n| $x_1$ | y |\n\n- item $\\alpha$\n\n> quoted\n> $$\\beta$$');
    expect(el.querySelector('h1 .md-math math')).not.toBeNull();
    expect(el.querySelector('td .md-math math')).not.toBeNull();
    expect(el.querySelector('li .md-math math')).not.toBeNull();
    expect(el.querySelector('blockquote .md-math-display math')).not.toBeNull();
  });

  it('shows bidi controls and invisible characters in a formula as markers, in the math and in its source', async () => {
    const el = await render('$a\u202Eb\u200Bc$');
    expect(el.innerHTML).not.toMatch(/[\u202E\u200B]/);
    expect(tex(formulas(el)[0] as Element)).toBe('a\u27E8RLO\u27E9b\u27E8ZWSP\u27E9c');
  });

  it('shows a TeX error as its source, marked, and never throws', async () => {
    const el = await render('bad $\\frac{1}{$ and $\\nosuchmacro{x}$ end');
    const [a, b] = formulas(el);
    expect(a?.textContent).toBe('$\\frac{1}{$');
    expect(b?.textContent).toBe('$\\nosuchmacro{x}$');
    expect(a?.classList.contains('md-math-error')).toBe(true);
    expect(el.querySelector('math')).toBeNull();
  });
});

describe('streaming math', () => {
  const DOC =
    'Euler wrote $e^{i\\pi} + 1 = 0$, which costs $5 and $10 to print.\n\nThe roots:\n$$\nx = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}\n$$\nand `$not$` math, \\(\\alpha\\) too.\n\n```\n$code$\n```\n\n| a | $b^2$ |\n|---|---|\n| $c$ | d |\n\nExpand:\n$$\nf(x) = a_0\n+ a_1 x\n- a_2 x^2\n$$\n- then a list\n';

  function streamed(chunks: readonly string[]): { el: HTMLElement; md: StreamingMarkdown } {
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    for (const c of chunks) md.append(c);
    return { el, md };
  }

  it('shows an unfinished formula as text, then typesets it when it closes', () => {
    const { el, md } = streamed(['Euler: $e^{i\\pi', '} + 1']);
    expect(el.querySelector('.md-math')).toBeNull();
    expect(el.textContent).toBe('Euler: $e^{i\\pi} + 1');
    md.append(' = 0$ done');
    expect(tex(el.querySelector('.md-math') as Element)).toBe('e^{i\\pi} + 1 = 0');
    expect(el.textContent).toContain(' done');
  });

  it('keeps display math as text until its closing $$ arrives, across lines', () => {
    const { el, md } = streamed(['Roots:\n$$\nx = \\frac{-b', ' \\pm 1}{2a}\n']);
    expect(el.querySelector('.md-math')).toBeNull();
    md.append('$$\nafter');
    const math = el.querySelector('.md-math-display');
    expect(math?.querySelector('math')).not.toBeNull();
    md.finish();
    expect(el.querySelector('.md-math-display math')).not.toBeNull();
  });

  it('never shows the lines of an open display formula as a list, even before it closes', () => {
    const { el, md } = streamed(['Expand:\n$$\nf(x) = a_0\n+ a_1', ' x\n- a_2 x^2\n']);
    expect(el.querySelector('ul, li')).toBeNull();
    md.append('$$\n');
    expect(el.querySelector('ul, li')).toBeNull();
    expect(el.querySelector('.md-math-display math')).not.toBeNull();
  });

  it('keeps a typeset formula node while the paragraph goes on streaming (no flicker)', () => {
    const { el, md } = streamed(['a $x^2$ b']);
    const node = el.querySelector('.md-math');
    for (const piece of [' more', ' words', ' $y', '$ end']) md.append(piece);
    expect(el.querySelector('.md-math')).toBe(node);
    expect(el.querySelectorAll('.md-math')).toHaveLength(2);
  });

  it('equals the one-shot render whatever the chunking', () => {
    const one = document.createElement('div');
    renderMarkdown(one, DOC);
    expect(one.querySelectorAll('.md-math math')).toHaveLength(6);
    expect(one.querySelectorAll('ul li')).toHaveLength(1);
    for (let seed = 1; seed <= 40; seed++) {
      const chunks: string[] = [];
      let s = seed;
      for (let i = 0; i < DOC.length; ) {
        s = (s * 1103515245 + 12345) % 2147483648;
        const n = 1 + (s % 9);
        chunks.push(DOC.slice(i, i + n));
        i += n;
      }
      const { el, md } = streamed(chunks);
      md.finish();
      expect(el.innerHTML, `seed ${seed}`).toBe(one.innerHTML);
    }
  });
});

describe('inline cuts with math', () => {
  const env = { doc: document, imageTrust: poeCdnOnly, loadImage: () => Promise.reject(new Error('no')), approvedImages: new Set<string>() };
  const html = (src: string) => {
    const el = document.createElement('div');
    buildInlines(env, parseInline(src, () => undefined), el);
    return el.innerHTML;
  };
  const cutsOf = (src: string) => {
    const cuts: number[] = [];
    parseInline(src, () => undefined, cuts);
    return cuts;
  };
  const TOKENS = ['$x', 'x$', '$x y$', '$', '$$', '$$ a b $$', '\\(', '\\)', '\\(a b\\)', '\\[', '\\]', '\\[ c \\]', '$5', '10$', '\\$', '`$`', '*', 'w*', '*w', '`'];
  const PROSE = ['word', 'more', ' ', ' ', ' ', '\n', '7'];

  function randomText(seed: number, n: number): string {
    let s = seed;
    let out = '';
    for (let i = 0; i < n; i++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const pick = s >> 8;
      out += s % 2 === 0 ? PROSE[pick % PROSE.length] : TOKENS[pick % TOKENS.length];
    }
    return out;
  }

  it('splits at a cut without changing the output, and keeps cuts as the text grows', () => {
    let checked = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const text = randomText(seed, 50);
      const whole = html(text);
      const final = cutsOf(text);
      checked += final.length;
      for (const p of final) expect(html(text.slice(0, p)) + html(text.slice(p)), `${JSON.stringify(text)} at ${p}`).toBe(whole);
      for (let end = 1; end < text.length; end += 3) {
        expect(cutsOf(text.slice(0, end)), JSON.stringify(text.slice(0, end))).toEqual(final.filter((p) => p < end));
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('decides an unmatched $ within its window, so a long paragraph after a price still cuts', () => {
    const text = `It costs $5 ${'and more words '.repeat(100)}end`;
    expect(cutsOf(text).some((p) => p > 1100)).toBe(true);
    expect(cutsOf(text).some((p) => p > 10 && p < 1000)).toBe(false);
  });
});

describe('without a typesetter (the selection bubble)', () => {
  it('shows each formula as its source text', () => {
    const el = document.createElement('div');
    const md = new CoreMarkdown(el);
    md.append('so $x^2$ and \\[y\\] end');
    md.finish();
    expect(Array.from(el.querySelectorAll('.md-math')).map((m) => m.textContent)).toEqual(['$x^2$', '\\[y\\]']);
    expect(el.querySelector('math')).toBeNull();
    expect(el.textContent).toBe('so $x^2$ and \\[y\\] end');
  });
});

describe('copying math', () => {
  it('gives the LaTeX source of every formula in the selection', async () => {
    const el = await render('Area $\\pi r^2$ of it.\n\n$$E=mc^2$$\n\nAfter.');
    const selection = document.getSelection() as Selection;
    const range = document.createRange();
    range.selectNodeContents(el);
    selection.removeAllRanges();
    selection.addRange(range);
    const text = selectionWithMath(document, selection) ?? '';
    expect(text).toContain('Area $\\pi r^2$ of it.');
    expect(text).toContain('$$E=mc^2$$');
    expect(text).toContain('After.');
    expect(text).not.toContain('π');
  });

  it('gives the whole source when the selection is inside one formula, and leaves math-free selections alone', async () => {
    const el = await render('plain $x^2$ words');
    const selection = document.getSelection() as Selection;
    const range = document.createRange();
    range.selectNodeContents(el.querySelector('math mi') as Element);
    selection.removeAllRanges();
    selection.addRange(range);
    expect(selectionWithMath(document, selection)).toBe('$x^2$');
    const words = el.querySelector('p')?.lastChild as Text;
    range.setStart(words, 1);
    range.setEnd(words, 4);
    expect(selectionWithMath(document, selection)).toBeNull();
  });
});
