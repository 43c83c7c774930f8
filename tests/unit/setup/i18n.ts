/**
 * browser.i18n for unit tests: WXT's fake browser does not implement it, so getMessage reads the English catalogue
 * with the browser's placeholder rules ($NAME$ → the placeholder's content, $1…$9 → the substitutions, $$ → $), and
 * getUILanguage says "en". Tests therefore see the English the user of an English browser sees; `useUiLanguage`
 * switches a test to another catalogue (and UI language) until the function it returns is called.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SUPPORTED_LOCALES } from '@/lib/i18n';
// Imported rather than read from a file URL: under the jsdom environment import.meta.url is not a file: URL.
import englishCatalogue from '../../../public/_locales/en/messages.json';

interface CatalogueEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
type Catalogue = Record<string, CatalogueEntry>;

/** getMessage over one catalogue, as browsers read it. */
function messagesOf(catalogue: Catalogue): (name: string, substitutions?: string | string[]) => string {
  // Chrome and Firefox match message and placeholder names case-insensitively.
  const entries = new Map(Object.entries(catalogue).map(([name, entry]) => [name.toLowerCase(), entry]));
  return (name, substitutions) => {
    const entry = entries.get(name.toLowerCase());
    if (!entry) return '';
    const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    const placeholders = new Map(
      Object.entries(entry.placeholders ?? {}).map(([key, value]) => [key.toLowerCase(), value.content]),
    );
    const numbered = (text: string) => text.replace(/\$(\d)/g, (_, digit: string) => subs[Number(digit) - 1] ?? '');
    return entry.message.replace(/\$\$|\$([A-Za-z0-9_@]+)\$|\$(\d)/g, (whole, name?: string, digit?: string) => {
      if (whole === '$$') return '$';
      if (digit) return subs[Number(digit) - 1] ?? '';
      const content = placeholders.get(name!.toLowerCase());
      return content === undefined ? whole : numbered(content);
    });
  };
}

export const catalogueMessage = messagesOf(englishCatalogue as Catalogue);

function speak(getMessage: typeof catalogueMessage, language: string): void {
  Object.assign(fakeBrowser.i18n, { getMessage, getUILanguage: () => language });
}

// Loaded only by the tests that switch language.
const otherCatalogues = import.meta.glob<Catalogue>('../../../public/_locales/*/messages.json', { import: 'default' });

/**
 * Makes browser.i18n speak `locale` (Chrome's folder name, e.g. "de" or "pt_BR"; the UI language is its BCP 47 form)
 * and returns the way back to English, for a test's `finally` or afterEach.
 */
export async function useUiLanguage(locale: (typeof SUPPORTED_LOCALES)[number]): Promise<() => void> {
  const load = otherCatalogues[`../../../public/_locales/${locale}/messages.json`];
  if (!load) throw new Error(`no catalogue for ${locale}`);
  speak(messagesOf(await load()), locale.replace('_', '-'));
  return () => speak(catalogueMessage, 'en');
}

speak(catalogueMessage, 'en');
