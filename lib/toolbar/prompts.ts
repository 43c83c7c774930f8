import { t } from '@/lib/i18n';
import type { TranslationPreferences } from '@/lib/messaging/contracts';
import { translationLanguages } from '@/lib/messaging/languages';
import { replaceVariables, templateVariables, type PromptVariable } from '@/lib/messaging/prompt-library';
import { quoteSelection, type PageContext } from '@/lib/messaging/quote';

/** The words Poe Toolbar puts around what the user asked about (the quote itself is shared with pages). */

export { quoteSelection, type PageContext } from '@/lib/messaging/quote';
export { languageName, translationLanguages } from '@/lib/messaging/languages';

export type QuickAction = 'explain' | 'summarize' | 'translate';

export function quickActionTitle(action: QuickAction, locale: string, translation?: TranslationPreferences): string {
  if (action === 'explain') return t('menu_explain');
  if (action === 'summarize') return t('menu_summarize');
  // The menu is built once, before anyone selects anything, and cannot know the text's language; so the title names
  // both targets rather than promising one that English text in an English browser (say) would not get.
  const { into, otherwise } = translationLanguages(locale, translation);
  return t('menu_translate', into, otherwise);
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

/** "Summarize this video": the transcript is attached; timestamps in the answer become links that seek the video. */
export function summarizeVideoPrompt(video: { title: string; url: string }): string {
  return (
    `Summarize the video “${video.title || video.url}” (${video.url}) from its transcript, attached. ` +
    'Use a few bullet points, and give the time of each point as [m:ss] from the transcript. ' +
    'Say only what the transcript says.'
  );
}

/**
 * Fills a user-defined template for a page menu's action: {selection}, {url}, {title} and (when given) {language}
 * and {page}.
 * Unknown placeholders stay as they are.
 */
export function fillTemplate(template: string, values: { selection: string; url: string; title: string; language?: string; page?: string }): string {
  return replaceVariables(template, values);
}

/** What a saved prompt's variables are filled with; undefined: not available (and why, said by `missingMessage`). */
export type PromptValues = Partial<Record<PromptVariable, string>>;

/**
 * A saved prompt chosen in the composer, filled: every variable it uses must have a value, or it is not filled at all
 * (the user is told what is missing; half a prompt with `{selection}` left in it would be sent as garbage).
 */
export function fillSavedPrompt(template: string, values: PromptValues): { ok: true; text: string } | { ok: false; missing: PromptVariable[] } {
  const missing = templateVariables(template).filter((name) => !values[name]?.trim());
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, text: replaceVariables(template, values) };
}

/** The note shown for the first missing variable: what to do so the prompt can be filled. */
export function missingMessage(missing: PromptVariable): string {
  if (missing === 'selection') return t('promptFill_noSelection');
  if (missing === 'language') return t('promptFill_noLanguage');
  return t('promptFill_noPage');
}

/** How `{page}` reads in a prompt whose page travels as an attachment ("This page" chip), not pasted into the text. */
export function attachedPageWords(title: string): string {
  return title.trim() ? `the attached page “${title.trim()}”` : 'the attached page';
}

/** A file name from a page title: letters, digits, spaces and dashes, at most 60 characters. */
export function fileNameFrom(title: string, extension: string): string {
  const base = title.replace(/[^\p{L}\p{N} _-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 60) || 'page';
  return `${base}.${extension}`;
}
