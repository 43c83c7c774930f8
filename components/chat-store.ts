import { batch, computed, signal, type Signal } from '@preact/signals';
import type {
  AccountState,
  BackgroundEvent,
  ChatMessage,
  ConversationSummary,
  ErrorInfo,
  ModelSummary,
  UiCommand,
} from '@/lib/messaging/contracts';
import { BackgroundConnection } from './connection';

/** A message as the UI holds it: its text in a signal of its own so a streamed delta re-renders one bubble only. */
export interface MessageView {
  id: string;
  info: Signal<ChatMessage>;
  text: Signal<string>;
}

function toView(message: ChatMessage): MessageView {
  return { id: message.id, info: signal(message), text: signal(message.text) };
}

/** Not secret: which conversation the pages showed last, so a reopened panel or popup shows it again. */
const LAST_CONVERSATION_KEY = 'poe-toolbar:last-conversation';

function rememberConversation(conversationId: string | null): void {
  if (conversationId) localStorage.setItem(LAST_CONVERSATION_KEY, conversationId);
  else localStorage.removeItem(LAST_CONVERSATION_KEY);
}

/** The state a page shows, fed by the background's snapshot and events. */
export function createChatStore() {
  const account = signal<AccountState | undefined>(undefined);
  const models = signal<ModelSummary[]>([]);
  const modelsError = signal<ErrorInfo | undefined>(undefined);
  const conversations = signal<ConversationSummary[]>([]);
  const conversationId = signal<string | null>(localStorage.getItem(LAST_CONVERSATION_KEY));
  const messages = signal<MessageView[]>([]);
  const keyResult = signal<{ pending: boolean; error?: ErrorInfo }>({ pending: false });
  const settingsResult = signal<{ pending: boolean; error?: ErrorInfo; saved?: boolean }>({ pending: false });
  const lastError = signal<ErrorInfo | undefined>(undefined);
  const isAnswering = computed(() =>
    messages.value.some((m) => ['pending', 'streaming', 'retrying'].includes(m.info.value.status)),
  );

  function showConversation(id: string | null, list: ChatMessage[]): void {
    batch(() => {
      conversationId.value = id;
      messages.value = list.map(toView);
    });
    rememberConversation(id);
  }

  function upsert(message: ChatMessage): void {
    const existing = messages.value.find((view) => view.id === message.id);
    if (existing) {
      batch(() => {
        existing.info.value = message;
        existing.text.value = message.text;
      });
    } else {
      messages.value = [...messages.value, toView(message)];
    }
  }

  function onEvent(event: BackgroundEvent): void {
    switch (event.type) {
      case 'snapshot':
        batch(() => {
          account.value = event.account;
          if (event.models.length > 0) models.value = event.models;
          conversations.value = event.conversations;
          showConversation(event.conversationId, event.messages);
        });
        if (event.models.length === 0) connection.send({ type: 'refreshModels' });
        if (event.account.hasKey) connection.send({ type: 'refreshBalance' });
        return;
      case 'account':
        account.value = event.account;
        return;
      case 'models':
        batch(() => {
          models.value = event.models;
          modelsError.value = event.error;
        });
        return;
      case 'keyResult':
        keyResult.value = { pending: false, ...(event.error ? { error: event.error } : {}) };
        return;
      case 'settingsResult':
        settingsResult.value = { pending: false, saved: event.ok, ...(event.error ? { error: event.error } : {}) };
        if (event.ok) connection.send({ type: 'refreshModels' });
        return;
      case 'conversations':
        conversations.value = event.conversations;
        return;
      case 'conversation':
        showConversation(event.conversationId, event.messages);
        return;
      case 'message':
        if (event.conversationId === conversationId.value) upsert(event.message);
        return;
      case 'delta': {
        if (event.conversationId !== conversationId.value) return;
        const view = messages.value.find((m) => m.id === event.messageId);
        if (!view) return;
        if (event.replace !== undefined) view.text.value = event.replace;
        if (event.append !== undefined) view.text.value += event.append;
        return;
      }
      case 'messagesRemoved':
        if (event.conversationId !== conversationId.value) return;
        messages.value = messages.value.filter((view) => !event.messageIds.includes(view.id));
        return;
      case 'commandFailed':
        lastError.value = event.error;
        return;
    }
  }

  const connection = new BackgroundConnection(onEvent, () => ({ type: 'hello', conversationId: conversationId.value }));
  const send = (command: UiCommand) => connection.send(command);

  return {
    account,
    models,
    modelsError,
    conversations,
    conversationId,
    messages,
    keyResult,
    settingsResult,
    lastError,
    isAnswering,
    start: () => connection.connect(),
    send,
    submitKey(key: string) {
      keyResult.value = { pending: true };
      send({ type: 'setKey', key });
    },
    saveBaseUrl(baseUrl: string) {
      settingsResult.value = { pending: true };
      send({ type: 'setBaseUrl', baseUrl });
    },
    /** A new user turn in the conversation on screen (or a new conversation). */
    ask(bot: string, text: string) {
      send({ type: 'send', bot, text, ...(conversationId.value ? { conversationId: conversationId.value } : {}) });
    },
    stop() {
      if (conversationId.value) send({ type: 'stop', conversationId: conversationId.value });
    },
    editAndResend(messageId: string, text: string) {
      if (conversationId.value) send({ type: 'editAndResend', conversationId: conversationId.value, messageId, text });
    },
    retry(messageId: string) {
      if (conversationId.value) send({ type: 'retry', conversationId: conversationId.value, messageId });
    },
  };
}

export type ChatStore = ReturnType<typeof createChatStore>;
