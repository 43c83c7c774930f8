import { Window } from 'happy-dom';
import { createRequire } from 'node:module';
const require = createRequire('/tmp/mdscratch/');
const spec = require('commonmark-spec');
const cm = require('commonmark');
const w = new Window();
(globalThis as any).document = w.document; (globalThis as any).DOMParser = w.DOMParser;
const { renderMarkdown, StreamingMarkdown } = await import('../../lib/markdown/index.ts');

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
function ser(n: any, tight = false): string {
  let out = '';
  for (const c of Array.from(n.childNodes) as any[]) {
    if (c.nodeType === 3) { out += esc(c.data); continue; }
    if (c.nodeType !== 1) continue;
    const t = c.tagName.toLowerCase(); const cls = c.getAttribute('class') ?? '';
    if (t === 'div' && cls === 'md-seg') out += ser(c);
    else if (t === 'div' && cls === 'md-code') { const code = c.querySelector('code'); const text = code.textContent; const lc = code.getAttribute('class'); out += `<pre><code${lc ? ` class="${lc}"` : ''}>${esc(text)}${text ? '\n' : ''}</code></pre>`; }
    else if (t === 'div') out += '[table]';
    else if (t === 'p') out += tight ? ser(c) : `<p>${ser(c)}</p>`;
    else if (t === 'ul' || t === 'ol') { const st = c.getAttribute('start'); out += `<${t}${st ? ` start="${st}"` : ''}>${ser(c, cls !== 'md-loose')}</${t}>`; }
    else if (t === 'li') out += `<li>${ser(c, tight)}</li>`;
    else if (t === 'hr') out += '<hr />';
    else if (t === 'br') out += '<br />';
    else if (t === 'a') out += ser(c);
    else if (t === 'img') out += `[img:${esc(c.getAttribute('alt') ?? '')}]`;
    else if (t === 'button') out += `[img:${esc(c.getAttribute('title') ?? '')}]`;
    else if (t === 'input') out += '';
    else out += `<${t}>${ser(c)}</${t}>`;
  }
  return out;
}
const norm = (s: string) => s.replace(/\n*(<\/?(?:p|h[1-6]|ul|ol|li|blockquote|pre|hr)\b[^>]*>)\n*/g, '$1').replace(/<br \/>\n/g, '<br />').replace(/<\/?a\b[^>]*>/g, '').replace(/<img src="[^"]*" alt="([^"]*)"[^>]*\/>/g, '[img:$1]').trim();
const skipSections = new Set(['HTML blocks', 'Raw HTML', 'Entity and numeric character references']);
const fails: Record<string, number[]> = {}; let ok = 0, skipped = 0, streamFails: number[] = [];
const reader = new cm.Parser(); const writer = new cm.HtmlRenderer();
for (const t of spec.tests) {
  const input = t.markdown.replace(/→/g, '\t');
  const el = w.document.createElement('div');
  renderMarkdown(el as any, input);
  // streaming equivalence, every char
  const el2 = w.document.createElement('div'); const s = new StreamingMarkdown(el2 as any);
  for (const ch of input) s.append(ch); s.finish();
  if (el2.innerHTML !== el.innerHTML) streamFails.push(t.number);
  const el3 = w.document.createElement('div'); const s3 = new StreamingMarkdown(el3 as any);
  for (let i = 0; i < input.length; i += 3) s3.append(input.slice(i, i + 3)); s3.finish();
  if (el3.innerHTML !== el.innerHTML) streamFails.push(t.number);
  if (skipSections.has(t.section) || /<[a-zA-Z\/!?]/.test(input)) { skipped++; continue; }
  const expected = norm(writer.render(reader.parse(input)));
  const got = norm(ser(el));
  if (expected === got) ok++;
  else (fails[t.section] ??= []).push(t.number);
}
console.log('ok', ok, 'skipped', skipped, 'streamFails', streamFails);
for (const [k, v] of Object.entries(fails)) console.log(k, v.length, v.join(','));
const show = process.argv.slice(2).map(Number);
for (const n of show) {
  const t = spec.tests[n - 1]; const input = t.markdown.replace(/→/g, '\t');
  const el = w.document.createElement('div'); renderMarkdown(el as any, input);
  console.log('---', n, JSON.stringify(input)); console.log('exp', norm(writer.render(reader.parse(input)))); console.log('got', norm(ser(el)));
}
