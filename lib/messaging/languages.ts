import type { TranslationPreferences } from './contracts';

/**
 * Languages offered as translation targets (Settings → "Translate into", and "Translate to…" lists), as BCP 47
 * codes; their names come from `Intl.DisplayNames`, in English and in the language itself.
 */
export const TRANSLATION_LANGUAGES = [
  'en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'sv', 'da', 'nb', 'fi', 'pl', 'cs', 'hu', 'ro', 'el', 'ru', 'uk', 'tr',
  'ar', 'he', 'fa', 'hi', 'bn', 'ur', 'id', 'ms', 'vi', 'th', 'ja', 'ko', 'zh-Hans', 'zh-Hant',
] as const;

/** A language's name in English and, when it differs, in its own words: "Japanese (日本語)". */
export function languageLabel(code: string): string {
  const english = displayName(code, 'en') ?? code;
  const own = displayName(code, code);
  return own && own.toLowerCase() !== english.toLowerCase() ? `${english} (${own})` : english;
}

function displayName(code: string, inLanguage: string): string | undefined {
  try {
    const name = new Intl.DisplayNames([inLanguage], { type: 'language', fallback: 'none' }).of(code);
    // Some names are written in lower case in their own language ("français"): shown as a label, they start upper.
    return name ? name.charAt(0).toLocaleUpperCase(inLanguage) + name.slice(1) : undefined;
  } catch {
    return undefined;
  }
}

/** A language's name in another language (the reader's): "Japanisch" for ja in German; its English name failing that. */
export function languageNameIn(code: string, inLocale: string): string {
  return displayName(code, inLocale) ?? languageName(code);
}

/** A locale as the language it names ("pt-BR" → "pt", "zh-Hans" stays): a script matters, a region does not; "en" when it is not a language. */
export function languageCode(locale: string): string {
  const code = /^[a-z]{2,3}-[A-Z][a-z]{3}$/.test(locale) ? locale : (locale.split(/[-_]/)[0] ?? locale);
  return displayName(code, 'en') ? code : 'en';
}

/** The user's language as a name, e.g. "French", from the browser's UI language; English when it is not a language. */
export function languageName(locale: string): string {
  return displayName(languageCode(locale), 'en') ?? 'English';
}

/**
 * Where "Translate" sends the text, as language codes: into the language chosen in Settings (the browser's until
 * then), or — when the text already is in it, which only the model can tell — into the other language: the one last
 * picked in a "Translate to…" list when there is one, else English, or Spanish for a reader who asked for English (the
 * language English-speaking readers most often learn and meet).
 */
export function translationTargets(locale: string, translation: TranslationPreferences = NO_TRANSLATION_CHOICE): { into: string; otherwise: string } {
  const into = languageCode(translation.into ?? locale);
  const last = translation.lastUsed ? languageCode(translation.lastUsed) : null;
  if (last && last !== into) return { into, otherwise: last };
  return { into, otherwise: into === 'en' ? 'es' : 'en' };
}

/** The same as English names, as the instructions to the bot word them ("Translate into German…"). */
export function translationLanguages(locale: string, translation: TranslationPreferences = NO_TRANSLATION_CHOICE): { into: string; otherwise: string } {
  const { into, otherwise } = translationTargets(locale, translation);
  return { into: languageName(into), otherwise: languageName(otherwise) };
}

const NO_TRANSLATION_CHOICE: TranslationPreferences = { into: null, lastUsed: null };
