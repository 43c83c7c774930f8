/**
 * UI text in the browser's language (issue 16). Every user-visible string is a key of the English catalogue,
 * public/_locales/en/messages.json; the other locales translate the same keys. `browser.i18n` picks the language
 * (the browser's UI language, falling back to the manifest's default_locale, en) and works in every context we have:
 * background, pages and content scripts. Placeholders are named in the catalogue ($COUNT$ with content "$1").
 */
// wxt/browser (chrome.* or Firefox's browser.*), not webextension-polyfill: i18n is synchronous and needs no
// wrapping, and the polyfill would cost content scripts ~2.7 KB gzip (the bubble's budget is 32 KB).
import { browser } from 'wxt/browser';
import type catalogue from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof catalogue;

/**
 * The languages Poe Toolbar speaks: a folder each under public/_locales (Chrome's names: zh_CN, pt_BR). English is the
 * manifest's default_locale, the fallback for anything a browser language lacks. A new language is added here and as
 * a folder with every English key (tests/unit/i18n-catalogue.test.ts holds both to that).
 */
export const SUPPORTED_LOCALES = ['en', 'de', 'fr', 'es', 'ja', 'zh_CN', 'pt_BR'] as const;

/** The message `key` in the UI language, with `substitutions` for its placeholders $1…$9 in order. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  // A key missing from a locale falls back to English inside the browser; a key missing everywhere shows itself, so
  // the gap is visible rather than an empty button.
  // Outside an extension (Node benches rendering markdown) there is no i18n at all: the key shows.
  return extensionI18n()?.getMessage(key, substitutions.map(String)) || key;
}

/** The browser's UI language (BCP 47, e.g. "de" or "pt-BR"): the locale every Intl format uses. */
export function uiLocale(): string {
  return extensionI18n()?.getUILanguage() ?? navigator.language;
}

/** Plural forms chosen by the UI language's rules (Japanese and Chinese have one; English and German two). */
export function tCount(keys: { one: MessageKey; other: MessageKey }, count: number): string {
  return tCountWith(keys, count);
}

/**
 * A plural sentence that names more than its count (“3 conversations in “x.json” are already here”): `tCount` with
 * further substitutions ($2…) after the count ($1), the form chosen by the UI language's plural rules.
 */
export function tCountWith(keys: { one: MessageKey; other: MessageKey }, count: number, ...more: string[]): string {
  const form = new Intl.PluralRules(uiLocale()).select(count);
  return t(form === 'one' ? keys.one : keys.other, new Intl.NumberFormat(uiLocale()).format(count), ...more);
}

/** WXT types getMessage from the catalogue as of the last `wxt prepare`; MessageKey is checked against the file itself. */
interface I18nApi {
  getMessage(name: string, substitutions?: string[]): string;
  getUILanguage(): string;
}

function extensionI18n(): I18nApi | undefined {
  return (browser as { i18n?: I18nApi } | undefined)?.i18n;
}
