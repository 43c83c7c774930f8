import type { Page } from '@playwright/test';
import AxeBuilder from './axe';
import { expect, test } from './fixtures';
import { chooseBot, conversationTitled, openSite, selectElementText } from './helpers';
import { startPageServer } from './page-server';

/** Issue 16: `/` opens the saved prompts in the composer; each conversation keeps its draft; the composer grows. */
let site: { url: string; close(): Promise<void> };
test.beforeAll(async () => {
  site = await startPageServer();
});
test.afterAll(async () => site.close());

const composer = (panel: Page) => panel.getByLabel('Message');
const menu = (panel: Page) => panel.getByRole('listbox', { name: 'Saved prompts' });
/** The combobox around the textarea (a textarea may not carry `aria-expanded` itself). */
const combobox = (panel: Page) => panel.getByRole('combobox', { name: 'Type / for saved prompts' });
const lastAnswer = (panel: Page) => panel.locator('article.message.bot').last();
const SUMMARIZE = 'Summarize this in a few bullet points:\n\nAnother paragraph below.';

async function ask(panel: Page, text: string) {
  await composer(panel).fill(text);
  await composer(panel).press('Enter');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
}

test('/sum picks Summarize with Enter, fills it with the page’s selection, and the bot gets exactly that text', async ({
  signIn,
  context,
  serviceWorker,
  openExtensionPage,
  fakePoe,
}) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await chooseBot(panel, 'Echo-Bot');
  const { page } = await openSite(context, serviceWorker, site.url, 'selection.html');
  await selectElementText(page, 'second-paragraph');
  // The panel sits next to the page the user reads: that tab is the active one.
  await page.bringToFront();

  await composer(panel).pressSequentially('/sum');
  await expect(menu(panel)).toBeVisible();
  const summarize = menu(panel).getByRole('option', { name: /^Summarize/ });
  await expect(summarize).toHaveAttribute('aria-selected', 'true');
  await expect(combobox(panel)).toHaveAttribute('aria-expanded', 'true');
  await expect(combobox(panel)).toHaveAttribute('aria-controls', (await menu(panel).getAttribute('id'))!);
  await expect(composer(panel)).toHaveAttribute('aria-activedescendant', (await summarize.getAttribute('id'))!);

  await composer(panel).press('Enter');
  await expect(composer(panel)).toHaveValue(SUMMARIZE);
  await expect(menu(panel)).toHaveCount(0);
  await expect(combobox(panel)).toHaveAttribute('aria-expanded', 'false');
  await expect(composer(panel)).not.toHaveAttribute('aria-activedescendant');

  await composer(panel).press('Enter');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(panel)).toContainText('You said: Summarize this in a few bullet points:');
  await expect(lastAnswer(panel)).toContainText('Another paragraph below.');
  const query = fakePoe.requests.findLast((request) => request.bot?.toLowerCase() === 'echo-bot')!;
  expect((query.body as { query: { content: string }[] }).query.at(-1)!.content).toBe(SUMMARIZE);
});

test('{page} attaches the tab as “This page” does and names it in the draft; {language} is the translation language', async ({
  signIn,
  context,
  serviceWorker,
  openExtensionPage,
}) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  const { page } = await openSite(context, serviceWorker, site.url, 'article.html');
  await page.bringToFront();
  await composer(panel).pressSequentially('/key');
  await expect(menu(panel).getByRole('option').first()).toHaveText(/^Key points of this page/);
  await composer(panel).press('Tab');
  await expect(composer(panel)).toHaveValue('List the key points of the attached page “Fixture article”, in English.');
  await expect(panel.locator('.page-chip')).toContainText('Fixture article');

  // A page extensions may not read: no prompt naming an attachment that is not there; This page says why.
  await composer(panel).fill('');
  await panel.locator('.page-chip').getByRole('button', { name: 'Remove Fixture article' }).click();
  const blocked = await context.newPage();
  await blocked.goto('chrome://version');
  await blocked.bringToFront();
  await composer(panel).pressSequentially('/key');
  await composer(panel).press('Enter');
  await expect(panel.locator('.page-attach-error')).toContainText('Browsers do not let extensions read this page');
  await expect(composer(panel)).toHaveValue('/key');
  await expect(panel.locator('.page-chip')).toHaveCount(0);
});

test('arrows, Esc and the mouse; a prompt that cannot be filled says why and leaves the draft as typed', async ({
  signIn,
  context,
  serviceWorker,
  openExtensionPage,
}) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  const { page } = await openSite(context, serviceWorker, site.url, 'selection.html');
  await page.bringToFront();

  await composer(panel).pressSequentially('/');
  const options = menu(panel).getByRole('option');
  await expect(options.first()).toHaveText(/^Summarize/);
  expect(await options.count()).toBeGreaterThanOrEqual(7);
  await composer(panel).press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(composer(panel)).toHaveAttribute('aria-activedescendant', (await options.nth(1).getAttribute('id'))!);
  await composer(panel).press('ArrowUp');
  await composer(panel).press('ArrowUp');
  await expect(options.last()).toHaveAttribute('aria-selected', 'true');

  const results = await new AxeBuilder(panel).analyze();
  const serious = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''));
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);

  // Esc closes and leaves the text as typed; typing on does not reopen it for that `/`.
  await composer(panel).press('Escape');
  await expect(menu(panel)).toHaveCount(0);
  await composer(panel).pressSequentially('x');
  await expect(composer(panel)).toHaveValue('/x');
  await expect(menu(panel)).toHaveCount(0);

  // Nothing selected: a note, the draft stays as typed, and the menu stays open to choose again.
  await composer(panel).fill('');
  await composer(panel).pressSequentially('Please /expl');
  const explain = menu(panel).getByRole('option', { name: /^Explain Explain this/ });
  await explain.click();
  await expect(panel.locator('.prompt-note')).toContainText('Nothing is selected in the page');
  await expect(composer(panel)).toHaveValue('Please /expl');
  await expect(composer(panel)).toBeFocused();

  // With a selection, the mouse picks it the same way.
  await selectElementText(page, 'second-paragraph');
  await explain.click();
  await expect(composer(panel)).toHaveValue('Please Explain this clearly and concisely:\n\nAnother paragraph below.');
  await expect(panel.locator('.prompt-note')).toHaveCount(0);
  await expect(menu(panel)).toHaveCount(0);
});

test('each conversation keeps its own draft; a new chat has its own', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await chooseBot(panel, 'Echo-Bot');
  await ask(panel, 'Chat A');
  await panel.getByRole('button', { name: 'New chat' }).click();
  await ask(panel, 'Chat B');
  const open = async (title: string) => {
    await panel.getByRole('button', { name: 'History' }).click();
    await panel.getByRole('button', { name: new RegExp(`^${title}`) }).click();
    await expect(panel.locator('article.message.user').first()).toContainText(title);
  };

  await open('Chat A');
  await composer(panel).fill('Half a thought for A');
  await open('Chat B');
  await expect(composer(panel)).toHaveValue('');
  await composer(panel).fill('Something for B');
  await open('Chat A');
  await expect(composer(panel)).toHaveValue('Half a thought for A');
  await panel.getByRole('button', { name: 'New chat' }).click();
  await expect(composer(panel)).toHaveValue('');
  await composer(panel).fill('A new question');
  await open('Chat B');
  await expect(composer(panel)).toHaveValue('Something for B');
  await panel.getByRole('button', { name: 'New chat' }).click();
  await expect(composer(panel)).toHaveValue('A new question');

  // Closing the panel loses none of them: opened again on Chat B (a bookmarked tab), the new chat's text goes back to
  // the new chat, and each conversation still has its own.
  const chatB = await conversationTitled(panel, 'Chat B');
  expect(chatB).toBeDefined();
  await panel.close();
  const tab = await openExtensionPage(`app.html#c=${chatB}`);
  await expect(tab.locator('article.message.user').first()).toContainText('Chat B');
  await expect(composer(tab)).toHaveValue('Something for B');
  await tab.getByRole('button', { name: /^Chat A/ }).click();
  await expect(tab.locator('article.message.user').first()).toContainText('Chat A');
  await expect(composer(tab)).toHaveValue('Half a thought for A');
  await tab.getByRole('button', { name: 'New chat' }).click();
  await expect(composer(tab)).toHaveValue('A new question');
});

test('the composer grows with a long draft up to 40% of the panel, then scrolls', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await panel.setViewportSize({ width: 400, height: 800 });
  const height = () => composer(panel).evaluate((element) => element.getBoundingClientRect().height);
  // Measured at this width: an empty box is as tall as its placeholder wraps.
  await composer(panel).fill('x');
  await composer(panel).fill('');
  const empty = await height();
  await composer(panel).fill(Array.from({ length: 8 }, (_, i) => `Line ${i + 1} of a long question`).join('\n'));
  const grown = await height();
  expect(grown).toBeGreaterThan(empty + 80);
  await composer(panel).fill(Array.from({ length: 80 }, (_, i) => `Line ${i + 1}`).join('\n'));
  const tall = await height();
  expect(tall).toBeGreaterThan(grown);
  expect(tall).toBeLessThanOrEqual(800 * 0.4 + 1);
  expect(await composer(panel).evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots of the prompt menu, a tall composer and the saved prompts (${scheme})`, async ({ signIn, context, serviceWorker, openExtensionPage }) => {
    await signIn();
    const panel = await openExtensionPage('sidepanel.html');
    await panel.setViewportSize({ width: 400, height: 720 });
    await panel.emulateMedia({ colorScheme: scheme });
    const { page } = await openSite(context, serviceWorker, site.url, 'selection.html');
    await page.bringToFront();
    const shot = (name: string) => panel.screenshot({ path: `test-results/screenshots/composer-${name}-${scheme}.png` });

    await composer(panel).pressSequentially('/');
    await expect(menu(panel)).toBeVisible();
    await composer(panel).press('ArrowDown');
    await shot('prompt-menu');
    await composer(panel).press('Escape');
    await composer(panel).pressSequentially('/zzz');
    await expect(menu(panel)).toHaveCount(0);
    await composer(panel).fill('Please /expl');
    await menu(panel).getByRole('option').first().click();
    await expect(panel.locator('.prompt-note')).toBeVisible();
    await shot('prompt-note');

    await composer(panel).fill(Array.from({ length: 40 }, (_, i) => `Line ${i + 1} of a long question`).join('\n'));
    await shot('tall-composer');

    await panel.getByRole('button', { name: 'Settings' }).click();
    await panel.getByRole('heading', { name: 'Saved prompts' }).scrollIntoViewIfNeeded();
    await shot('saved-prompts');
    await panel.getByRole('button', { name: 'Edit Fix grammar' }).click();
    await panel.getByRole('form', { name: 'Edit Fix grammar' }).scrollIntoViewIfNeeded();
    await shot('edit-prompt');
  });
}
