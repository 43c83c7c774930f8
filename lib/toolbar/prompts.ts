import type { TranslationPreferences } from '@/lib/messaging/contracts';
import { quoteSelection, type PageContext } from '@/lib/messaging/quote';

/** The words Poe Toolbar puts around what the user asked about (the quote itself is shared with pages). */

export { quoteSelection, type PageContext } from '@/lib/messaging/quote';

/** The user's language as a name, e.g. "French", from the browser's UI language; English when it is not a language. */
export function languageName(locale: string): string {
  try {
    // A script matters (Simplified or Traditional Chinese); a region does not (pt-BR reads as Portuguese).
    const code = /^[a-z]{2,3}-[A-Z][a-z]{3}$/.test(locale) ? locale : (locale.split(/[-_]/)[0] ?? locale);
    const name = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(code);
    return name ?? 'English';
  } catch {
    return 'English';
  }
}

/**
 * Where "Translate" sends the text: into the language chosen in Settings (the browser's until then), or — when the
 * text already is in it, which only the model can tell — into the other language: the one last picked in a
 * "Translate to…" list when there is one, else English, or Spanish for a reader who asked for English (the language
 * English-speaking readers most often learn and meet).
 */
export function translationLanguages(locale: string, translation: TranslationPreferences = NO_TRANSLATION_CHOICE): { into: string; otherwise: string } {
  const into = languageName(translation.into ?? locale);
  const last = translation.lastUsed ? languageName(translation.lastUsed) : null;
  if (last && last !== into) return { into, otherwise: last };
  return { into, otherwise: into === 'English' ? 'Spanish' : 'English' };
}

const NO_TRANSLATION_CHOICE: TranslationPreferences = { into: null, lastUsed: null };

export type QuickAction = 'explain' | 'summarize' | 'translate';

export function quickActionTitle(action: QuickAction, locale: string, translation?: TranslationPreferences): string {
  if (action === 'explain') return 'Explain';
  if (action === 'summarize') return 'Summarize';
  // The menu is built once, before anyone selects anything, and cannot know the text's language; so the title names
  // both targets rather than promising one that English text in an English browser (say) would not get.
  const { into, otherwise } = translationLanguages(locale, translation);
  return `Translate to ${into} or ${otherwise}`;
}

export function quickActionPrompt(
  action: QuickAction,
  selection: string,
  page: PageContext,
  locale: string,
  translation?: TranslationPreferences,
): string {
  const instruction =
    action === 'explain'
      ? 'Explain this clearly and concisely.'
      : action === 'summarize'
        ? 'Summarize this in a few bullet points.'
        : translateInstruction(locale, translation);
  return `${quoteSelection(selection, page)}${instruction}`;
}

function translateInstruction(locale: string, translation?: TranslationPreferences): string {
  const { into, otherwise } = translationLanguages(locale, translation);
  return `Translate this into ${into}. If it is already in ${into}, translate it into ${otherwise} instead. Reply with the translation only.`;
}

/** Fills a user-defined template: {selection}, {url} and {title}. Unknown placeholders stay as they are. */
export function fillTemplate(template: string, values: { selection: string; url: string; title: string }): string {
  return template.replace(/\{(selection|url|title)\}/g, (_match, key: 'selection' | 'url' | 'title') => values[key]);
}

/** A file name from a page title: letters, digits, spaces and dashes, at most 60 characters. */
export function fileNameFrom(title: string, extension: string): string {
  const base = title.replace(/[^\p{L}\p{N} _-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 60) || 'page';
  return `${base}.${extension}`;
}
