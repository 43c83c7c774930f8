import { t, uiLocale } from '@/lib/i18n';
import { TRANSLATION_LANGUAGES, translationTargets } from '@/lib/messaging/languages';
import type { ChatStore } from './chat-store';

/** A language's name in the UI language and, when it differs, in its own words: "Japanisch (日本語)" in German. */
function languageOption(code: string): string {
  const name = (inLanguage: string) => {
    try {
      const found = new Intl.DisplayNames([inLanguage], { type: 'language', fallback: 'none' }).of(code);
      // Some languages write their names in lower case ("français"): as a label, it starts upper.
      return found ? found.charAt(0).toLocaleUpperCase(inLanguage) + found.slice(1) : undefined;
    } catch {
      return undefined;
    }
  };
  const ui = name(uiLocale()) ?? code;
  const own = name(code);
  return own && own.toLowerCase() !== ui.toLowerCase() ? `${ui} (${own})` : ui;
}

/** Settings → "Translate into": where the Translate actions (menu, quick actions) send the text. */
export function TranslationSetting({ store }: { store: ChatStore }) {
  const translation = store.translation.value;
  const into = translation?.into ?? '';
  const browserLanguage = languageOption(navigator.language.split('-')[0] ?? 'en').replace(/ \(.*\)$/, '');
  // The languages the background's ask goes into, named in the UI language.
  const targets = translationTargets(navigator.language, translation);
  const named = (code: string) => languageOption(code).replace(/ \(.*\)$/, '');
  const intoName = named(targets.into);
  const otherwise = named(targets.otherwise);
  // A code chosen elsewhere (e.g. an older list) stays selectable rather than showing as the browser's.
  const codes: string[] = [...TRANSLATION_LANGUAGES];
  if (into && !codes.includes(into)) codes.push(into);
  return (
    <section class="translation-setting" aria-labelledby="translation-title">
      <h3 id="translation-title">{t('translationSetting_title')}</h3>
      <label class="field">
        <span>{t('translationSetting_into')}</span>
        <select
          name="translate-into"
          value={into}
          disabled={!translation}
          onChange={(event) => {
            const value = event.currentTarget.value;
            store.setTranslation(value === '' ? null : value);
          }}
        >
          <option value="">{t('translationSetting_browserLanguage', browserLanguage)}</option>
          {codes.map((code) => (
            <option key={code} value={code}>
              {languageOption(code)}
            </option>
          ))}
        </select>
      </label>
      <p class="fine-print">
        {t('translationSetting_help', intoName, otherwise)}
      </p>
    </section>
  );
}
