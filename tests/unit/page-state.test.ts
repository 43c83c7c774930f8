import { describe, expect, it } from 'vitest';
import {
  initialPageState,
  isAnswering,
  reducePage,
  sendingHere,
  shownBot,
  shownParameters,
  type PageAction,
  type PageState,
} from '@/components/page-state';
import type { AccountState, BackgroundEvent, ChatMessage, Preferences, UiCommand } from '@/lib/messaging/contracts';

const account: AccountState = { hasKey: true, keyHint: '…cdef', balance: 1000, baseUrl: 'http://127.0.0.1:1', hostAccess: true };
const preferences: Preferences = {
  selectedBot: 'Old-Bot',
  botParameters: { 'New-Bot': { temperature: 0.5 } },
  recentBots: [],
  promptActions: [],
  guard: { dailyBudget: null, answerCeiling: null, allowedBots: [], suggestion: 'dismissed' }, pageBubble: { enabled: false, blockedSites: [], suggestion: 'waiting' }, translation: { into: null, lastUsed: null },
};
const noSpend = { dailyBudget: null, answerCeiling: null, level: 'ok' } as const;

let seqs = 0;
const message = (fields: Partial<ChatMessage> & { id: string }): ChatMessage => ({
  seq: ++seqs,
  role: 'bot',
  bot: 'Old-Bot',
  text: '',
  status: 'complete',
  createdAt: 1,
  ...fields,
});

/** A page driven through the reducer as the store drives it: state, and every command it would send. */
function page(start?: Partial<PageState>) {
  let ids = 0;
  let state: PageState = { ...initialPageState(), ...start };
  const sent: UiCommand[] = [];
  const act = (action: PageAction) => {
    const result = reducePage(state, action, () => `r${++ids}`);
    state = result.state;
    sent.push(...result.commands);
    return result.commands;
  };
  const event = (background: BackgroundEvent) => act({ type: 'event', event: background });
  return { act, event, sent, get state() { return state; } };
}

/** A page showing conversation c1 (user question and a finished answer) after the first snapshot. */
function pageOnConversation() {
  const p = page();
  p.event({
    type: 'snapshot',
    account,
    preferences,
    models: [],
    conversations: [],
    moreConversations: false,
    conversationId: 'c1',
    messages: [message({ id: 'u1', role: 'user', text: 'q' }), message({ id: 'b1', text: 'a' })],
    hasEarlier: false,
    held: [],
    spend: noSpend,
  });
  p.sent.length = 0;
  return p;
}

const lastSend = (commands: UiCommand[]) => commands.filter((command) => command.type === 'send').at(-1) as Extract<UiCommand, { type: 'send' }>;

describe('the page reducer', () => {
  it('"New chat" then Enter at once: the question goes to a new conversation, not the one shown before', () => {
    const p = pageOnConversation();
    p.act({ type: 'newChat' });
    expect(p.state.conversationId).toBeNull();
    expect(p.state.messages).toEqual([]);
    p.act({ type: 'setDraft', text: 'fresh question' });
    p.act({ type: 'send', text: 'fresh question' });
    expect(lastSend(p.sent)).toMatchObject({ type: 'send', conversationId: null, text: 'fresh question' });
    // The answer to the older "show c1" cannot pull the page back; the new conversation does arrive.
    const sendId = lastSend(p.sent).requestId;
    p.event({ type: 'conversation', conversationId: 'c1', messages: [], hasEarlier: false, requestId: 'stale' });
    expect(p.state.conversationId).toBeNull();
    p.event({ type: 'conversation', conversationId: 'c2', messages: [], hasEarlier: false, requestId: sendId });
    expect(p.state.conversationId).toBe('c2');
    expect(sendingHere(p.state)).toHaveLength(1);
    p.event({ type: 'message', conversationId: 'c2', message: message({ id: 'u2', role: 'user', text: 'fresh question', requestId: sendId }) });
    expect(sendingHere(p.state)).toEqual([]);
    expect(p.state.messages.map((each) => each.text)).toEqual(['fresh question']);
  });

  it('a bot chosen then Enter at once: the question asks that bot, with its parameters, and the header never reverts', () => {
    const p = pageOnConversation();
    p.act({ type: 'chooseBot', bot: 'New-Bot' });
    expect(shownBot(p.state)).toBe('New-Bot');
    const select = p.sent.find((command) => command.type === 'selectBot')!;
    p.act({ type: 'send', text: 'hi' });
    expect(lastSend(p.sent)).toMatchObject({ bot: 'New-Bot', parameters: { temperature: 0.5 }, conversationId: 'c1' });
    // Preferences pushed before the background handled the choice still name the old bot: the page keeps its choice.
    p.event({ type: 'preferences', preferences });
    expect(shownBot(p.state)).toBe('New-Bot');
    p.event({ type: 'preferences', preferences: { ...preferences, selectedBot: 'New-Bot' } });
    p.event({ type: 'done', requestId: select.requestId, command: 'selectBot' });
    expect(shownBot(p.state)).toBe('New-Bot');
    // Once confirmed, the background's choice is what shows (another page may change it).
    p.event({ type: 'preferences', preferences: { ...preferences, selectedBot: 'Third-Bot' } });
    expect(shownBot(p.state)).toBe('Third-Bot');
  });

  it('a parameter changed then Enter at once goes with the question', () => {
    const p = pageOnConversation();
    p.act({ type: 'setParameter', bot: 'Old-Bot', name: 'web_search', value: true });
    p.act({ type: 'send', text: 'x' });
    expect(lastSend(p.sent).parameters).toEqual({ web_search: true });
    p.act({ type: 'setParameter', bot: 'New-Bot', name: 'temperature', value: null });
    expect(shownParameters(p.state, 'New-Bot')).toEqual({});
  });

  it('a double-clicked Retry asks once', () => {
    const p = pageOnConversation();
    p.act({ type: 'retry', messageId: 'b1' });
    p.act({ type: 'retry', messageId: 'b1' });
    expect(p.sent.filter((command) => command.type === 'retry')).toHaveLength(1);
    const retry = p.sent.find((command) => command.type === 'retry')!;
    p.event({ type: 'done', requestId: retry.requestId, command: 'retry' });
    p.act({ type: 'retry', messageId: 'b1' });
    expect(p.sent.filter((command) => command.type === 'retry')).toHaveLength(2);
  });

  it('sending while History or Usage is open shows the chat, where the answer appears', () => {
    for (const view of ['history', 'usage'] as const) {
      const p = pageOnConversation();
      p.act({ type: 'showView', view });
      p.act({ type: 'send', text: 'from the history view' });
      expect(p.state.view).toBe('chat');
    }
  });

  it('a question the background could not send goes back to the composer with its files, and the reason shows', () => {
    const p = pageOnConversation();
    const file = { pendingId: 'p1', name: 'a.png', contentType: 'image/png', size: 3 };
    p.act({ type: 'addAttachments', attachments: [file] });
    p.act({ type: 'send', text: 'look at this' });
    expect(p.state.draft).toBe('');
    expect(p.state.attachments).toEqual([]);
    expect(lastSend(p.sent).attachments).toEqual([file]);
    p.event({ type: 'commandFailed', requestId: lastSend(p.sent).requestId, command: 'send', error: { kind: 'too_large', message: 'Too big.' } });
    expect(p.state.draft).toBe('look at this');
    expect(p.state.attachments).toEqual([file]);
    expect(p.state.notice).toEqual({ kind: 'too_large', message: 'Too big.' });
    expect(sendingHere(p.state)).toEqual([]);
  });

  it('a compare (issue 16) takes the draft with its quotes and files; refused, all of it goes back to the composer', () => {
    const p = pageOnConversation();
    const file = { pendingId: 'p1', name: 'shot.png', contentType: 'image/png', size: 3, previewUrl: 'blob:shot' };
    const quote = { id: 'q1', text: 'Lighthouses', title: 'Coasts', url: 'https://coasts.example/' };
    p.event({ type: 'handoff', handoff: { kind: 'compose', text: '', attachments: [file], quote } });
    p.act({ type: 'setDraft', text: 'Which is tallest?' });
    const quotes = p.state.quotes;
    p.act({ type: 'compare', text: 'Which is tallest?', bots: ['Echo-Bot', 'Free-Bot'] });
    const compare = p.sent.at(-1)!;
    expect(compare).toMatchObject({
      type: 'compare',
      bots: ['Echo-Bot', 'Free-Bot'],
      text: '> Lighthouses\n\n— from “Coasts” (https://coasts.example/)\n\nWhich is tallest?',
      attachments: [{ pendingId: 'p1', name: 'shot.png', contentType: 'image/png', size: 3 }],
    });
    expect(compare.type === 'compare' && 'previewUrl' in compare.attachments[0]!).toBe(false);
    expect([p.state.draft, p.state.quotes, p.state.attachments]).toEqual(['', [], []]);

    p.act({ type: 'setDraft', text: 'typed meanwhile' });
    p.event({ type: 'commandFailed', requestId: compare.requestId, command: 'compare', error: { kind: 'invalid_input', message: 'No.' } });
    expect(p.state.draft).toBe('Which is tallest?\n\ntyped meanwhile');
    expect(p.state.quotes).toEqual(quotes);
    expect(p.state.attachments).toEqual([file]);
    expect(p.state.notice).toEqual({ kind: 'invalid_input', message: 'No.' });
  });

  it('a compare that went (or is held) keeps nothing for the composer: its files belong to the columns, or to the hold', () => {
    for (const outcome of ['done', 'commandHeld'] as const) {
      const p = pageOnConversation();
      const file = { pendingId: 'p1', name: 'notes.txt', contentType: 'text/plain', size: 3 };
      p.act({ type: 'addAttachments', attachments: [file] });
      p.act({ type: 'compare', text: 'Compare', bots: ['Echo-Bot', 'Free-Bot'] });
      const { requestId } = p.sent.at(-1)!;
      p.event({ type: outcome, requestId, command: 'compare' });
      p.event({ type: 'commandFailed', requestId, command: 'compare', error: { kind: 'internal', message: 'late' } });
      expect(p.state.attachments).toEqual([]);
      expect(p.state.draft).toBe('');
    }
    // Fewer than two bots, or nothing asked: nothing goes and the draft stays.
    const p = pageOnConversation();
    p.act({ type: 'setDraft', text: 'alone' });
    expect(p.act({ type: 'compare', text: 'alone', bots: ['Echo-Bot'] })).toEqual([]);
    expect(p.state.draft).toBe('alone');
  });

  it("an answer's image used as input moves focus to the composer; a pasted file leaves focus where it is", () => {
    const p = pageOnConversation();
    const before = p.state.focusComposer;
    p.act({ type: 'addAttachments', attachments: [{ pendingId: 'p1', name: 'pasted.png', contentType: 'image/png', size: 3 }] });
    expect(p.state.focusComposer).toBe(before);
    p.act({ type: 'addAttachments', attachments: [{ pendingId: 'p2', name: 'red-square.png', contentType: 'image/png', size: 3 }], focus: true });
    expect(p.state.focusComposer).toBe(before + 1);
    expect(p.state.attachments.map((each) => each.name)).toEqual(['pasted.png', 'red-square.png']);
  });

  it('a page ask adds to the draft and its files instead of replacing them', () => {
    const p = pageOnConversation();
    p.act({ type: 'setDraft', text: 'Compare these:' });
    p.act({ type: 'addAttachments', attachments: [{ pendingId: 'p1', name: 'one.txt', contentType: 'text/plain', size: 1 }] });
    p.event({ type: 'handoff', handoff: { kind: 'compose', text: '> quoted', attachments: [{ pendingId: 'p2', name: 'two.txt', contentType: 'text/plain', size: 2 }] } });
    expect(p.state.draft).toBe('Compare these:\n\n> quoted');
    expect(p.state.attachments.map((each) => each.pendingId)).toEqual(['p1', 'p2']);
    expect(p.state.conversationId).toBe('c1');
    // With nothing written, a page ask starts a new chat.
    const fresh = pageOnConversation();
    fresh.event({ type: 'handoff', handoff: { kind: 'compose', text: '> quoted', attachments: [] } });
    expect(fresh.state.conversationId).toBeNull();
    expect(fresh.sent).toContainEqual(expect.objectContaining({ type: 'selectConversation', conversationId: null }));
  });

  it('after a background restart, a question it never stored returns to the composer; one it stored is not asked twice', () => {
    const p = pageOnConversation();
    p.act({ type: 'send', text: 'lost one' });
    const lost = lastSend(p.sent).requestId;
    p.act({ type: 'chooseBot', bot: 'New-Bot' });
    p.act({ type: 'disconnected' });
    p.event({ type: 'snapshot', account, preferences, models: [], conversations: [], moreConversations: false, conversationId: 'c1', messages: [], hasEarlier: false, held: [], spend: noSpend });
    expect(p.state.draft).toBe('lost one');
    expect(p.state.notice?.message).toMatch(/restarted/);
    expect(p.state.waiting[lost]).toBeUndefined();
    // The unconfirmed bot choice is sent again, and still shows.
    expect(p.sent.filter((command) => command.type === 'selectBot')).toHaveLength(2);
    expect(shownBot(p.state)).toBe('New-Bot');

    const q = pageOnConversation();
    q.act({ type: 'send', text: 'stored one' });
    const stored = lastSend(q.sent).requestId;
    q.act({ type: 'disconnected' });
    q.event({
      type: 'snapshot', account, preferences, models: [], conversations: [], moreConversations: false, conversationId: 'c1', hasEarlier: false, held: [], spend: noSpend,
      messages: [message({ id: 'u9', role: 'user', text: 'stored one', requestId: stored })],
    });
    expect(q.state.draft).toBe('');
    expect(sendingHere(q.state)).toEqual([]);
  });

  it('errors clear when their cause is gone: a later answer, a new key, a saved base URL', () => {
    const p = pageOnConversation();
    const fail = (requestId: string) => p.event({ type: 'commandFailed', requestId, command: 'send', error: { kind: 'network', message: 'Offline.' } });
    fail('x1');
    p.event({ type: 'message', conversationId: 'c1', message: message({ id: 'b2', status: 'complete', text: 'ok' }) });
    expect(p.state.notice).toBeUndefined();
    fail('x2');
    p.event({ type: 'account', account: { ...account, keyHint: '…wxyz' } });
    expect(p.state.notice).toBeUndefined();
    fail('x3');
    p.act({ type: 'command', command: { type: 'setBaseUrl', baseUrl: 'http://127.0.0.1:2' } });
    const save = p.sent.at(-1)!;
    p.event({ type: 'done', requestId: save.requestId, command: 'setBaseUrl' });
    expect(p.state.notice).toBeUndefined();
    expect(p.state.baseUrlResult).toEqual({ ok: true });
  });

  it('a streamed delta changes only its own message (other bubbles keep their objects and do not re-render)', () => {
    const p = pageOnConversation();
    p.event({ type: 'message', conversationId: 'c1', message: message({ id: 'b2', status: 'streaming' }) });
    const before = p.state.messages;
    p.event({ type: 'delta', conversationId: 'c1', messageId: 'b2', append: 'Hel' });
    p.event({ type: 'delta', conversationId: 'c1', messageId: 'b2', append: 'lo' });
    p.event({ type: 'delta', conversationId: 'other', messageId: 'b2', append: 'NO' });
    expect(p.state.messages.at(-1)?.text).toBe('Hello');
    expect(p.state.messages[0]).toBe(before[0]);
    expect(p.state.messages[1]).toBe(before[1]);
    expect(isAnswering(p.state)).toBe(true);
    p.event({ type: 'delta', conversationId: 'c1', messageId: 'b2', replace: 'Bye' });
    expect(p.state.messages.at(-1)?.text).toBe('Bye');
  });

  it('an auth failure offers key entry: "Enter a new key" opens Settings with the key field focused', () => {
    const p = pageOnConversation();
    p.act({ type: 'enterNewKey' });
    expect(p.state.view).toBe('settings');
    expect(p.state.focusKeyEntry).toBe(1);
  });

  it('search: a first key is asked for at once; keys typed meanwhile are asked for together when it ends; older results are ignored', () => {
    const p = pageOnConversation();
    const asked = () => p.sent.filter((command) => command.type === 'searchConversations');
    p.act({ type: 'search', query: 'v' });
    expect(asked()).toEqual([expect.objectContaining({ query: 'v' })]);
    for (const typed of ['vo', 'vol']) p.act({ type: 'search', query: typed });
    expect(asked()).toHaveLength(1);
    const conversation = { id: 'c9', title: 'Volcanoes', bot: 'A', createdAt: 1, updatedAt: 1 };
    p.event({ type: 'searchResults', query: 'v', results: [{ conversation, snippet: 'stale', highlights: [] }] });
    expect(p.state.searchResults).toBeUndefined();
    p.event({ type: 'done', command: 'searchConversations', requestId: (asked()[0] as { requestId: string }).requestId });
    // 'vo' was typed past: only what the field holds now is asked for.
    expect(asked().map((command) => (command as { query: string }).query)).toEqual(['v', 'vol']);
    p.event({ type: 'searchResults', query: 'vol', results: [{ conversation, snippet: 'Volcanoes erupt', highlights: [[0, 3]] }] });
    expect(p.state.searchResults?.map((result) => result.snippet)).toEqual(['Volcanoes erupt']);
    p.event({ type: 'done', command: 'searchConversations', requestId: (asked()[1] as { requestId: string }).requestId });
    expect(asked()).toHaveLength(2);
  });

  it('search: a failed search does not block the next one', () => {
    const p = pageOnConversation();
    const asked = () => p.sent.filter((command) => command.type === 'searchConversations') as { query: string; requestId: string }[];
    p.act({ type: 'search', query: 'lava' });
    p.act({ type: 'search', query: 'lava flow' });
    p.event({ type: 'commandFailed', command: 'searchConversations', requestId: asked()[0]!.requestId, error: { kind: 'internal', message: 'x' } });
    expect(asked().map((command) => command.query)).toEqual(['lava', 'lava flow']);
  });

  it('the conversation list loads page by page; a changed first page keeps the older pages; a delete removes its row', () => {
    const p = pageOnConversation();
    const summary = (index: number) => ({ id: `c${index}`, title: `t${index}`, bot: 'A', createdAt: index, updatedAt: index });
    p.event({ type: 'conversations', conversations: [summary(9), summary(8)], more: true });
    p.act({ type: 'loadMoreConversations' });
    p.act({ type: 'loadMoreConversations' });
    expect(p.sent.filter((command) => command.type === 'loadConversations')).toEqual([expect.objectContaining({ before: 8 })]);
    p.event({ type: 'conversationPage', before: 8, conversations: [summary(7), summary(6)], more: false });
    expect(p.state.conversations.map((each) => each.id)).toEqual(['c9', 'c8', 'c7', 'c6']);
    // Conversation 6 gets a new answer: it moves to the top of the first page; the loaded older ones stay.
    p.event({ type: 'conversations', conversations: [{ ...summary(6), updatedAt: 10 }, summary(9)], more: true });
    expect(p.state.conversations.map((each) => each.id)).toEqual(['c6', 'c9', 'c8', 'c7']);
    p.act({ type: 'command', command: { type: 'deleteConversation', conversationId: 'c7' } });
    p.event({ type: 'done', requestId: p.sent.at(-1)!.requestId, command: 'deleteConversation' });
    expect(p.state.conversations.map((each) => each.id)).toEqual(['c6', 'c9', 'c8']);
  });

  it('earlier messages of a long conversation come on demand, once, before the ones on screen', () => {
    const shown = page();
    shown.event({
      type: 'snapshot', account, preferences, models: [], conversations: [], moreConversations: false, conversationId: 'c1',
      messages: [message({ id: 'm60', seq: 60 }), message({ id: 'm61', seq: 61 })], hasEarlier: true, held: [], spend: noSpend,
    });
    shown.act({ type: 'loadEarlier' });
    shown.act({ type: 'loadEarlier' });
    expect(shown.sent.filter((command) => command.type === 'loadEarlierMessages')).toEqual([expect.objectContaining({ conversationId: 'c1', beforeSeq: 60 })]);
    shown.event({ type: 'earlierMessages', conversationId: 'other', messages: [message({ id: 'x' })], hasEarlier: false });
    shown.event({ type: 'earlierMessages', conversationId: 'c1', messages: [message({ id: 'm58', seq: 58 }), message({ id: 'm59', seq: 59 })], hasEarlier: false });
    expect(shown.state.messages.map((each) => each.id)).toEqual(['m58', 'm59', 'm60', 'm61']);
    expect(shown.state.hasEarlier).toBe(false);
    shown.act({ type: 'loadEarlier' });
    expect(shown.sent.filter((command) => command.type === 'loadEarlierMessages')).toHaveLength(1);
  });
});

describe('usage view paging', () => {
  const entry = (queryId: string, costPoints = 10) => ({ queryId, bot: 'Echo-Bot', costPoints, creationTime: 1, usageType: 'API' });

  it('asks for the first page, then older pages from the cursor; a page that does not follow on is dropped', () => {
    const p = page();
    p.act({ type: 'showView', view: 'usage' });
    expect(p.sent.at(-1)).toMatchObject({ type: 'loadUsage' });
    expect(p.sent.at(-1)).not.toHaveProperty('startingAfter');
    expect(p.state.usage).toMatchObject({ entries: [], loading: true });
    p.event({ type: 'usage', entries: [entry('a'), entry('b')], nextStartingAfter: 'b' });
    expect(p.state.usage).toMatchObject({ loading: false, nextStartingAfter: 'b' });

    p.act({ type: 'loadMoreUsage' });
    expect(p.sent.at(-1)).toMatchObject({ type: 'loadUsage', startingAfter: 'b' });
    // A second click while the page is on its way asks nothing more.
    const asked = p.sent.length;
    p.act({ type: 'loadMoreUsage' });
    expect(p.sent).toHaveLength(asked);
    // A stale page (another cursor) changes nothing.
    p.event({ type: 'usage', startingAfter: 'zzz', entries: [entry('x')] });
    expect(p.state.usage?.entries.map((each) => each.queryId)).toEqual(['a', 'b']);
    p.event({ type: 'usage', startingAfter: 'b', entries: [entry('b'), entry('c', -10)] });
    expect(p.state.usage?.entries.map((each) => each.queryId)).toEqual(['a', 'b', 'c']);
    expect(p.state.usage?.nextStartingAfter).toBeUndefined();
    // The end of the history: nothing more to ask.
    p.act({ type: 'loadMoreUsage' });
    expect(p.sent).toHaveLength(asked);
  });

  it('"Load all" keeps loading while pages keep coming; a failed page keeps its cursor for "Try again"', () => {
    const p = page();
    p.act({ type: 'showView', view: 'usage' });
    p.event({ type: 'usage', entries: [entry('a')], nextStartingAfter: 'a' });
    p.act({ type: 'loadMoreUsage', all: true });
    expect(p.sent.at(-1)).toMatchObject({ type: 'loadUsage', startingAfter: 'a', all: true });
    p.event({ type: 'usage', startingAfter: 'a', entries: [entry('b')], nextStartingAfter: 'b', continuing: true });
    expect(p.state.usage).toMatchObject({ loading: true, loadingAll: true, nextStartingAfter: 'b' });
    p.event({ type: 'usage', startingAfter: 'b', entries: [], error: { kind: 'network', message: 'Poe could not be reached.' } });
    expect(p.state.usage).toMatchObject({ loading: false, nextStartingAfter: 'b', error: { kind: 'network' } });
    expect(p.state.usage?.entries).toHaveLength(2);
    p.act({ type: 'loadMoreUsage' });
    expect(p.sent.at(-1)).toMatchObject({ type: 'loadUsage', startingAfter: 'b' });
    expect(p.state.usage?.error).toBeUndefined();
  });

  it('a first page that failed is asked for again from the start', () => {
    const p = page();
    p.act({ type: 'showView', view: 'usage' });
    p.event({ type: 'usage', entries: [], error: { kind: 'network', message: 'Poe could not be reached.' } });
    p.act({ type: 'loadMoreUsage' });
    expect(p.sent.at(-1)).toMatchObject({ type: 'loadUsage' });
    expect(p.sent.at(-1)).not.toHaveProperty('startingAfter');
  });
});
