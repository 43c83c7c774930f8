import { batch, computed, signal, type Signal } from '@preact/signals';
import type {
  AccountState,
  BackgroundEvent,
  ChatMessage,
  ConversationSummary,
  ErrorInfo,
  Handoff,
  ModelSummary,
  PendingAttachment,
  UiCommand,
  UsageEntry,
} from '@/lib/messaging/contracts';
import { isInProgress } from '@/lib/messaging/contracts';
import { botParametersSetting, recentBotsSetting } from '@/lib/storage/settings';
import { deletePendingUpload, getPendingUpload, putPendingUpload } from '@/lib/storage/pending-uploads';
import { MAX_UPLOAD_BYTES } from '@/lib/chat/limits';
import { BackgroundConnection } from './connection';

export type ParameterValue = string | number | boolean;

/** A file in the composer, already parked in the pending-uploads store. */
export interface DraftAttachment extends PendingAttachment {
  /** Object URL for an image thumbnail (revoked when removed). */
  previewUrl?: string;
}

const MAX_ATTACHMENTS = 10;
const RECENT_BOTS_KEPT = 8;

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
/** Not secret: the unsent message, so closing the popup loses nothing. */
const DRAFT_KEY = 'poe-toolbar:draft';

function rememberConversation(conversationId: string | null): void {
  if (conversationId) localStorage.setItem(LAST_CONVERSATION_KEY, conversationId);
  else localStorage.removeItem(LAST_CONVERSATION_KEY);
}

/** The state a page shows, fed by the background's snapshot and events. */
export function createChatStore(surface: 'sidepanel' | 'popup' | 'options') {
  const account = signal<AccountState | undefined>(undefined);
  const models = signal<ModelSummary[]>([]);
  const modelsError = signal<ErrorInfo | undefined>(undefined);
  const conversations = signal<ConversationSummary[]>([]);
  const conversationId = signal<string | null>(localStorage.getItem(LAST_CONVERSATION_KEY));
  const messages = signal<MessageView[]>([]);
  const keyResult = signal<{ pending: boolean; error?: ErrorInfo }>({ pending: false });
  const settingsResult = signal<{ pending: boolean; error?: ErrorInfo; saved?: boolean }>({ pending: false });
  const lastError = signal<ErrorInfo | undefined>(undefined);
  const draft = signal(localStorage.getItem(DRAFT_KEY) ?? '');
  const attachments = signal<DraftAttachment[]>([]);
  const attachmentError = signal<string | undefined>(undefined);
  const botParameters = signal<Record<string, Record<string, ParameterValue>>>({});
  const recentBots = signal<string[]>([]);
  const searchQuery = signal('');
  const searchResults = signal<ConversationSummary[] | undefined>(undefined);
  /** Files being uploaded for the message just sent (until it appears or fails). */
  const uploading = signal<string[]>([]);
  /** Bumped when something (a handoff from a web page) wants the composer focused. */
  const focusRequest = signal(0);
  const usage = signal<{ entries: UsageEntry[]; error?: ErrorInfo } | undefined>(undefined);
  let refreshedOnOpen = false;
  /** What was last sent, restored into the composer if the background could not send it. */
  let lastSent: { text: string; attachments: DraftAttachment[] } | undefined;
  const isAnswering = computed(() =>
    messages.value.some((m) => isInProgress(m.info.value.status)),
  );

  /**
   * `remember`: whether this is the page's own choice (select, new chat, send) that other pages should reopen on. A
   * snapshot after a reconnect only restores what this page showed, and must not overwrite another page's choice.
   */
  function showConversation(id: string | null, list: ChatMessage[], remember: boolean): void {
    batch(() => {
      conversationId.value = id;
      messages.value = list.map(toView);
    });
    if (remember) rememberConversation(id);
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
          showConversation(event.conversationId, event.messages, false);
        });
        // Once per page, not on every reconnect (a suspended background wakes for each): the cached model list shows
        // at once and a fresh one follows; the balance is refreshed when the page opens.
        if (!refreshedOnOpen) {
          refreshedOnOpen = true;
          connection.send({ type: 'refreshModels' });
          if (event.account.hasKey) connection.send({ type: 'refreshBalance' });
        }
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
        showConversation(event.conversationId, event.messages, true);
        return;
      case 'message':
        if (event.message.role === 'user') uploading.value = [];
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
        if (event.command === 'send') uploading.value = [];
        if (event.command === 'send' && lastSent) {
          // Nothing was sent: give the user their message and files back.
          draft.value = lastSent.text;
          attachments.value = lastSent.attachments;
          lastSent = undefined;
        }
        return;
      case 'handoff':
        void applyHandoff(event.handoff);
        return;
      case 'searchResults':
        if (event.query === searchQuery.value) searchResults.value = event.conversations;
        return;
      case 'usage':
        usage.value = { entries: event.entries, ...(event.error ? { error: event.error } : {}) };
        return;
    }
  }

  const connection = new BackgroundConnection(onEvent, () => ({ type: 'hello', conversationId: conversationId.value, surface }));
  const send = (command: UiCommand) => connection.send(command);

  async function loadSettings(): Promise<void> {
    botParameters.value = await botParametersSetting.getValue();
    recentBots.value = await recentBotsSetting.getValue();
    botParametersSetting.watch((value) => (botParameters.value = value ?? {}));
    recentBotsSetting.watch((value) => (recentBots.value = value ?? []));
  }

  /** A request from a web page: a new chat with a prepared draft and files, or a conversation already sent. */
  async function applyHandoff(handoff: Handoff): Promise<void> {
    if (handoff.kind === 'error') {
      lastError.value = { kind: 'page', message: handoff.message };
      return;
    }
    if (handoff.kind === 'open') {
      send({ type: 'selectConversation', conversationId: handoff.conversationId });
      return;
    }
    send({ type: 'selectConversation', conversationId: null });
    setDraft(handoff.text);
    attachments.value = await Promise.all(
      handoff.attachments.map(async (attachment): Promise<DraftAttachment> => {
        const stored = attachment.contentType.startsWith('image/') ? await getPendingUpload(attachment.pendingId) : undefined;
        return stored && 'blob' in stored ? { ...attachment, previewUrl: URL.createObjectURL(stored.blob) } : attachment;
      }),
    );
    focusRequest.value += 1;
  }

  function setDraft(text: string): void {
    draft.value = text;
    if (text) localStorage.setItem(DRAFT_KEY, text);
    else localStorage.removeItem(DRAFT_KEY);
  }

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
    draft,
    uploading,
    focusRequest,
    attachments,
    attachmentError,
    botParameters,
    recentBots,
    searchQuery,
    searchResults,
    usage,
    start: () => {
      void loadSettings();
      connection.connect();
    },
    send,
    setDraft,
    /** Parks files in the pending-uploads store and shows them as chips; refuses what cannot be sent. */
    async addFiles(files: readonly File[]) {
      attachmentError.value = undefined;
      for (const file of files) {
        if (attachments.value.length >= MAX_ATTACHMENTS) {
          attachmentError.value = `At most ${MAX_ATTACHMENTS} files per message.`;
          return;
        }
        if (file.size > MAX_UPLOAD_BYTES) {
          attachmentError.value = `“${file.name}” is ${(file.size / 1024 / 1024).toFixed(1)} MB; files can be at most 25 MB.`;
          continue;
        }
        const name = file.name || `pasted-${Date.now()}.${file.type.split('/')[1] ?? 'bin'}`;
        const pendingId = await putPendingUpload(file, name);
        attachments.value = [
          ...attachments.value,
          {
            pendingId,
            name,
            contentType: file.type || 'application/octet-stream',
            size: file.size,
            ...(file.type.startsWith('image/') ? { previewUrl: URL.createObjectURL(file) } : {}),
          },
        ];
      }
    },
    removeAttachment(pendingId: string) {
      const removed = attachments.value.find((item) => item.pendingId === pendingId);
      if (removed?.previewUrl) URL.revokeObjectURL(removed.previewUrl);
      attachments.value = attachments.value.filter((item) => item.pendingId !== pendingId);
      void deletePendingUpload(pendingId);
    },
    /** Parameter values chosen for a bot (only those the user changed from the defaults). */
    parametersFor(bot: string): Record<string, ParameterValue> {
      return botParameters.value[bot] ?? {};
    },
    async setParameter(bot: string, name: string, value: ParameterValue | undefined) {
      const all = { ...(await botParametersSetting.getValue()) };
      const values = { ...(all[bot] ?? {}) };
      if (value === undefined) delete values[name];
      else values[name] = value;
      all[bot] = values;
      await botParametersSetting.setValue(all);
    },
    search(query: string) {
      searchQuery.value = query;
      if (!query.trim()) searchResults.value = undefined;
      else send({ type: 'searchConversations', query });
    },
    loadUsage() {
      send({ type: 'loadUsage' });
    },
    submitKey(key: string) {
      keyResult.value = { pending: true };
      send({ type: 'setKey', key });
    },
    saveBaseUrl(baseUrl: string) {
      settingsResult.value = { pending: true };
      send({ type: 'setBaseUrl', baseUrl });
    },
    /** A new user turn in the conversation on screen (or a new conversation), with the bot's chosen parameters. */
    ask(bot: string, text: string) {
      const files = attachments.value;
      const chosen = botParameters.value[bot] ?? {};
      lastSent = { text, attachments: files };
      send({
        type: 'send',
        bot,
        text,
        ...(conversationId.value ? { conversationId: conversationId.value } : {}),
        ...(Object.keys(chosen).length > 0 ? { parameters: chosen } : {}),
        ...(files.length > 0 ? { attachments: files.map(({ previewUrl: _preview, ...pending }) => pending) } : {}),
      });
      uploading.value = files.map((file) => file.name);
      attachments.value = [];
      setDraft('');
      lastError.value = undefined;
      const recents = [bot, ...recentBots.value.filter((name) => name !== bot)].slice(0, RECENT_BOTS_KEPT);
      recentBots.value = recents;
      void recentBotsSetting.setValue(recents);
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
