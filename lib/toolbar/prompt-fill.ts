import { t } from '@/lib/i18n';
import type { BackgroundEvent, ErrorInfo, PromptAction } from '@/lib/messaging/contracts';
import { templateVariables } from '@/lib/messaging/prompt-library';
import { MAX_MESSAGE_CHARS } from '@/lib/messaging/rules';
import { readFailure } from './page-attach';
import { attachedPageWords, fillSavedPrompt, missingMessage, type PromptValues } from './prompts';

export type PromptFillResult = Extract<BackgroundEvent, { type: 'promptFilled' }>['result'];

export interface PromptFillDeps {
  promptActions(): Promise<readonly PromptAction[]>;
  /** The active tab of the window last focused (the one the panel sits in), with what the browser lets us know of it. */
  activeTab(): Promise<{ id: number; title?: string; url?: string } | undefined>;
  /** The tab's selection, line breaks kept (lib/capture's readSelection); throws where the page cannot be read. */
  readSelection(tabId: number): Promise<{ text: string; title?: string; url?: string }>;
  /** The language "Translate" goes into (Settings, or the browser's), by name. */
  language(): Promise<string>;
}

const failed = (message: string): PromptFillResult => ({ ok: false, error: { kind: 'page', message } satisfies ErrorInfo });

/**
 * A saved prompt chosen with `/` in the composer (issue 16), filled here because only the background may read a tab.
 * Only what the template uses is read: a prompt with `{language}` alone touches no page.
 */
export async function fillPrompt(deps: PromptFillDeps, promptId: string): Promise<PromptFillResult> {
  const prompt = (await deps.promptActions()).find((each) => each.id === promptId);
  if (!prompt) return failed(t('promptFill_gone'));
  const needs = templateVariables(prompt.template);
  const values: PromptValues = {};
  if (needs.includes('language')) values.language = await deps.language();
  if (needs.some((name) => name !== 'language')) {
    const tab = await deps.activeTab();
    if (tab) {
      values.url = tab.url ?? '';
      values.title = tab.title || tab.url || '';
      if (needs.includes('selection')) {
        try {
          const read = await deps.readSelection(tab.id);
          values.selection = read.text;
          values.url ||= read.url ?? '';
          values.title ||= read.title || read.url || '';
        } catch (error) {
          return { ok: false, error: readFailure(error).error };
        }
      }
      // The page's text travels as the "This page" attachment the composer adds; the prompt names it.
      if (needs.includes('page')) values.page = attachedPageWords(values.title ?? '');
    }
  }
  const filled = fillSavedPrompt(prompt.template, values);
  if (!filled.ok) return failed(missingMessage(filled.missing[0]!));
  if (filled.text.length > MAX_MESSAGE_CHARS) return failed(t('promptFill_tooLong'));
  return { ok: true, text: filled.text };
}
