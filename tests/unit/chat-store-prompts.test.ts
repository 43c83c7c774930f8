// @vitest-environment happy-dom
/** Issue 16 in the page store: filling a saved prompt through the background, and a draft per conversation. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackgroundEvent, UiCommand } from '@/lib/messaging/contracts';

/** The page's port to the background, faked: the test posts background events into it and reads what the page sent. */
const port = vi.hoisted(() => {
  const listeners: ((raw: unknown) => void)[] = [];
  const sent: unknown[] = [];
  return { listeners, sent, emit: (event: unknown) => listeners.forEach((listen) => listen(event)) };
});

vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      connect: () => ({
        onMessage: { addListener: (listen: (raw: unknown) => void) => port.listeners.push(listen) },
        onDisconnect: { addListener: () => undefined },
        postMessage: (command: unknown) => port.sent.push(command),
      }),
    },
  },
}));

const { createChatStore } = await import('@/components/chat-store');

function openStore() {
  const store = createChatStore('sidepanel');
  store.start();
  const snapshot: BackgroundEvent = {
    type: 'snapshot',
    account: { hasKey: true, keyHint: '…cdef', balance: 1000, baseUrl: 'https://api.poe.com', hostAccess: true },
    preferences: { selectedBot: 'Claude-Sonnet-4', botParameters: {}, recentBots: [], promptActions: [], guard: { dailyBudget: null, answerCeiling: null, allowedBots: [], suggestion: 'dismissed' }, pageBubble: { enabled: false, blockedSites: [], suggestion: 'waiting' }, translation: { into: null, lastUsed: null } },
    models: [],
    conversations: [],
    moreConversations: false,
    conversationId: 'c1',
    messages: [],
    hasEarlier: false,
    held: [],
    spend: { dailyBudget: null, answerCeiling: null, level: 'ok' },
  };
  port.emit(snapshot);
  return store;
}

const lastSent = () => port.sent.at(-1) as UiCommand;

describe('filling a saved prompt', () => {
  beforeEach(() => {
    port.listeners.length = 0;
    port.sent.length = 0;
    localStorage.clear();
  });

  it('asks the background with the prompt id and resolves with the answer to that request only', async () => {
    const store = openStore();
    const answer = store.fillPrompt('default-summarize');
    const command = lastSent();
    expect(command).toMatchObject({ type: 'fillPrompt', promptId: 'default-summarize' });
    port.emit({ type: 'promptFilled', requestId: 'someone-else', result: { ok: true, text: 'not ours' } });
    port.emit({ type: 'promptFilled', requestId: command.requestId, result: { ok: true, text: 'Summarize: the Rhine' } });
    await expect(answer).resolves.toEqual({ ok: true, text: 'Summarize: the Rhine' });
    // The draft is the composer's to change: the store's answer alone changes nothing on screen.
    expect(store.draft.value).toBe('');
  });

  it('a refused command answers the prompt, not the page-wide notice', async () => {
    const store = openStore();
    const answer = store.fillPrompt('p');
    const error = { kind: 'page' as const, message: 'This copy of Poe Toolbar cannot read tabs.' };
    port.emit({ type: 'commandFailed', requestId: lastSent().requestId, command: 'fillPrompt', error });
    await expect(answer).resolves.toEqual({ ok: false, error });
    expect(store.notice.value).toBeUndefined();
  });
});

describe('a draft per conversation', () => {
  beforeEach(() => {
    port.listeners.length = 0;
    port.sent.length = 0;
    localStorage.clear();
  });

  it('switching conversations keeps each one’s text; a new chat has its own', () => {
    const store = openStore();
    store.setDraft('for c1');
    store.openConversation('c2');
    expect(store.draft.value).toBe('');
    store.setDraft('for c2');
    store.openConversation('c1');
    expect(store.draft.value).toBe('for c1');
    store.newChat();
    expect(store.draft.value).toBe('');
    store.setDraft('fresh');
    store.openConversation('c2');
    expect(store.draft.value).toBe('for c2');
    store.newChat();
    expect(store.draft.value).toBe('fresh');
    // Opening the conversation on screen again changes nothing.
    store.setDraft('fresh, longer');
    store.newChat();
    expect(store.draft.value).toBe('fresh, longer');
  });
});
