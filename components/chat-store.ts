import { batch, computed, signal, type Signal } from '@preact/signals';
import type { AccountState, BackgroundEvent, ChatMessage, ErrorInfo, ModelSummary, UiCommand } from '@/lib/messaging/contracts';
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

/** The state every page shows, fed by the background's snapshot and events. */
export function createChatStore() {
  const connected = signal(false);
  const account = signal<AccountState | undefined>(undefined);
  const models = signal<ModelSummary[]>([]);
  const modelsError = signal<ErrorInfo | undefined>(undefined);
  const messages = signal<MessageView[]>([]);
  const keyResult = signal<{ pending: boolean; error?: ErrorInfo }>({ pending: false });
  const settingsResult = signal<{ pending: boolean; error?: ErrorInfo; saved?: boolean }>({ pending: false });
  const isAnswering = computed(() =>
    messages.value.some((m) => ['pending', 'streaming', 'retrying'].includes(m.info.value.status)),
  );

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
          connected.value = true;
          account.value = event.account;
          if (event.models.length > 0) models.value = event.models;
          messages.value = event.messages.map(toView);
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
      case 'message':
        upsert(event.message);
        return;
      case 'delta': {
        const view = messages.value.find((m) => m.id === event.messageId);
        if (!view) return;
        if (event.replace !== undefined) view.text.value = event.replace;
        if (event.append !== undefined) view.text.value += event.append;
        return;
      }
      case 'cleared':
        messages.value = [];
        return;
    }
  }

  const connection = new BackgroundConnection(onEvent);
  const send = (command: UiCommand) => connection.send(command);

  return {
    connected,
    account,
    models,
    modelsError,
    messages,
    keyResult,
    settingsResult,
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
  };
}

export type ChatStore = ReturnType<typeof createChatStore>;
