import type { Page } from 'puppeteer-core';
import { waitFor } from './firefox';
import { type ExtensionGlobal, expect, sidebarIsOpen, test } from './fixtures';
import { find } from './ui';

/** sidebarAction.open() called outside any user input, the way a page's script (or `evaluate`) would. */
const openWithoutUserInput = (page: Page) =>
  page.evaluate(() =>
    (globalThis as unknown as ExtensionGlobal).browser.sidebarAction.open().then(
      () => 'opened',
      (error: Error) => error.message,
    ),
  );

test('the sidebar opens from a real click (sidebarAction.open inside the click handler), not from script', async ({
  openExtensionPage,
  setSidebar,
}) => {
  const page = await openExtensionPage('popup.html');
  // Firefox opens an add-on's sidebar when it is installed; close it (a real click too) to start from a closed one.
  await setSidebar(page, false);

  expect(await openWithoutUserInput(page)).toContain('may only be called from a user input handler');
  expect(await sidebarIsOpen(page)).toBe(false);

  await setSidebar(page, true);
  expect(await sidebarIsOpen(page)).toBe(true);
});

test('the popup\'s "Open in side panel" button opens the Firefox sidebar', async ({ signedInPage, openExtensionPage, setSidebar }) => {
  const popup = await signedInPage('popup.html');
  await setSidebar(popup, false);

  await (await find(popup, 'button', /Open in side panel/)).click();
  // The popup closes itself once the sidebar is open; ask from another extension page.
  const probe = await openExtensionPage('popup.html');
  await waitFor(async () => ((await sidebarIsOpen(probe)) ? true : undefined), {
    timeout: 25_000,
    describe: async () => 'The sidebar did not open.',
  });
});
