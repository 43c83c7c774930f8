import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const p = await b.newPage();
await p.route('http://localhost:9/**', (r) => r.fulfill({ status: 200, contentType: 'text/html', headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }, body: '<style>.g{display:block}</style><body style="width:640px;font:14px system-ui"><div id=h></div>' }));
await p.goto('http://localhost:9/index.html');
console.log((await p.evaluate(readFileSync(process.argv[2]!, 'utf8'))) );
await b.close();
