export interface CaptureThrottleOptions {
  /** Calls allowed per interval (Chrome: `tabs.MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND` = 2). */
  maxCalls?: number;
  intervalMs?: number;
  /** Extra wait on top of the interval, for the clocks of this context and of the browser's quota to differ. */
  marginMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Keeps `tabs.captureVisibleTab` under Chrome's quota: at most `maxCalls` grants in any `intervalMs` window (a
 * sliding window, at least as strict as Chrome's bucket). Await `next()` right before each capture; callers are
 * served in order, each waiting only as long as needed.
 */
export class CaptureThrottle {
  private readonly maxCalls: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** When the last `maxCalls` grants were given, oldest first. */
  private readonly grants: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(options: CaptureThrottleOptions = {}) {
    this.maxCalls = Math.max(1, options.maxCalls ?? 2);
    this.windowMs = (options.intervalMs ?? 1_000) + (options.marginMs ?? 50);
    this.now = options.now ?? (() => Date.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Resolves when a capture may be made now. */
  next(): Promise<void> {
    const turn = this.queue.then(() => this.take());
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = this.now();
      const oldest = this.grants.length >= this.maxCalls ? this.grants[0] : undefined;
      if (oldest === undefined || now >= oldest + this.windowMs) break;
      await this.sleep(oldest + this.windowMs - now);
    }
    this.grants.push(this.now());
    if (this.grants.length > this.maxCalls) this.grants.shift();
  }
}
