/**
 * `npm start`: runs the freshly built extension. With a display, Chromium opens with Poe Toolbar loaded; a profile
 * with no key configured is pointed at the local fake Poe server with its demo key (the offline demo). Without a
 * display it prints how to load the builds by hand and keeps the fake server up for them.
 */
import { chromium } from '@playwright/test';
import path from 'node:path';
import { FAKE_POE_KEY, startFakePoe } from '../tests/fake-poe/server';

const PORT = Number(process.env.FAKE_POE_PORT ?? 8787);
const chromeBuild = path.resolve('.output/chrome-mv3');
const firefoxBuild = path.resolve('.output/firefox-mv3');
const profile = path.resolve('.output/demo-profile');

const fake = await startFakePoe({ port: PORT });
console.log(`Fake Poe server: ${fake.url}  (demo key: ${FAKE_POE_KEY})`);

const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform !== 'linux';
if (!hasDisplay) {
  console.log(`
No display here, so no browser was opened. Load the extension by hand:
  Chrome/Chromium: chrome://extensions → Developer mode → Load unpacked → ${chromeBuild}
  Firefox:         about:debugging#/runtime/this-firefox → Load Temporary Add-on → ${firefoxBuild}/manifest.json
Then open Poe Toolbar's side panel and paste your Poe API key. For the offline demo instead, open Settings,
set the base URL to ${fake.url}, and use the key ${FAKE_POE_KEY}.
The fake server stays up until you press Ctrl-C.`);
} else {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: false,
    args: [`--disable-extensions-except=${chromeBuild}`, `--load-extension=${chromeBuild}`, '--no-first-run'],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const configured = await worker.evaluate(async () => (await chrome.storage.local.get('baseUrl')).baseUrl !== undefined);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  if (!configured) {
    console.log('No key configured in the demo profile: using the offline demo against the fake Poe server.');
    await worker.evaluate((url) => chrome.storage.local.set({ baseUrl: url }), fake.url);
    await page.reload();
    await page.getByLabel('Poe API key').fill(FAKE_POE_KEY);
    await page.getByRole('button', { name: 'Save key' }).click();
  }
  console.log('Chromium is open with Poe Toolbar. Close the browser window to stop.');
  context.on('close', () => void fake.close().then(() => process.exit(0)));
}
