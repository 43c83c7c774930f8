import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const p = await b.newPage();
await p.route('http://localhost:9/**', (r) => r.fulfill({ status: 200, contentType: 'text/html', headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }, body: '<body style="width:640px;font:14px system-ui"><div id=h></div>' }));
await p.goto('http://localhost:9/index.html');
const res = await p.evaluate(() => {
  const out: string[] = [];
  for (const [n, group, cls] of [[20, 0, ''], [600, 0, ''], [2000, 0, ''], [2000, 32, ''], [2000, 32, 'flow'], [2000, 0, 'contain'], [2000,32,'cv']] as const) {
    const h = document.getElementById('h')!; h.replaceChildren();
    let parent: HTMLElement = h;
    for (let i = 0; i < n; i++) {
      if (group && i % group === 0) { parent = document.createElement('div'); if (cls==='flow') parent.style.display='flow-root'; if (cls==='cv') { parent.style.contentVisibility='auto'; parent.style.containIntrinsicSize='auto 300px'; } h.appendChild(parent); }
      const e = document.createElement('p'); if (cls==='contain') e.style.contain='layout'; e.textContent = 'Lorem ipsum dolor sit amet '.repeat(6); parent.appendChild(e);
    }
    void h.offsetHeight;
    const last = document.createElement('p'); parent.appendChild(last); const t = document.createTextNode(''); last.appendChild(t);
    const times: number[] = [];
    for (let k = 0; k < 300; k++) { const t0 = performance.now(); t.appendData('abc def gh '); void h.offsetHeight; times.push(performance.now() - t0); }
    times.sort((a, b) => a - b);
    out.push(`${n} group=${group} ${cls}: median ${times[150]!.toFixed(3)} ms`);
  }
  return out;
});
console.log(res.join('\n'));
await b.close();
