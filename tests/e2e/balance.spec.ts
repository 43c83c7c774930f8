/**
 * The balance that explains itself (issue 12): the header badge opens the details (plan and add-on points, USD, the
 * next grants with a live countdown, auto-recharge and its last failure), Esc closes it; the low warning follows the
 * recent pace; a free account's refusal says what to do; the picker marks free and paid bots and filters free ones.
 */
import type { Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test } from './fixtures';
import { ask, botOption, botTrigger } from './helpers';
import { FAKE_POE_FREE_KEY, FAKE_POE_KEY } from '../fake-poe/server';

const details = (page: Page) => page.getByRole('dialog', { name: 'Poe points' });
/** One row of the details: its term and what it says. */
const fact = (page: Page, term: string) => details(page).locator('dl > div').filter({ has: page.getByText(term, { exact: true }) });

async function nextGrantTimes(url: string): Promise<{ daily: number; monthly: number }> {
  const res = await fetch(`${url}/usage/current_balance`, { headers: { authorization: `Bearer ${FAKE_POE_KEY}` } });
  const body = (await res.json()) as { next_daily_grant_time: number; next_monthly_grant_time: number };
  return { daily: body.next_daily_grant_time / 1000, monthly: body.next_monthly_grant_time / 1000 };
}

test('the balance opens its details, with grants counting down live; Esc closes it', async ({ signIn, openExtensionPage, fakePoe, context }) => {
  fakePoe.setAccount({ planPoints: 3500, addonPoints: 1500, dailyGrant: 3000 });
  await signIn();
  const { daily } = await nextGrantTimes(fakePoe.url);
  // The page's clock stands still 3 h 11 min 30 s before the daily grant (rounded up: "in 3 h 12 min").
  await context.clock.setFixedTime(daily - (3 * 3600 + 11 * 60 + 30) * 1000);
  const page = await openExtensionPage('sidepanel.html');
  const badge = page.getByTestId('balance');
  await expect(badge).toHaveText('5,000 points');
  await expect(badge).toHaveAttribute('aria-expanded', 'false');

  await badge.click();
  await expect(details(page)).toBeFocused();
  await expect(badge).toHaveAttribute('aria-expanded', 'true');
  await expect(details(page).getByTestId('balance-total')).toHaveText('5,000 points');
  await expect(details(page)).toContainText('$0.15');
  await expect(fact(page, 'Plan points')).toContainText('3,500 points · $0.11');
  await expect(fact(page, 'Add-on points')).toContainText('1,500 points · $0.05');
  await expect(fact(page, 'Next daily points')).toContainText('+3,000 points, in 3 h 12 min');
  await expect(fact(page, 'Next monthly points')).toContainText(/^Next monthly points\+1,000,000 points, in \d+ days?( \d+ h)?$/);
  await expect(fact(page, 'Auto-recharge')).toContainText('Off');
  await expect(details(page).getByRole('link', { name: 'Manage points on Poe' })).toHaveAttribute('href', 'https://poe.com/api_key');

  // A minute later by the page's clock, the countdown has moved on by itself.
  await context.clock.setFixedTime(daily - (3 * 3600 + 10 * 60 + 30) * 1000);
  await expect(fact(page, 'Next daily points')).toContainText('+3,000 points, in 3 h 11 min');

  await page.keyboard.press('Escape');
  await expect(details(page)).toHaveCount(0);
  await expect(badge).toBeFocused();
  // The keyboard opens it again; Tab walks through it and out, which closes it.
  await page.keyboard.press('Enter');
  await expect(details(page)).toBeFocused();
  await details(page).getByRole('button', { name: 'Close' }).click();
  await expect(details(page)).toHaveCount(0);
});

test('auto-recharge: none, on with its amounts, and a failure with the way to fix it', async ({ signIn, openExtensionPage, fakePoe }) => {
  fakePoe.setAccount({ autoRecharge: null });
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  const badge = page.getByTestId('balance');
  await badge.click();
  await expect(fact(page, 'Auto-recharge')).toContainText('Off');
  await expect(details(page).getByTestId('auto-recharge-failure')).toHaveCount(0);
  await page.keyboard.press('Escape');

  fakePoe.setAccount({ autoRecharge: { enabled: true, status: 'enabled', thresholdPoints: 1000, refillPoints: 10_000, lastFailureTime: null } });
  // Opening the details asks Poe again.
  await badge.click();
  await expect(fact(page, 'Auto-recharge')).toContainText('On');
  await expect(details(page).getByTestId('auto-recharge-rule')).toHaveText('Adds 10,000 points ($0.30) whenever the balance falls below 1,000 points.');
  await page.keyboard.press('Escape');

  const failedAt = Date.UTC(2026, 10, 30, 14, 5);
  fakePoe.setAccount({ autoRecharge: { enabled: true, status: 'enabled', thresholdPoints: 1000, refillPoints: 10_000, lastFailureTime: failedAt } });
  await badge.click();
  const failure = details(page).getByTestId('auto-recharge-failure');
  await expect(failure).toContainText('The last automatic recharge failed on');
  await expect(failure).toContainText('2026');
  await expect(failure.getByRole('link', { name: 'Fix it on Poe' })).toHaveAttribute('href', 'https://poe.com/api_key');

  // An answer with only the documented total: the details say no more than Poe did.
  await page.keyboard.press('Escape');
  fakePoe.setAccount({ shape: 'minimal' });
  await badge.click();
  await expect(details(page).getByTestId('balance-total')).toHaveText('5,000 points');
  await expect(details(page).locator('dl > div')).toHaveCount(0);
});

test('the low warning follows the recent pace', async ({ signIn, openExtensionPage, fakePoe }) => {
  fakePoe.setAccount({ autoRecharge: null });
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await botTrigger(page).click();
  await page.getByLabel('Search bots').fill('Echo-Bot');
  await botOption(page, 'Echo-Bot').click();
  await ask(page, 'How much does this cost?');
  await expect(page.locator('article.message.bot').last()).toHaveAttribute('data-status', 'complete');
  // 12 points today; 20 left is about 2 days at that pace: low, though far from the fixed 500-point line's reason.
  fakePoe.setBalance(20);
  const badge = page.getByTestId('balance');
  await badge.click();
  await expect(details(page).getByTestId('balance-pace')).toHaveText('About 2 days left at your recent pace (about 12 points a day).');
  await expect(badge).toHaveText('20 points · low');
  await expect(badge).toHaveAttribute('title', /about 2 days left at your recent pace/);
});

test('a free account asking a paid bot is told why, with a link to upgrade and a way to free bots', async ({ signIn, openExtensionPage }) => {
  await signIn(FAKE_POE_FREE_KEY);
  const page = await openExtensionPage('sidepanel.html');
  await expect(botTrigger(page)).toHaveAccessibleName('Bot: GPT-5.4');
  await ask(page, 'Hello from a free account');
  const answer = page.locator('article.message.bot').last();
  await expect(answer).toHaveAttribute('data-status', 'error');
  const alert = answer.getByRole('alert');
  await expect(alert).toContainText('Free Poe accounts can only use free bots through the API. GPT-5.4 is only available to Poe subscribers.');
  await expect(alert.getByRole('link', { name: 'Upgrade on Poe' })).toHaveAttribute('href', 'https://poe.com/subscribe');

  await alert.getByRole('button', { name: 'Show free bots' }).click();
  await expect(page.getByRole('button', { name: 'Free only' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('option')).toHaveCount(1);
  await botOption(page, 'Free-Bot').click();
  await ask(page, 'And now?');
  await expect(page.locator('article.message.bot').last()).toHaveAttribute('data-status', 'complete');
  await expect(page.locator('article.message.bot').last()).toContainText('You said: And now?');

  // A free account's details: the daily points and no auto-recharge.
  await page.getByTestId('balance').click();
  await expect(fact(page, 'Next daily points')).toContainText(/\+3,000 points, in /);
  await expect(fact(page, 'Auto-recharge')).toContainText('Off');
});

test('the picker marks free, paid and unpriced bots and filters free ones, by mouse and keyboard', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await botTrigger(page).click();
  await expect(botOption(page, 'Claude-Sonnet-4.5')).toHaveAccessibleName(/, Paid, \$2\.6 in \/ \$13 out per 1M tokens$/);
  await expect(botOption(page, 'Free-Bot')).toHaveAccessibleName(/, Free$/);
  await expect(botOption(page, 'Sora-2')).toHaveAccessibleName(/, Price not published$/);
  const filter = page.getByRole('button', { name: 'Free only' });
  await expect(filter).toHaveAttribute('aria-pressed', 'false');
  await filter.click();
  await expect(filter).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('option')).toHaveCount(1);
  await expect(botOption(page, 'Free-Bot')).toBeVisible();
  // Searching within free bots: a paid one is not offered, nor as a typed name.
  await page.getByLabel('Search bots').fill('gpt');
  await expect(page.getByRole('option')).toHaveCount(0);
  await expect(page.getByText('No free bots match “gpt”.')).toBeVisible();

  // Keyboard: Tab from the search field reaches the filter, Space switches it off, Esc closes the picker.
  await page.getByLabel('Search bots').fill('');
  await page.getByLabel('Search bots').press('Tab');
  await expect(filter).toBeFocused();
  await page.keyboard.press('Space');
  await expect(filter).toHaveAttribute('aria-pressed', 'false');
  await expect(botOption(page, 'GPT-5.4')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox')).toHaveCount(0);
  await expect(botTrigger(page)).toBeFocused();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the open details have no serious accessibility violations (${scheme})`, async ({ signIn, openExtensionPage, fakePoe }) => {
    fakePoe.setAccount({
      addonPoints: 1500,
      dailyGrant: 3000,
      autoRecharge: { enabled: true, status: 'enabled', thresholdPoints: 1000, refillPoints: 10_000, lastFailureTime: Date.UTC(2026, 10, 30) },
    });
    await signIn();
    const page = await openExtensionPage('sidepanel.html');
    await page.setViewportSize({ width: 320, height: 640 });
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
    await page.getByTestId('balance').click();
    await expect(details(page).getByTestId('auto-recharge-failure')).toBeVisible();
    const results = await page.evaluate(() =>
      (window as unknown as { axe: { run(context: unknown): Promise<AxeResults> } }).axe.run({ include: [['.balance-menu']] }),
    );
    const serious = results.violations
      .filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''))
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
    // The panel fits the narrow side panel.
    const box = await details(page).boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 320).toBe(true);
  });
}
