import { fakePoeWorkerFixture } from '../fake-poe/playwright-fixture';
import { test as base, chromium, expect, type BrowserContext, type Page, type Worker } from '@playwright/test';
import path from 'node:path';
import { FAKE_POE_KEY, type FakePoe } from '../fake-poe/server';
import { ensureLoopbackCopy } from '../../scripts/loopback-copy';

/** The product build; the capture tests use the e2e build (the same plus <all_urls>, see wxt.config.ts). */
export const CHROME_BUILD = path.resolve('.output/chrome-mv3');
export const CHROME_E2E_BUILD = path.resolve('.output/chrome-mv3-e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Fixtures {
  /** Which build to load. */
  extensionDir: string;
  /**
   * Load the build's granted copy (default): the same files with access to 127.0.0.1, where the fake Poe server runs,
   * already granted in the manifest. The shipped manifest only offers it and asks in Settings, and Chromium under
   * Playwright cannot accept that prompt (scripts/loopback-copy.ts). False: the build exactly as shipped.
   */
  loopbackGranted: boolean;
  /** More Chromium switches for a spec that needs them (e.g. a site's name resolved to a local server). */
  launchArgs: string[];
  /** The browser's UI language (Chromium's name, e.g. 'de', 'ja', 'pt-BR'); undefined: the machine's (English here). */
  uiLanguage: string | undefined;
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** Opens an extension page (e.g. `sidepanel.html`) in a tab, as a person would see it. */
  openExtensionPage: (page: string) => Promise<Page>;
  /** Points the extension at the fake server and stores the test key, through the background as the UI would. */
  signIn: (key?: string) => Promise<void>;
  /** Everything the extension's contexts printed to the console during the test. */
  consoleLines: string[];
}

/**
 * Chromium with the extension loaded, in a new empty profile. `uiLanguage`: Chromium on Linux takes its UI language
 * (what chrome.i18n.getUILanguage() says, so the extension's locale) from --lang and the LANGUAGE/LANG environment.
 */
export function launchExtension(extensionDir: string, launchArgs: string[] = [], uiLanguage?: string): Promise<BrowserContext> {
  const posix = uiLanguage?.replace('-', '_');
  return chromium.launchPersistentContext('', {
    executablePath: CHROMIUM,
    headless: true,
    ...(uiLanguage
      ? { env: { ...process.env, LANGUAGE: posix, LANG: `${posix}.UTF-8` } as Record<string, string>, locale: uiLanguage }
      : {}),
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(uiLanguage ? [`--lang=${uiLanguage}`] : []),
      ...launchArgs,
    ],
  });
}

export const test = base.extend<Fixtures, { fakePoe: FakePoe }>({
  fakePoe: fakePoeWorkerFixture,
  extensionDir: [CHROME_BUILD, { option: true }],
  loopbackGranted: [true, { option: true }],
  launchArgs: [[], { option: true }],
  uiLanguage: [undefined, { option: true }],
  consoleLines: async ({}, use) => {
    await use([]);
  },
  context: async ({ fakePoe, consoleLines, extensionDir: build, loopbackGranted, launchArgs, uiLanguage }, use) => {
    fakePoe.reset();
    const context = await launchExtension(loopbackGranted ? ensureLoopbackCopy(build) : build, launchArgs, uiLanguage);
    const record = (page: Page) => page.on('console', (message) => consoleLines.push(message.text()));
    context.on('page', record);
    const recordWorker = (worker: Worker) => worker.on('console', (message) => consoleLines.push(message.text()));
    context.serviceWorkers().forEach(recordWorker);
    context.on('serviceworker', recordWorker);
    await use(context);
    await context.close();
    // The key must never reach a console, in any context, whatever the test did.
    expect(consoleLines.filter((line) => line.includes(FAKE_POE_KEY))).toEqual([]);
  },
  serviceWorker: async ({ context }, use) => {
    await use(context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker')));
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (name) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${name}`);
      return page;
    });
  },
  signIn: async ({ serviceWorker, fakePoe, openExtensionPage }, use) => {
    await use(async (key = FAKE_POE_KEY) => {
      await serviceWorker.evaluate((url) => chrome.storage.local.set({ baseUrl: url }), fakePoe.url);
      const page = await openExtensionPage('sidepanel.html');
      await page.getByLabel('Poe API key').fill(key);
      await page.getByRole('button', { name: 'Save key' }).click();
      await expect(page.getByTestId('balance')).toContainText('points');
      await page.close();
    });
  },
});

export { expect };
