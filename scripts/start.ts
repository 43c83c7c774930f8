/**
 * `npm start` (after `npm run build`): runs the freshly built extension against the local fake Poe server.
 *
 * - Fake Poe server on 127.0.0.1:8787, or `FAKE_POE_PORT`. When 8787 is taken it takes a free port and says so; a port
 *   asked for with FAKE_POE_PORT that is taken is an error, in one line.
 * - With a display: Chromium (`CHROMIUM_PATH`, else the usual install paths) opens one window with a page to try the
 *   extension on and Poe Toolbar's side panel beside it. A demo profile with no key configured is pointed at the fake
 *   server with its demo key (the offline demo); a key saved earlier in the demo profile is kept. Chromium loads the
 *   build's granted copy (`.output/chrome-mv3-loopback`: the same files, access to 127.0.0.1 granted in the manifest,
 *   see scripts/loopback-copy.ts), so the demo needs no permission prompt; the shipped build asks for that access
 *   when the user saves a loopback base URL in Settings.
 * - Without a display, or without a browser that can load it: prints how to load the builds by hand and keeps the
 *   fake server (and the sample page) running until Ctrl-C.
 */
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAKE_POE_KEY, SCRIPTED_BOT_NAMES, startFakePoe, type FakePoe } from '../tests/fake-poe/server';
import { ensureLoopbackCopy } from './loopback-copy';

const DEFAULT_PORT = 8787;
const chromeBuild = path.resolve('.output/chrome-mv3');
const firefoxBuild = path.resolve('.output/firefox-mv3');
const profile = path.resolve('.output/demo-profile');
const demoHtml = readFileSync(fileURLToPath(new URL('./demo-page.html', import.meta.url)), 'utf8');

/** Where Chromium-family browsers that still accept --load-extension usually live (branded Chrome 137+ does not). */
const BROWSER_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/local/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
];

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

/** The fake Poe server: on FAKE_POE_PORT if set (taken = a one-line error), else 8787 or, if taken, a free port. */
async function startFakeServer(): Promise<FakePoe> {
  const raw = process.env.FAKE_POE_PORT?.trim();
  const explicit = raw !== undefined && raw !== '';
  const port = explicit ? Number(raw) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`FAKE_POE_PORT=${raw} is not a port number (use 1–65535, or 0 for any free port).`);
  }
  const options = { seedHistory: 30 } as const;
  try {
    return await startFakePoe({ ...options, port });
  } catch (error) {
    if (explicit && isErrno(error, 'EADDRINUSE')) {
      fail(`Port ${port} (FAKE_POE_PORT) is already in use: stop what is using it, choose another FAKE_POE_PORT, or unset it and npm start picks a free port.`);
    }
    if (explicit && isErrno(error, 'EACCES')) fail(`Port ${port} (FAKE_POE_PORT) needs privileges this user does not have: choose a port above 1023.`);
    if (!isErrno(error, 'EADDRINUSE') && !isErrno(error, 'EACCES')) throw error;
    const fake = await startFakePoe({ ...options, port: 0 });
    console.log(`Port ${port} is in use, so the fake Poe server took a free port instead (set FAKE_POE_PORT to choose one).`);
    return fake;
  }
}

/** A page to try the extension on (selection, page and region asks need a real http page; loopback is allowed). */
async function startDemoPage(where: string): Promise<{ url: string; server: Server }> {
  const bots = SCRIPTED_BOT_NAMES.slice(0, 4).join(', ');
  const html = demoHtml
    .replace('{{WHERE}}', where)
    .replace('{{BOTS}}', `Offline, pick a scripted bot of the fake server (${bots}, …) or any bot of its catalogue.`);
  const server = createServer((req, res) => {
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

function findBrowser(): { path?: string; problem?: string } {
  const fromEnv = process.env.CHROMIUM_PATH?.trim();
  if (fromEnv) return existsSync(fromEnv) ? { path: fromEnv } : { problem: `CHROMIUM_PATH=${fromEnv} does not exist.` };
  const found = BROWSER_CANDIDATES.find((candidate) => existsSync(candidate));
  return found ? { path: found } : { problem: 'No Chromium found (looked in /usr/bin, /snap/bin, /Applications): set CHROMIUM_PATH to a Chromium or Chrome for Testing binary.' };
}

function printManualSteps(fake: FakePoe, demoUrl: string, reason: string): void {
  console.log(`
${reason} Load the extension by hand:
  Chromium / Chrome for Testing: chrome://extensions → Developer mode → Load unpacked → ${chromeBuild}
  Firefox:                       about:debugging#/runtime/this-firefox → Load Temporary Add-on → ${firefoxBuild}/manifest.json
Then open Poe Toolbar's side panel and paste your Poe API key. For the offline demo instead, open Settings, set the
Poe API base URL to ${fake.url}, allow access to 127.0.0.1 when the browser asks, and paste the demo key
${FAKE_POE_KEY}.
A page to try it on: ${demoUrl}
The fake server stays up until you press Ctrl-C.`);
}

/**
 * Brings the demo profile in line with this run, in `page` (the extension's side panel page, opened as a tab):
 * a profile left pointing at an earlier run's fake server follows it to this one; a profile without a key gets the
 * offline demo (base URL = the fake server, its demo key saved through the key form, as a person would).
 */
async function configureProfile(worker: Worker, page: Page, fake: FakePoe): Promise<string> {
  const stored = await worker.evaluate(async () => (await chrome.storage.local.get('baseUrl')).baseUrl as string | undefined);
  const loopback = stored !== undefined && /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(stored);
  let note = '';
  if (loopback && stored !== fake.url) {
    await worker.evaluate((url) => chrome.storage.local.set({ baseUrl: url }), fake.url);
    note = `The demo profile used the fake server at ${stored}; it now uses ${fake.url}. `;
  }
  const keyField = page.getByLabel('Poe API key');
  await page.reload();
  await keyField.or(page.getByLabel('Message')).first().waitFor({ timeout: 15_000 });
  if (!(await keyField.isVisible())) {
    return `${note}Using the key saved in the demo profile (${path.relative(process.cwd(), profile)}), against ${
      loopback ? fake.url : stored ?? 'Poe'
    }.`;
  }
  await worker.evaluate((url) => chrome.storage.local.set({ baseUrl: url }), fake.url);
  await page.reload();
  await keyField.fill(FAKE_POE_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await keyField.waitFor({ state: 'detached', timeout: 15_000 });
  return `${note}No key in the demo profile: this is the offline demo, answered by the fake Poe server.`;
}

/**
 * One window: the sample page in the (only) tab, Poe Toolbar's real side panel beside it. The side panel may only be
 * opened from an extension page in a user gesture, which `page.evaluate` is; the page used for that (the key form)
 * is closed afterwards. If the panel cannot be opened, the panel page stays open as a narrow window of its own.
 */
async function openBrowser(executablePath: string, fake: FakePoe, demoUrl: string): Promise<BrowserContext | string> {
  // The demo talks to the fake server on 127.0.0.1: load the copy with that access granted (no prompt to answer).
  const extensionDir = ensureLoopbackCopy(chromeBuild);
  const launch = (sandbox: boolean) =>
    chromium.launchPersistentContext(profile, {
      executablePath,
      headless: false,
      viewport: null,
      // Chromium's sandbox cannot run as root (Playwright then passes --no-sandbox, and Chromium shows a warning bar).
      chromiumSandbox: sandbox,
      // Ctrl-C closes the browser through stop() below, cleanly: no "Chromium didn't shut down correctly" next time.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
        '--no-first-run',
        '--no-default-browser-check',
        '--hide-crash-restore-bubble',
        '--window-size=1280,860',
      ],
    });
  let context: BrowserContext;
  try {
    const root = process.getuid?.() === 0;
    context = await launch(!root).catch((error: unknown) => (root ? Promise.reject(error) : launch(false)));
  } catch (error) {
    return `Could not start ${executablePath}: ${String((error as Error).message ?? error).split('\n')[0]}.`;
  }
  let worker: Worker;
  try {
    worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  } catch {
    await context.close();
    return `${executablePath} started but did not load Poe Toolbar (Google Chrome 137+ ignores --load-extension; use Chromium or Chrome for Testing).`;
  }
  const extensionId = new URL(worker.url()).host;
  const panelUrl = `chrome-extension://${extensionId}/sidepanel.html`;

  // The window's first tab (about:blank) becomes the sample page: no stray blank tab.
  const demo = context.pages()[0] ?? (await context.newPage());
  await demo.goto(demoUrl);
  const setup = await context.newPage();
  await setup.goto(panelUrl);
  console.log(
    await configureProfile(worker, setup, fake).catch(
      (error: unknown) =>
        `Could not set up the offline demo by itself (${String((error as Error).message ?? error).split('\n')[0]}). ` +
        `In the side panel, open Settings, set the Poe API base URL to ${fake.url} and paste the demo key ${FAKE_POE_KEY}.`,
    ),
  );

  const windowId = await setup.evaluate(async () => (await chrome.windows.getCurrent()).id);
  const opened = await setup
    .evaluate((id) => chrome.sidePanel.open({ windowId: id as number }).then(() => true), windowId)
    .catch(() => false);
  await setup.close();
  await demo.bringToFront();
  if (!opened) {
    // Fallback: the panel page in a narrow window of its own, the size of a side panel.
    await worker.evaluate((url) => chrome.windows.create({ url, type: 'popup', width: 420, height: 820 }), panelUrl);
  }
  console.log(`Chromium is open with Poe Toolbar${opened ? ' in the side panel' : ' (panel in a window of its own)'}. Close the browser window to stop.`);
  return context;
}

const fake = await startFakeServer();
console.log(`Fake Poe server: ${fake.url}  (demo key: ${FAKE_POE_KEY})`);
const demo = await startDemoPage(`Served by npm start. Fake Poe server: ${fake.url}`);

let context: BrowserContext | undefined;
let stopping = false;
const stop = async (code: number): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await context?.close().catch(() => undefined);
  const closed = Promise.allSettled([fake.close(), new Promise((resolve) => demo.server.close(resolve))]);
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000))]);
  process.exit(code);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(0));

const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform !== 'linux';
const browser = findBrowser();
if (!hasDisplay) {
  printManualSteps(fake, demo.url, 'No display here, so no browser was opened.');
} else if (!browser.path) {
  printManualSteps(fake, demo.url, browser.problem ?? 'No browser found.');
} else {
  const result = await openBrowser(browser.path, fake, demo.url);
  if (typeof result === 'string') printManualSteps(fake, demo.url, result);
  else {
    context = result;
    context.on('close', () => void stop(0));
  }
}
