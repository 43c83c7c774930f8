import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ask, chooseBot } from './helpers';

/** Screenshots of the spending guard at 400 px, light and dark, for us to look at (test-results/screenshots/). */
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots of the estimate, a held send and the limits (${scheme})`, async ({ signIn, openExtensionPage }) => {
    await signIn();
    const page = await openExtensionPage('sidepanel.html');
    await page.setViewportSize({ width: 400, height: 720 });
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.getByRole('complementary', { name: 'Suggestion: spending limits' })).toBeVisible();
    await shot(page, `guard-suggestion-${scheme}`);

    await chooseBot(page, 'GPT-5.4');
    await page.getByLabel('Message').fill('Summarise the history of the printing press in three paragraphs.');
    await expect(page.getByTestId('cost-estimate')).toHaveText(/≈/);
    await page.getByTestId('cost-estimate').click();
    await expect(page.getByRole('note')).toBeVisible();
    await shot(page, `guard-estimate-${scheme}`);
    await page.getByTestId('cost-estimate').click();

    await page.getByRole('button', { name: 'Set limits' }).click();
    await page.getByLabel('Daily budget (points)').fill('5000');
    await page.getByLabel('Per-answer ceiling (points)').fill('300');
    await page.getByRole('button', { name: 'Save limits' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Saved\./ })).toBeVisible();
    await shot(page, `guard-settings-${scheme}`);
    await page.getByRole('button', { name: 'Back to chat' }).click();

    await page.getByLabel('Message').press('Enter');
    await expect(page.getByTestId('held-send')).toBeVisible();
    await shot(page, `guard-held-${scheme}`);

    await page.setViewportSize({ width: 320, height: 640 });
    await shot(page, `guard-held-320-${scheme}`);
    await page.getByTestId('held-send').getByRole('button', { name: 'Don’t send' }).click();
    await expect(page.getByTestId('held-send')).toHaveCount(0);
    await ask(page, 'x');
  });
}
