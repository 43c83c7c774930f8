import { describe, expect, test } from 'vitest';
import { promptActionSchema, type PromptAction } from '@/lib/messaging/contracts';
import { DEFAULT_PROMPTS, templateVariables } from '@/lib/messaging/prompt-library';
import { MAX_PROMPT_ACTIONS } from '@/lib/messaging/rules';
import { MENU, menuItems } from '@/lib/toolbar/menu';
import { fillPrompt, type PromptFillDeps } from '@/lib/toolbar/prompt-fill';
import { fillSavedPrompt } from '@/lib/toolbar/prompts';
import { ConversationDrafts, MAX_KEPT_DRAFTS } from '@/components/conversation-drafts';
import { filterPrompts, insertPrompt, menuKey, slashQuery } from '@/components/prompt-menu';

const prompt = (id: string, title: string, template: string, extra: Partial<PromptAction> = {}): PromptAction => ({ id, title, template, ...extra });

describe('where a `/query` is typed', () => {
  test('at the start of the draft or after a space or line break, up to the caret', () => {
    expect(slashQuery('/sum', 4)).toEqual({ start: 0, end: 4, query: 'sum' });
    expect(slashQuery('Please /ex', 10)).toEqual({ start: 7, end: 10, query: 'ex' });
    expect(slashQuery('first line\n/', 12)).toEqual({ start: 11, end: 12, query: '' });
    // The caret decides: what follows it is not part of the query.
    expect(slashQuery('/summary', 3)).toEqual({ start: 0, end: 3, query: 'su' });
  });

  test('not inside a word, an address or after a space that ended the query', () => {
    expect(slashQuery('and/or', 6)).toBeUndefined();
    expect(slashQuery('see https://x.test/a', 20)).toBeUndefined();
    expect(slashQuery('/sum more', 9)).toBeUndefined();
    expect(slashQuery('no slash', 8)).toBeUndefined();
  });
});

describe('which prompts match', () => {
  const list = [
    prompt('a', 'Explain', 'Explain {selection}'),
    prompt('b', 'Summarize', 'Summarize {selection}'),
    prompt('c', 'Key points of this page', 'List the key points of {page}'),
    prompt('d', 'Résumé', 'Write a CV'),
  ];

  test('an empty query lists every prompt in the user’s order', () => {
    expect(filterPrompts(list, '').map((each) => each.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  test('title starts first, then a word of the title, then the template; case and accents do not matter', () => {
    // "Résumé" holds "sum" too: after the title that starts with it.
    expect(filterPrompts(list, 'SUM').map((each) => each.id)).toEqual(['b', 'd']);
    expect(filterPrompts(list, 'points').map((each) => each.id)).toEqual(['c']);
    expect(filterPrompts(list, 'resume').map((each) => each.id)).toEqual(['d']);
    expect(filterPrompts(list, 'cv').map((each) => each.id)).toEqual(['d']);
    // A word that starts with it ranks before a title that merely contains it.
    expect(filterPrompts(list, 'p').map((each) => each.id)).toEqual(['c', 'a']);
    expect(filterPrompts(list, 'zzz')).toEqual([]);
  });
});

describe('the keyboard model', () => {
  test('arrows move and wrap, Home and End jump', () => {
    expect(menuKey('ArrowDown', 0, 3)).toEqual({ kind: 'move', active: 1 });
    expect(menuKey('ArrowDown', 2, 3)).toEqual({ kind: 'move', active: 0 });
    expect(menuKey('ArrowUp', 0, 3)).toEqual({ kind: 'move', active: 2 });
    expect(menuKey('End', 0, 3)).toEqual({ kind: 'move', active: 2 });
    expect(menuKey('Home', 2, 3)).toEqual({ kind: 'move', active: 0 });
  });

  test('Enter and Tab choose, Esc closes, Shift+Enter is a new line, other keys are the textarea’s', () => {
    expect(menuKey('Enter', 1, 3)).toEqual({ kind: 'choose', index: 1 });
    expect(menuKey('Tab', 2, 3)).toEqual({ kind: 'choose', index: 2 });
    expect(menuKey('Escape', 1, 3)).toEqual({ kind: 'close' });
    expect(menuKey('Enter', 1, 3, { shift: true })).toEqual({ kind: 'ignore' });
    expect(menuKey('a', 1, 3)).toEqual({ kind: 'ignore' });
    // An IME composing text keeps its Enter.
    expect(menuKey('Enter', 0, 3, { composing: true })).toEqual({ kind: 'ignore' });
    expect(menuKey('Enter', 0, 0)).toEqual({ kind: 'ignore' });
  });
});

describe('inserting the filled prompt', () => {
  test('in place of the `/query`, caret after it', () => {
    const query = slashQuery('Hi /sum there', 7)!;
    expect(insertPrompt('Hi /sum there', query, 'FILLED')).toEqual({ text: 'Hi FILLED there', caret: 9 });
  });

  test('at the end when the query is gone meanwhile: nothing typed is lost', () => {
    const query = slashQuery('/sum', 4)!;
    expect(insertPrompt('rewritten', query, 'FILLED')).toEqual({ text: 'rewritten\n\nFILLED', caret: 17 });
    expect(insertPrompt('', query, 'FILLED')).toEqual({ text: 'FILLED', caret: 6 });
  });
});

describe('filling variables', () => {
  test('every variable filled, unknown words left alone', () => {
    expect(fillSavedPrompt('{title} ({url}) in {language}: {selection} {other}', { title: 'T', url: 'u', language: 'French', selection: 'S' })).toEqual({
      ok: true,
      text: 'T (u) in French: S {other}',
    });
  });

  test('a missing or blank value fills nothing and names what is missing', () => {
    expect(fillSavedPrompt('Sum {selection} of {title}', { title: 'T', selection: '  ' })).toEqual({ ok: false, missing: ['selection'] });
    expect(templateVariables('{page} {selection} {page}')).toEqual(['selection', 'page']);
  });

  const deps = (over: Partial<PromptFillDeps> = {}, prompts: PromptAction[] = [...DEFAULT_PROMPTS]) => {
    const reads: string[] = [];
    const value: PromptFillDeps = {
      promptActions: async () => prompts,
      activeTab: async () => ({ id: 7, title: 'Rivers', url: 'https://example.test/rivers' }),
      readSelection: async () => {
        reads.push('selection');
        return { text: 'The Rhine flows north.' };
      },
      language: async () => 'German',
      ...over,
    };
    return { value, reads };
  };

  test('from the active tab, through the background', async () => {
    const { value } = deps();
    expect(await fillPrompt(value, 'default-summarize')).toEqual({ ok: true, text: 'Summarize this in a few bullet points:\n\nThe Rhine flows north.' });
    expect(await fillPrompt(value, 'default-translate')).toEqual({
      ok: true,
      text: 'Translate this into German. Reply with the translation only:\n\nThe Rhine flows north.',
    });
    // `{page}` names the attachment the composer adds; 100 KB of page text never goes into the draft.
    expect(await fillPrompt(value, 'default-key-points')).toEqual({ ok: true, text: 'List the key points of the attached page “Rivers”, in German.' });
  });

  test('no selection, an unreadable page, no tab, an unknown prompt: a message, no text', async () => {
    const empty = deps({ readSelection: async () => ({ text: '' }) });
    expect(await fillPrompt(empty.value, 'default-summarize')).toEqual({
      ok: false,
      error: { kind: 'page', message: expect.stringContaining('Nothing is selected') },
    });
    const refused = deps({ readSelection: async () => Promise.reject(new Error('Cannot access contents of url "chrome://version"')) });
    expect(await fillPrompt(refused.value, 'default-summarize')).toEqual({
      ok: false,
      error: { kind: 'page', message: expect.stringContaining('Browsers do not let extensions read this page') },
    });
    const none = deps({ activeTab: async () => undefined });
    expect((await fillPrompt(none.value, 'default-key-points')).ok).toBe(false);
    expect(await fillPrompt(deps().value, 'gone')).toEqual({ ok: false, error: { kind: 'page', message: expect.stringContaining('no longer saved') } });
  });

  test('only what the template uses is read: {language} alone reads no page', async () => {
    const { value, reads } = deps({ activeTab: async () => Promise.reject(new Error('must not be asked')) }, [prompt('l', 'Lang', 'Answer in {language}.')]);
    expect(await fillPrompt(value, 'l')).toEqual({ ok: true, text: 'Answer in German.' });
    expect(reads).toEqual([]);
  });
});

describe('one list: the `/` prompts and the page menu', () => {
  test('the defaults are valid saved prompts, and fit the list', () => {
    for (const each of DEFAULT_PROMPTS) expect(promptActionSchema.safeParse(each).success).toBe(true);
    expect(DEFAULT_PROMPTS.length).toBeLessThanOrEqual(MAX_PROMPT_ACTIONS);
    expect(new Set(DEFAULT_PROMPTS.map((each) => each.id)).size).toBe(DEFAULT_PROMPTS.length);
  });

  test('the defaults are for `/` only: the menus a new profile had stay as they were; one switched on shows', () => {
    const ids = menuItems(DEFAULT_PROMPTS, 'en-US').map((item) => item.id);
    expect(ids).toContain(MENU.quick('summarize'));
    expect(ids.filter((id) => id.startsWith('action:') || id === 'separator-actions')).toEqual([]);
    const switched = DEFAULT_PROMPTS.map((each) => (each.id === 'default-eli5' ? { ...each, inMenu: true } : each));
    expect(menuItems(switched, 'en-US').filter((item) => item.id.startsWith('action:')).map((item) => item.id)).toEqual([MENU.action('default-eli5')]);
  });

  test('the menu shows the user’s prompts in the list’s order', () => {
    const list = [prompt('1', 'One', '{selection}'), prompt('2', 'Two', 'x', { inMenu: false }), prompt('3', 'Three', '{title}')];
    expect(menuItems(list, 'en-US').filter((item) => item.id.startsWith('action:')).map((item) => item.id)).toEqual([MENU.action('1'), MENU.action('3')]);
  });

  test('a prompt taken out of the menu leaves it; one about the page shows on pages', () => {
    const list = [prompt('x', 'Mine', '{selection}', { inMenu: false }), prompt('y', 'Page', 'About {page}')];
    const items = menuItems(list, 'en-US');
    expect(items.find((item) => item.id === MENU.action('x'))).toBeUndefined();
    expect(items.find((item) => item.id === MENU.action('y'))?.contexts).toEqual(['page']);
    expect(menuItems([prompt('x', 'Mine', '{selection}', { inMenu: false })], 'en-US').some((item) => item.id === 'separator-actions')).toBe(false);
  });
});

/** localStorage as the page has it: strings by key, shared by every page of the extension. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('a draft per conversation', () => {
  test('each conversation gets its text back; a new chat has its own; a draft shown is taken, not kept twice', () => {
    const drafts = new ConversationDrafts(memoryStorage());
    expect(drafts.switch('A', 'B', 'draft of A')).toBe('');
    expect(drafts.switch('B', null, 'draft of B')).toBe('');
    expect(drafts.switch(null, 'A', 'draft of new')).toBe('draft of A');
    expect(drafts.switch('A', 'B', '')).toBe('draft of B');
    expect(drafts.switch('B', 'A', '')).toBe('');
    expect(drafts.switch('A', null, '')).toBe('draft of new');
    // Sent meanwhile: nothing comes back later.
    expect(drafts.switch(null, 'A', '')).toBe('');
    expect(drafts.switch('A', null, '')).toBe('');
    expect(drafts.switch('A', 'A', 'same')).toBeUndefined();
  });

  test('a deleted conversation’s draft goes', () => {
    const drafts = new ConversationDrafts(memoryStorage());
    drafts.switch('A', 'B', 'kept');
    drafts.forget('A');
    expect(drafts.switch('B', 'A', '')).toBe('');
  });

  test('the drafts outlive the page: a panel opened later gets them back', () => {
    const storage = memoryStorage();
    new ConversationDrafts(storage).switch('A', 'B', 'written before closing');
    expect(new ConversationDrafts(storage).switch('B', 'A', '')).toBe('written before closing');
  });

  test('two pages open at once keep each other’s drafts', () => {
    const storage = memoryStorage();
    const popup = new ConversationDrafts(storage);
    const panel = new ConversationDrafts(storage);
    popup.switch('A', 'B', 'from the popup');
    panel.switch('C', 'D', 'from the panel');
    expect(popup.switch('B', 'C', '')).toBe('from the panel');
    expect(panel.switch('D', 'A', '')).toBe('from the popup');
  });

  test(`only the ${MAX_KEPT_DRAFTS} most recent are kept; a draft kept again counts as recent`, () => {
    const drafts = new ConversationDrafts(memoryStorage());
    drafts.switch('first', 'x', 'oldest, kept again later');
    for (let index = 0; index < MAX_KEPT_DRAFTS - 1; index++) drafts.switch(`c${index}`, 'x', `draft ${index}`);
    // Back to "first" and away again: its draft is the most recent now.
    expect(drafts.switch('x', 'first', '')).toBe('oldest, kept again later');
    drafts.switch('first', 'x', 'oldest, kept again later');
    drafts.switch('one more', 'x', 'pushes c0 out');
    expect(drafts.switch('x', 'c0', '')).toBe('');
    expect(drafts.switch('c0', 'c1', '')).toBe('draft 1');
    expect(drafts.switch('c1', 'first', '')).toBe('oldest, kept again later');
  });

  test('what is stored but not a list of drafts (edited, an old format) reads as none, and is replaced', () => {
    const storage = memoryStorage();
    for (const stored of ['not json', '{"A":"x"}', '[["A", "x"]]', '[{"conversation":"A","text":5}]']) {
      storage.items.set('poe-toolbar:conversation-drafts', stored);
      const drafts = new ConversationDrafts(storage);
      expect(drafts.switch('B', 'A', 'kept for B')).toBe('');
      expect(JSON.parse(storage.items.get('poe-toolbar:conversation-drafts')!)).toEqual([{ conversation: 'B', text: 'kept for B' }]);
    }
  });

  test('a full storage loses no draft on screen and throws nothing', () => {
    const storage = { ...memoryStorage(), setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    const drafts = new ConversationDrafts(storage);
    expect(drafts.switch('A', 'B', 'too much')).toBe('');
  });
});
