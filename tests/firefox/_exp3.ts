import puppeteer, { type Page } from 'puppeteer-core';
import path from 'node:path';
import { startFakePoe, FAKE_POE_KEY } from '../fake-poe/server';
const UUID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const t0 = Date.now();
const log = (...a: unknown[]) => console.log(((Date.now() - t0) / 1000).toFixed(2), ...a);
const fake = await startFakePoe();
const browser = await puppeteer.launch({
  browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, args: ['--remote-allow-system-access'],
  extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ 'poe-toolbar@poe-toolbar.dev': UUID }), 'extensions.webextensions.keepUuidOnUninstall': true },
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
  void page.goto(`moz-extension://${UUID}/${name}`).catch((e) => log('goto err', String(e).slice(0, 100)));
  return waitLoaded(page, name);
}
const id = await browser.installExtension(path.resolve('.output/firefox-mv3'));
const page = await open('sidepanel.html');
page.on('console', (m) => log('console', m.text()));
await page.evaluate((u) => (globalThis as any).browser.storage.local.set({ baseUrl: u }), fake.url);
await page.evaluate(() => { (window as any).__old = 1; location.reload(); });
for (let i = 0; i < 100; i++) { const r = await page.evaluate(() => [(window as any).__old, document.readyState]).catch(() => [1]); if (r[0] === undefined && r[1] === 'complete') break; await new Promise((r) => setTimeout(r, 50)); }
log('reloaded');
try { const h = await page.waitForSelector('::-p-aria(Poe API key)', { timeout: 3000 }); log('aria ok', !!h); } catch (e) { log('aria fail', String(e).slice(0, 200)); }
try { const h = await page.locator('::-p-text(Save key)').waitHandle(); log('text ok', !!h); } catch (e) { log('text fail', String(e).slice(0, 200)); }
const input = await page.waitForSelector('input[name=api-key]');
await input!.type('bad-key-xyz');
await (await page.waitForSelector('::-p-text(Save key)'))!.click();
await new Promise((r) => setTimeout(r, 1500));
log(await page.evaluate(() => document.body.innerText));
await input!.click({ count: 3 });
await input!.evaluate((el) => ((el as HTMLInputElement).value = ''));
await input!.type(FAKE_POE_KEY);
await (await page.waitForSelector('::-p-text(Save key)'))!.click();
await new Promise((r) => setTimeout(r, 1500));
log(await page.evaluate(() => document.body.innerText));
log(await page.evaluate(() => document.body.innerHTML.slice(0, 3000)));
await browser.close(); await fake.close();
