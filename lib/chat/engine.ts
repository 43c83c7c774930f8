import { PoeError, streamBotResponse, type PointsHistoryEntry } from '@/lib/poe';
import { isInProgress, type BackgroundEvent, type ChatMessage, type ConversationSummary, type PendingAttachment, type UsageEntry } from '@/lib/messaging/contracts';
import type { ChatRepository, StoredAttachment, StoredMessage } from '@/lib/storage/chat-db';
import { buildQuery, titleFrom } from './query';
import { AnswerRun } from './run';

/** A connected page (side panel, popup) and the conversation it shows. */
export interface UiClient {
  conversationId: string | null;
  post(event: BackgroundEvent): void;
}

export interface EngineDeps {
  repository: ChatRepository;
  readApiKey(): Promise<string | undefined>;
  readBaseUrl(): Promise<string>;
  /** Called when a run starts and ends, so the background keeps itself alive meanwhile. */
  onRunningChange?(running: boolean): void;
  /** Uploads a draft's files; throws a PoeError with a human message when it cannot. */
  uploadAttachments?(pending: readonly PendingAttachment[]): Promise<StoredAttachment[]>;
  /** Called after an answer ends (e.g. to refresh the balance and find what it cost). */
  onAnswerSettled?(answer: StoredMessage): void;
  stream?: typeof streamBotResponse;
  newId?: () => string;
  now?: () => number;
}

export type TurnParameters = Record<string, string | number | boolean>;


/**
 * The background's chat engine: owns every conversation and every running answer, persists them, and tells every
 * connected page what changed (a snapshot on connect, then deltas). Pages only send commands.
 */
export class ChatEngine {
  private readonly clients = new Set<UiClient>();
  /** Running answers by conversation: at most one per conversation. */
  private readonly runs = new Map<string, AnswerRun>();
  private readonly stream: typeof streamBotResponse;
  private readonly newId: () => string;
  private readonly now: () => number;
  private readonly repo: ChatRepository;
  readonly ready: Promise<void>;

  constructor(private readonly deps: EngineDeps) {
    this.repo = deps.repository;
    this.stream = deps.stream ?? streamBotResponse;
    this.newId = deps.newId ?? (() => crypto.randomUUID());
    this.now = deps.now ?? Date.now;
    this.ready = this.recoverUnfinished();
  }

  /**
   * A previous background was stopped mid-answer (Chrome killed the worker, Firefox suspended the event page, the
   * browser quit): its answers can never finish, so they are marked interrupted with the text saved so far.
   */
  private async recoverUnfinished(): Promise<void> {
    for (const message of await this.repo.unfinishedMessages()) {
      if (this.runs.has(message.conversationId)) continue;
      message.status = 'interrupted';
      message.error = {
        kind: 'interrupted',
        message: 'The answer was cut off when the browser stopped the extension in the background. Retry to ask again.',
      };
      await this.repo.putMessage(message);
    }
  }

  connect(client: UiClient): () => void {
    this.clients.add(client);
    return () => this.clients.delete(client);
  }

  toView(message: StoredMessage): ChatMessage {
    const { conversationId: _conversation, seq: _seq, metadata: _metadata, pointsQueryId: _query, ...view } = message;
    const retryAt = this.runs.get(message.conversationId)?.message.id === message.id ? this.runs.get(message.conversationId)?.retryAt : undefined;
    return { ...view, ...(retryAt !== undefined ? { retryAt } : {}) };
  }

  async conversations(): Promise<ConversationSummary[]> {
    return this.repo.listConversations();
  }

  /** The messages of a conversation, with running answers taken from memory (fresher than the database). */
  async messages(conversationId: string | null): Promise<ChatMessage[]> {
    if (!conversationId) return [];
    const stored = await this.repo.listMessages(conversationId);
    const running = this.runs.get(conversationId)?.message;
    return stored.map((message) => this.toView(running?.id === message.id ? running : message));
  }

  async select(client: UiClient, conversationId: string | null): Promise<void> {
    const exists = conversationId ? await this.repo.getConversation(conversationId) : undefined;
    client.conversationId = exists ? conversationId : null;
    client.post({ type: 'conversation', conversationId: client.conversationId, messages: await this.messages(client.conversationId) });
  }

  private toConversation(conversationId: string, event: BackgroundEvent): void {
    for (const client of this.clients) if (client.conversationId === conversationId) client.post(event);
  }

  private async broadcastConversations(): Promise<void> {
    const conversations = await this.repo.listConversations();
    for (const client of this.clients) client.post({ type: 'conversations', conversations });
  }

  private nextSeq(history: StoredMessage[]): number {
    return (history.at(-1)?.seq ?? -1) + 1;
  }

  /** A new user turn. Without a conversation id it starts a conversation and shows it in the sending page. */
  async send(
    client: UiClient,
    turn: { conversationId?: string; bot: string; text: string; parameters?: TurnParameters; attachments?: PendingAttachment[] },
  ): Promise<void> {
    // Files go up first: if an upload fails nothing is sent, and the page still has its draft.
    const attachments =
      turn.attachments && turn.attachments.length > 0 && this.deps.uploadAttachments
        ? await this.deps.uploadAttachments(turn.attachments)
        : [];
    let conversation = turn.conversationId ? await this.repo.getConversation(turn.conversationId) : undefined;
    const now = this.now();
    if (!conversation) {
      conversation = { id: this.newId(), title: titleFrom(turn.text), bot: turn.bot, createdAt: now, updatedAt: now };
      await this.repo.putConversation(conversation);
      client.conversationId = conversation.id;
      client.post({ type: 'conversation', conversationId: conversation.id, messages: [] });
    }
    this.stop(conversation.id);
    const history = await this.repo.listMessages(conversation.id);
    const user: StoredMessage = {
      id: this.newId(),
      conversationId: conversation.id,
      seq: this.nextSeq(history),
      role: 'user',
      bot: turn.bot,
      text: turn.text,
      status: 'complete',
      createdAt: now,
      ...(turn.parameters && Object.keys(turn.parameters).length > 0 ? { parameters: turn.parameters } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
    };
    await this.repo.putMessage(user);
    this.toConversation(conversation.id, { type: 'message', conversationId: conversation.id, message: this.toView(user) });
    await this.answer(conversation.id, turn.bot, [...history, user]);
  }

  /**
   * Starts a conversation with one message and no page watching (a quick action from a web page). Resolves with the
   * conversation's id as soon as it exists; the answer goes on streaming for whichever page opens it.
   */
  startConversation(turn: { bot: string; text: string; parameters?: TurnParameters }): Promise<string> {
    return new Promise((resolve, reject) => {
      const detached: UiClient = {
        conversationId: null,
        post: (event) => {
          if (event.type === 'conversation' && event.conversationId) resolve(event.conversationId);
        },
      };
      this.send(detached, turn).catch(reject);
    });
  }

  /** Re-asks the turn a bot message answered, replacing that answer (and anything after it). */
  async retry(conversationId: string, messageId: string): Promise<void> {
    const history = await this.repo.listMessages(conversationId);
    const index = history.findIndex((message) => message.id === messageId && message.role === 'bot');
    if (index < 0) return;
    this.stop(conversationId);
    const bot = history[index]!.bot;
    await this.truncate(conversationId, history, index);
    await this.answer(conversationId, bot, history.slice(0, index));
  }

  /** Changes a user message and asks again from there; everything after it is dropped. */
  async editAndResend(conversationId: string, messageId: string, text: string): Promise<void> {
    const history = await this.repo.listMessages(conversationId);
    const index = history.findIndex((message) => message.id === messageId && message.role === 'user');
    if (index < 0) return;
    this.stop(conversationId);
    const edited = { ...history[index]!, text };
    await this.repo.putMessage(edited);
    await this.truncate(conversationId, history, index + 1);
    this.toConversation(conversationId, { type: 'message', conversationId, message: this.toView(edited) });
    await this.answer(conversationId, edited.bot, [...history.slice(0, index), edited]);
  }

  private async truncate(conversationId: string, history: StoredMessage[], from: number): Promise<void> {
    const removed = history.slice(from).map((message) => message.id);
    if (removed.length === 0) return;
    await this.repo.deleteMessages(removed);
    this.toConversation(conversationId, { type: 'messagesRemoved', conversationId, messageIds: removed });
  }

  /** Records what an answer cost once Poe's points history shows it. */
  async recordPointsCost(conversationId: string, messageId: string, entry: { costPoints: number; queryId: string }): Promise<void> {
    const message = (await this.repo.listMessages(conversationId)).find((each) => each.id === messageId);
    if (!message || this.runs.get(conversationId)?.message.id === messageId) return;
    message.pointsCost = entry.costPoints;
    message.pointsQueryId = entry.queryId;
    await this.repo.putMessage(message);
    this.toConversation(conversationId, { type: 'message', conversationId, message: this.toView(message) });
  }

  search(query: string): Promise<ConversationSummary[]> {
    return this.repo.searchConversations(query);
  }

  /** Points-history entries with the conversation each one paid for, where we matched it. */
  async describeUsage(entries: readonly PointsHistoryEntry[]): Promise<UsageEntry[]> {
    return Promise.all(
      entries.map(async (entry) => {
        const message = await this.repo.messageForPointsQuery(entry.queryId);
        const conversation = message ? await this.repo.getConversation(message.conversationId) : undefined;
        return {
          queryId: entry.queryId,
          bot: entry.botName,
          costPoints: entry.costPoints,
          creationTime: entry.creationTime,
          usageType: entry.usageType,
          ...(conversation ? { conversationId: conversation.id, conversationTitle: conversation.title } : {}),
        };
      }),
    );
  }

  stop(conversationId: string): void {
    this.runs.get(conversationId)?.controller.abort();
  }

  async rename(conversationId: string, title: string): Promise<void> {
    const conversation = await this.repo.getConversation(conversationId);
    if (!conversation) return;
    await this.repo.putConversation({ ...conversation, title });
    await this.broadcastConversations();
  }

  async delete(conversationId: string): Promise<void> {
    this.stop(conversationId);
    await this.repo.deleteConversation(conversationId);
    for (const client of this.clients) {
      if (client.conversationId === conversationId) {
        client.conversationId = null;
        client.post({ type: 'conversation', conversationId: null, messages: [] });
      }
    }
    await this.broadcastConversations();
  }

  /** Runs one answer for the conversation whose messages so far are `history` (ending with a user message). */
  private async answer(conversationId: string, bot: string, history: StoredMessage[]): Promise<void> {
    const now = this.now();
    const reply: StoredMessage = {
      id: this.newId(),
      conversationId,
      seq: this.nextSeq(history),
      role: 'bot',
      bot,
      text: '',
      status: 'pending',
      createdAt: now,
    };
    const run = new AnswerRun(reply, {
      changed: (message) => this.toConversation(conversationId, { type: 'message', conversationId, message: this.toView(message) }),
      delta: (message, change) => this.toConversation(conversationId, { type: 'delta', conversationId, messageId: message.id, ...change }),
      persist: (message) => this.repo.putMessage(message),
    });
    this.runs.set(conversationId, run);
    this.deps.onRunningChange?.(true);
    try {
      await this.repo.putMessage(reply);
      const conversation = await this.repo.getConversation(conversationId);
      if (conversation) await this.repo.putConversation({ ...conversation, bot, updatedAt: now });
      await this.broadcastConversations();
      this.toConversation(conversationId, { type: 'message', conversationId, message: this.toView(reply) });

      const apiKey = await this.deps.readApiKey();
      if (!apiKey) {
        run.apply({ type: 'failed', error: new PoeError('auth', 'Add your Poe API key first.') });
      } else {
        const events = this.stream({
          bot,
          messages: buildQuery(history),
          apiKey,
          baseUrl: await this.deps.readBaseUrl(),
          signal: run.controller.signal,
        });
        for await (const event of events) if (run.apply(event)) break;
      }
      if (isInProgress(reply.status)) run.apply({ type: 'incomplete' });
    } finally {
      await run.flush();
      if (this.runs.get(conversationId) === run) this.runs.delete(conversationId);
      this.deps.onRunningChange?.(false);
      this.deps.onAnswerSettled?.({ ...reply });
    }
  }
}
