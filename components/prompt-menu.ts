import type { PromptAction } from '@/lib/messaging/contracts';

/**
 * The `/` prompt menu's logic (issue 16), apart from its view: where the `/query` is in the draft, which saved
 * prompts match it, what a key does, and where the filled prompt goes.
 */

/** The `/query` being typed: from the `/` to the caret. */
export interface SlashQuery {
  start: number;
  end: number;
  query: string;
}

/**
 * A `/` at the start of the draft or after a space or line break, up to the caret, with no space in between: `/sum`
 * opens the menu, `and/or` and `https://x/y` do not.
 */
export function slashQuery(text: string, caret: number): SlashQuery | undefined {
  const match = /(^|\s)\/([^\s/]{0,60})$/.exec(text.slice(0, caret));
  if (!match) return undefined;
  const start = match.index + match[1]!.length;
  return { start, end: caret, query: match[2]! };
}

/**
 * The prompts a query matches, best first: titles that start with it, then titles with a word that starts with it,
 * then titles or templates that contain it. Case and accents do not matter; an empty query lists every prompt in
 * the user's order.
 */
export function filterPrompts(prompts: readonly PromptAction[], query: string): PromptAction[] {
  const wanted = fold(query.trim());
  if (!wanted) return [...prompts];
  const rank = (prompt: PromptAction): number => {
    const title = fold(prompt.title);
    if (title.startsWith(wanted)) return 0;
    if (title.split(/[\s\-–—_/,.()]+/).some((word) => word.startsWith(wanted))) return 1;
    if (title.includes(wanted)) return 2;
    return fold(prompt.template).includes(wanted) ? 3 : -1;
  };
  return prompts
    .map((prompt, index) => ({ prompt, index, rank: rank(prompt) }))
    .filter((each) => each.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((each) => each.prompt);
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** What a key does while the menu is open. */
export type MenuKeyOutcome = { kind: 'move'; active: number } | { kind: 'choose'; index: number } | { kind: 'close' } | { kind: 'ignore' };

/** ↑/↓ move (wrapping), Home/End jump, Enter and Tab choose, Esc closes; any other key is the textarea's. */
export function menuKey(key: string, active: number, count: number, modifiers: { shift?: boolean; composing?: boolean } = {}): MenuKeyOutcome {
  if (count === 0 || modifiers.composing) return key === 'Escape' ? { kind: 'close' } : { kind: 'ignore' };
  switch (key) {
    case 'ArrowDown':
      return { kind: 'move', active: (active + 1) % count };
    case 'ArrowUp':
      return { kind: 'move', active: (active - 1 + count) % count };
    case 'Home':
      return { kind: 'move', active: 0 };
    case 'End':
      return { kind: 'move', active: count - 1 };
    case 'Enter':
      // Shift+Enter is still a new line.
      return modifiers.shift ? { kind: 'ignore' } : { kind: 'choose', index: active };
    case 'Tab':
      return modifiers.shift ? { kind: 'ignore' } : { kind: 'choose', index: active };
    case 'Escape':
      return { kind: 'close' };
    default:
      return { kind: 'ignore' };
  }
}

/**
 * The draft with the filled prompt in place of its `/query`, and where the caret goes (after the prompt). The draft
 * may have changed while the background filled it: the query is replaced where it still stands, else the prompt goes
 * at the end, so nothing the user typed meanwhile is lost.
 */
export function insertPrompt(draft: string, query: SlashQuery, filled: string): { text: string; caret: number } {
  const typed = `/${query.query}`;
  const at = draft.slice(query.start, query.start + typed.length) === typed ? query.start : -1;
  if (at < 0) {
    const text = draft.trim() ? `${draft.replace(/\s+$/, '')}\n\n${filled}` : filled;
    return { text, caret: text.length };
  }
  const text = draft.slice(0, at) + filled + draft.slice(at + typed.length);
  return { text, caret: at + filled.length };
}

/** A one-line glimpse of a template, for the menu. */
export function templatePreview(template: string, max = 80): string {
  const line = template.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
