import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { CHROME_E2E_BUILD, test, expect } from './fixtures';
import { ask } from './helpers';

/**
 * Screenshots of the selection bubble's opt-in (issue 13) at 400 px, light and dark, for people to look at:
 * /tmp/optin-*.png. The e2e build has access to all sites, so "refused" is the browser's answer replaced in the page.
 */
test.use({ extensionDir: CHROME_E2E_BUILD });

const section = (panel: Page) => panel.locator('.page-bubble-settings');
async function shot(panel: Page, name: string, target = section(panel)) {
  mkdirSync('/tmp', { recursive: true });
  await target.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: `/tmp/optin-${name}.png` });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`Settings → On web pages and the suggestion (${scheme})`, async ({ signIn, openExtensionPage, serviceWorker }) => {
    await signIn();
    const panel = await openExtensionPage('sidepanel.html');
    await panel.setViewportSize({ width: 400, height: 720 });
    await panel.emulateMedia({ colorScheme: scheme });
    await serviceWorker.evaluate(() => chrome.storage.local.set({ spendingGuard: { dailyBudget: null, answerCeiling: null, allowedBots: [], suggestion: 'dismissed' } }));
    await panel.reload();

    await ask(panel, 'What is a selection bubble?');
    const suggestion = panel.getByRole('complementary', { name: 'Suggestion: Poe on web pages' });
    await expect(suggestion).toBeVisible();
    await shot(panel, `suggestion-${scheme}`, suggestion);

    await panel.getByRole('button', { name: 'Settings' }).click();
    await expect(section(panel)).toBeVisible();
    await shot(panel, `off-${scheme}`);

    // Refused: the browser says no (replaced here: this build has the access already).
    await panel.evaluate(() => {
      (chrome.permissions as unknown as { request: () => Promise<boolean> }).request = () => Promise.resolve(false);
    });
    await panel.getByRole('switch', { name: 'Show Poe on text selection' }).click();
    await expect(section(panel).getByRole('button', { name: 'Ask again' })).toBeVisible();
    await shot(panel, `refused-${scheme}`);

    await serviceWorker.evaluate(() =>
      chrome.storage.local.set({ pageBubble: { enabled: false, blockedSites: [], suggestion: 'dismissed', offBecause: 'accessRemoved' } }),
    );
    await panel.reload();
    await panel.getByRole('button', { name: 'Settings' }).click();
    await expect(section(panel).getByRole('status')).toBeVisible();
    await shot(panel, `access-removed-${scheme}`);

    await serviceWorker.evaluate(() =>
      chrome.storage.local.set({ pageBubble: { enabled: true, blockedSites: ['mail.example.com', 'xn--bcher-kva.de'], suggestion: 'dismissed' } }),
    );
    await panel.reload();
    await panel.getByRole('button', { name: 'Settings' }).click();
    await expect(panel.getByRole('switch', { name: 'Show Poe on text selection' })).toBeChecked();
    await shot(panel, `on-blocked-${scheme}`);
  });
}
