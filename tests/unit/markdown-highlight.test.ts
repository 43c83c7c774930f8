// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { StreamingMarkdown, flushHighlights, renderMarkdown } from '@/lib/markdown';

function attached(): HTMLElement {
  const el = document.createElement('div');
  document.body.appendChild(el);
  return el;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('code highlighting', () => {
  it('highlights a finished block with class-only spans and keeps the exact text', async () => {
    const code = 'const a = "<img src=x onerror=alert(1)>"; // hi\nfunction f() { return 1; }';
    const el = attached();
    renderMarkdown(el, '```js\n' + code + '\n```');
    await flushHighlights();
    const codeEl = el.querySelector('pre code') as HTMLElement;
    expect(codeEl.textContent).toBe(code);
    const spans = Array.from(codeEl.querySelectorAll('*'));
    expect(spans.length).toBeGreaterThan(3);
    for (const s of spans) {
      expect(s.tagName).toBe('SPAN');
      expect(Array.from(s.attributes, (a) => a.name)).toEqual(['class']);
      expect(s.getAttribute('class')).toMatch(/^(hljs-[\w-]+|[\w-]+_)( [\w-]+_?)*$/);
    }
    expect(codeEl.querySelector('.hljs-keyword')?.textContent).toBe('const');
    expect(codeEl.querySelector('img')).toBeNull();
  });

  it('does not highlight a block that is still streaming', async () => {
    const el = attached();
    const md = new StreamingMarkdown(el);
    md.append('```python\ndef f():\n    return 1\n');
    await flushHighlights();
    expect(el.querySelector('pre code [class*="hljs"]')).toBeNull();
    expect(el.querySelector('pre code')?.textContent).toBe('def f():\n    return 1');
    md.append('```\n\nafter');
    await flushHighlights();
    expect(el.querySelector('pre code .hljs-keyword')?.textContent).toBe('def');
  });

  it('leaves unknown languages and blocks without a language plain', async () => {
    const el = attached();
    renderMarkdown(el, '```brainfuck\n+++[>+<-]\n```\n\n```\nlet x = 1\n```');
    await flushHighlights();
    expect(el.querySelector('pre code span')).toBeNull();
    expect(Array.from(el.querySelectorAll('pre code'), (c) => c.textContent)).toEqual(['+++[>+<-]', 'let x = 1']);
  });

  it('loads language aliases (ts, sh, py)', async () => {
    const el = attached();
    renderMarkdown(el, '```ts\nlet n: number = 1\n```\n```sh\necho hi\n```\n```py\nimport os\n```');
    await flushHighlights();
    const blocks = Array.from(el.querySelectorAll('pre code'));
    for (const b of blocks) expect(b.querySelector('span')).not.toBeNull();
  });

  it('skips blocks that were replaced before the highlighter loaded', async () => {
    const el = attached();
    const md = new StreamingMarkdown(el);
    md.append('```rust\nfn main() {}\n```\n');
    md.reset('plain');
    await flushHighlights();
    expect(el.innerHTML).toContain('plain');
    expect(el.querySelector('code')).toBeNull();
  });
});
