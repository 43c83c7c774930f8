/** How many recent request ids are remembered: far more than a page can have in flight. */
const REMEMBERED = 1_000;

/**
 * The request ids the background has seen, with how each one ended. A page makes one per user action; the same id
 * twice (a double delivery, a page resending after a reconnect) is one action: the repeat is not carried out again,
 * it gets the first one's outcome once that is known.
 */
export class RequestLog<Outcome> {
  private readonly outcomes = new Map<string, Promise<Outcome>>();

  /** Carries out `run` the first time `requestId` is seen; a repeat waits for and returns the first outcome. */
  once(requestId: string, run: () => Promise<Outcome>): { first: boolean; outcome: Promise<Outcome> } {
    const known = this.outcomes.get(requestId);
    if (known) return { first: false, outcome: known };
    const outcome = run();
    this.outcomes.set(requestId, outcome);
    if (this.outcomes.size > REMEMBERED) this.outcomes.delete(this.outcomes.keys().next().value!);
    return { first: true, outcome };
  }
}
