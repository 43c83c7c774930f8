/** Streamed text goes to pages at most this often per conversation: about one frame. */
export const DELTA_INTERVAL_MS = 16;

export interface TextChange {
  append?: string;
  replace?: string;
}

export interface DeltaBatcherDeps {
  /** Posts one batched change of one message. */
  post(conversationId: string, messageId: string, change: TextChange): void;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  now?: () => number;
}

interface Pending {
  messageId: string;
  change: TextChange;
  timer?: unknown;
}

/**
 * Coalesces streamed text: a bot may send hundreds of tiny events a second, but a page gets at most one message per
 * conversation per ~16 ms, carrying all the text since the last. The first text after a quiet spell goes at once (the
 * newest text is on screen within a frame); what follows within the interval waits for its end. Anything else about
 * a conversation (a status, a new message) must be preceded by `flush`, so pages never see events out of order.
 */
export class DeltaBatcher {
  private readonly pending = new Map<string, Pending>();
  private readonly lastSent = new Map<string, number>();
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  private readonly now: () => number;

  constructor(private readonly deps: DeltaBatcherDeps) {
    this.setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = deps.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
    this.now = deps.now ?? Date.now;
  }

  push(conversationId: string, messageId: string, change: TextChange): void {
    let pending = this.pending.get(conversationId);
    if (pending && pending.messageId !== messageId) {
      this.flush(conversationId);
      pending = undefined;
    }
    if (!pending) {
      pending = { messageId, change: {} };
      this.pending.set(conversationId, pending);
    }
    pending.change = merge(pending.change, change);
    if (pending.timer !== undefined) return;
    const wait = (this.lastSent.get(conversationId) ?? -Infinity) + DELTA_INTERVAL_MS - this.now();
    if (wait <= 0) this.flush(conversationId);
    else pending.timer = this.setTimer(() => this.flush(conversationId), wait);
  }

  /** Sends what is waiting for a conversation now (before any other event about it, or when its answer ends). */
  flush(conversationId: string): void {
    const pending = this.pending.get(conversationId);
    if (!pending) return;
    this.pending.delete(conversationId);
    if (pending.timer !== undefined) this.clearTimer(pending.timer);
    this.lastSent.set(conversationId, this.now());
    this.deps.post(conversationId, pending.messageId, pending.change);
  }

  /** Drops what is waiting (the conversation is gone). */
  discard(conversationId: string): void {
    const pending = this.pending.get(conversationId);
    if (pending?.timer !== undefined) this.clearTimer(pending.timer);
    this.pending.delete(conversationId);
    this.lastSent.delete(conversationId);
  }
}

/** Two changes in a row as one: a replace resets what came before; appends concatenate. */
function merge(first: TextChange, next: TextChange): TextChange {
  if (next.replace !== undefined) return { replace: next.replace + (next.append ?? '') };
  const append = (first.append ?? '') + (next.append ?? '');
  return first.replace !== undefined ? { replace: first.replace + append } : { append };
}
