import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ask, botOption, signedInPanel } from './helpers';

/**
 * Compare (issue 16): one question to three bots at once, one of which fails; each column streams, stops and costs
 * on its own, and "Continue with this one" turns a column into the conversation.
 */

async function addToCompare(page: Page, displayName: string) {
  await page.getByRole('button', { name: 'Add bot' }).click();
  await page.getByLabel('Search bots').fill(displayName);
  await botOption(page, displayName).click();
  await expect(compareBar(page).locator('.compare-chip-name')).toContainText([displayName]);
}

const compareBar = (page: Page) => page.getByRole('group', { name: 'Bots to compare' });
const column = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

test('one question to three bots, one failing: columns stream, stop and fail on their own; one is continued', async ({ signIn, openExtensionPage }) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Echo-Bot');
  await panel.setViewportSize({ width: 400, height: 760 });
  await panel.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(compareBar(panel).locator('.compare-chip-name')).toHaveText(['Echo-Bot']);
  await expect(panel.getByText('Choose at least two bots to compare.')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Send' })).toBeDisabled();
  await addToCompare(panel, 'Held-Bot');
  await addToCompare(panel, 'Error-Bot');
  await expect(compareBar(panel).locator('.compare-chip-name')).toHaveText(['Echo-Bot', 'Held-Bot', 'Error-Bot']);

  const question = 'Which lighthouse is the tallest in Brittany?';
  await panel.getByRole('textbox', { name: 'Message' }).fill(question);
  // Before sending: what the answers could cost together (the fake's scripted bots, like many of Poe's, publish no price).
  await expect(compareBar(panel).locator('.compare-cost-line')).toHaveText('Poe publishes no price for Echo-Bot, Held-Bot, and Error-Bot, so the total is not known.');
  await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(panel.locator('.compare-question')).toHaveText(question);
  await expect(panel.getByRole('textbox', { name: 'Message' })).toHaveValue('');

  // At panel width one column at a time, with a tab per bot.
  const tabs = panel.locator('.compare-tab');
  await expect(tabs.locator('.compare-tab-name')).toHaveText(['Echo-Bot', 'Held-Bot', 'Error-Bot']);
  const echo = column(panel, 'Echo-Bot');
  await expect(echo.locator('.text')).toContainText(`You said: ${question}`);
  await expect(echo.getByRole('status')).toHaveText('Done');
  // Its own cost, once Poe's points history lists the answer.
  await expect(echo.locator('.compare-cost')).toHaveText(/^\d+ points?$/);

  // The held one is still answering on its own (the fake holds it open), and its Stop stops only it: the words so
  // far are kept.
  await tabs.filter({ hasText: 'Held-Bot' }).click();
  const slow = column(panel, 'Held-Bot');
  await expect(slow).toBeInViewport({ ratio: 1 });
  await expect(slow.locator('.text')).toContainText(`Held answer to “${question.slice(0, 40)}” begins`);
  await expect(slow.getByRole('status')).toHaveText('Answering…');
  await slow.getByRole('button', { name: 'Stop' }).click();
  await expect(slow.getByRole('status')).toHaveText('Stopped');
  const kept = await slow.locator('.text').innerText();
  expect(kept).toContain('begins');

  // The failing one says why, in its own column; the others are untouched.
  await tabs.filter({ hasText: 'Error-Bot' }).click();
  const failing = column(panel, 'Error-Bot');
  await expect(failing).toBeInViewport({ ratio: 1 });
  await expect(failing.getByRole('status')).toHaveText('Failed');
  await expect(failing.getByRole('alert')).toBeVisible();
  await expect(echo.getByRole('status')).toHaveText('Done');
  await expect(slow.locator('.text')).toHaveText(kept);

  await panel.screenshot({ path: 'test-results/screenshots/compare-panel-light.png' });
  await panel.emulateMedia({ colorScheme: 'dark' });
  await panel.screenshot({ path: 'test-results/screenshots/compare-panel-dark.png' });
  await panel.emulateMedia({ colorScheme: 'light' });

  // Closing and reopening the panel shows the compare again, each column as the background has it.
  await panel.reload();
  await expect(panel.locator('.compare-question')).toHaveText(question);
  await expect(column(panel, 'Echo-Bot').locator('.text')).toContainText(`You said: ${question}`);
  await expect(column(panel, 'Held-Bot').getByRole('status')).toHaveText('Stopped');
  await expect(column(panel, 'Held-Bot').locator('.text')).toHaveText(kept);
  await expect(column(panel, 'Error-Bot').getByRole('status')).toHaveText('Failed');

  // "Continue with this one": the Echo column becomes the conversation, with its bot; compare is off.
  await tabs.filter({ hasText: 'Echo-Bot' }).click();
  await echo.getByRole('button', { name: 'Continue with this one' }).click();
  await expect(panel.locator('.compare-view')).toHaveCount(0);
  await expect(panel.locator('article.message.user')).toHaveText([new RegExp(question)]);
  await expect(panel.locator('article.message.bot .text')).toContainText([`You said: ${question}`]);
  await expect(panel.getByRole('button', { name: /^Bot: / })).toHaveAccessibleName('Bot: Echo-Bot');
  await expect(compareBar(panel)).toHaveCount(0);
  // A follow-up goes on in that conversation with that bot.
  await ask(panel, 'And the oldest?');
  await expect(panel.locator('article.message.bot .text').last()).toContainText('You said: And the oldest?');
  await expect(panel.locator('article.message.user')).toHaveCount(2);

  // Nothing paid for is lost: each column is a conversation in History.
  await panel.getByRole('button', { name: 'History' }).click();
  await expect(panel.locator('.history-title').filter({ hasText: question })).toHaveCount(3);
});

async function setDailyBudget(page: Page, points: number) {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Daily budget (points)').fill(String(points));
  await page.getByRole('button', { name: 'Save limits' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved\./ })).toBeVisible();
  await page.getByRole('button', { name: 'Back to chat' }).click();
}

test('the spending guard sees the compare\'s total: each answer fits the budget, both together do not; one "Send anyway" asks both', async ({ signIn, openExtensionPage }) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'GPT-5.4');
  await panel.getByRole('button', { name: 'Compare', exact: true }).click();
  await addToCompare(panel, 'Flat-Bot');
  await panel.getByRole('textbox', { name: 'Message' }).fill('Budget check');
  // GPT-5.4's longest typical answer (~900 points) plus Flat-Bot's 30 points a message.
  const line = compareBar(panel).locator('.compare-cost-line');
  await expect(line).toHaveText(/^Up to [\d,]+ points for the 2 answers together\.$/);
  const total = Number((await line.innerText()).match(/Up to ([\d,]+) points/)![1]!.replace(/,/g, ''));
  expect(total).toBeGreaterThan(100);

  // A budget each answer fits alone (the larger is total − 30), but not both together.
  await setDailyBudget(panel, total - 10);
  await expect(line).toHaveText(`Up to ${total.toLocaleString('en-US')} points for the 2 answers together. Your spending limits will ask you first.`);
  await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
  const hold = panel.getByTestId('held-send');
  await expect(hold).toContainText('Compare: GPT-5.4, Flat-Bot');
  await expect(hold).toContainText(`These answers could cost up to ${total.toLocaleString('en-US')} points together`);
  await expect(panel.locator('.compare-view')).toHaveCount(0);

  await hold.getByRole('button', { name: `Send anyway (up to ${total.toLocaleString('en-US')} points)` }).click();
  await expect(panel.getByTestId('held-send')).toHaveCount(0);
  await expect(panel.locator('.compare-question')).toHaveText('Budget check');
  await expect(column(panel, 'GPT-5.4').getByRole('status')).toHaveText('Done');
  await expect(column(panel, 'Flat-Bot').getByRole('status')).toHaveText('Done');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`compare side by side in the full tab (${scheme})`, async ({ signIn, openExtensionPage }) => {
    const tab = await signedInPanel({ signIn, openExtensionPage: (name) => openExtensionPage(name === 'sidepanel.html' ? 'app.html' : name) }, 'Echo-Bot');
    await tab.setViewportSize({ width: 1280, height: 800 });
    await tab.emulateMedia({ colorScheme: scheme });
    await tab.getByRole('button', { name: 'Compare', exact: true }).click();
    await addToCompare(tab, 'Markdown-Bot');
    await addToCompare(tab, 'Error-Bot');
    await ask(tab, 'Show me code and a table');
    // Wide: every column at once, no tabs.
    await expect(tab.locator('.compare-tabs')).toBeHidden();
    for (const name of ['Echo-Bot', 'Markdown-Bot', 'Error-Bot']) await expect(column(tab, name)).toBeInViewport();
    await expect(column(tab, 'Markdown-Bot').locator('table').first()).toBeVisible();
    await expect(column(tab, 'Markdown-Bot').getByRole('status')).toHaveText('Done');
    await expect(column(tab, 'Error-Bot').getByRole('status')).toHaveText('Failed');
    await tab.screenshot({ path: `test-results/screenshots/compare-tab-${scheme}.png` });
    // Compare off: back to the chat as it was (nothing hidden behind the columns for the next question).
    await compareBar(tab).getByRole('button', { name: 'Stop comparing' }).click();
    await expect(tab.locator('.compare-view')).toHaveCount(0);
    await expect(tab.getByRole('button', { name: 'Compare', exact: true })).toHaveAttribute('aria-pressed', 'false');
  });
}

test('the draft’s file goes to every bot of a compare: each column’s bot received it', async ({ signIn, openExtensionPage, fakePoe }) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Echo-Bot');
  await panel.getByRole('button', { name: 'Compare', exact: true }).click();
  await addToCompare(panel, 'Files-Bot');
  await panel.getByLabel('Attach files').setInputFiles([
    { name: 'tides.txt', mimeType: 'text/plain', buffer: Buffer.from('[0:05] The tide turns at the lighthouse\nHigh water at 06:12') },
  ]);
  const chips = panel.getByRole('list', { name: 'Attached files' }).getByRole('listitem');
  await expect(chips).toHaveCount(1);
  await panel.getByRole('textbox', { name: 'Message' }).fill('What does the file say?');
  // Send compares with the file (it is no longer a reason to wait).
  await expect(compareBar(panel).locator('.compare-cost-line')).toBeVisible();
  await panel.setViewportSize({ width: 400, height: 720 });
  for (const scheme of ['light', 'dark'] as const) {
    await panel.emulateMedia({ colorScheme: scheme });
    await panel.screenshot({ path: `test-results/screenshots/compare-with-file-${scheme}.png` });
  }
  await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(panel.locator('.compare-question')).toHaveText('What does the file say?');
  await expect(panel.getByRole('list', { name: 'Attached files' })).toHaveCount(0);
  // The question shows the file it carried, over the columns.
  await expect(panel.locator('.compare-view').getByRole('list', { name: 'Files' })).toHaveText('tides.txt');

  // Echo-Bot names what it received; Files-Bot quotes the file's lines, which it fetched from its own upload.
  const echo = column(panel, 'Echo-Bot');
  await expect(echo.getByRole('status')).toHaveText('Done');
  await expect(echo.locator('.text')).toContainText('Attachments: tides.txt (text/plain)');
  const files = column(panel, 'Files-Bot');
  await expect(files.getByRole('status')).toHaveText('Done');
  await expect(files.locator('.text')).toContainText('[0:05] The tide turns at the lighthouse');
  // Each column uploaded the file for its own bot.
  expect(fakePoe.requests.filter((request) => request.path.includes('file_upload'))).toHaveLength(2);
  await panel.screenshot({ path: 'test-results/screenshots/compare-with-file-answers-dark.png' });
});
