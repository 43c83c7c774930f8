import { t } from '@/lib/i18n';
import type { PoeEvent } from '@/lib/poe';
import type { StoredMessage } from '@/lib/storage/chat-db';
import { toErrorInfo } from './errors';

/** Partial output is written at most this often while streaming (and always at the end), never per token. */
export const PERSIST_INTERVAL_MS = 300;

export interface RunSink {
  /** The message changed in a way other than streamed text. */
  changed(message: StoredMessage): void;
  /** Streamed text arrived. */
  delta(message: StoredMessage, change: { append?: string; replace?: string }): void;
  /** Write the message to the database. */
  persist(message: StoredMessage): Promise<void>;
}

/**
 * Applies one answer's Poe events to its message: text into the message, statuses and errors, and throttled saving of
 * partial output so that a background killed mid-answer leaves at most ~300 ms of text unsaved.
 */
export class AnswerRun {
  readonly controller = new AbortController();
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private lastPersistAt = 0;
  /** Epoch ms when the next attempt starts, while waiting to retry. Not persisted. */
  retryAt: number | undefined;

  constructor(
    readonly message: StoredMessage,
    private readonly sink: RunSink,
  ) {}

  private change(changes: Partial<StoredMessage>): void {
    Object.assign(this.message, changes);
    this.sink.changed(this.message);
  }

  /** Throttled save with a leading edge: the first text is on disk at once, later text at most every interval. */
  private schedulePersist(): void {
    if (this.persistTimer !== undefined) return;
    const wait = this.lastPersistAt + PERSIST_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      this.saveInBackground();
      return;
    }
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      this.saveInBackground();
    }, wait);
  }

  /** A throttled save nobody waits for: one that fails is superseded by the next or by the final flush, never unhandled. */
  private saveInBackground(): void {
    this.lastPersistAt = Date.now();
    this.sink.persist(this.message).catch(() => undefined);
  }

  /** Saves now and cancels any pending throttled save. */
  async flush(): Promise<void> {
    if (this.persistTimer !== undefined) clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    await this.sink.persist(this.message);
  }

  /** A change from outside the stream (a video job's progress): shown at once and saved before it resolves. */
  async update(changes: Partial<StoredMessage>): Promise<void> {
    this.change(changes);
    await this.flush();
  }

  private streamed(): void {
    this.retryAt = undefined;
    if (this.message.status !== 'streaming') {
      delete this.message.error;
      this.change({ status: 'streaming' });
    }
    this.schedulePersist();
  }

  /** Returns true when the event ended the answer. */
  apply(event: PoeEvent): boolean {
    switch (event.type) {
      case 'meta':
        this.change({ contentType: event.contentType });
        return false;
      case 'text':
        // Status first: the 'message' event it sends must not already contain the text the delta carries.
        this.streamed();
        this.message.text += event.text;
        this.sink.delta(this.message, { append: event.text });
        return false;
      case 'replace_response':
        this.streamed();
        this.message.text = event.text;
        this.sink.delta(this.message, { replace: event.text });
        return false;
      case 'suggested_reply':
        this.change({ suggestedReplies: [...(this.message.suggestedReplies ?? []), event.text] });
        return false;
      case 'file':
        this.change({
          files: [
            ...(this.message.files ?? []),
            {
              url: event.attachment.url,
              contentType: event.attachment.contentType,
              name: event.attachment.name,
              ...(event.attachment.inlineRef ? { inlineRef: event.attachment.inlineRef } : {}),
            },
          ],
        });
        return false;
      case 'data':
        this.message.metadata = event.metadata;
        this.schedulePersist();
        return false;
      case 'retrying':
        this.retryAt = Date.now() + event.delayMs;
        this.change({ status: 'retrying', error: toErrorInfo(event.error) });
        return false;
      case 'done':
        this.finish({ status: 'complete' });
        return true;
      case 'incomplete':
        this.finish({
          status: 'incomplete',
          error: { kind: 'protocol', message: t('chatErrors_endedEarly') },
        });
        return true;
      case 'interrupted':
        this.finish({ status: 'interrupted', error: toErrorInfo(event.error) });
        return true;
      case 'stopped':
        this.finish({ status: 'stopped' });
        return true;
      case 'failed':
        this.finish({ status: 'error', error: toErrorInfo(event.error) });
        return true;
      default:
        return false;
    }
  }

  private finish(changes: Pick<StoredMessage, 'status'> & Partial<StoredMessage>): void {
    this.retryAt = undefined;
    if (!changes.error) delete this.message.error;
    this.change(changes);
  }
}
