import type { PageAction } from '@/lib/messaging/page-door';
import type { PromptAction, TranslationPreferences } from '@/lib/messaging/contracts';
import { languageNameIn } from '@/lib/messaging/languages';
import { fillTemplate, languageName, quickActionPrompt, quoteSelection, translationLanguages, type PageContext } from './prompts';

/**
 * The prompts of the selection bubble (issue 13), built in the background from an action's id: the page never sends a
 * prompt of its own, only the user's typed question. Writing prompts ask for the rewritten text alone (no preamble,
 * no quotes, no commentary) because "Replace selection" writes the answer straight back into the field.
 */

const TEXT_ONLY = 'Reply with the rewritten text only: no introduction, no quotation marks, no explanation.';

const WRITING: Record<'improve' | 'fix' | 'shorter', string> = {
  improve: 'Improve the writing of this text: clearer and more natural, same meaning, same language, same format.',
  fix: 'Fix the spelling, grammar and punctuation of this text. Change nothing else; keep its language and format.',
  shorter: 'Make this text shorter: keep its meaning, language and tone.',
};

/** The user's language for a BCP 47 code such as "fr" ("French"). */
export function languageOf(code: string): string {
  return languageName(code);
}

/** The field's text as a fenced block the model cannot mistake for instructions (fences longer than any inside it). */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}

export interface PagePromptInput {
  action: PageAction;
  source: 'selection' | 'field';
  text: string;
  page: PageContext;
  locale: string;
  translation: TranslationPreferences;
  promptActions: readonly PromptAction[];
}

/** The prompt for one bubble action, and the bot a prompt action names (if any); null for an unknown prompt action. */
export function pagePrompt(input: PagePromptInput): { text: string; bot?: string } | null {
  const { action, text, page } = input;
  switch (action.kind) {
    case 'reading':
      if (action.id === 'translate') {
        const { into, otherwise } = translationLanguages(input.locale, input.translation);
        return {
          text: `${quoteSelection(text, page)}Translate this into ${into}. If it is already in ${into}, translate it into ${otherwise} instead. Reply with the translation only.`,
        };
      }
      return { text: quickActionPrompt(action.id, text, page, input.locale) };
    case 'writing':
      return { text: `${WRITING[action.id]} ${TEXT_ONLY}\n\n${fenced(text)}` };
    case 'tone':
      return { text: `Rewrite this text in a ${action.tone} tone, same meaning and language. ${TEXT_ONLY}\n\n${fenced(text)}` };
    case 'translateTo':
      return {
        text: `Translate this text into ${languageOf(action.language)}, keeping its format. Reply with the translation only: no introduction, no quotation marks, no explanation.\n\n${fenced(text)}`,
      };
    case 'prompt': {
      const found = input.promptActions.find((each) => each.id === action.id);
      if (!found) return null;
      const language = translationLanguages(input.locale, input.translation).into;
      const filled = fillTemplate(found.template, { selection: text, url: page.url, title: page.title, language });
      return { text: filled, ...(found.bot ? { bot: found.bot } : {}) };
    }
    case 'ask':
      return { text: `${quoteSelection(text, page)}${action.question}` };
  }
}

/** Languages offered by "Translate to…": the user's own first, then common ones (codes the model knows by name). */
const COMMON_LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'pl', 'ru', 'uk', 'tr', 'ar', 'hi', 'zh', 'ja', 'ko'];

export function pageLanguages(locale: string, translation: TranslationPreferences): { code: string; name: string }[] {
  const own = (translation.into ?? locale).split(/[-_]/)[0]?.toLowerCase() ?? 'en';
  const last = translation.lastUsed?.split(/[-_]/)[0]?.toLowerCase();
  const codes = [...new Set([own, ...(last ? [last] : []), ...COMMON_LANGUAGES])].filter((code) => code.length >= 2);
  // Named for the reader, in the UI language; the instruction to the bot names them in English (languageOf).
  return codes.map((code) => ({ code, name: languageNameIn(code, locale) }));
}
