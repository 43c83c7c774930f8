import { streamBotResponse, type PartialProtocolMessage, type PoeError, type PoeEvent } from '@/lib/poe';
import type { BackgroundEvent, ChatMessage, ErrorInfo } from '@/lib/messaging/contracts';

/** What a chat session needs from the background: the key, where Poe is, and a way to tell every open UI. */
export interface ChatSessionDeps {
  readApiKey(): Promise<string | undefined>;
  readBaseUrl(): Promise<string>;
  emit(event: BackgroundEvent): void;
  /** Called when a run starts and ends, so the background can keep itself alive meanwhile. */
  onRunningChange?(running: boolean): void;
  /** Called after an answer ends, e.g. to refresh the balance. */
  onAnswerSettled?(): void;
  stream?: typeof streamBotResponse;
  newId?: () => string;
}

export function toErrorInfo(error: PoeError): ErrorInfo {
  return { kind: error.kind, message: error.message, ...(error.status ? { status: error.status } : {}) };
}

/**
 * One conversation and the answer running in it. The background owns it; UIs only send commands and render the
 * snapshot and deltas they are sent. (Persistence and many conversations come with the chat engine issue.)
 */
export class ChatSession {
  private messages: ChatMessage[] = [];
  private running: { messageId: string; controller: AbortController } | undefined;
  private readonly stream: typeof streamBotResponse;
  private readonly newId: () => string;

  constructor(private readonly deps: ChatSessionDeps) {
    this.stream = deps.stream ?? streamBotResponse;
    this.newId = deps.newId ?? (() => crypto.randomUUID());
  }

  snapshot(): ChatMessage[] {
    return this.messages.map((message) => ({ ...message }));
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Adds the user's message and asks `bot` for an answer, with the whole conversation as context. */
  async send(bot: string, text: string, parameters?: Record<string, string | number | boolean>): Promise<void> {
    if (this.running) this.stop();
    const user: ChatMessage = { id: this.newId(), role: 'user', bot, text, status: 'complete' };
    this.messages.push(user);
    this.deps.emit({ type: 'message', message: { ...user } });
    await this.answer(bot, parameters);
  }

  /** Re-asks the last user message, replacing the answer that followed it. */
  async retry(): Promise<void> {
    if (this.running) return;
    const lastUser = this.messages.findLastIndex((message) => message.role === 'user');
    if (lastUser < 0) return;
    const dropped = this.messages.splice(lastUser + 1);
    if (dropped.length > 0) this.deps.emit({ type: 'cleared' });
    const bot = dropped.find((message) => message.role === 'bot')?.bot ?? this.messages[lastUser]!.bot;
    if (dropped.length > 0) this.messages.forEach((message) => this.deps.emit({ type: 'message', message: { ...message } }));
    await this.answer(bot);
  }

  stop(): void {
    this.running?.controller.abort();
  }

  clear(): void {
    this.stop();
    this.messages = [];
    this.deps.emit({ type: 'cleared' });
  }

  private update(message: ChatMessage, changes: Partial<ChatMessage>): void {
    Object.assign(message, changes);
    this.deps.emit({ type: 'message', message: { ...message } });
  }

  private async answer(bot: string, parameters?: Record<string, string | number | boolean>): Promise<void> {
    const reply: ChatMessage = { id: this.newId(), role: 'bot', bot, text: '', status: 'pending' };
    const query = this.toQuery(parameters);
    this.messages.push(reply);
    this.deps.emit({ type: 'message', message: { ...reply } });

    const apiKey = await this.deps.readApiKey();
    if (!apiKey) {
      this.update(reply, { status: 'error', error: { kind: 'auth', message: 'Add your Poe API key first.' } });
      return;
    }
    const controller = new AbortController();
    this.running = { messageId: reply.id, controller };
    this.deps.onRunningChange?.(true);
    try {
      const events = this.stream({ bot, messages: query, apiKey, baseUrl: await this.deps.readBaseUrl(), signal: controller.signal });
      for await (const event of events) this.apply(reply, event);
    } finally {
      this.running = undefined;
      this.deps.onRunningChange?.(false);
      this.deps.onAnswerSettled?.();
    }
  }

  private apply(reply: ChatMessage, event: PoeEvent): void {
    switch (event.type) {
      case 'meta':
        this.update(reply, { contentType: event.contentType });
        return;
      case 'text':
        reply.text += event.text;
        if (reply.status !== 'streaming') this.update(reply, { status: 'streaming', retryAt: undefined, error: undefined });
        this.deps.emit({ type: 'delta', messageId: reply.id, append: event.text });
        return;
      case 'replace_response':
        reply.text = event.text;
        if (reply.status !== 'streaming') this.update(reply, { status: 'streaming', retryAt: undefined, error: undefined });
        this.deps.emit({ type: 'delta', messageId: reply.id, replace: event.text });
        return;
      case 'suggested_reply':
        this.update(reply, { suggestedReplies: [...(reply.suggestedReplies ?? []), event.text] });
        return;
      case 'retrying':
        this.update(reply, { status: 'retrying', retryAt: Date.now() + event.delayMs, error: toErrorInfo(event.error) });
        return;
      case 'done':
        this.update(reply, { status: 'complete', error: undefined, retryAt: undefined });
        return;
      case 'incomplete':
        this.update(reply, {
          status: 'incomplete',
          error: { kind: 'protocol', message: 'The answer ended early: Poe closed the stream before it was finished.' },
        });
        return;
      case 'interrupted':
        this.update(reply, { status: 'interrupted', error: toErrorInfo(event.error), retryAt: undefined });
        return;
      case 'stopped':
        this.update(reply, { status: 'stopped', retryAt: undefined });
        return;
      case 'failed':
        this.update(reply, { status: 'error', error: toErrorInfo(event.error), retryAt: undefined });
        return;
      default:
        return;
    }
  }

  /** The conversation as Poe wants it: oldest first, finished turns only, parameters on the last user message. */
  private toQuery(parameters?: Record<string, string | number | boolean>): PartialProtocolMessage[] {
    const turns = this.messages.filter((message) => message.role === 'user' || message.text.length > 0);
    return turns.map((message, index) => ({
      role: message.role,
      content: message.text,
      ...(index === turns.length - 1 && parameters ? { parameters } : {}),
    }));
  }
}
