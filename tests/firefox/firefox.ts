/**
 * Real Firefox ESR, driven with puppeteer-core over WebDriver BiDi (Playwright's own Firefox needs a patched build).
 * See /work/shared/TOOLCHAIN.md, "Firefox end-to-end".
 */
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const GECKO_ID = 'poe-toolbar@poe-toolbar.dev';
/** Pinned with `extensions.webextensions.uuids`, so every extension page has a known moz-extension:// address. */
export const EXTENSION_UUID = '5e2b6a1c-8f3d-4c7a-9b1e-0d4f6a8c2e31';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;
/** The shipped Firefox build plus the one test hook (entrypoints/background/index.ts), built with `--mode e2e`. */
export const FIREFOX_BUILD = path.resolve(process.env.FIREFOX_BUILD ?? '.output/firefox-mv3-e2e');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export async function launchFirefox(prefs: Record<string, unknown> = {}): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // Lets WebDriver BiDi install add-ons (webExtension.install).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      // Each test uninstalls and reinstalls the add-on for a fresh state (uninstalling clears its storage.local and
      // IndexedDB); without this the pinned UUID is dropped on uninstall and the next install gets a random one.
      'extensions.webextensions.keepUuidOnUninstall': true,
      // permissions.request() (still only from a user-input handler) is granted without showing a prompt: the tests
      // allow access to the fake server on 127.0.0.1 through Settings, the way a person does, minus the prompt.
      'extensions.webextOptionalPermissionPrompts': false,
      ...prefs,
    },
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something other than undefined; throws `describe()` on timeout. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  { timeout = 25_000, interval = 50, describe = () => Promise.resolve('') }: { timeout?: number; interval?: number; describe?: () => Promise<string> } = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms. ${await describe().catch(() => '')}`);
    await sleep(interval);
  }
}

/**
 * Opens an extension page in a new tab. The navigation is not awaited: for moz-extension:// URLs puppeteer's
 * `page.goto` never resolves over BiDi, so the page's own location and readyState are polled instead.
 */
export async function openPage(browser: Browser, name: string): Promise<Page> {
  const page = await browser.newPage();
  const url = `${EXTENSION_ORIGIN}/${name}`;
  page.goto(url).catch(() => undefined);
  await waitFor(
    async () => ((await page.evaluate(() => [location.href, document.readyState])).join(' ') === `${url} complete` ? true : undefined),
    { timeout: 40_000, describe: async () => `${url} did not load.` },
  );
  return page;
}

/** Reloads an extension page (again without awaiting the navigation) and waits for the new document. */
export async function reloadPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { beforeReload?: boolean }).beforeReload = true;
    location.reload();
  });
  await waitFor(
    async () =>
      (await page.evaluate(() => !(window as unknown as { beforeReload?: boolean }).beforeReload && document.readyState === 'complete'))
        ? true
        : undefined,
    { timeout: 40_000, describe: async () => 'The page did not reload.' },
  );
}
