import type { TranslationPreferences } from '@/lib/messaging/contracts';
import { translationLanguages } from '@/lib/messaging/languages';
import { quoteSelection, type PageContext } from '@/lib/messaging/quote';

/** The words Poe Toolbar puts around what the user asked about (the quote itself is shared with pages). */

export { quoteSelection, type PageContext } from '@/lib/messaging/quote';
export { languageName, translationLanguages } from '@/lib/messaging/languages';

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

/** "Summarize this video": the transcript is attached; timestamps in the answer become links that seek the video. */
export function summarizeVideoPrompt(video: { title: string; url: string }): string {
  return (
    `Summarize the video “${video.title || video.url}” (${video.url}) from its transcript, attached. ` +
    'Use a few bullet points, and give the time of each point as [m:ss] from the transcript. ' +
    'Say only what the transcript says.'
  );
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
