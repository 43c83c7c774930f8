import puppeteer, { type Page } from 'puppeteer-core';
import path from 'node:path';
import { startFakePoe, FAKE_POE_KEY } from '../fake-poe/server';
const UUID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const t0 = Date.now();
const log = (...a: unknown[]) => console.log(((Date.now() - t0) / 1000).toFixed(2), ...a);
const fake = await startFakePoe();
const idle = process.env.IDLE;
const browser = await puppeteer.launch({
  browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, args: ['--remote-allow-system-access'],
  extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ 'poe-toolbar@poe-toolbar.dev': UUID }), 'extensions.webextensions.keepUuidOnUninstall': true, ...(idle ? { 'extensions.background.idle.timeout': Number(idle) } : {}) },
});
async function waitLoaded(page: Page, name: string) {
  for (let i = 0; i < 200; i++) {
    const r = await page.evaluate(() => [location.href, document.readyState]).catch((e) => String(e));
    if (Array.isArray(r) && r[0].endsWith(name) && r[1] === 'complete') return page;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no load');
}
async function open(name: string): Promise<Page> {
  const page = await browser.newPage();
  void page.goto(`moz-extension://${UUID}/${name}`).catch(() => undefined);
  return waitLoaded(page, name);
}
const bgOrigin = (p: Page) => p.evaluate(async () => { const w = await (globalThis as any).browser.runtime.getBackgroundPage(); return w ? w.performance.timeOrigin : null; }).catch((e) => String(e));
await browser.installExtension(path.resolve('.output/firefox-mv3'));
let page = await open('sidepanel.html');
await page.evaluate((u) => (globalThis as any).browser.storage.local.set({ baseUrl: u }), fake.url);
await page.close();
page = await open('sidepanel.html');
log('bg', await bgOrigin(page));
const input = await page.waitForSelector('::-p-aria(Poe API key)');
await input!.type(FAKE_POE_KEY);
await (await page.waitForSelector('::-p-text(Save key)'))!.click();
await page.waitForSelector('[data-testid=balance]');
const sel = await page.waitForSelector('select[name=bot]');
await sel!.select('slow-drip');
log('bg', await bgOrigin(page));
const msg = await page.waitForSelector('::-p-aria(Message)');
await msg!.type('A story');
await page.keyboard.press('Enter');
const state = () => page.evaluate(() => { const a = [...document.querySelectorAll('article.message.bot')].pop(); return a ? [a.getAttribute('data-status'), a.querySelector('.text')?.textContent?.length] : null; });
for (let i = 0; i < 15; i++) { log(await state()); await new Promise((r) => setTimeout(r, 100)); }
if (process.env.CLOSE) { await page.close(); log('closed'); await new Promise((r) => setTimeout(r, 4500)); page = await open('sidepanel.html'); log('bg after', await bgOrigin(page)); }
for (let i = 0; i < 40; i++) { const s = await state(); log(s); if (s && s[0] !== 'streaming' && s[0] !== 'pending') break; await new Promise((r) => setTimeout(r, 200)); }
log('bg', await bgOrigin(page));
log(await page.evaluate(() => [...document.querySelectorAll('article.message.bot')].pop()?.textContent));
log(fake.requests.map((r) => r.method + ' ' + r.path).join('\n'));
await browser.close(); await fake.close();
