import type { Handoff } from '@/lib/messaging/contracts';

/** A connected page that can take requests from web pages (a side panel). */
export interface HandoffTarget {
  post(event: { type: 'handoff'; handoff: Handoff }): void;
}

/**
 * Requests from web pages ("Ask Poe about…") on their way to the side panel. The panel is opened in the click
 * handler and may take a moment to load: a request waits here until a side panel connects, then goes at once — no
 * timers. A panel that is already open gets it immediately.
 */
export class HandoffQueue {
  private readonly waiting: Handoff[] = [];
  private readonly panels = new Set<HandoffTarget>();

  deliver(handoff: Handoff): void {
    if (this.panels.size === 0) {
      this.waiting.push(handoff);
      return;
    }
    for (const panel of this.panels) panel.post({ type: 'handoff', handoff });
  }

  /** A side panel said hello: give it what is waiting. Returns a function to call when it disconnects. */
  panelConnected(panel: HandoffTarget): () => void {
    this.panels.add(panel);
    for (const handoff of this.waiting.splice(0)) panel.post({ type: 'handoff', handoff });
    return () => this.panels.delete(panel);
  }
}
