// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { Readability } from '@mozilla/readability';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { domToText } from '@/lib/capture/dom-text';
import { capText, extractPage, fallbackText, MAX_TEXT_CHARS } from '@/lib/capture/page-text';

const ARTICLE = readFileSync('tests/e2e/pages/article.html', 'utf8');
const CHROME_TEXTS = ['Home · About · Contact', 'Site header banner', 'Sidebar: related links', 'Lakes of the world', 'Footer copyright notice'];

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const body = (html: string) => parse(`<!doctype html><html><head><title>T</title></head><body>${html}</body></html>`);

afterEach(() => vi.restoreAllMocks());

describe('extractPage', () => {
  test('takes the article of the fixture page, with paragraphs, headings and list items, and no navigation chrome', () => {
    const page = extractPage(parse(ARTICLE));
    expect(page.usedReadability).toBe(true);
    expect(page.title).toBe('Fixture article');
    expect(page.byline).toBe('Ada Fixture');
    expect(page.text).toContain('First line of the article.\n\nSecond line, with bold words.\n\nRivers begin as small streams');
    expect(page.text).toContain('\n\n## How a river shapes its valley\n\nA young river cuts downward');
    expect(page.text).toContain('\n- Erosion wears the riverbed and banks away.\n- Transport carries sand, silt and pebbles downstream.\n');
    expect(page.text).toMatch(/finally comes to an end\.$/);
    for (const chrome of CHROME_TEXTS) expect(page.text).not.toContain(chrome);
  });

  test('reports the document title and URL of the live page', () => {
    document.documentElement.innerHTML = parse(ARTICLE).documentElement.innerHTML;
    const page = extractPage(document, { computedStyles: true });
    expect(page.title).toBe('Fixture article');
    expect(page.url).toBe(location.href);
    expect(page.text).toContain('Second line, with bold words.');
  });

  test('falls back to the main content without chrome when Readability returns null', () => {
    const parseSpy = vi.spyOn(Readability.prototype, 'parse').mockReturnValue(null);
    const page = extractPage(parse(ARTICLE));
    expect(parseSpy).toHaveBeenCalled();
    expect(page.usedReadability).toBe(false);
    expect(page.excerpt).toBeUndefined();
    expect(page.text).toMatch(/^# The fixture article\n\nFirst line of the article\.\n\nSecond line, with bold words\.\n\n/);
    expect(page.text).toContain('- Deposition drops them where the current slows.');
    for (const chrome of CHROME_TEXTS) expect(page.text).not.toContain(chrome);
  });

  test('on a short page, Readability does not take the navigation along with the body', () => {
    const page = extractPage(body('<header>Site banner</header><nav>Menu</nav><main><p>Hello <b>there</b>.</p></main><footer>Legal</footer>'));
    expect(page.usedReadability).toBe(true);
    expect(page.text).toBe('Hello there.');
  });

  test('falls back when Readability throws', () => {
    vi.spyOn(Readability.prototype, 'parse').mockImplementation(() => {
      throw new Error('Aborting parsing document');
    });
    const page = extractPage(parse(ARTICLE));
    expect(page.usedReadability).toBe(false);
    expect(page.text).toContain('First line of the article.');
  });

  test('does not trust a small Readability pick on a page that is not an article (a feed, a list)', () => {
    const items = Array.from({ length: 40 }, (_, i) => `<div class="item"><a href="/${i}">Item number ${i}</a> a short teaser for item ${i}.</div>`);
    const doc = body(`<nav>Menu</nav><main>${items.join('')}</main>`);
    const page = extractPage(doc, { readability: () => ({ text: 'Item number 7 a short teaser for item 7.' }) });
    expect(page.usedReadability).toBe(false);
    expect(page.text).toContain('Item number 0');
    expect(page.text).toContain('Item number 39');
    expect(page.text).not.toContain('Menu');
  });

  test('prefers <main>, keeps an article header, drops page-level header, footer, nav, aside and ARIA landmarks', () => {
    const doc = body(`
      <header>Site banner</header>
      <div role="navigation">Role nav</div>
      <main>
        <article><header><h1>Article title</h1><p>By someone</p></header><p>Body text.</p><aside>Pull quote</aside><footer>Article tags</footer></article>
      </main>
      <div role="contentinfo">Role footer</div>
      <p>Outside main.</p>`);
    const text = fallbackText(doc);
    expect(text).toBe('# Article title\n\nBy someone\n\nBody text.\n\nArticle tags');
  });

  test('uses <body> when there is no main or single article, and skips hidden elements', () => {
    const doc = body(`<nav>Nav</nav><div>Visible one</div><div hidden>Hidden attr</div><div style="display:none">Inline none</div>
      <div aria-hidden="true">Aria hidden</div><script>var secret = 1;</script><style>p{}</style><noscript>No script</noscript>
      <div>Visible two</div><dialog>Closed dialog</dialog><textarea>Typed text</textarea><input value="typed">`);
    expect(fallbackText(doc)).toBe('Visible one\nVisible two');
  });

  test('leaves out elements hidden by a style sheet when computed styles are asked for', () => {
    document.documentElement.innerHTML = '<head><style>.mobile-menu { display: none }</style></head><body><main><p>Kept.</p><div class="mobile-menu">Hidden menu</div></main></body>';
    expect(fallbackText(document, MAX_TEXT_CHARS, true)).toBe('Kept.');
    expect(fallbackText(document, MAX_TEXT_CHARS, false)).toContain('Hidden menu');
  });

  test('caps a huge page at 200,000 characters and says it was truncated', () => {
    const paragraph = `<p>${'word '.repeat(200)}</p>`;
    const doc = body(`<article><h1>Huge</h1>${paragraph.repeat(300)}</article>`);
    const page = extractPage(doc);
    expect(page.text.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect(page.text.length).toBeGreaterThan(MAX_TEXT_CHARS - 100);
    expect(page.text.endsWith('\n\n[truncated]')).toBe(true);
  });

  test('a short page is not marked truncated', () => {
    expect(extractPage(parse(ARTICLE)).text).not.toContain('[truncated]');
  });
});

describe('capText', () => {
  test('leaves short text alone and cuts long text to the cap, ending with [truncated]', () => {
    expect(capText('hello', 10)).toBe('hello');
    expect(capText('0123456789', 10)).toBe('0123456789');
    const cut = capText('a'.repeat(100), 50);
    expect(cut.length).toBe(50);
    expect(cut).toBe(`${'a'.repeat(37)}\n\n[truncated]`);
  });

  test('never splits a surrogate pair', () => {
    const cut = capText(`${'a'.repeat(36)}😀${'b'.repeat(20)}`, 50);
    expect(cut).toBe(`${'a'.repeat(36)}\n\n[truncated]`);
  });
});

describe('domToText', () => {
  test('keeps <pre> verbatim and turns <br> into line breaks', () => {
    const doc = body('<p>One<br>two<br><br>four</p><pre>  indented\n    more\nend</pre><p>after</p>');
    expect(domToText(doc.body)).toBe('One\ntwo\n\nfour\n\n  indented\n    more\nend\n\nafter');
  });

  test('collapses inline whitespace but keeps words of inline elements apart', () => {
    const doc = body('<p>  Some   <b>bold</b>\n text, <a href="#">a link</a>and<i> italics</i> . </p>');
    expect(domToText(doc.body)).toBe('Some bold text, a linkand italics .');
  });

  test('numbers ordered lists (with start and value), indents nested lists, one line per item', () => {
    const doc = body('<ol start="3"><li>three</li><li>four<ul><li>nested a</li><li>nested b</li></ul></li><li value="10">ten</li><li>eleven</li></ol>');
    expect(domToText(doc.body)).toBe('3. three\n4. four\n  - nested a\n  - nested b\n10. ten\n11. eleven');
  });

  test('puts table rows on lines with cells separated by |', () => {
    const doc = body('<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ada</td><td>36</td></tr></table><p>next</p>');
    expect(domToText(doc.body)).toBe('Name | Age\nAda | 36\n\nnext');
  });

  test('stops early once the limit is reached', () => {
    const doc = body(`${'<p>paragraph text</p>'.repeat(1000)}`);
    expect(domToText(doc.body, { limit: 100 }).length).toBeLessThan(200);
  });
});
