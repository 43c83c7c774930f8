// @vitest-environment happy-dom
/**
 * Hostile math. Temml runs untrusted and its MathML is re-created through an allow-list: these check that links,
 * HTML extensions, styles with URLs, ids, unknown elements and HTML inside math never reach the DOM, and that huge,
 * deeply nested and self-expanding formulas end as source text quickly instead of hanging or throwing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { flushMath, renderMarkdown } from '@/lib/markdown';
import { mathFromTree, texToMathML } from '@/lib/markdown/math-mathml';

const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';
const MATHML_TAGS = new Set([
  'math', 'semantics', 'annotation', 'mrow', 'mi', 'mn', 'mo', 'ms', 'mtext', 'mspace', 'msub', 'msup', 'msubsup',
  'munder', 'mover', 'munderover', 'mfrac', 'msqrt', 'mroot', 'mstyle', 'merror', 'mpadded', 'mphantom', 'mtable',
  'mtr', 'mtd', 'mmultiscripts', 'mprescripts', 'none', 'menclose',
]);

async function render(text: string): Promise<HTMLElement> {
  const el = document.createElement('div');
  document.body.appendChild(el);
  renderMarkdown(el, text);
  await flushMath();
  return el;
}

/** Everything in `el` that a formula should never produce. */
function audit(el: Element): string[] {
  const problems: string[] = [];
  for (const node of Array.from(el.querySelectorAll('*'))) {
    const inMath = node.namespaceURI === MATHML_NS;
    if (inMath && !MATHML_TAGS.has(node.localName)) problems.push(`element ${node.localName}`);
    if (!inMath && node.closest('math')) problems.push(`HTML ${node.localName} inside math`);
    for (const attr of Array.from(node.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'href' || name.includes('xlink') || name === 'id' || name === 'src') problems.push(`${node.localName}[${name}]`);
      if (/url\s*\(|javascript:|expression\s*\(/i.test(attr.value)) problems.push(`${node.localName}[${name}]=${attr.value}`);
      if (node.localName === 'annotation' && name !== 'encoding') problems.push(`annotation[${name}]`);
    }
    if (node.localName === 'annotation' && node.children.length > 0) problems.push('annotation with elements');
  }
  return problems;
}

beforeAll(async () => {
  await render('$x$');
});

describe('hostile TeX', () => {
  const HOSTILE = [
    '\\href{javascript:alert(1)}{click}',
    '\\href{https://evil.example/}{click}',
    '\\url{javascript:alert(1)}',
    '\\htmlClass{md-source}{x}',
    '\\htmlStyle{position:fixed;inset:0;background:url(https://evil.example/t)}{x}',
    '\\htmlId{root}{x}',
    '\\htmlData{foo=bar}{x}',
    '\\includegraphics{https://evil.example/a.png}',
    '\\style{color:red}{x}',
    '\\color{red;background:url(https://evil.example/)}{x}',
    '\\textcolor{url(https://evil.example/)}{x}',
    '\\colorbox{javascript:alert(1)}{x}',
    '\\text{<script>alert(1)</script>}',
    '\\mathrm{<img src=x onerror=alert(1)>}',
    '\\operatorname{onclick}x',
    '\\def\\x{\\x}\\x',
    '\\def\\a{\\b\\b\\b\\b}\\def\\b{\\c\\c\\c\\c}\\def\\c{\\d\\d\\d\\d}\\def\\d{xxxxxxxxxx}\\a\\a\\a\\a\\a\\a',
    '\\newcommand{\\r}{\\r\\r}\\r',
    '\\gdef\\y{\\y y}\\y',
    '\\rule{100000em}{100000em}',
    '\\kern{99999em}x',
  ];

  it.each(HOSTILE)('renders %s safely (inline and display)', async (tex) => {
    const el = await render(`a $${tex}$ b\n\n$$${tex}$$`);
    expect(audit(el)).toEqual([]);
    expect(el.querySelectorAll('.md-math')).toHaveLength(2);
    for (const m of Array.from(el.querySelectorAll('.md-math'))) {
      // Typeset or left as source, never anything else.
      if (!m.querySelector('math')) expect(m.textContent).toContain(tex);
    }
  });

  it('refuses links and HTML extensions outright (they show as source, marked as errors)', async () => {
    for (const tex of ['\\href{javascript:alert(1)}{x}', '\\url{https://e.example}', '\\htmlClass{a}{x}', '\\includegraphics{x.png}']) {
      expect(texToMathML(document, tex, false), tex).toBeNull();
      const el = await render(`$${tex}$`);
      expect(el.querySelector('.md-math-error')?.textContent).toBe(`$${tex}$`);
    }
  });

  it('stops macro expansion bombs and loops with an error, not a hang', () => {
    expect(texToMathML(document, '\\def\\x{\\x}\\x', false)).toBeNull();
    expect(texToMathML(document, '\\def\\a{\\b\\b}\\def\\b{\\c\\c}\\def\\c{\\d\\d}\\def\\d{\\e\\e}\\def\\e{\\f\\f}\\def\\f{\\g\\g}\\def\\g{\\h\\h}\\def\\h{\\i\\i}\\def\\i{\\j\\j}\\def\\j{xx}\\a', false)).toBeNull();
  });

  it('caps sizes (\\rule) to the configured maximum', () => {
    const math = texToMathML(document, '\\rule{100000em}{100000em}', true);
    const space = math?.querySelector('mspace');
    expect(parseFloat(space?.getAttribute('width') ?? '0')).toBeLessThanOrEqual(10);
    expect(parseFloat(space?.getAttribute('height') ?? '0')).toBeLessThanOrEqual(10);
  });

  it('leaves deeply nested braces as source (no stack overflow)', async () => {
    const deep = `${'{'.repeat(400)}x${'}'.repeat(400)}`;
    expect(texToMathML(document, deep, false)).toBeNull();
    const el = await render(`$${deep}$ and\n\n\\[${'\\sqrt{'.repeat(300)}x${'}'.repeat(300)}\\]`);
    expect(el.querySelector('math')).toBeNull();
    expect(el.querySelectorAll('.md-math-error')).toHaveLength(2);
  });

  it('leaves huge formulas and huge dollar-riddled text as text', async () => {
    const huge = `$${'x+'.repeat(50_000)}x$`;
    const el = await render(huge);
    expect(el.querySelector('.md-math')).toBeNull();
    expect(el.textContent).toBe(huge);
    const dollars = await render('$a $b '.repeat(20_000));
    expect(dollars.querySelector('.md-math')).toBeNull();
    const display = await render(`$$${'y'.repeat(5000)}$$`);
    expect(display.querySelector('.md-math')).toBeNull();
  });
});

describe('the MathML allow-list', () => {
  const node = (type: string, children: unknown[] = [], attributes: Record<string, string> = {}, style: Record<string, string> = {}, classes: string[] = []) => ({
    type, children, attributes, style, classes,
  });
  const text = (t: string) => ({ text: t });
  const wrap = (...kids: unknown[]) => node('math', [node('mrow', kids)]);

  it('rejects elements outside MathML Core presentation (annotation-xml, HTML, SVG, maction)', () => {
    for (const bad of ['annotation-xml', 'script', 'a', 'foreignObject', 'svg', 'maction', 'img', 'style', 'iframe']) {
      expect(mathFromTree(document, wrap(node(bad, [text('x')]))), bad).toBeNull();
    }
  });

  it('drops links, handlers, ids and unknown attributes, and values with URLs', () => {
    const math = mathFromTree(
      document,
      wrap(node('mi', [text('x')], {
        href: 'javascript:alert(1)', onclick: 'alert(1)', id: 'root', 'xlink:href': 'https://e.example/', style: 'background:url(x)',
        mathcolor: 'url(https://e.example/)', mathvariant: 'bold', class: 'md-source',
      })),
    );
    const mi = math?.querySelector('mi');
    expect(mi).toBeTruthy();
    expect(Array.from(mi?.attributes ?? []).map((a) => `${a.name}=${a.value}`)).toEqual(['mathvariant=bold']);
  });

  it('keeps only the allowed style properties with plain values, and only Temml class names', () => {
    const math = mathFromTree(
      document,
      wrap(node('mrow', [text('x')], {}, { color: '#ff0000', background: 'url(https://e.example/)', position: 'fixed', padding: '3pt', border: '1px solid;position:fixed' }, ['tml-cancel', 'md-source', 'evil'])),
    );
    const mrow = math?.querySelector('mrow mrow') as (Element & { style: CSSStyleDeclaration }) | null;
    expect(mrow?.getAttribute('class')).toBe('tml-cancel');
    const style = mrow?.getAttribute('style') ?? '';
    expect(style).not.toMatch(/url|position|fixed/);
    expect(style).toMatch(/color/);
  });

  it('accepts an annotation only as plain TeX text', () => {
    const good = node('math', [node('semantics', [node('mi', [text('x')]), node('annotation', [text('x')], { encoding: 'application/x-tex' })])]);
    expect(mathFromTree(document, good)?.querySelector('annotation')?.textContent).toBe('x');
    const html = node('math', [node('semantics', [node('mi', [text('x')]), node('annotation', [node('mi', [text('x')])], { encoding: 'application/x-tex' })])]);
    expect(mathFromTree(document, html)).toBeNull();
    const other = node('math', [node('semantics', [node('mi', [text('x')]), node('annotation', [text('<b>x</b>')], { encoding: 'text/html' })])]);
    expect(mathFromTree(document, other)).toBeNull();
  });

  it('rejects a tree that is not a math element, or too deep', () => {
    expect(mathFromTree(document, node('mrow', [text('x')]))).toBeNull();
    expect(mathFromTree(document, { text: 'x' })).toBeNull();
    expect(mathFromTree(document, null)).toBeNull();
    let deep: unknown = text('x');
    for (let i = 0; i < 500; i++) deep = node('mrow', [deep]);
    expect(mathFromTree(document, node('math', [deep]))).toBeNull();
  });
});
