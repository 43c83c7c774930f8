import { t } from '@/lib/i18n';
import { PoeError, streamBotResponse, type PointsHistoryEntry } from '@/lib/poe';
import { sumCharges } from '@/lib/messaging/spending';
import type { BackgroundEvent, BotParameters, ChatMessage, ConversationSummary, PendingAttachment, SearchResult, UsageEntry } from '@/lib/messaging/contracts';
import { CONVERSATIONS_PAGE, isInProgress, MAX_SEARCH_RESULTS, MESSAGES_PAGE } from '@/lib/messaging/rules';
import type { ChatRepository, StoredAttachment, StoredConversation, StoredFork, StoredMessage } from '@/lib/storage/chat-db';
import { DeltaBatcher } from './delta-batcher';
import type { PointsCharge } from './points-cost';
import { goneMessage, RefusedError } from './errors';
import { noHostAccessError } from './host-access';
import { buildQuery, titleFrom } from './query';
import { AnswerRun } from './run';
import { estimatedHistory, type GuardRequest } from './send-guard';
import { hiddenMessages, keepVersion, showVersion, type VersionInfo } from './versions';
import { isResumableJob, keepTurnImage, pendingTurnImage, runVideoJob, videoRequestFrom, type VideoAccess, type VideoJobDeps } from './video-job';

/** A connected page (side panel, popup) and the conversation it shows. `post` never throws, even once the page is gone. */
export interface UiClient {
  conversationId: string | null;
  /** Conversations it follows besides the one it shows: a compare's columns (issue 16). */
  watching?: ReadonlySet<string>;
  /**
   * The request id of this page's latest command that changes what it shows (a select, a send to a new
   * conversation). A slower, older one that finishes later does not move the page.
   */
  viewRequest?: string;
  post(event: BackgroundEvent): void;
}

/** A new user turn exactly as the page showed it when the user acted. */
export interface Turn {
  requestId: string;
  /** `null`: a new conversation. */
  conversationId: string | null;
  bot: string;
  text: string;
  parameters?: BotParameters;
  attachments?: readonly PendingAttachment[];
  /** Where the turn came from; a web page's asks are held in the side panel like any other. Default: `page`. */
  origin?: GuardRequest['origin'];
}

/** `confirmed`: the user said "Send anyway" to this command; the spending guard has had its say. */
export interface RunOptions {
  confirmed?: boolean;
  /**
   * A send to a new conversation calls this with its id before anything of it is posted (a compare's column is
   * announced, and followed, first). Such a conversation is not remembered as the one pages show.
   */
  onNewConversation?(conversationId: string): void;
  /**
   * The turn's files stay at the file door once uploaded: a compare's columns share one draft's files, and each
   * uploads them for its own bot; the compare lets them go after every column has taken them.
   */
  keepPendingFiles?: boolean;
}

/** A regeneration with another bot ("Regenerate with…"), with that bot's saved parameters. */
export interface RetryOptions extends RunOptions {
  bot?: string;
  parameters?: BotParameters;
}

export interface EngineDeps {
  repository: ChatRepository;
  readApiKey(): Promise<string | undefined>;
  readBaseUrl(): Promise<string>;
  /** Whether the browser lets the extension reach a base URL; a run is not started where it may not (default: yes). */
  hasHostAccess?(baseUrl: string): Promise<boolean>;
  /** Called when a run starts and ends, so the background keeps itself alive meanwhile. */
  onRunningChange?(running: boolean): void;
  /**
   * Uploads a draft's files for `bot` (what goes up can depend on it: a PDF or its text, lib/messaging/file-support.ts)
   * and lets them go from the file door, unless `keepPending`; throws a PoeError with a human message when it cannot.
   */
  uploadAttachments?(pending: readonly PendingAttachment[], bot: string, options?: { keepPending?: boolean }): Promise<StoredAttachment[]>;
  /** Called after an answer ends (e.g. to refresh the balance and find what it cost). */
  onAnswerSettled?(answer: StoredMessage): void;
  /** Remembers the conversation a page chose last, so a freshly opened page shows it. */
  rememberConversation?(conversationId: string | null): void;
  /** The spending guard: judges every command that would start an answer, and throws to hold it (send-guard.ts). */
  guard?: { check(request: GuardRequest): Promise<void> };
  stream?: typeof streamBotResponse;
  /** Video models' answers run as Videos API jobs (issue 15); absent: every bot is streamed. */
  videoJobs?: VideoJobDeps & {
    isVideoModel(bot: string): Promise<boolean>;
    /** The draft's first image (default: read at the file door). */
    pendingImage?: typeof pendingTurnImage;
    /** Whether any video job is being watched, so a stopped background is woken to go on (the alarm backstop). */
    onWatching?(watching: boolean): void;
  };
  /** Drops the files kept in the extension for a deleted conversation (lib/messaging/media-store.ts). */
  deleteMedia?(conversationId: string): Promise<void>;
  /** Drops kept files by id: those of messages removed from a conversation that stays. */
  deleteStoredFiles?(ids: readonly string[]): Promise<void>;
  newId?: () => string;
  now?: () => number;
}

/** How an answer is produced once it exists: a stream of Poe events, or a video job. */
type AnswerSource = (run: AnswerRun, access: VideoAccess) => Promise<void>;

/**
 * The background's chat engine: owns every conversation and every running answer, persists them, and tells every
 * connected page what changed (a snapshot on connect, then deltas). Pages only send commands.
 *
 * One run per conversation: a conversation is reserved synchronously when a command that starts a run arrives, so
 * two commands racing for it (a double-clicked Retry) cannot both pass; the second is refused with a reason.
 */
export class ChatEngine {
  private readonly clients = new Set<UiClient>();
  /** Conversations reserved by a command that is starting a run, or running one. */
  private readonly busy = new Set<string>();
  /** Running answers by conversation, with the promise of their end; `job`: a video job being watched. */
  private readonly runs = new Map<string, { run: AnswerRun; ended: Promise<void>; job: boolean }>();
  /** Conversations being deleted: nothing may start in them. */
  private readonly deleting = new Set<string>();
  private readonly stream: typeof streamBotResponse;
  private readonly newId: () => string;
  private readonly now: () => number;
  private readonly repo: ChatRepository;
  /** Streamed text, coalesced to at most one port message per conversation per frame. */
  private readonly deltas = new DeltaBatcher({
    post: (conversationId, messageId, change) => this.post(conversationId, { type: 'delta', conversationId, messageId, ...change }),
  });
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
   * browser quit): its streamed answers can never finish, so they are marked interrupted with the text saved so far.
   * A video job Poe knows (its id is saved) goes on being watched; one still being created cannot be found again.
   * Safe to call again (the alarm backstop): what runs here now is left alone.
   */
  async recoverUnfinished(): Promise<void> {
    for (const message of await this.repo.unfinishedMessages()) {
      if (this.runs.has(message.conversationId) || this.busy.has(message.conversationId)) continue;
      if (isResumableJob(message)) {
        this.busy.add(message.conversationId);
        await this.resumeRun(message).catch(() => this.busy.delete(message.conversationId));
        continue;
      }
      message.status = 'interrupted';
      message.error = {
        kind: 'interrupted',
        message: message.job
          ? t('chatErrors_videoInterrupted')
          : t('chatErrors_interrupted'),
      };
      await this.repo.putMessage(message);
    }
    // Nothing left to watch (a restart after the last job ended): the alarm that woke us can go.
    if (!this.watchingJobs()) this.deps.videoJobs?.onWatching?.(false);
  }

  /** Whether a video job is being watched anywhere. */
  private watchingJobs(): boolean {
    return [...this.runs.values()].some((each) => each.job);
  }

  /** "Check again": watch a stopped (or cut-off) video job Poe knows once more. */
  async checkVideoJob(conversationId: string, messageId: string): Promise<void> {
    this.reserve(conversationId);
    try {
      const message = (await this.repo.listMessages(conversationId)).find((each) => each.id === messageId);
      if (!message?.job?.id) throw new RefusedError('not_found', t('chatErrors_jobGone'));
      await this.resumeRun(message);
    } catch (error) {
      this.busy.delete(conversationId);
      throw error;
    }
  }

  /** Runs an existing answer again: its video job, watched from where it was. */
  private async resumeRun(message: StoredMessage): Promise<void> {
    const history = (await this.repo.listMessages(message.conversationId)).filter((each) => each.seq < message.seq);
    await this.startRun(message.conversationId, message.bot, history, message);
  }

  connect(client: UiClient): () => void {
    this.clients.add(client);
    return () => this.clients.delete(client);
  }

  toView(message: StoredMessage): ChatMessage {
    const { conversationId: _conversation, metadata: _metadata, pointsQueryId: _query, ...view } = message;
    const run = this.runs.get(message.conversationId)?.run;
    const retryAt = run?.message.id === message.id ? run.retryAt : undefined;
    return { ...view, ...(retryAt !== undefined ? { retryAt } : {}) };
  }

  /** A page of the conversation list, newest first: the first, or the one after the conversation updated at `before`. */
  async conversations(before?: number): Promise<{ conversations: ConversationSummary[]; more: boolean }> {
    return this.repo.listConversations({ limit: CONVERSATIONS_PAGE, ...(before === undefined ? {} : { before }) });
  }

  async conversationExists(conversationId: string): Promise<boolean> {
    return !this.deleting.has(conversationId) && (await this.repo.getConversation(conversationId)) !== undefined;
  }

  /**
   * The latest messages of a conversation (or the page before `beforeSeq`), oldest first, with running answers taken
   * from memory (fresher than the database); `hasEarlier`: earlier ones can be loaded.
   */
  async messages(conversationId: string | null, beforeSeq?: number): Promise<{ messages: ChatMessage[]; hasEarlier: boolean }> {
    if (!conversationId) return { messages: [], hasEarlier: false };
    const { messages: stored, hasEarlier } = await this.repo.messagePage(conversationId, {
      limit: MESSAGES_PAGE,
      ...(beforeSeq === undefined ? {} : { beforeSeq }),
    });
    // Text still waiting for its batch goes to the pages already watching first: the messages read here include it,
    // so a page that starts watching now must not get it again.
    this.deltas.flush(conversationId);
    const running = this.runs.get(conversationId)?.run.message;
    return { messages: stored.map((message) => this.toView(running?.id === message.id ? running : message)), hasEarlier };
  }

  /** Shows a conversation (null: a new, empty chat) in one page, unless the page has asked for something newer since. */
  async select(client: UiClient, conversationId: string | null, requestId: string): Promise<void> {
    client.viewRequest = requestId;
    const shown = conversationId && (await this.conversationExists(conversationId)) ? conversationId : null;
    const { messages, hasEarlier } = await this.messages(shown);
    if (client.viewRequest !== requestId) return;
    client.conversationId = shown;
    this.deps.rememberConversation?.(shown);
    client.post({ type: 'conversation', conversationId: shown, messages, hasEarlier, requestId });
    const cost = shown ? await this.conversationCost(shown) : undefined;
    if (cost && client.conversationId === shown) client.post(cost);
  }

  /** Tells the pages showing a conversation, after any streamed text still waiting for its batch. */
  private toConversation(conversationId: string, event: BackgroundEvent): void {
    this.deltas.flush(conversationId);
    this.post(conversationId, event);
  }

  private post(conversationId: string, event: BackgroundEvent): void {
    for (const client of this.clients) if (client.conversationId === conversationId || client.watching?.has(conversationId)) client.post(event);
  }

  /** Tells every page the list changed: its first page. */
  private async broadcastConversations(): Promise<void> {
    const { conversations, more } = await this.conversations();
    for (const client of this.clients) client.post({ type: 'conversations', conversations, more });
  }

  private nextSeq(history: StoredMessage[]): number {
    return (history.at(-1)?.seq ?? -1) + 1;
  }

  /** Claims a conversation for a command that will start a run; throws when it is busy or being deleted. */
  private reserve(conversationId: string): void {
    if (this.deleting.has(conversationId)) throw new RefusedError('not_found', goneMessage());
    if (this.busy.has(conversationId)) throw new RefusedError('busy', t('chatErrors_busy'));
    this.busy.add(conversationId);
  }

  /** Whether an answer is on its way (or about to start) in this conversation. */
  isBusy(conversationId: string): boolean {
    return this.busy.has(conversationId);
  }

  /**
   * A new user turn. Resolves once the question is stored and its answer has started (not when the answer ends), with
   * the conversation it went to. A new conversation is shown in `client` unless that page has moved on since.
   */
  async send(turn: Turn, client?: UiClient, options: RunOptions = {}): Promise<{ conversationId: string }> {
    const existing = turn.conversationId;
    if (client && existing === null) client.viewRequest = turn.requestId;
    if (existing !== null) this.reserve(existing);
    let conversationId = existing;
    try {
      if (existing !== null && !(await this.repo.getConversation(existing))) throw new RefusedError('not_found', goneMessage());
      if (this.deps.guard && !options.confirmed) {
        const before = existing !== null ? await this.repo.listMessages(existing) : [];
        const { requestId: _request, origin: _origin, ...asked } = turn;
        const attachments = turn.attachments ?? [];
        await this.checkGuard(options, {
          requestId: turn.requestId,
          plan: { kind: 'send', turn: { ...asked, attachments: [...attachments] } },
          bot: turn.bot,
          conversationId: existing,
          text: turn.text,
          attachments,
          ...(turn.parameters ? { parameters: turn.parameters } : {}),
          messages: [...estimatedHistory(before), { text: turn.text, attachments }],
          origin: turn.origin ?? 'page',
        });
      }
      // A video job sends the draft's first image itself: its bytes are read before the upload takes them away.
      const video = Boolean(turn.attachments?.length) && (await this.isVideoModel(turn.bot));
      const image = video ? await (this.deps.videoJobs?.pendingImage ?? pendingTurnImage)(turn.attachments ?? []) : undefined;
      // Files go up first: if an upload fails nothing is sent, and the page still has its draft.
      const attachments =
        turn.attachments && turn.attachments.length > 0 && this.deps.uploadAttachments
          ? await this.deps.uploadAttachments(turn.attachments, turn.bot, options.keepPendingFiles ? { keepPending: true } : undefined)
          : [];
      const now = this.now();
      if (conversationId === null) {
        conversationId = this.newId();
        this.busy.add(conversationId);
        await this.repo.putConversation({ id: conversationId, title: titleFrom(turn.text), bot: turn.bot, createdAt: now, updatedAt: now });
        if (options.onNewConversation) options.onNewConversation(conversationId);
        else this.deps.rememberConversation?.(conversationId);
        if (client && client.viewRequest === turn.requestId) {
          client.conversationId = conversationId;
          client.post({ type: 'conversation', conversationId, messages: [], hasEarlier: false, requestId: turn.requestId });
        }
      }
      const history = await this.repo.listMessages(conversationId);
      if (image && this.deps.videoJobs) await keepTurnImage(this.deps.videoJobs, image, attachments, conversationId);
      const user: StoredMessage = {
        id: this.newId(),
        conversationId,
        seq: this.nextSeq(history),
        role: 'user',
        bot: turn.bot,
        text: turn.text,
        status: 'complete',
        createdAt: now,
        requestId: turn.requestId,
        ...(turn.parameters && Object.keys(turn.parameters).length > 0 ? { parameters: turn.parameters } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
      };
      if (!(await this.repo.putMessage(user))) throw new RefusedError('not_found', goneMessage());
      this.toConversation(conversationId, { type: 'message', conversationId, message: this.toView(user) });
      await this.startRun(conversationId, turn.bot, [...history, user]);
      return { conversationId };
    } catch (error) {
      // Nothing started: the conversation is free again (a run, once started, frees it when it ends).
      if (conversationId !== null) this.busy.delete(conversationId);
      throw error;
    }
  }

  /**
   * Re-asks the turn a bot message answered (with `options.bot`: another bot). A finished answer, or one with turns
   * after it, is kept as a version with its continuation; a failed last answer is replaced in place.
   */
  async retry(conversationId: string, messageId: string, requestId = '', options: RetryOptions = {}): Promise<void> {
    this.reserve(conversationId);
    try {
      const history = await this.repo.listMessages(conversationId);
      const index = history.findIndex((message) => message.id === messageId && message.role === 'bot');
      if (index < 0) throw new RefusedError('not_found', t('chatErrors_answerGone'));
      const old = history[index]!;
      const bot = options.bot ?? old.bot;
      let asked = history.slice(0, index);
      // Another bot is asked with its own parameters, not those the question was first sent with.
      const questionAt = asked.findLastIndex((message) => message.role === 'user');
      if (options.bot !== undefined && questionAt >= 0) {
        const { parameters: _previous, ...question } = asked[questionAt]!;
        const parameters = options.parameters && Object.keys(options.parameters).length > 0 ? { parameters: options.parameters } : {};
        asked = asked.slice();
        asked[questionAt] = { ...question, ...parameters };
      }
      const question = asked[questionAt];
      await this.checkGuard(options, {
        requestId,
        plan: { kind: 'retry', conversationId, messageId, ...(options.bot !== undefined ? { bot, ...(options.parameters ? { parameters: options.parameters } : {}) } : {}) },
        bot,
        conversationId,
        text: question?.text ?? '',
        attachments: [],
        ...(question?.parameters ? { parameters: question.parameters } : {}),
        messages: estimatedHistory(asked),
        origin: 'page',
      });
      const replaceable = old.status !== 'complete' && old.status !== 'stopped' && index === history.length - 1;
      let versions: VersionInfo | undefined = old.versions;
      if (replaceable) await this.truncate(conversationId, history, index);
      else {
        const kept = await keepVersion(this.repo, conversationId, history, old.seq);
        this.pathLeft(conversationId, kept.removed);
        versions = kept.versions;
      }
      await this.startRun(conversationId, bot, asked, undefined, versions);
    } catch (error) {
      this.busy.delete(conversationId);
      throw error;
    }
  }

  /** Asks again from a changed user message; the question as it was, and what followed it, stay a version. */
  async editAndResend(conversationId: string, messageId: string, text: string, requestId = '', options: RunOptions = {}): Promise<void> {
    this.reserve(conversationId);
    try {
      const history = await this.repo.listMessages(conversationId);
      const index = history.findIndex((message) => message.id === messageId && message.role === 'user');
      if (index < 0) throw new RefusedError('not_found', t('chatErrors_messageGone'));
      const { requestId: _request, ...original } = history[index]!;
      const edited: StoredMessage = { ...original, id: this.newId(), text, createdAt: this.now() };
      await this.checkGuard(options, {
        requestId,
        plan: { kind: 'edit', conversationId, messageId, text },
        bot: edited.bot,
        conversationId,
        text,
        attachments: [],
        ...(edited.parameters ? { parameters: edited.parameters } : {}),
        messages: estimatedHistory([...history.slice(0, index), edited]),
        origin: 'page',
      });
      this.pathLeft(conversationId, (await keepVersion(this.repo, conversationId, history, edited.seq, edited)).removed);
      this.toConversation(conversationId, { type: 'message', conversationId, message: this.toView(edited) });
      if (index === 0) await this.retitle(conversationId, text);
      await this.startRun(conversationId, edited.bot, [...history.slice(0, index), edited]);
    } catch (error) {
      this.busy.delete(conversationId);
      throw error;
    }
  }

  /** Asks the spending guard (unless the user already confirmed this command); it throws to hold the command. */
  private async checkGuard(options: RunOptions, request: GuardRequest): Promise<void> {
    // A command without a request id (an internal caller) is still held under one, so it can be confirmed.
    if (this.deps.guard && !options.confirmed) await this.deps.guard.check({ ...request, requestId: request.requestId || this.newId() });
  }

  /** A conversation's title follows an edit of its first message, unless the user renamed it. */
  private async retitle(conversationId: string, firstText: string): Promise<void> {
    const conversation = await this.repo.getConversation(conversationId);
    if (!conversation || conversation.renamed) return;
    await this.repo.putConversation({ ...conversation, title: titleFrom(firstText) });
  }

  /** Tells the pages that messages left the visible path (kept or deleted), and the total when one was priced. */
  private pathLeft(conversationId: string, removed: readonly StoredMessage[]): void {
    if (removed.length === 0) return;
    this.toConversation(conversationId, { type: 'messagesRemoved', conversationId, messageIds: removed.map((message) => message.id) });
    if (removed.some((message) => message.pointsCost !== undefined)) void this.postCost(conversationId);
  }

  /**
   * Shows version `to` of a message with versions, with that version's own continuation; every page showing the
   * conversation gets it as a `conversation` event. Refused while the conversation is answering: the run's answer
   * must stay where it is being written.
   */
  async switchVersion(conversationId: string, messageId: string, to: number): Promise<void> {
    if (this.busy.has(conversationId)) throw new RefusedError('busy', t('chatErrors_busySwitch'));
    this.reserve(conversationId);
    try {
      const history = await this.repo.listMessages(conversationId);
      const first = (await showVersion(this.repo, conversationId, history, messageId, to))?.add[0];
      if (first?.role === 'user' && first.seq === history[0]?.seq) {
        await this.retitle(conversationId, first.text);
        await this.broadcastConversations();
      }
    } finally {
      this.busy.delete(conversationId);
    }
    const { messages, hasEarlier } = await this.messages(conversationId);
    // No request id: every page showing the conversation follows, unless it has asked to show another meanwhile.
    this.toConversation(conversationId, { type: 'conversation', conversationId, messages, hasEarlier });
    await this.postCost(conversationId);
  }

  private async truncate(conversationId: string, history: StoredMessage[], from: number): Promise<void> {
    const removed = history.slice(from).map((message) => message.id);
    if (removed.length === 0) return;
    await this.repo.deleteMessages(removed);
    // A regenerated video's bytes go with its answer (they are megabytes).
    const kept = history.slice(from).flatMap((message) => [...(message.files ?? []), ...(message.attachments ?? [])].flatMap((file) => (file.stored ? [file.stored] : [])));
    if (kept.length > 0) await this.deps.deleteStoredFiles?.(kept).catch(() => undefined);
    this.toConversation(conversationId, { type: 'messagesRemoved', conversationId, messageIds: removed });
    if (history.slice(from).some((message) => message.pointsCost !== undefined)) await this.postCost(conversationId);
  }

  /**
   * Records what an answer cost once Poe's points history shows it, and tells the pages the conversation's new total.
   * False when it could not be recorded yet (the answer's final save has not landed): ask again later.
   */
  async recordPointsCost(conversationId: string, messageId: string, entry: PointsCharge): Promise<boolean> {
    if (this.runs.get(conversationId)?.run.message.id === messageId) return false;
    const cost = {
      pointsCost: entry.costPoints,
      pointsQueryId: entry.queryId,
      ...(entry.costUsd !== undefined ? { pointsCostUsd: entry.costUsd } : {}),
      ...(entry.costBreakdown ? { pointsBreakdown: entry.costBreakdown } : {}),
    };
    const priced = await this.repo.recordMessageCost(messageId, cost);
    // Regenerated before Poe listed its charge: the price goes on the version kept, shown when it is shown again.
    if (!priced) return this.repo.recordHiddenCost(conversationId, messageId, cost);
    if (!priced.changed) return true;
    this.toConversation(conversationId, { type: 'message', conversationId, message: this.toView(priced.message) });
    await this.postCost(conversationId);
    return true;
  }

  /**
   * What the answers of a conversation cost together, from every stored answer (the page may hold only the latest),
   * the versions not on screen included: a regenerated answer was paid for too. Undefined when none is priced.
   */
  async conversationCost(conversationId: string): Promise<Extract<BackgroundEvent, { type: 'conversationCost' }> | undefined> {
    const [path, branches] = await Promise.all([this.repo.listMessages(conversationId), this.repo.getBranches(conversationId)]);
    const priced = [...path, ...hiddenMessages(branches)].filter((message) => message.pointsCost !== undefined);
    if (priced.length === 0) return undefined;
    const sum = sumCharges(priced.map((message) => ({ costPoints: message.pointsCost ?? 0, costUsd: message.pointsCostUsd })));
    return { type: 'conversationCost', conversationId, points: sum.points, answers: sum.count, ...(sum.usd !== undefined ? { usd: sum.usd } : {}) };
  }

  /** Tells the pages showing a conversation its total (zero once no priced answer is left). */
  private async postCost(conversationId: string): Promise<void> {
    const cost = await this.conversationCost(conversationId);
    this.post(conversationId, cost ?? { type: 'conversationCost', conversationId, points: 0, answers: 0 });
  }

  /**
   * Ranked conversations with every word of `query` (the last one as a prefix while typed) in their title or text,
   * answers still being written included (from memory: they are indexed once they end), each with a snippet.
   * `signal`: the asker has moved on (a newer query); the search stops early.
   */
  async search(query: string, signal?: AbortSignal): Promise<SearchResult[]> {
    const live = [...this.runs.values()].map(({ run }) => ({ conversationId: run.message.conversationId, messageId: run.message.id, text: run.message.text }));
    return this.repo.search(query, { limit: MAX_SEARCH_RESULTS, live, ...(signal ? { signal } : {}) });
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
          ...(entry.costUsd !== undefined ? { costUsd: entry.costUsd } : {}),
          ...(entry.costBreakdown ? { breakdown: entry.costBreakdown } : {}),
          ...(entry.chatName !== undefined ? { chatName: entry.chatName } : {}),
          ...(conversation ? { conversationId: conversation.id, conversationTitle: conversation.title } : {}),
        };
      }),
    );
  }

  stop(conversationId: string): void {
    this.runs.get(conversationId)?.run.controller.abort();
  }

  /** Resolves when the conversation's running answer (if any) has ended and been saved. */
  async idle(conversationId: string): Promise<void> {
    await this.runs.get(conversationId)?.ended;
  }

  /** Renames a conversation; one that does not exist (or is being deleted) is refused, not silently "done". */
  async rename(conversationId: string, title: string): Promise<void> {
    const conversation = this.deleting.has(conversationId) ? undefined : await this.repo.getConversation(conversationId);
    if (!conversation) throw new RefusedError('not_found', goneMessage());
    await this.repo.putConversation({ ...conversation, title, renamed: true });
    await this.broadcastConversations();
  }

  /** Stops the conversation's answer, waits for it to end, then deletes everything: nothing is written after. */
  async delete(conversationId: string): Promise<void> {
    this.deleting.add(conversationId);
    try {
      this.stop(conversationId);
      await this.idle(conversationId);
      await this.repo.deleteConversation(conversationId);
      await this.deps.deleteMedia?.(conversationId);
      this.deltas.discard(conversationId);
    } finally {
      this.deleting.delete(conversationId);
    }
    for (const client of this.clients) {
      if (client.conversationId === conversationId) {
        client.conversationId = null;
        client.post({ type: 'conversation', conversationId: null, messages: [], hasEarlier: false });
      }
    }
    await this.broadcastConversations();
  }

  /**
   * Writes a conversation from a backup (issue 16), whole or not at all. `replace`: the one here with its id is stopped
   * and replaced, and pages showing it are shown the imported one. Its kept media stay: a backup holds no media, and
   * the imported messages name the same files (they go when the conversation is deleted). Call {@link listChanged} after.
   */
  async importConversation(conversation: StoredConversation, messages: readonly StoredMessage[], forks: readonly StoredFork[], replace: boolean): Promise<void> {
    if (!replace) return this.repo.writeImported(conversation, messages, forks, false);
    const { id } = conversation;
    this.deleting.add(id);
    try {
      this.stop(id);
      await this.idle(id);
      await this.repo.writeImported(conversation, messages, forks, true);
      this.deltas.discard(id);
    } finally {
      this.deleting.delete(id);
    }
    const view = await this.messages(id);
    this.post(id, { type: 'conversation', conversationId: id, ...view });
  }

  /** Tells every page the conversation list changed (after an import). */
  listChanged(): Promise<void> {
    return this.broadcastConversations();
  }

  /**
   * Starts one answer for the conversation whose messages so far are `history` (ending with a user message). Resolves
   * once the answer exists (stored and shown); the answer itself goes on in the background.
   */
  private async startRun(conversationId: string, bot: string, history: StoredMessage[], resumed?: StoredMessage, versions?: VersionInfo): Promise<void> {
    const now = this.now();
    const video = resumed !== undefined || (await this.isVideoModel(bot));
    const jobs = this.deps.videoJobs;
    const source: AnswerSource =
      video && jobs
        ? (run, access) => runVideoJob(run, access, jobs, videoRequestFrom(history))
        : async (run, { apiKey, baseUrl }) => {
            const events = this.stream({ bot, messages: buildQuery(history), apiKey, baseUrl, signal: run.controller.signal });
            for await (const event of events) if (run.apply(event)) break;
          };
    const reply: StoredMessage = resumed ?? {
      id: this.newId(),
      conversationId,
      seq: this.nextSeq(history),
      role: 'bot',
      bot,
      text: '',
      status: 'pending',
      createdAt: now,
      ...(versions ? { versions } : {}),
    };
    const run = new AnswerRun(reply, {
      changed: (message) => this.toConversation(conversationId, { type: 'message', conversationId, message: this.toView(message) }),
      delta: (message, change) => this.deltas.push(conversationId, message.id, change),
      persist: async (message) => void (await this.repo.putMessage(message)),
    });
    let started!: () => void;
    const startedPromise = new Promise<void>((resolve) => (started = resolve));
    const ended = this.runAnswer(run, conversationId, bot, source, started, resumed === undefined);
    this.runs.set(conversationId, { run, ended, job: Boolean(video && jobs) });
    if (video && jobs) jobs.onWatching?.(true);
    await startedPromise;
  }

  private async isVideoModel(bot: string): Promise<boolean> {
    return (await this.deps.videoJobs?.isVideoModel(bot).catch(() => false)) ?? false;
  }

  /** `fresh`: a new answer (not a video job watched again), which moves its conversation to the top. */
  private async runAnswer(run: AnswerRun, conversationId: string, bot: string, source: AnswerSource, started: () => void, fresh: boolean): Promise<void> {
    const reply = run.message;
    this.deps.onRunningChange?.(true);
    try {
      await this.repo.putMessage(reply);
      const conversation = fresh ? await this.repo.getConversation(conversationId) : undefined;
      if (conversation) await this.repo.putConversation({ ...conversation, bot, updatedAt: reply.createdAt });
      if (fresh) await this.broadcastConversations();
      this.toConversation(conversationId, { type: 'message', conversationId, message: this.toView(reply) });
      started();

      const apiKey = await this.deps.readApiKey();
      const baseUrl = await this.deps.readBaseUrl();
      if (!apiKey) {
        run.apply({ type: 'failed', error: new PoeError('auth', t('poeErrors_addKey')) });
      } else if (this.deps.hasHostAccess && !(await this.deps.hasHostAccess(baseUrl))) {
        run.apply({ type: 'failed', error: noHostAccessError(baseUrl) });
      } else {
        await source(run, { apiKey, baseUrl });
      }
      if (isInProgress(reply.status)) run.apply({ type: 'incomplete' });
    } catch {
      // The stream never throws; this is the database or a bug. The answer must still end, with what it has.
      if (isInProgress(reply.status)) run.apply({ type: 'failed', error: new PoeError('protocol', t('chatErrors_notSaved')) });
    } finally {
      started();
      // The answer is over: the conversation takes its next question at once (a suggested reply clicked the moment
      // the answer ends), while the final save — and its indexing — goes on.
      this.busy.delete(conversationId);
      await run.flush().catch(() => undefined);
      if (this.runs.get(conversationId)?.run === run) this.runs.delete(conversationId);
      if (!this.watchingJobs()) this.deps.videoJobs?.onWatching?.(false);
      this.deps.onRunningChange?.(false);
      this.deps.onAnswerSettled?.({ ...reply });
    }
  }
}
