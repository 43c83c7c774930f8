/** How many recent request ids are remembered: far more than a page can have in flight. */
const REMEMBERED = 1_000;

/**
 * The request ids the background has seen. A page makes one per user action; the same id twice (a double delivery,
 * a page resending after a reconnect) is one action, so the second is answered without being carried out again.
 */
export class RequestLog {
  private readonly seen = new Set<string>();

  /** True the first time `requestId` is seen; false for a repeat. */
  firstTime(requestId: string): boolean {
    if (this.seen.has(requestId)) return false;
    this.seen.add(requestId);
    if (this.seen.size > REMEMBERED) this.seen.delete(this.seen.values().next().value!);
    return true;
  }
}
