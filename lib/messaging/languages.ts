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
