/**
 * Shared by the benches that run the built Chrome extension (bundle-size.ts, panel-streaming.ts): launch headless
 * Chromium with `.output/chrome-mv3` loaded (its granted copy, which may reach the fake server on 127.0.0.1: see
 * scripts/loopback-copy.ts), find the extension id, sign in against a fake Poe server.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { FAKE_POE_KEY } from '../fake-poe/server';
import { ensureLoopbackCopy } from '../../scripts/loopback-copy';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROME_BUILD = path.join(ROOT, '.output/chrome-mv3');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** chrome-extension://ID/<name> */
  url(name: string): string;
  close(): Promise<void>;
}

export function assertBuilt(dir = CHROME_BUILD): void {
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    console.error(`${dir} has no build: run \`npx wxt build\` (or \`npm run build:chrome\`) first.`);
    process.exit(2);
  }
}

/**
 * A fresh profile with the built extension loaded, as the e2e fixtures do; or, with `userDataDir`, that profile (kept
 * after close: a later launch with the same build directory finds the same extension id and its data).
 */
export async function launchExtension(build = CHROME_BUILD, options: { userDataDir?: string } = {}): Promise<ExtensionBrowser> {
  assertBuilt(build);
  // The same files with loopback access granted (the fake server listens on 127.0.0.1); its path is stable, so a kept
  // profile finds the same extension id again.
  const dir = ensureLoopbackCopy(build);
  // A kept profile keeps the extension's service worker script as it was first registered: Chromium runs that cached
  // copy, not the rebuilt background.js in `dir` (pages load from `dir`), so a bench of a new build would measure the old
  // background. Without the registration, Chromium registers the build's worker again at launch; the data stays.
  if (options.userDataDir) rmSync(path.join(options.userDataDir, 'Default', 'Service Worker'), { recursive: true, force: true });
  const context = await chromium.launchPersistentContext(options.userDataDir ?? '', {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    context,
    serviceWorker,
    extensionId,
    url: (name) => `chrome-extension://${extensionId}/${name}`,
    close: () => context.close(),
  };
}

/** Points the extension at the fake server and saves the test key through the side panel, as a person would. */
export async function signIn(ext: ExtensionBrowser, fakePoeUrl: string, key = FAKE_POE_KEY): Promise<void> {
  await ext.serviceWorker.evaluate((url) => chrome.storage.local.set({ baseUrl: url }), fakePoeUrl);
  const page = await ext.context.newPage();
  await page.goto(ext.url('sidepanel.html'));
  await page.getByLabel('Poe API key').fill(key);
  await page.getByRole('button', { name: 'Save key' }).click();
  await page.getByTestId('balance').filter({ hasText: 'points' }).waitFor({ timeout: 15_000 });
  await page.close();
}

/** Picks a bot in the header picker as a person would (search, click), and waits until the header shows it. */
export async function chooseBot(page: Page, displayName: string): Promise<void> {
  const trigger = page.getByRole('button', { name: /^Bot: / });
  await trigger.click();
  await page.getByLabel('Search bots').fill(displayName);
  const escaped = displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page.getByRole('option', { name: new RegExp(`^${escaped}\\s*(,|$)`) }).click();
  await page.getByRole('button', { name: `Bot: ${displayName}` }).waitFor();
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2;
};

/** Nearest-rank percentile (p in 0..100). */
export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
};
