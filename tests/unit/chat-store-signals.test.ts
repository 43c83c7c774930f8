// @vitest-environment happy-dom
/**
 * What a streamed delta wakes in a page: only the text of the message it belongs to. The message's other fields,
 * the list, the pending sends and the retry and parameter state keep their identity, so their components do not
 * re-render for every chunk of an answer.
 */
import { effect } from '@preact/signals';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackgroundEvent, ChatMessage } from '@/lib/messaging/contracts';

/** The page's port to the background, faked: the test posts background events into it. */
const port = vi.hoisted(() => {
  const listeners: ((raw: unknown) => void)[] = [];
  return {
    listeners,
    emit: (event: unknown) => listeners.forEach((listen) => listen(event)),
  };
});

vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      connect: () => ({
        onMessage: { addListener: (listen: (raw: unknown) => void) => port.listeners.push(listen) },
        onDisconnect: { addListener: () => undefined },
        postMessage: () => undefined,
      }),
    },
  },
}));

const { createChatStore, shallowEqual } = await import('@/components/chat-store');

const message = (fields: Partial<ChatMessage> & { id: string; seq: number }): ChatMessage => ({
  role: 'bot',
  bot: 'Claude-Sonnet-4',
  text: '',
  status: 'complete',
  createdAt: 1,
  ...fields,
});

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
    messages: [message({ id: 'u1', seq: 1, role: 'user', text: 'Question?' }), message({ id: 'b1', seq: 2, text: 'An', status: 'streaming' })],
    hasEarlier: false,
    held: [],
    spend: { dailyBudget: null, answerCeiling: null, level: 'ok' },
  };
  port.emit(snapshot);
  return store;
}

/** How many times each signal woke its readers after the first read. */
function wakes(signals: Record<string, { value: unknown }>) {
  const counts: Record<string, number> = {};
  for (const [name, signal] of Object.entries(signals)) {
    counts[name] = -1;
    effect(() => {
      void signal.value;
      counts[name]!++;
    });
  }
  return counts;
}

describe('a streamed delta', () => {
  beforeEach(() => {
    port.listeners.length = 0;
    localStorage.clear();
  });

  it('changes the text of its message and nothing else a component reads', () => {
    const store = openStore();
    const [question, answer] = store.messages.value;
    expect(answer!.text.value).toBe('An');
    const retrying = { value: undefined as unknown };
    Object.defineProperty(retrying, 'value', { get: () => store.isRetrying('b1') });
    const parameters = { value: undefined as unknown };
    Object.defineProperty(parameters, 'value', { get: () => store.parametersFor('Claude-Sonnet-4') });
    const counts = wakes({
      list: store.messages,
      sending: store.sending,
      answerInfo: answer!.info,
      answerText: answer!.text,
      questionInfo: question!.info,
      questionText: question!.text,
      isAnswering: store.isAnswering,
      retrying,
      parameters,
    });
    for (const chunk of ['swer ', 'in ', 'parts.']) port.emit({ type: 'delta', conversationId: 'c1', messageId: 'b1', append: chunk });
    expect(answer!.text.value).toBe('Answer in parts.');
    expect(counts).toEqual({ list: 0, sending: 0, answerInfo: 0, answerText: 3, questionInfo: 0, questionText: 0, isAnswering: 0, retrying: 0, parameters: 0 });
  });

  it('still lets a change of status through to the message', () => {
    const store = openStore();
    const answer = store.messages.value[1]!;
    const counts = wakes({ answerInfo: answer.info, answerText: answer.text });
    port.emit({ type: 'message', conversationId: 'c1', message: message({ id: 'b1', seq: 2, text: 'Answer.', status: 'complete' }) });
    expect(answer.info.value.status).toBe('complete');
    expect(answer.text.value).toBe('Answer.');
    expect(counts).toEqual({ answerInfo: 1, answerText: 1 });
  });
});

describe('shallowEqual', () => {
  it('compares arrays and plain objects one level deep', () => {
    const shared = { a: 1 };
    expect(shallowEqual([shared, 2], [shared, 2])).toBe(true);
    expect(shallowEqual([{ a: 1 }], [{ a: 1 }])).toBe(false);
    expect(shallowEqual({ x: shared, y: 'z' }, { y: 'z', x: shared })).toBe(true);
    expect(shallowEqual({ x: 1 }, { x: 1, y: undefined })).toBe(false);
    expect(shallowEqual([1], { 0: 1 })).toBe(false);
  });
});
