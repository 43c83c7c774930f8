// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { renderMarkdown, type MarkdownOptions } from '@/lib/markdown';

/** Renders and returns the HTML of the blocks, without the grouping wrappers (div.md-seg). */
function md(text: string, options?: MarkdownOptions): string {
  const el = document.createElement('div');
  renderMarkdown(el, text, options);
  return Array.from(el.children, (seg) => seg.innerHTML).join('');
}

const A = 'target="_blank" rel="noopener noreferrer"';

describe('headings', () => {
  it('renders ATX headings h1–h6 and strips closing hashes', () => {
    expect(md('# One\n## Two ##\n###### Six')).toBe('<h1>One</h1><h2>Two</h2><h6>Six</h6>');
  });
  it('needs a space after the hashes, and at most six', () => {
    expect(md('#5 bolt\n\n####### seven')).toBe('<p>#5 bolt</p><p>####### seven</p>');
  });
  it('renders setext headings', () => {
    expect(md('Title\n=====\n\nSub *x*\n---')).toBe('<h1>Title</h1><h2>Sub <em>x</em></h2>');
  });
});

describe('paragraphs and inline', () => {
  it('keeps soft breaks and makes hard breaks', () => {
    expect(md('a\nb')).toBe('<p>a\nb</p>');
    expect(md('a  \nb\\\nc')).toBe('<p>a<br>b<br>c</p>');
  });
  it('renders emphasis, strong, nesting and strikethrough', () => {
    expect(md('*a* _b_ **c** __d__ ***e*** ~~f~~ ~g~')).toBe(
      '<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong> <em><strong>e</strong></em> <del>f</del> <del>g</del></p>',
    );
    expect(md('**bold *and em* inside**')).toBe('<p><strong>bold <em>and em</em> inside</strong></p>');
  });
  it('leaves intraword underscores and unmatched markers alone', () => {
    expect(md('snake_case_name and 2 * 3 * 4 and **open')).toBe('<p>snake_case_name and 2 * 3 * 4 and **open</p>');
  });
  it('renders code spans verbatim', () => {
    expect(md('`a *b* <c>` and `` x ` y ``')).toBe('<p><code>a *b* &lt;c&gt;</code> and <code>x ` y</code></p>');
  });
  it('honours backslash escapes and entities', () => {
    expect(md('\\*not em\\* &amp; &copy; &#35; &#x41; &bogus;')).toBe('<p>*not em* &amp; © # A &amp;bogus;</p>');
  });
});

describe('links', () => {
  it('renders inline links with titles, opening in a new tab', () => {
    expect(md('[Poe](https://poe.com "Poe site")')).toBe(`<p><a href="https://poe.com/" title="Poe site" ${A}>Poe</a></p>`);
  });
  it('renders full, collapsed and shortcut reference links, case-insensitively', () => {
    const out = md('[one][Ref] [ref][] [REF]\n\n[ref]: https://example.com/r');
    const a = `<a href="https://example.com/r" ${A}>`;
    expect(out).toBe(`<p>${a}one</a> ${a}ref</a> ${a}REF</a></p>`);
  });
  it('resolves definitions that come after their use', () => {
    expect(md('See [1].\n\n[1]: https://a.example/')).toBe(`<p>See <a href="https://a.example/" ${A}>1</a>.</p>`);
  });
  it('renders autolinks, email autolinks and bare URLs', () => {
    expect(md('<https://a.example/x> <me@b.example> see https://c.example/path?q=1.')).toBe(
      `<p><a href="https://a.example/x" ${A}>https://a.example/x</a> ` +
        `<a href="mailto:me@b.example" ${A}>me@b.example</a> ` +
        `see <a href="https://c.example/path?q=1" ${A}>https://c.example/path?q=1</a>.</p>`,
    );
  });
  it('keeps balanced parentheses in bare URLs and drops a closing one', () => {
    expect(md('(https://en.wikipedia.org/wiki/Foo_(bar))')).toBe(
      `<p>(<a href="https://en.wikipedia.org/wiki/Foo_(bar)" ${A}>https://en.wikipedia.org/wiki/Foo_(bar)</a>)</p>`,
    );
  });
  it('does not link bare URLs inside link text or code', () => {
    expect(md('[see https://x.example](https://y.example) `https://z.example`')).toBe(
      `<p><a href="https://y.example/" ${A}>see https://x.example</a> <code>https://z.example</code></p>`,
    );
  });
});

describe('images', () => {
  const cdn = 'https://pfst.cf2.poecdn.net/base/image/abc.png';
  it('loads images from the Poe CDN directly', () => {
    expect(md(`![chart](${cdn} "T")`)).toBe(
      `<p><img src="${cdn}" alt="chart" title="T" loading="lazy" referrerpolicy="no-referrer"></p>`,
    );
  });
  it('resolves reference-style images', () => {
    expect(md(`![a *b*][pic]\n\n[pic]: ${cdn}`)).toBe(`<p><img src="${cdn}" alt="a b" loading="lazy" referrerpolicy="no-referrer"></p>`);
  });
  it('resolves inline_ref files, before definitions', () => {
    const inlineFiles = new Map([['file1', { url: cdn, contentType: 'image/png', name: 'abc.png' }]]);
    expect(md('![Chart][file1]\n\n[file1]: https://other.example/x.png', { inlineFiles })).toBe(
      `<p><img src="${cdn}" alt="Chart" loading="lazy" referrerpolicy="no-referrer"></p>`,
    );
  });
  it('offers a non-image inline_ref file as a link', () => {
    const inlineFiles = new Map([['doc', { url: 'https://pfst.poecdn.net/r.pdf', contentType: 'application/pdf', name: 'r.pdf' }]]);
    expect(md('![][doc]', { inlineFiles })).toBe(`<p><a href="https://pfst.poecdn.net/r.pdf" ${A}>r.pdf</a></p>`);
  });
});

describe('lists', () => {
  it('renders tight unordered and ordered lists with a start number', () => {
    expect(md('- a\n- b\n\n3. c\n4. d')).toBe('<ul><li><p>a</p></li><li><p>b</p></li></ul><ol start="3"><li><p>c</p></li><li><p>d</p></li></ol>');
  });
  it('renders nested lists', () => {
    expect(md('- a\n  - b\n    1. c\n- d')).toBe(
      '<ul><li><p>a</p><ul><li><p>b</p><ol><li><p>c</p></li></ol></li></ul></li><li><p>d</p></li></ul>',
    );
  });
  it('marks loose lists', () => {
    expect(md('1. a\n\n2. b')).toBe('<ol class="md-loose"><li><p>a</p></li><li><p>b</p></li></ol>');
    expect(md('- a\n\n  more\n- b')).toBe('<ul class="md-loose"><li><p>a</p><p>more</p></li><li><p>b</p></li></ul>');
  });
  it('starts a new list when the bullet changes', () => {
    expect(md('- a\n* b')).toBe('<ul><li><p>a</p></li></ul><ul><li><p>b</p></li></ul>');
  });
  it('only lets "1." interrupt a paragraph', () => {
    expect(md('In\n2024. we')).toBe('<p>In\n2024. we</p>');
  });
  it('renders GFM task lists with disabled checkboxes', () => {
    expect(md('- [ ] todo\n- [x] done\n- [y] not a task')).toBe(
      '<ul><li class="md-task"><p><input type="checkbox" disabled="" aria-label="Not done">todo</p></li>' +
        '<li class="md-task"><p><input type="checkbox" disabled="" checked="" aria-label="Done">done</p></li>' +
        '<li><p>[y] not a task</p></li></ul>',
    );
  });
});

describe('block quotes, rules, code', () => {
  it('renders nested block quotes with lazy continuation', () => {
    expect(md('> a\nlazy\n> > b\n\n> c')).toBe(
      '<blockquote><p>a\nlazy</p><blockquote><p>b</p></blockquote></blockquote><blockquote><p>c</p></blockquote>',
    );
  });
  it('renders horizontal rules', () => {
    expect(md('a\n\n---\n***\n_ _ _')).toBe('<p>a</p><hr><hr><hr>');
  });
  it('renders fenced code with language and a Copy button', () => {
    const bar = (lang: string) =>
      `<div class="md-code-bar">${lang ? `<span class="md-code-lang">${lang}</span>` : ''}<button type="button" class="md-copy">Copy</button></div>`;
    expect(md('```python\nprint("<b>")\n\n  x = 1\n```')).toBe(
      `<div class="md-code">${bar('python')}<pre tabindex="0"><code class="language-python">print("&lt;b&gt;")\n\n  x = 1</code></pre></div>`,
    );
    expect(md('~~~\n``` not a close\n~~~')).toBe(`<div class="md-code">${bar('')}<pre tabindex="0"><code>\`\`\` not a close</code></pre></div>`);
  });
  it('renders indented code and an unclosed fence to the end', () => {
    expect(md('para\n\n    code\n      more')).toContain('<pre tabindex="0"><code>code\n  more</code></pre>');
    expect(md('```\nopen')).toContain('<pre tabindex="0"><code>open</code></pre>');
  });
});

describe('tables', () => {
  it('renders GFM tables with alignment and inline markup', () => {
    expect(md('| a | *b* | c |\n|:--|:-:|--:|\n| 1 | `a\\|b` | x \\| y |\n| 2 |')).toBe(
      '<div class="md-table"><table><thead><tr><th align="left">a</th><th align="center"><em>b</em></th><th align="right">c</th></tr></thead>' +
        '<tbody><tr><td align="left">1</td><td align="center"><code>a|b</code></td><td align="right">x | y</td></tr>' +
        '<tr><td align="left">2</td><td align="center"></td><td align="right"></td></tr></tbody></table></div>',
    );
  });
  it('needs matching header and delimiter cell counts', () => {
    expect(md('| a | b |\n|---|')).toBe('<p>| a | b |\n|---|</p>');
  });
  it('ends at a blank line and keeps a paragraph above the header', () => {
    expect(md('intro\n| h |\n| - |\n| r |\n\nafter')).toBe(
      '<p>intro</p><div class="md-table"><table><thead><tr><th>h</th></tr></thead><tbody><tr><td>r</td></tr></tbody></table></div><p>after</p>',
    );
  });
});

describe('grouping', () => {
  it('puts top-level blocks in groups of 32 and nothing else in the container', () => {
    const el = document.createElement('div');
    renderMarkdown(el, Array.from({ length: 70 }, (_, i) => `p${i}`).join('\n\n'));
    expect(Array.from(el.children, (c) => `${c.className}:${c.children.length}`)).toEqual(['md-seg:32', 'md-seg:32', 'md-seg:6']);
  });
});
