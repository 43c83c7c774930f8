import puppeteer, { type Page } from 'puppeteer-core';
import path from 'node:path';
const UUID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const t0 = Date.now();
const log = (...a: unknown[]) => console.log(((Date.now() - t0) / 1000).toFixed(2), ...a);
const browser = await puppeteer.launch({
  browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, args: ['--remote-allow-system-access'],
  extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ 'poe-toolbar@poe-toolbar.dev': UUID }), 'extensions.webextensions.keepUuidOnUninstall': true },
});
log('launched', await browser.version());
async function open(name: string): Promise<Page> {
  const page = await browser.newPage();
  void page.goto(`moz-extension://${UUID}/${name}`).catch((e) => log('goto err', String(e).slice(0, 100)));
  for (let i = 0; i < 100; i++) {
    const r = await page.evaluate(() => [location.href, document.readyState]).catch((e) => String(e));
    if (Array.isArray(r) && r[0].startsWith('moz-extension') && r[1] === 'complete') return page;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no load');
}
for (let round = 0; round < 3; round++) {
  const id = await browser.installExtension(path.resolve('.output/firefox-mv3'));
  log('installed', id);
  const page = await open('sidepanel.html');
  log('open', await page.evaluate(async () => {
    const b = (globalThis as any).browser;
    const before = JSON.stringify(await b.storage.local.get(null));
    const dbs = JSON.stringify(await indexedDB.databases());
    await b.storage.local.set({ marker: 'x' + Date.now() });
    const req = indexedDB.open('exp-db', 1);
    await new Promise((r) => { req.onupgradeneeded = () => req.result.createObjectStore('s'); req.onsuccess = r; });
    req.result.close();
    return before + ' ' + dbs;
  }));
  await page.close();
  await browser.uninstallExtension(id);
  log('uninstalled');
}
await browser.close();
log('closed');
