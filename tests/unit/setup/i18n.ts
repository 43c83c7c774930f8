/**
 * browser.i18n for unit tests: WXT's fake browser does not implement it, so getMessage reads the English catalogue
 * with the browser's placeholder rules ($NAME$ → the placeholder's content, $1…$9 → the substitutions, $$ → $), and
 * getUILanguage says "en". Tests therefore see the English the user of an English browser sees.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';

interface CatalogueEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const catalogue = JSON.parse(
    // A path from the project root (vitest's root), not import.meta.url: under jsdom that is not a file: URL.
  readFileSync(path.resolve('public/_locales/en/messages.json'), 'utf8'),
) as Record<string, CatalogueEntry>;
// Chrome and Firefox match message and placeholder names case-insensitively.
const entries = new Map(Object.entries(catalogue).map(([name, entry]) => [name.toLowerCase(), entry]));

export function catalogueMessage(name: string, substitutions?: string | string[]): string {
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
}

Object.assign(fakeBrowser.i18n, {
  getMessage: catalogueMessage,
  getUILanguage: () => 'en',
});
