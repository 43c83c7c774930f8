/**
 * What the selection bubble's tests select and expect, shared by the Chromium suite (Playwright: bubble.spec.ts, which
 * reaches into the closed shadow root through DevTools) and the Firefox suite (puppeteer-core: tests/firefox/bubble.spec.ts,
 * keyboard alone). Driver-free on purpose: the two reach the bubble in different ways, so only the facts are shared,
 * never the steps. The fixture page is tests/e2e/pages/bubble.html.
 */
import { BUBBLE_HOST_TAG } from '../../lib/messaging/page-door';
import { pagePrompt, type PagePromptInput } from '../../lib/toolbar/page-prompts';
import { echoReply } from '../fake-poe/bots';

/** The bubble's host element as `tagName` reports it (upper case in an HTML document). */
export const BUBBLE_HOST_TAG_NAME = BUBBLE_HOST_TAG.toUpperCase();

/** The misspelt text of the fixture's textarea (#area). */
export const MISSPELT = 'teh cat sat on teh mat';

/** The menu for text selected in a field, in order (Alt+Enter focuses the first). */
export const FIELD_MENU = ['Improve writing', 'Fix spelling and grammar', 'Make shorter', 'Change tone…', 'Translate to…'];

/** The prompt the bubble asks for an action on text selected in a field (no page title or address goes with it). */
export const fieldPrompt = (action: PagePromptInput['action'], text: string) =>
  pagePrompt({ action, source: 'field', text, page: { title: '', url: '' }, locale: 'en-US', translation: { into: null, lastUsed: null }, promptActions: [] })!.text;

/** What Echo-Bot answers to the first message of a conversation, exactly as stored and written back. */
export const firstEcho = (prompt: string) => echoReply(prompt, 1);

/** Runs in the fixture page: the ids of the fields that heard an input event, in order. */
export const inputIds = () => (window as unknown as { inputs: { id: string }[] }).inputs.map((each) => each.id);
