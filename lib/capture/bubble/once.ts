/**
 * One live bubble per frame. The script can reach a frame twice: the registration injects it into pages as they load,
 * and turning the bubble on also injects it into the tabs on screen (scripting.executeScript), which may already have
 * it from an earlier turn-on. Each injection runs the script again in the same isolated world, so the mark lives on
 * that world's global object: the page's own scripts (another world) never see it and cannot forge it.
 */

/** Shared by every injection of this script into one world (Symbol.for: the same key each time it is evaluated). */
const LIVE = Symbol.for('poe-toolbar.bubble');

export interface Stoppable {
  readonly stopped: boolean;
}

type Marked = { [LIVE]?: Stoppable };

/**
 * Starts a bubble with `create` unless one is already live in this world; returns the one that is live afterwards.
 * A bubble that stopped (turned off, "Not on this site") does not count: turning it on again brings a new one.
 */
export function startOnce<T extends Stoppable>(world: object, create: () => T): Stoppable {
  const marked = world as Marked;
  const live = marked[LIVE];
  if (live && !live.stopped) return live;
  const bubble = create();
  Object.defineProperty(marked, LIVE, { value: bubble, configurable: true, enumerable: false, writable: true });
  return bubble;
}
