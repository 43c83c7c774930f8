import { t } from '@/lib/i18n';
import type { PromptAction } from './contracts';

/**
 * The prompt library (issue 16): one list of saved prompts, shown by `/` in the composer and (unless `inMenu` is
 * false) in the page's "Ask Poe" menu and selection bubble. The variables a template may hold are named here once.
 */
export const PROMPT_VARIABLES = ['selection', 'page', 'url', 'title', 'language'] as const;
export type PromptVariable = (typeof PROMPT_VARIABLES)[number];

const VARIABLE_PATTERN = /\{(selection|page|url|title|language)\}/g;

/** The variables a template uses, each once, in the order of PROMPT_VARIABLES. */
export function templateVariables(template: string): PromptVariable[] {
  const found = new Set([...template.matchAll(VARIABLE_PATTERN)].map((match) => match[1] as PromptVariable));
  return PROMPT_VARIABLES.filter((name) => found.has(name));
}

/** Replaces each known variable with its value; unknown `{words}` stay as written. */
export function replaceVariables(template: string, values: Partial<Record<PromptVariable, string>>): string {
  return template.replace(VARIABLE_PATTERN, (match, key: PromptVariable) => values[key] ?? match);
}

/** Whether a saved prompt shows in the page's menus (absent: yes, as every prompt action did before issue 16). */
export const inPageMenus = (prompt: Pick<PromptAction, 'inMenu'>): boolean => prompt.inMenu !== false;

/**
 * What a new profile starts with: prompts for `/` in the composer, titled in the UI language (the templates go to the
 * bot and stay English, which every model reads; `{language}` names the reader's language). None is in the page menus at first (the switch in
 * Settings puts one there): those menus already have their own Explain, Summarize, Translate and writing items, and a
 * profile that never changed its prompts keeps the menus it had.
 */
export const DEFAULT_PROMPTS: readonly PromptAction[] = [
  { id: 'default-summarize', title: t('promptLibrary_summarize'), template: 'Summarize this in a few bullet points:\n\n{selection}' },
  { id: 'default-explain', title: t('promptLibrary_explain'), template: 'Explain this clearly and concisely:\n\n{selection}' },
  { id: 'default-translate', title: t('promptLibrary_translate'), template: 'Translate this into {language}. Reply with the translation only:\n\n{selection}' },
  {
    id: 'default-fix-grammar',
    title: t('promptLibrary_fixGrammar'),
    template: 'Fix the spelling, grammar and punctuation of this text. Change nothing else; keep its language:\n\n{selection}',
  },
  {
    id: 'default-reply-email',
    title: t('promptLibrary_replyEmail'),
    template: 'Write a short, friendly reply to this email, in its language. Leave placeholders for anything you do not know:\n\n{selection}',
  },
  { id: 'default-key-points', title: t('promptLibrary_keyPoints'), template: 'List the key points of {page}, in {language}.' },
  { id: 'default-eli5', title: t('promptLibrary_eli5'), template: 'Explain this as you would to a five-year-old:\n\n{selection}' },
].map((prompt) => ({ ...prompt, inMenu: false }));
