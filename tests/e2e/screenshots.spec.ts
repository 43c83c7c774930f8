import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { chooseBot } from './helpers';

/** Screenshots of what people see, for us to look at (written to test-results/screenshots/). */
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots of the side panel and popup (${scheme})`, async ({ openExtensionPage, serviceWorker, fakePoe, signIn }) => {
    await serviceWorker.evaluate((url) => chrome.storage.local.set({ baseUrl: url }), fakePoe.url);
    let panel = await openExtensionPage('sidepanel.html');
    await panel.setViewportSize({ width: 400, height: 720 });
    await panel.emulateMedia({ colorScheme: scheme });
    await panel.getByLabel('Poe API key').fill('wrong-key');
    await panel.getByRole('button', { name: 'Save key' }).click();
    await expect(panel.getByRole('alert')).toBeVisible();
    await shot(panel, `sidepanel-key-error-${scheme}`);
    await panel.close();

    await signIn();
    panel = await openExtensionPage('sidepanel.html');
    await panel.setViewportSize({ width: 400, height: 720 });
    await panel.emulateMedia({ colorScheme: scheme });
    await expect(panel.getByTestId('balance')).toContainText('points');
    await shot(panel, `sidepanel-empty-${scheme}`);

    await chooseBot(panel, 'Slow-Drip');
    await panel.getByLabel('Message').fill('Tell me a story about a river');
    await panel.getByLabel('Message').press('Enter');
    await expect(panel.locator('article.message.bot .text')).toHaveText(/carrying leaves/);
    await shot(panel, `sidepanel-streaming-${scheme}`);
    await expect(panel.locator('article.message.bot')).toHaveAttribute('data-status', 'complete');

    await panel.getByRole('button', { name: 'New chat' }).click();
    await chooseBot(panel, 'Markdown-Bot');
    await panel.getByLabel('Message').fill('Show me code and a table');
    await panel.getByLabel('Message').press('Enter');
    const answer = panel.locator('article.message.bot').last();
    await expect(answer.locator('pre').first()).toBeVisible();
    await expect(answer.locator('table').first()).toBeVisible();
    await answer.locator('table').first().scrollIntoViewIfNeeded();
    await shot(panel, `sidepanel-markdown-${scheme}`);
    await expect(answer).toHaveAttribute('data-status', 'complete');

    await chooseBot(panel, 'Cut-Bot');
    await panel.getByLabel('Message').fill('And another one?');
    await panel.getByLabel('Message').press('Enter');
    await expect(panel.locator('article.message.bot').last()).toHaveAttribute('data-status', 'interrupted');
    await shot(panel, `sidepanel-interrupted-${scheme}`);

    await panel.getByRole('button', { name: 'History' }).click();
    await expect(panel.locator('.history-title')).toHaveCount(2);
    await panel.locator('.history-row').nth(1).hover();
    await shot(panel, `sidepanel-history-${scheme}`);
    await panel.getByTestId('balance').click();
    await panel.getByRole('dialog', { name: 'Poe points' }).getByRole('button', { name: 'Recent usage' }).click();
    await expect(panel.getByRole('region', { name: 'Recent usage' }).getByRole('row')).not.toHaveCount(0);
    await shot(panel, `sidepanel-usage-${scheme}`);
    await panel.getByRole('button', { name: 'Settings' }).click();
    await expect(panel.getByTestId('key-hint')).toBeVisible();
    await shot(panel, `sidepanel-settings-${scheme}`);
    await panel.getByRole('button', { name: 'Back to chat' }).click();

    const popup = await openExtensionPage('popup.html');
    await popup.setViewportSize({ width: 380, height: 560 });
    await popup.emulateMedia({ colorScheme: scheme });
    await expect(popup.locator('article.message.bot').last()).toHaveAttribute('data-status', 'interrupted');
    await shot(popup, `popup-${scheme}`);

    await popup.getByRole('button', { name: 'New chat' }).click();
    await popup.close();
    const keyless = await openExtensionPage('popup.html');
    await keyless.setViewportSize({ width: 380, height: 560 });
    await keyless.emulateMedia({ colorScheme: scheme });
    await keyless.getByRole('button', { name: 'Settings' }).click();
    await keyless.getByRole('button', { name: 'Remove key' }).click();
    await expect(keyless.getByLabel('Poe API key')).toBeVisible();
    await shot(keyless, `popup-no-key-${scheme}`);
  });
}
