import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import AxeBuilder from './axe';
import { ask, chooseBot } from './helpers';

/** The usage view is reached through the balance's details: the balance, then "Recent usage". */
async function openUsage(page: import('@playwright/test').Page) {
  await page.getByTestId('balance').click();
  await page.getByRole('dialog', { name: 'Poe points' }).getByRole('button', { name: 'Recent usage' }).click();
}

/**
 * What things cost, as a person sees it: each answer's price with Poe's breakdown, the conversation's total, and the
 * usage view (chart, totals per bot, refunds, paging through 30 days, a charge opening its conversation).
 */

const DAY = 86_400_000;
const answerTo = (page: Page, question: string) => page.locator('article.message.bot', { hasText: `You said: ${question}` });
const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/history-${name}.png` });

test('an answer shows what it cost with the breakdown Poe gives, and the conversation its total', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await page.setViewportSize({ width: 400, height: 720 });
  await chooseBot(page, 'Echo-Bot');
  await ask(page, 'How much was this?');
  // Echo-Bot charges 12 points; the fake Poe prices points at $0.00003.
  const firstCost = answerTo(page, 'How much was this?').getByRole('button', { name: '12 points · $0.00036' });
  await expect(firstCost).toBeVisible();
  await expect(firstCost).toHaveAttribute('aria-expanded', 'false');
  await firstCost.click();
  await expect(firstCost).toHaveAttribute('aria-expanded', 'true');
  // Hovering shows the same lines as a tooltip.
  await expect(firstCost).toHaveAttribute('title', /^Input: 4 points \(\d+ tokens\)\nOutput: 8 points \(72 tokens\)\nTotal: 12 points$/);
  const breakdown = answerTo(page, 'How much was this?').getByRole('definition');
  await expect(answerTo(page, 'How much was this?').getByRole('term')).toHaveText(['Input', 'Output', 'Total']);
  await expect(breakdown).toHaveText([/^4 points \(\d+ tokens\)$/, '8 points (72 tokens)', '12 points']);
  // The keyboard closes it again.
  await firstCost.press('Escape');
  await expect(firstCost).toHaveAttribute('aria-expanded', 'false');
  await expect(breakdown).toHaveCount(0);
  await expect(page.getByText('This conversation: 12 points · $0.00036 (1 answer priced)')).toBeVisible();

  await ask(page, 'And this one?');
  const second = answerTo(page, 'And this one?');
  const secondCost = second.getByRole('button', { name: '12 points · $0.00036' });
  await expect(secondCost).toBeVisible();
  await expect(second).toHaveAttribute('data-status', 'complete');
  await secondCost.focus();
  await page.keyboard.press('Enter');
  // The question carried history: Poe shows a cache discount, the lines in Poe's order.
  await expect(second.getByRole('term')).toHaveText(['Input', 'Cache discount', 'Output', 'Total']);
  await expect(page.getByText('This conversation: 24 points · $0.00072 (2 answers priced)')).toBeVisible();
  await shot(page, 'answer-cost-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'answer-cost-dark');

  // Another page opened later shows the same, from what the background stored.
  const again = await openExtensionPage('sidepanel.html');
  await expect(answerTo(again, 'And this one?').getByRole('button', { name: '12 points · $0.00036' })).toBeVisible();
  // Recording the price never touches the answer itself.
  await expect(answerTo(again, 'And this one?')).toHaveAttribute('data-status', 'complete');
  await expect(answerTo(again, 'And this one?')).toContainText('(3 messages in conversation)');
  await expect(again.getByText('This conversation: 24 points · $0.00072 (2 answers priced)')).toBeVisible();

  // Regenerated, the earlier answer is a version out of sight, still paid for: the total counts all three.
  const last = answerTo(again, 'And this one?');
  await last.getByRole('button', { name: 'Regenerate', exact: true }).click();
  await expect(last.getByRole('group', { name: 'Versions' })).toContainText('2 / 2');
  await expect(last.getByRole('button', { name: '12 points · $0.00036' })).toBeVisible();
  await expect(again.getByText('This conversation: 36 points · $0.0011 (3 answers priced)')).toBeVisible();
});

test('the usage view charts 30 days, totals each bot, marks refunds, pages on demand and opens a conversation', async ({ signIn, openExtensionPage, fakePoe }) => {
  // 70 past charges over 29 days (more than the first page of 50), one of them a refund.
  const bots = ['GPT-5.4', 'Claude-Sonnet-4.5', 'Gemini-3-Flash'];
  const past = Array.from({ length: 70 }, (_, i) => ({ bot: bots[i % 3]!, points: 20 + i, ageMs: DAY / 4 + i * (DAY * 0.4) }));
  past[9] = { bot: 'GPT-5.4', points: -180, ageMs: past[9]!.ageMs };
  fakePoe.addHistory(past);
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await page.setViewportSize({ width: 400, height: 720 });
  await chooseBot(page, 'Echo-Bot');
  await ask(page, 'Volcanoes erupt');
  await expect(answerTo(page, 'Volcanoes erupt').getByRole('button', { name: /^12 points/ })).toBeVisible();

  await openUsage(page);
  const usage = page.getByRole('region', { name: 'Recent usage' });
  const charges = usage.locator('table.usage-charges tbody tr');
  await expect(charges).toHaveCount(50);
  await expect(usage.getByText(/^Since .*: /)).toContainText('Older charges are not loaded yet.');
  // The chart sums itself up; its numbers are in a table too.
  await expect(usage.getByRole('img', { name: /^Points spent per day, .* Busiest day: / })).toBeVisible();
  await usage.getByText(/^Daily totals \(\d+ days with charges\)$/).click();
  await expect(usage.locator('.daily-totals tbody tr').first()).toContainText('points');

  // Older charges on demand: the rest of the 30 days, then nothing more to load.
  await usage.getByRole('button', { name: 'Load older charges' }).click();
  await expect(charges).toHaveCount(71);
  await expect(usage.getByText('That is everything: Poe keeps 30 days of history.')).toBeVisible();
  await expect(usage.getByText(/^Last 30 days: /)).toBeVisible();

  // Totals per bot, by display name, over everything loaded: refunds subtract.
  const expected = new Map<string, number>([['Echo-Bot', 12]]);
  for (const charge of past) expected.set(charge.bot, (expected.get(charge.bot) ?? 0) + charge.points);
  const botRows = usage.locator('table.usage-bots tbody tr');
  await expect(botRows).toHaveCount(4);
  for (const [bot, points] of expected) {
    await expect(botRows.filter({ has: page.getByRole('rowheader', { name: bot, exact: true }) })).toContainText(new Intl.NumberFormat('en-US').format(points));
  }
  // A refund says so.
  await expect(charges.filter({ hasText: 'Refund -180 points' })).toHaveCount(1);
  await usage.evaluate((element) => (element.scrollTop = 0));
  await charges.first().getByRole('button', { name: /points/ }).click();
  const results = await new AxeBuilder(page).analyze();
  const serious = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''));
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  // Nothing wider than the panel: the report fits 400 px.
  expect(await usage.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  await shot(page, 'usage-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'usage-dark');
  await charges.filter({ hasText: 'Refund' }).scrollIntoViewIfNeeded();
  await charges.filter({ hasText: 'Refund' }).getByRole('button').click();
  await shot(page, 'usage-refund-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // A charge opens the conversation it paid for; the way back from the usage view is one click.
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.locator('article.message')).toHaveCount(0);
  await openUsage(page);
  await usage.getByRole('button', { name: 'Volcanoes erupt' }).click();
  await expect(usage).toHaveCount(0);
  await expect(answerTo(page, 'Volcanoes erupt')).toBeVisible();
  await openUsage(page);
  await expect(charges).not.toHaveCount(0);
  // The header's arrow, and a plain button after the report.
  await usage.locator('.view-header').getByRole('button', { name: 'Back to chat' }).click();
  await expect(usage).toHaveCount(0);
  await expect(answerTo(page, 'Volcanoes erupt')).toBeVisible();
  await openUsage(page);
  await usage.locator('footer').getByRole('button', { name: 'Back to chat' }).click();
  await expect(usage).toHaveCount(0);
  await expect(answerTo(page, 'Volcanoes erupt')).toBeVisible();
});

test('"Load all 30 days" pages to the end by itself; an empty history says so with a way back', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await openUsage(page);
  const usage = page.getByRole('region', { name: 'Recent usage' });
  await expect(usage.getByText('No charges in the last 30 days.')).toBeVisible();
  await usage.locator('footer').getByRole('button', { name: 'Back to chat' }).click();
  await expect(usage).toHaveCount(0);

  fakePoe.addHistory(Array.from({ length: 130 }, (_, i) => ({ bot: 'GPT-5.4', points: 10, ageMs: 60_000 + i * (DAY / 5) })));
  await openUsage(page);
  await expect(usage.locator('table.usage-charges tbody tr')).toHaveCount(50);
  await usage.getByRole('button', { name: 'Load all 30 days' }).click();
  await expect(usage.locator('table.usage-charges tbody tr')).toHaveCount(130);
  await expect(usage.getByText('That is everything: Poe keeps 30 days of history.')).toBeVisible();
  await expect(usage.getByText(/^Last 30 days: 1,300 points · \$0\.039/)).toBeVisible();
});

test('a history Poe cannot give says why, and "Try again" gets it once Poe answers', async ({ signIn, openExtensionPage, fakePoe }) => {
  fakePoe.addHistory([{ bot: 'GPT-5.4', points: 180, ageMs: 60_000 }]);
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await expect(page.getByTestId('balance')).toContainText('points');
  fakePoe.setRedirects({ account: true });
  await openUsage(page);
  const usage = page.getByRole('region', { name: 'Recent usage' });
  await expect(usage.getByRole('alert')).toBeVisible();
  await expect(usage.locator('table.usage-charges')).toHaveCount(0);
  fakePoe.setRedirects({});
  await usage.getByRole('button', { name: 'Try again' }).click();
  await expect(usage.locator('table.usage-charges tbody tr')).toHaveCount(1);
  await expect(usage.getByRole('alert')).toHaveCount(0);
});
