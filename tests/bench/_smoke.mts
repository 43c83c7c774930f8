import { Window } from 'happy-dom';
const w = new Window();
(globalThis as any).document = w.document; (globalThis as any).DOMParser = w.DOMParser;
const { renderMarkdown, StreamingMarkdown } = await import('/work/main/lib/markdown/index.ts');
const md = `# Title *x*

Some **bold** and _em_ and ~~del~~ \`code\` text https://example.com/a. [link](https://x.com "t") [bad](javascript:alert(1))
<img src=x onerror=alert(1)>

- a
- b
  - c

1. one

2. two

> quote
> > nested

\`\`\`ts
const a = 1;
\`\`\`

| a | b |
|:--|--:|
| 1 | 2 |

- [ ] task
- [x] done

![img](https://evil.com/x.png) ![cdn](https://a.poecdn.net/y.png)

See [ref].

[ref]: https://ref.example/ "T"
Setext
---
`;
const c = w.document.createElement('div');
renderMarkdown(c as any, md);
console.log(c.innerHTML);
for (const step of [1, 3, 7]) {
  const d = w.document.createElement('div');
  const s = new StreamingMarkdown(d as any);
  for (let i = 0; i < md.length; i += step) s.append(md.slice(i, i + step));
  s.finish();
  console.log(step, d.innerHTML === c.innerHTML);
  if (d.innerHTML !== c.innerHTML) console.log(d.innerHTML);
}
