import browser, { type Runtime } from 'webextension-polyfill';
import { backgroundEventSchema, UI_PORT_NAME, type BackgroundEvent, type UiCommand } from '@/lib/messaging/contracts';

export interface ConnectionHandlers {
  onEvent(event: BackgroundEvent): void;
  /** The line broke (the background stopped); commands sent before will not be answered. */
  onDisconnect(): void;
  /** The greeting sent on every (re)connect; it asks for a snapshot. `first`: the page has just opened. */
  hello(first: boolean): UiCommand;
}

/**
 * A page's line to the background: a named port that reconnects by itself when the background restarts (a stopped
 * service worker or a suspended Firefox event page closes every port) and asks for a fresh snapshot each time.
 * Commands sent while the line is down wait and go out right after the greeting.
 */
export class BackgroundConnection {
  private port: Runtime.Port | undefined;
  private readonly queue: UiCommand[] = [];
  private connected = false;

  constructor(private readonly handlers: ConnectionHandlers) {}

  connect(): void {
    const port = browser.runtime.connect({ name: UI_PORT_NAME });
    const first = !this.connected;
    this.connected = true;
    this.port = port;
    port.onMessage.addListener((raw: unknown) => {
      const parsed = backgroundEventSchema.safeParse(raw);
      if (parsed.success) this.handlers.onEvent(parsed.data);
    });
    port.onDisconnect.addListener(() => {
      this.port = undefined;
      this.handlers.onDisconnect();
      setTimeout(() => this.connect(), 250);
    });
    port.postMessage(this.handlers.hello(first));
    for (const command of this.queue.splice(0)) port.postMessage(command);
  }

  send(command: UiCommand): void {
    if (!this.port) {
      this.queue.push(command);
      return;
    }
    try {
      this.port.postMessage(command);
    } catch {
      // The port closed under us: the disconnect handler reconnects, and this command goes out after the greeting.
      this.queue.push(command);
    }
  }
}
