import AxeBuilder from './axe';
import { expect, test } from './fixtures';
import { ask, chooseBot } from './helpers';

const lastAnswer = (page: import('@playwright/test').Page) => page.locator('article.message.bot').last();

test('markdown answers render incrementally as sanitised DOM: headings, lists, tables, code with copy', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Markdown-Bot');
  await ask(page, 'Show me everything');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  const answer = lastAnswer(page).locator('.text');
  await expect(answer.locator('h1')).toHaveCount(1);
  await expect(answer.locator('table th').first()).toBeVisible();
  await expect(answer.locator('li').first()).toBeVisible();
  await expect(answer.locator('pre code').first()).toBeVisible();
  await expect(answer.locator('blockquote').first()).toBeVisible();
  // Hostile bits of the answer are text, never markup.
  expect(await answer.locator('script, iframe, style, [onerror], [onclick], [style]').count()).toBe(0);
  for (const href of await answer.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))) {
    expect(href).toMatch(/^(https?:|mailto:)/);
  }
  await expect(answer.locator('a').first()).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(answer.locator('a').first()).toHaveAttribute('target', '_blank');
  // The code block's own copy button.
  await answer.locator('pre').first().hover();
  await expect(answer.getByRole('button', { name: /copy/i }).first()).toBeVisible();
});

test('bot files show inline, suggested replies are chips, replace_response replaces, plain text stays plain', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Image-Bot');
  await ask(page, 'Draw');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  const image = lastAnswer(page).locator('.text img');
  await expect(image).toHaveCount(1);
  await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

  await chooseBot(page, 'Fancy-Bot');
  await ask(page, 'Be fancy');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(page).locator('.text')).toHaveText('Final answer.');
  const chips = lastAnswer(page).locator('.chips button');
  await expect(chips).toHaveCount(2);
  const chipText = await chips.first().innerText();
  await chips.first().click();
  await expect(page.locator('article.message.user').last()).toContainText(chipText);

  await chooseBot(page, 'Plain-Bot');
  await ask(page, 'Plain please');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(page).locator('.text')).toContainText('**not bold**');
  await expect(lastAnswer(page).locator('.text strong')).toHaveCount(0);
});

test('files dropped or picked become chips, upload on send, and reach the bot on the user message', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  await page.getByLabel('Attach files').setInputFiles([
    { name: 'dot.png', mimeType: 'image/png', buffer: png },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello notes') },
  ]);
  const chips = page.getByRole('list', { name: 'Attached files' }).getByRole('listitem');
  await expect(chips).toHaveCount(2);
  await expect(chips.first().locator('img')).toHaveCount(1);
  await page.getByRole('button', { name: 'Remove notes.txt' }).click();
  await expect(chips).toHaveCount(1);

  await ask(page, 'What is in the picture?');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(page).locator('.text')).toContainText('Attachments: dot.png (image/png)');
  await expect(page.getByRole('list', { name: 'Attached files' })).toHaveCount(0);
  const uploads = fakePoe.requests.filter((request) => request.path.includes('file_upload'));
  expect(uploads).toHaveLength(1);
  expect(uploads[0]?.headers['authorization']).not.toMatch(/^Bearer /);
});

test('a file over the limit is refused with a clear message before anything is sent', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await page.getByLabel('Attach files').setInputFiles([
    { name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(26 * 1024 * 1024) },
  ]);
  await expect(page.getByRole('alert')).toContainText('“huge.bin” is 26.0 MB; files can be at most 25 MB.');
  await expect(page.getByRole('list', { name: 'Attached files' })).toHaveCount(0);
  expect(fakePoe.requests.filter((request) => request.path.includes('file_upload'))).toHaveLength(0);
});

test('the popup keeps the draft when closed, shows the last answer, and hands the chat to the side panel', async ({ signIn, openExtensionPage }) => {
  await signIn();
  let popup = await openExtensionPage('popup.html');
  await chooseBot(popup, 'Echo-Bot');
  await ask(popup, 'From the popup');
  await expect(lastAnswer(popup)).toHaveAttribute('data-status', 'complete');
  await popup.getByLabel('Message').fill('an unsent thought');
  await popup.close();

  popup = await openExtensionPage('popup.html');
  await expect(popup.getByLabel('Message')).toHaveValue('an unsent thought');
  await expect(lastAnswer(popup).locator('.text')).toContainText('You said: From the popup');
  await expect(popup.getByRole('button', { name: 'Open in side panel' })).toBeVisible();

  const panel = await openExtensionPage('sidepanel.html');
  await expect(lastAnswer(panel).locator('.text')).toContainText('You said: From the popup');
});

test('history search finds conversations by their text; usage lists what answers cost', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  await ask(page, 'Penguins are birds');
  const answerTo = (question: string) => page.locator('article.message.bot', { hasText: `You said: ${question}` });
  await expect(answerTo('Penguins are birds')).toHaveAttribute('data-status', 'complete');
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.locator('article.message')).toHaveCount(0);
  await ask(page, 'Volcanoes erupt');
  // This question's own answer, not the previous one still on screen.
  await expect(answerTo('Volcanoes erupt')).toHaveAttribute('data-status', 'complete');
  await page.getByRole('button', { name: 'History' }).click();
  await page.getByLabel('Search conversations').fill('penguin');
  await expect(page.locator('.history-title')).toHaveText(['Penguins are birds']);
  await page.getByLabel('Search conversations').fill('You said: Volcanoes');
  await expect(page.locator('.history-title')).toHaveText(['Volcanoes erupt']);
  // The result shows where it matched, the matched words marked.
  await expect(page.locator('.history-snippet mark')).toHaveText([/^you$/i, /^said$/i, /^volcanoes$/i]);

  await page.getByTestId('balance').click();
  await page.getByRole('dialog', { name: 'Poe points' }).getByRole('button', { name: 'Recent usage' }).click();
  const usage = page.getByRole('region', { name: 'Recent usage' });
  await expect(usage.getByRole('row').nth(1)).toContainText('Echo-Bot');
  await expect(usage.getByRole('button', { name: 'Volcanoes erupt' })).toBeVisible();
});

test('the balance warns when it runs low', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  fakePoe.setBalance(120);
  const page = await openExtensionPage('sidepanel.html');
  await expect(page.getByTestId('balance')).toHaveText(/120 points · low/);
});

for (const [surface, width] of [['sidepanel.html', 320], ['popup.html', 380]] as const) {
  test(`${surface} has no serious accessibility violations and fits ${width} px`, async ({ signIn, openExtensionPage }) => {
    await signIn();
    const page = await openExtensionPage(surface);
    await page.setViewportSize({ width, height: 640 });
    await chooseBot(page, 'Markdown-Bot');
    await ask(page, 'Everything');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
    const results = await new AxeBuilder(page).analyze();
    const serious = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''));
    expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
