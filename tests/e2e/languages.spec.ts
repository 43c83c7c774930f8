/**
 * Issue 16: the UI in German and in Japanese at the side panel's narrowest width (320 px), used as a person would:
 * the key setup screen, signing in with the fake Poe's key, a question and its answer, then Settings, History and
 * Usage. In each view:
 * - the words come from that language's catalogue (a few known strings, read from public/_locales, not restated here);
 * - no message of the English catalogue is on screen unless it reads the same in that language (so every string
 *   that reaches the catalogue is covered, whoever extracted it);
 * - no text is clipped: nothing with text is wider than its box where its overflow is hidden or ellipsised, and
 *   nothing with text reaches past the 320 px viewport.
 * Screenshots of every view, light and dark, go to test-results/languages/<language>-<view>-<scheme>.png.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { FAKE_POE_KEY } from '../fake-poe/server';
import { expect, test } from './fixtures';

const WIDTH = 320;
const HEIGHT = 720;
const SHOTS = path.resolve('test-results/languages');

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
type Catalogue = Record<string, Entry>;

const catalogue = (locale: string): Catalogue =>
  JSON.parse(readFileSync(path.resolve('public/_locales', locale, 'messages.json'), 'utf8')) as Catalogue;
const english = catalogue('en');

/** A message as the browser words it: $NAME$ → its placeholder's $n → the substitution; $$ → $. */
function wording(entry: Entry, substitutions: string[] = []): string {
  const contents = new Map(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  return entry.message.replace(/\$\$|\$([A-Za-z0-9_@]+)\$/g, (whole, name?: string) => {
    if (whole === '$$') return '$';
    const content = contents.get(name!.toLowerCase()) ?? '';
    return content.replace(/\$(\d)/g, (_, digit: string) => substitutions[Number(digit) - 1] ?? '');
  });
}

/**
 * An English message as a pattern for a whole on-screen text. A placeholder stands for one word or number (a bot, a
 * count, a host): wider, "Regenerate with $BOT$" would take any English sentence starting so for a leftover of ours.
 */
function englishPattern(entry: Entry): RegExp {
  const parts = entry.message.replace(/\$\$/g, '$').split(/\$[A-Za-z0-9_@]+\$/);
  return new RegExp(`^${parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\S+')}$`);
}

/** English messages a German or Japanese screen must not show: those translated differently, with a word in them. */
function untranslatedPatterns(locale: Catalogue): { key: string; pattern: RegExp }[] {
  return Object.entries(english)
    .filter(([key, entry]) => locale[key] && locale[key].message !== entry.message && /\p{L}{2}/u.test(entry.message.replace(/\$[A-Za-z0-9_@]+\$/g, '')))
    .map(([key, entry]) => ({ key, pattern: englishPattern(entry) }));
}

/** What a person sees: each visible element's own text, and the names and hints the page gives its controls. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    for (const element of document.body.querySelectorAll('*')) {
      const style = getComputedStyle(element);
      if (style.display === 'none' || style.visibility === 'hidden' || element.getClientRects().length === 0) continue;
      const own = [...element.childNodes]
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent ?? '')
        .join('')
        .trim();
      if (own) texts.push((element as HTMLElement).innerText?.trim() || own);
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = element.getAttribute(name);
        if (value) texts.push(value.trim());
      }
    }
    return texts;
  });
}

/** Every text that is cut off or reaches past the viewport, as "why: text". */
async function clippedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const label = (element: Element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);
    for (const element of document.body.querySelectorAll('*')) {
      if (!(element instanceof HTMLElement)) continue;
      const style = getComputedStyle(element);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const rect = element.getBoundingClientRect();
      // Text kept for screen readers only is a 1 px box by design.
      if (rect.width <= 1 || rect.height <= 1 || element.closest('.visually-hidden')) continue;
      if (!label(element)) continue;
      const cuts = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
      if (cuts && element.scrollWidth > element.clientWidth + 1) {
        problems.push(`clipped (${element.scrollWidth} > ${element.clientWidth} px): ${label(element)}`);
      }
      const cutsVertically = ['hidden', 'clip'].includes(style.overflowY) || style.webkitLineClamp !== 'none';
      if (cutsVertically && element.scrollHeight > element.clientHeight + 1 && style.overflowY !== 'visible') {
        problems.push(`cut off below (${element.scrollHeight} > ${element.clientHeight} px): ${label(element)}`);
      }
      const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim());
      if (ownText && (rect.right > window.innerWidth + 1 || rect.left < -1)) {
        problems.push(`past the ${window.innerWidth} px viewport (${Math.round(rect.left)}–${Math.round(rect.right)}): ${label(element)}`);
      }
    }
    // A hint in an empty field is text too (Chromium counts the placeholder in the field's scrollHeight).
    for (const field of document.querySelectorAll<HTMLTextAreaElement>('textarea:placeholder-shown')) {
      if (field.scrollHeight > field.clientHeight + 1) problems.push(`hint cut off (${field.scrollHeight} > ${field.clientHeight} px): ${field.placeholder.slice(0, 80)}`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1) {
      problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px)`);
    }
    return problems;
  });
}

for (const { language, locale } of [
  { language: 'de', locale: 'de' },
  { language: 'ja', locale: 'ja' },
] as const) {
  test.describe(`the UI in ${language}`, () => {
    test.use({ uiLanguage: language });

    test(`${language}: key setup, chat, Settings, History and Usage at ${WIDTH} px read in ${language}, with no text clipped`, async ({
      serviceWorker,
      openExtensionPage,
      fakePoe,
    }) => {
      const words = catalogue(locale);
      const say = (key: string, ...substitutions: string[]) => {
        const entry = words[key];
        if (!entry) throw new Error(`${key} is not in the ${locale} catalogue`);
        return wording(entry, substitutions);
      };
      const untranslated = untranslatedPatterns(words);

      /** The checks every view gets, and its screenshots in both colour schemes. */
      const check = async (page: Page, view: string) => {
        // Pictures first, so a failure below leaves them to look at. The views scroll inside the page, so the window
        // grows by what its longest scroller hides, for the whole view in one picture.
        const hidden = await page.evaluate(() =>
          Math.max(0, ...[...document.querySelectorAll('*')].map((element) => element.scrollHeight - element.clientHeight).filter((extra) => extra < 20_000)),
        );
        await page.setViewportSize({ width: WIDTH, height: HEIGHT + hidden });
        for (const scheme of ['dark', 'light'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          await page.screenshot({ path: path.join(SHOTS, `${language}-${view}-${scheme}.png`), fullPage: true });
        }
        await page.setViewportSize({ width: WIDTH, height: HEIGHT });
        const english = (await visibleTexts(page)).flatMap((text) =>
          untranslated.filter(({ pattern }) => pattern.test(text)).map(({ key }) => `${key}: ${text}`),
        );
        expect(english, `English text in the ${language} ${view} view`).toEqual([]);
        expect(await clippedTexts(page), `clipped text in the ${language} ${view} view`).toEqual([]);
      };

      await serviceWorker.evaluate((url) => chrome.storage.local.set({ baseUrl: url }), fakePoe.url);
      const page = await openExtensionPage('sidepanel.html');
      await page.setViewportSize({ width: WIDTH, height: HEIGHT });

      // The browser runs in the language asked for, and the page says so.
      expect(await page.evaluate(() => chrome.i18n.getUILanguage())).toMatch(new RegExp(`^${language}\\b`));
      await expect(page.locator('html')).toHaveAttribute('lang', new RegExp(`^${language}\\b`));

      // The key setup screen.
      await expect(page.getByRole('heading', { name: say('keySetup_title') })).toBeVisible();
      await expect(page.getByRole('button', { name: say('keySetup_saveKey') })).toBeVisible();
      await expect(page.getByText(say('settingsPanel_advancedSettings'))).toBeVisible();
      await check(page, 'key-setup');

      // Signing in with the fake Poe's key, through the field as a person would.
      await page.getByLabel(say('keySetup_keyLabel')).fill(FAKE_POE_KEY);
      await page.getByRole('button', { name: say('keySetup_saveKey') }).click();
      await expect(page.getByTestId('balance')).toBeVisible();
      await expect(page.getByRole('button', { name: say('accountBar_newChat') })).toBeVisible();

      // A question and its answer.
      const question = language === 'ja' ? '東京の天気は？' : 'Wie ist das Wetter in Berlin?';
      const composer = page.locator('textarea').first();
      await composer.fill(question);
      await composer.press('Enter');
      const answer = page.locator('article.message.bot').last();
      await expect(answer).toContainText(question);
      await expect(answer).toHaveAttribute('data-status', 'complete');
      await check(page, 'chat');

      // Settings.
      await page.getByRole('button', { name: say('settingsPanel_title'), exact: true }).click();
      const settings = page.getByRole('region', { name: say('settingsPanel_title') });
      await expect(settings.getByRole('heading', { name: say('spendingLimits_title') })).toBeVisible();
      await expect(settings.getByRole('heading', { name: say('keySetup_keyLabel') })).toBeVisible();
      await expect(settings.getByRole('button', { name: say('spendingLimits_save') })).toBeVisible();
      await check(page, 'settings');
      await settings.getByRole('button', { name: say('viewHeader_backToChat') }).click();

      // History.
      await page.getByRole('button', { name: say('accountBar_history'), exact: true }).click();
      await expect(page.getByRole('button', { name: say('accountBar_history'), exact: true })).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByText(question).first()).toBeVisible();
      await check(page, 'history');
      await page.getByRole('button', { name: say('accountBar_history'), exact: true }).click();

      // The balance's details, then Usage from there.
      await page.getByTestId('balance').click();
      const details = page.getByRole('dialog', { name: say('balanceDetails_title') });
      await expect(details.getByRole('button', { name: say('usagePanel_title') })).toBeVisible();
      await check(page, 'balance');
      await details.getByRole('button', { name: say('usagePanel_title') }).click();
      const usage = page.getByRole('region', { name: say('usagePanel_title') });
      await expect(usage.getByRole('heading', { name: say('usagePanel_byBot') })).toBeVisible();
      await expect(usage.getByRole('button', { name: say('viewHeader_backToChat') }).first()).toBeVisible();
      await check(page, 'usage');
    });
  });
}
