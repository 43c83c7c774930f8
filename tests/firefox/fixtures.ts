import { fakePoeWorkerFixture } from '../fake-poe/playwright-fixture';
import { test as base, expect } from '@playwright/test';
import type { Browser, Page } from 'puppeteer-core';
import type { Browser as WebExtensionBrowser } from 'webextension-polyfill';
import { FAKE_POE_KEY, type FakePoe } from '../fake-poe/server';
import { FIREFOX_BUILD, GECKO_ID, launchFirefox, openPage, waitFor } from './firefox';
import { click, fill, find, screenText } from './ui';

/** The WebExtension API as extension pages see it (`browser.*`), for code run with page.evaluate. */
export type ExtensionGlobal = { browser: WebExtensionBrowser };

interface WorkerFixtures {
  fakePoe: FakePoe;
  /** Extra Firefox prefs for this worker's browser (e.g. a short event-page idle timeout). */
  firefoxPrefs: Record<string, unknown>;
  /** One Firefox per worker; each test installs the add-on afresh into it. */
  firefox: Browser;
}

interface TestFixtures {
  /** The add-on, freshly installed for this test (uninstalled afterwards, which clears its storage). */
  extension: { id: string; pages: Page[] };
  /** Opens an extension page (e.g. `sidepanel.html`) in a tab. */
  openExtensionPage: (name: string) => Promise<Page>;
  /**
   * Points the extension at the fake server as a person does, in Settings (Advanced settings → base URL → Save),
   * which asks for access to 127.0.0.1; under `extensions.webextOptionalPermissionPrompts` = false Firefox grants it
   * without showing the prompt.
   */
  pointAtFakePoe: (page: Page) => Promise<void>;
  /** Types the key into the key form and saves it, as a person would; waits for the balance. */
  enterKey: (page: Page, key?: string) => Promise<void>;
  /** Opens `sidepanel.html` in a tab, pointed at the fake server and signed in with the good key. */
  signedInPage: (name?: string) => Promise<Page>;
  /**
   * Closes or opens the real sidebar with a real click. sidebarAction.open()/close() only work inside a user-input
   * handler, so a button calling it synchronously is put into an extension page and clicked with Puppeteer.
   */
  setSidebar: (page: Page, open: boolean) => Promise<void>;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  fakePoe: fakePoeWorkerFixture,
  firefoxPrefs: [{}, { scope: 'worker', option: true }],
  firefox: [
    async ({ firefoxPrefs }, use) => {
      const browser = await launchFirefox(firefoxPrefs);
      await use(browser);
      await browser.close();
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  extension: async ({ firefox, fakePoe }, use) => {
    fakePoe.reset();
    const id = await firefox.installExtension(FIREFOX_BUILD);
    expect(id).toBe(GECKO_ID);
    const pages: Page[] = [];
    await use({ id, pages });
    for (const page of pages) if (!page.isClosed()) await page.close().catch(() => undefined);
    await firefox.uninstallExtension(id);
  },
  openExtensionPage: async ({ firefox, extension }, use) => {
    await use(async (name) => {
      const page = await openPage(firefox, name);
      extension.pages.push(page);
      return page;
    });
  },
  pointAtFakePoe: async ({ fakePoe }, use) => {
    await use(async (page) => {
      // A fresh install: nothing configured and no conversations (the previous test's uninstall cleared them).
      const before = await page.evaluate(async () => {
        const { browser } = globalThis as unknown as ExtensionGlobal;
        const { baseUrl } = await browser.storage.local.get('baseUrl');
        const databases = (await indexedDB.databases()).map((db) => db.name);
        let conversations = 0;
        if (databases.includes('poe-toolbar-chats')) {
          const request = indexedDB.open('poe-toolbar-chats');
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          if (db.objectStoreNames.contains('conversations')) {
            const count = db.transaction('conversations').objectStore('conversations').count();
            conversations = await new Promise<number>((resolve) => (count.onsuccess = () => resolve(count.result)));
          }
          db.close();
        }
        return { baseUrl: baseUrl ?? null, conversations };
      });
      expect(before, 'each test starts from a fresh install').toEqual({ baseUrl: null, conversations: 0 });
      expect(await loopbackAllowed(page), 'a fresh install may not reach 127.0.0.1 yet').toBe(false);
      await click(page, 'button', 'Advanced settings');
      await fill(page, 'textbox', 'Poe API base URL (advanced)', fakePoe.url);
      await click(page, 'button', 'Save');
      await find(page, 'status', `Saved. Poe Toolbar now talks to ${fakePoe.url}.`);
      expect(await loopbackAllowed(page), 'saving the loopback URL allowed access to it').toBe(true);
    });
  },
  enterKey: async ({ fakePoe }, use) => {
    await use(async (page, key = FAKE_POE_KEY) => {
      await fill(page, 'textbox', 'Poe API key', key);
      await click(page, 'button', 'Save key');
      const balance = await find(page, 'button', /points$/);
      expect(await balance.evaluate((el) => el.getAttribute('data-testid'))).toBe('balance');
      expect(await balance.evaluate((el) => (el as HTMLElement).innerText)).toBe(`${fakePoe.balance().toLocaleString('en-US')} points`);
    });
  },
  signedInPage: async ({ openExtensionPage, pointAtFakePoe, enterKey }, use) => {
    await use(async (name = 'sidepanel.html') => {
      const page = await openExtensionPage(name);
      await pointAtFakePoe(page);
      await enterKey(page);
      return page;
    });
  },
  setSidebar: async ({}, use) => {
    await use(async (page, open) => {
      const action = open ? 'open' : 'close';
      const id = `test-sidebar-${action}`;
      await page.evaluate(
        (buttonId, which) => {
          document.getElementById(buttonId)?.remove();
          const button = document.createElement('button');
          button.id = buttonId;
          button.type = 'button';
          button.textContent = `${which} the sidebar (test)`;
          button.style.cssText = 'position:fixed;top:0;left:0;z-index:2147483647;padding:16px';
          button.addEventListener('click', () => {
            const { browser } = globalThis as unknown as ExtensionGlobal;
            // Synchronously in the click handler, nothing awaited first: the user-input rule.
            (which === 'open' ? browser.sidebarAction.open() : browser.sidebarAction.close()).then(
              () => (button.dataset.result = 'ok'),
              (error: Error) => (button.dataset.result = error.message),
            );
          });
          document.body.append(button);
        },
        id,
        action,
      );
      await (await find(page, 'button', `${action} the sidebar (test)`)).click();
      const result = await waitFor(() => page.evaluate((buttonId) => document.getElementById(buttonId)?.dataset.result, id), {
        describe: async () => `sidebarAction.${action}() did not settle. ${await screenText(page)}`,
      });
      expect(result, `sidebarAction.${action}() from a real click`).toBe('ok');
      await page.evaluate((buttonId) => document.getElementById(buttonId)?.remove(), id);
      await expect.poll(() => sidebarIsOpen(page)).toBe(open);
    });
  },
});

/** Whether the browser lets the add-on reach 127.0.0.1 (where the fake Poe server runs). */
export async function loopbackAllowed(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as unknown as ExtensionGlobal).browser.permissions.contains({ origins: ['http://127.0.0.1/*'] }));
}

export async function sidebarIsOpen(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as unknown as ExtensionGlobal).browser.sidebarAction.isOpen({}));
}

/**
 * When the current background (an event page in Firefox) started: a new value means Firefox suspended the event page
 * and started it again. Calling it wakes a suspended background, so read it only at the points that matter.
 */
export async function backgroundStartedAt(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const background = await (globalThis as unknown as ExtensionGlobal).browser.runtime.getBackgroundPage();
    return background.performance.timeOrigin;
  });
}

export { expect };
