import type { Page } from '@playwright/test';
import { catalogueSpecs } from '../fake-poe/bots';
import type { FakePoe } from '../fake-poe/server';
import type { AxeResults } from 'axe-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test } from './fixtures';
import { ask, botOption, botTrigger, chooseBot, optionName } from './helpers';

const lastAnswer = (page: Page) => page.locator('article.message.bot').last();
const search = (page: Page) => page.getByRole('combobox', { name: 'Search bots' });
const listbox = (page: Page) => page.getByRole('listbox', { name: 'Bots' });
const option = botOption;
const parametersButton = (page: Page) => page.getByRole('button', { name: /^Parameters/ });

/** The `parameters` of the last user message of the last query Echo-Bot received. */
function lastEchoParameters(fakePoe: FakePoe): unknown {
  const queries = fakePoe.requests.filter((request) => request.bot?.toLowerCase() === 'echo-bot');
  const body = queries.at(-1)?.body as { query?: { role: string; parameters?: unknown }[] } | undefined;
  const users = (body?.query ?? []).filter((message) => message.role === 'user');
  return users.at(-1)?.parameters;
}

/** The JSON after "Parameters: " in Echo-Bot's answer to `question`, or undefined when it listed none. */
async function echoedParameters(page: Page, question: string): Promise<unknown> {
  // Wait for the answer to this question, not the previous one still on screen.
  await expect(page.locator('article.message.user').last()).toContainText(question);
  await expect(page.locator('article.message.bot')).toHaveCount(await page.locator('article.message.user').count());
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  // The whole answer is on screen: a renderer still behind (rendering a backlog over frames) marks the text busy.
  await expect(lastAnswer(page).locator('.text')).toContainText(question);
  await expect(lastAnswer(page).locator('.text')).not.toHaveAttribute('aria-busy', 'true');
  const text = await lastAnswer(page).locator('.text').innerText();
  const match = /Parameters: (\{.*\})/.exec(text);
  return match?.[1] ? JSON.parse(match[1]) : undefined;
}

async function openParameters(page: Page) {
  const button = parametersButton(page);
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
}

test('the picker lists every model with its modalities and price; search filters by name, id and description', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  const trigger = botTrigger(page);
  await expect(trigger).toHaveAccessibleName('Bot: GPT-5.4');
  await trigger.click();
  await expect(search(page)).toBeFocused();
  await expect(listbox(page)).toBeVisible();
  // Nothing asked yet: no Recent group, every model in "All bots".
  await expect(page.getByRole('group', { name: 'Recent' })).toHaveCount(0);
  const all = page.getByRole('group', { name: 'All bots' }).getByRole('option');
  await expect(all).toHaveCount(catalogueSpecs().length);
  await expect(all.first()).toHaveAccessibleName(optionName('GPT-5.4'));
  const gpt = option(page, 'GPT-5.4');
  await expect(gpt).toContainText('text, image → text');
  await expect(gpt).toContainText('$2.3 in / $18 out per 1M tokens');
  await expect(gpt).toHaveAccessibleName('GPT-5.4, text, image → text, Paid, $2.3 in / $18 out per 1M tokens, current bot');
  await expect(gpt).toHaveAttribute('aria-selected', 'true'); // the current bot is where the list starts
  await expect(option(page, 'Gemini-3.1-Pro')).toContainText('text, image, video, audio → text');
  await expect(option(page, 'Sora-2')).toContainText('text, image → video');
  await expect(option(page, 'Echo-Bot')).toBeVisible();

  // By display name (case and punctuation do not matter).
  await search(page).fill('claude sonnet');
  await expect(page.getByRole('option').first()).toHaveAccessibleName(optionName('Claude-Sonnet-4.5'));
  await search(page).fill('sonnet45');
  await expect(page.getByRole('option').first()).toHaveAccessibleName(optionName('Claude-Sonnet-4.5'));
  // By id.
  await search(page).fill('ratelimit-bot');
  await expect(page.getByRole('option')).toHaveCount(1);
  await expect(page.getByRole('option')).toHaveAccessibleName(optionName('RateLimit-Bot'));
  // By description.
  await search(page).fill('text-to-speech');
  await expect(page.locator('.picker-option-name')).toHaveText(['ElevenLabs-v3', 'Use bot “text-to-speech”']);
  // Whole words first, then prefixes; names before descriptions ("…supports image input", Text-Echo-Bot's "no images").
  await search(page).fill('image');
  await expect(page.locator('.picker-option-name')).toHaveText(['Image-Bot', 'GPT-Image-1', 'Imagen-4', 'GPT-5.4', 'GPT-5-mini', 'Gemini-3.1-Pro', 'Text-Echo-Bot', 'Use bot “image”']);
  // Words with spaces are not a bot name: nothing to offer.
  await search(page).fill('no such thing anywhere');
  await expect(page.getByRole('option')).toHaveCount(0);
  await expect(page.getByText('No bots match “no such thing anywhere”.')).toBeVisible();

  // Esc closes without changing the bot and gives the focus back.
  await search(page).press('Escape');
  await expect(listbox(page)).toHaveCount(0);
  await expect(trigger).toBeFocused();
  await expect(trigger).toHaveAccessibleName('Bot: GPT-5.4');

  // A click outside closes it too.
  await trigger.click();
  await expect(listbox(page)).toBeVisible();
  await page.getByLabel('Message').click();
  await expect(listbox(page)).toHaveCount(0);
});

test('the picker works from the keyboard: arrows move, Enter picks, Esc closes', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  const trigger = botTrigger(page);
  await trigger.focus();
  await trigger.press('ArrowDown');
  await expect(search(page)).toBeFocused();
  await page.keyboard.type('bot');
  const options = page.getByRole('option');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  const secondName = await options.nth(1).locator('.picker-option-name').innerText();
  await expect(search(page)).toHaveAttribute('aria-activedescendant', (await options.nth(0).getAttribute('id')) ?? 'none');

  await search(page).press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'false');
  await expect(search(page)).toHaveAttribute('aria-activedescendant', (await options.nth(1).getAttribute('id')) ?? 'none');
  await search(page).press('ArrowDown');
  await search(page).press('ArrowUp');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  // Up from the first wraps to the last.
  await search(page).press('ArrowUp');
  await search(page).press('ArrowUp');
  await expect(options.last()).toHaveAttribute('aria-selected', 'true');
  await search(page).press('ArrowDown');
  await search(page).press('ArrowDown');
  await search(page).press('Enter');
  await expect(listbox(page)).toHaveCount(0);
  await expect(trigger).toHaveAccessibleName(`Bot: ${secondName}`);
  await expect(trigger).toBeFocused();

  // Enter on the trigger opens it again, starting at the current bot; Esc leaves it unchanged.
  await trigger.press('Enter');
  await expect(search(page)).toBeFocused();
  await expect(option(page, secondName)).toHaveAttribute('aria-selected', 'true');
  await search(page).press('ArrowDown');
  await search(page).press('Escape');
  await expect(listbox(page)).toHaveCount(0);
  await expect(trigger).toHaveAccessibleName(`Bot: ${secondName}`);

  // Typing on the closed trigger starts a search; Enter takes the best match.
  await trigger.press('e');
  await expect(search(page)).toHaveValue('e');
  await page.keyboard.type('cho');
  await search(page).press('Enter');
  await expect(trigger).toHaveAccessibleName('Bot: Echo-Bot');
});

test('a bot name that matches no model can be used as a private bot', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  const trigger = botTrigger(page);
  await trigger.click();
  await search(page).fill('My-Private-Bot-42');
  const use = page.getByRole('option', { name: 'Use bot “My-Private-Bot-42”' });
  await expect(use).toBeVisible();
  await expect(page.getByRole('option')).toHaveCount(1);
  await expect(use).toHaveAttribute('aria-selected', 'true');
  await search(page).press('Enter');
  await expect(trigger).toHaveAccessibleName('Bot: My-Private-Bot-42');
  // An exact model name is not offered as a private bot.
  await trigger.click();
  await search(page).fill('echo-bot');
  await expect(page.getByRole('option', { name: /^Use bot/ })).toHaveCount(0);
  // The typed bot shows among the recent ones even before it is asked.
  await search(page).fill('');
  const recent = page.getByRole('group', { name: 'Recent' }).getByRole('option');
  await expect(recent.first()).toHaveAccessibleName(optionName('My-Private-Bot-42'));
  await expect(recent.first()).toContainText('Not in the model list');
  await search(page).press('Escape');

  await ask(page, 'Anyone there?');
  // A bot outside Poe's list asks first (the spending guard, see guard.spec.ts); allowed, the question goes.
  await page.getByRole('button', { name: 'Allow My-Private-Bot-42 and send' }).click();
  await expect.poll(() => fakePoe.requests.some((request) => request.bot === 'My-Private-Bot-42')).toBe(true);
  // No parameters are known for it: no panel.
  await expect(parametersButton(page)).toHaveCount(0);
});

test('bots asked recently come first, newest first, and stay after a reload', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  await ask(page, 'One');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  await chooseBot(page, 'Ping-Bot');
  await ask(page, 'Two');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');

  for (const reload of [false, true]) {
    if (reload) await page.reload();
    await botTrigger(page).click();
    const recent = page.getByRole('group', { name: 'Recent' }).getByRole('option');
    await expect(recent).toHaveCount(2);
    await expect(recent.nth(0)).toHaveAccessibleName(optionName('Ping-Bot'));
    await expect(recent.nth(1)).toHaveAccessibleName(optionName('Echo-Bot'));
    // Recent is the first group; the first option of the whole list is the newest bot asked.
    await expect(page.getByRole('option').first()).toHaveAccessibleName(optionName('Ping-Bot'));
    await expect(page.getByRole('group').first()).toHaveAccessibleName('Recent');
    // Searching shows each bot once.
    await search(page).fill('echo');
    await expect(botOption(page, 'Echo-Bot')).toHaveCount(1);
    await search(page).press('Escape');
  }
});

test('icons that do not load fall back to a letter; icons that load are shown', async ({ context, signIn, openExtensionPage }) => {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  // Icons come from the (fake) server itself: GPT-5.4's fails to load, Claude-Sonnet-4.5's is a PNG.
  await context.route('**/icons/**', (route) =>
    route.request().url().endsWith('/icons/claude-sonnet-4.5.svg')
      ? route.fulfill({ status: 200, contentType: 'image/png', body: png })
      : route.abort('internetdisconnected'),
  );
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await botTrigger(page).click();
  const gpt = option(page, 'GPT-5.4').locator('.bot-avatar');
  await expect(gpt).toHaveAttribute('data-letter', 'G');
  await expect(gpt.locator('img')).toHaveCount(0); // failed, removed: the letter shows
  const claude = option(page, 'Claude-Sonnet-4.5').locator('.bot-avatar img');
  await claude.scrollIntoViewIfNeeded();
  await expect(claude).toHaveClass('loaded');
  await expect.poll(() => claude.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
});

test('Echo-Bot shows a switch, a slider with a number field, a select and a text field, with their defaults', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  const button = parametersButton(page);
  await expect(button).toHaveAccessibleName('Parameters');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('switch', { name: 'web_search' })).toHaveCount(0); // collapsed
  await button.click();

  const webSearch = page.getByRole('switch', { name: 'web_search' });
  await expect(webSearch).not.toBeChecked();
  await expect(page.getByRole('slider', { name: 'temperature' })).toHaveValue('1');
  await expect(page.getByRole('slider', { name: 'temperature' })).toHaveAttribute('min', '0');
  await expect(page.getByRole('slider', { name: 'temperature' })).toHaveAttribute('max', '2');
  await expect(page.getByRole('spinbutton', { name: 'temperature' })).toHaveValue('1');
  const style = page.getByRole('combobox', { name: 'style' });
  await expect(style).toHaveValue('balanced');
  await expect(style.locator('option')).toHaveText(['concise', 'balanced (default)', 'detailed']);
  await expect(page.getByRole('textbox', { name: 'persona' })).toHaveValue('');
  // Descriptions and defaults are the controls' help text.
  await expect(page.getByRole('slider', { name: 'temperature' })).toHaveAccessibleDescription('Sampling temperature (echoed back only). Default: 1');
  await expect(webSearch).toHaveAccessibleDescription(/Pretend to search the web.*Default: off/);
  await expect(page.getByRole('button', { name: /^Reset/ })).toHaveCount(0);
});

test('changed parameters reach Echo-Bot in the last user message and are echoed back', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  // Nothing changed: nothing sent.
  await ask(page, 'Plain');
  expect(await echoedParameters(page, 'Plain')).toBeUndefined();
  expect(lastEchoParameters(fakePoe) ?? {}).toEqual({});

  await openParameters(page);
  await page.getByRole('switch', { name: 'web_search' }).check();
  const number = page.getByRole('spinbutton', { name: 'temperature' });
  await number.fill('5'); // over the maximum: clamped to 2
  await number.press('Tab');
  await expect(number).toHaveValue('2');
  await expect(page.getByRole('slider', { name: 'temperature' })).toHaveValue('2');
  await page.getByRole('combobox', { name: 'style' }).selectOption('detailed');
  await page.getByRole('textbox', { name: 'persona' }).fill('a pirate');
  await page.getByRole('textbox', { name: 'persona' }).press('Tab');
  await expect(parametersButton(page)).toHaveAccessibleName('Parameters 4 changed');
  for (const name of ['web_search', 'temperature', 'style', 'persona']) {
    await expect(page.getByRole('button', { name: `Reset ${name}`, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('button', { name: 'Reset all' })).toBeVisible();

  await ask(page, 'With parameters');
  const expected = { web_search: true, temperature: 2, style: 'detailed', persona: 'a pirate' };
  expect(await echoedParameters(page, 'With parameters')).toEqual(expected);
  expect(lastEchoParameters(fakePoe)).toEqual(expected);

  // The slider works from the keyboard too.
  const slider = page.getByRole('slider', { name: 'temperature' });
  await slider.focus();
  await slider.press('ArrowLeft');
  await expect(number).toHaveValue('1.9');
  await expect(parametersButton(page)).toHaveAccessibleName('Parameters 4 changed');
  await expect.poll(() => page.evaluate(() => chrome.storage.local.get('botParameters'))).toMatchObject({ botParameters: { 'echo-bot': { temperature: 1.9 } } });

  // Collapsed, the panel still says what is sent.
  await parametersButton(page).click();
  await expect(page.locator('.parameters-summary')).toHaveText('web_search: on · temperature: 1.9 · style: detailed · persona: a pirate');
});

test('parameters are remembered per bot across a reload; Reset restores the default and stops sending it', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  await openParameters(page);
  const temperature = page.getByRole('spinbutton', { name: 'temperature' });
  await temperature.fill('0.5');
  await temperature.press('Enter');
  await page.getByRole('combobox', { name: 'style' }).selectOption('concise');
  await expect(parametersButton(page)).toHaveAccessibleName('Parameters 2 changed');

  // Another bot has its own values.
  await chooseBot(page, 'Slow-Drip');
  await expect(parametersButton(page)).toHaveAccessibleName('Parameters');
  await openParameters(page);
  await expect(page.getByRole('spinbutton', { name: 'delay_ms' })).toHaveValue('80');
  await expect(page.getByRole('slider', { name: 'delay_ms' })).toHaveValue('80');

  await page.reload();
  await expect(botTrigger(page)).toHaveAccessibleName('Bot: Slow-Drip');
  await chooseBot(page, 'Echo-Bot');
  await expect(parametersButton(page)).toHaveAccessibleName('Parameters 2 changed');
  await openParameters(page);
  await expect(page.getByRole('slider', { name: 'temperature' })).toHaveValue('0.5');
  await expect(temperature).toHaveValue('0.5');
  await expect(page.getByRole('combobox', { name: 'style' })).toHaveValue('concise');

  await page.getByRole('button', { name: 'Reset temperature' }).click();
  await expect(temperature).toHaveValue('1');
  await expect(page.getByRole('slider', { name: 'temperature' })).toHaveValue('1');
  await expect(page.getByRole('button', { name: 'Reset temperature' })).toHaveCount(0);
  await expect(parametersButton(page)).toHaveAccessibleName('Parameters 1 changed');

  await ask(page, 'After reset');
  expect(await echoedParameters(page, 'After reset')).toEqual({ style: 'concise' });
  expect(lastEchoParameters(fakePoe)).toEqual({ style: 'concise' });

  // Setting a value back to its default is the same as Reset: nothing is sent.
  await page.getByRole('combobox', { name: 'style' }).selectOption('balanced');
  await expect(parametersButton(page)).toHaveAccessibleName('Parameters');
  await ask(page, 'All defaults');
  expect(await echoedParameters(page, 'All defaults')).toBeUndefined();
  expect(lastEchoParameters(fakePoe) ?? {}).toEqual({});
});

test('a model without parameters shows no Parameters button', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  await expect(parametersButton(page)).toBeVisible();
  await chooseBot(page, 'Markdown-Bot');
  await expect(parametersButton(page)).toHaveCount(0);
  await expect(page.locator('section.parameters')).toHaveCount(0);
  await chooseBot(page, 'Sora-2');
  await openParameters(page);
  await expect(page.getByRole('combobox', { name: 'duration' })).toHaveValue('4');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the open picker and the open parameter panel have no serious accessibility violations (${scheme})`, async ({ signIn, openExtensionPage }) => {
    await signIn();
    const page = await openExtensionPage('sidepanel.html');
    await page.setViewportSize({ width: 320, height: 640 });
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' }); // no fade-in: colours are checked as they settle
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axeSource);
    // Only what this picker and panel draw (other parts of the page have their own checks).
    const serious = async () => {
      const results = await page.evaluate(() =>
        (window as unknown as { axe: { run(context: unknown): Promise<AxeResults> } }).axe.run({ include: [['.model-picker'], ['.picker-popover'], ['.parameters']] }),
      );
      return results.violations
        .filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''))
        .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    };
    await chooseBot(page, 'Echo-Bot');
    await ask(page, 'Hi');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
    await openParameters(page);
    await page.getByRole('switch', { name: 'web_search' }).check();
    await expect(parametersButton(page)).toHaveAccessibleName('Parameters 1 changed');
    expect(await serious()).toEqual([]);
    await botTrigger(page).click();
    await expect(listbox(page)).toBeVisible();
    expect(await serious()).toEqual([]);
    await search(page).fill('my-bot');
    expect(await serious()).toEqual([]);
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots of the picker and the parameter panel (${scheme})`, async ({ context, signIn, openExtensionPage }) => {
    // Offline icons, as in the tests: the letter avatars show.
    await context.route('**/icons/**', (route) => route.abort('internetdisconnected'));
    await signIn();
    const page = await openExtensionPage('sidepanel.html');
    await page.setViewportSize({ width: 400, height: 720 });
    await page.emulateMedia({ colorScheme: scheme });
    await chooseBot(page, 'Echo-Bot');
    await ask(page, 'Hello');
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
    await chooseBot(page, 'Claude-Sonnet-4.5');
    await botTrigger(page).click();
    await expect(listbox(page)).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/picker-open-${scheme}.png`, animations: 'disabled' });
    await search(page).fill('gpt');
    await page.screenshot({ path: `test-results/screenshots/picker-search-${scheme}.png`, animations: 'disabled' });
    await search(page).fill('my-own-bot');
    await page.screenshot({ path: `test-results/screenshots/picker-private-${scheme}.png`, animations: 'disabled' });
    await search(page).press('Escape');

    await chooseBot(page, 'Echo-Bot');
    await openParameters(page);
    await page.getByRole('switch', { name: 'web_search' }).check();
    await page.getByRole('combobox', { name: 'style' }).selectOption('detailed');
    await expect(parametersButton(page)).toHaveAccessibleName('Parameters 2 changed');
    await page.screenshot({ path: `test-results/screenshots/parameters-open-${scheme}.png`, animations: 'disabled' });
    await parametersButton(page).click();
    await page.screenshot({ path: `test-results/screenshots/parameters-collapsed-${scheme}.png`, animations: 'disabled' });
    await page.setViewportSize({ width: 320, height: 640 });
    await botTrigger(page).click();
    await page.screenshot({ path: `test-results/screenshots/picker-320-${scheme}.png`, animations: 'disabled' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}
