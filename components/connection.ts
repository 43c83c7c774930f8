import browser, { type Runtime } from 'webextension-polyfill';
import { backgroundEventSchema, UI_PORT_NAME, type BackgroundEvent, type UiCommand } from '@/lib/messaging/contracts';

/**
 * A page's line to the background: a named port that reconnects by itself when the background restarts (a stopped
 * service worker or a suspended Firefox event page closes every port) and asks for a fresh snapshot each time.
 */
export class BackgroundConnection {
  private port: Runtime.Port | undefined;
  private readonly queue: UiCommand[] = [];

  constructor(
    private readonly onEvent: (event: BackgroundEvent) => void,
    /** The greeting sent on every (re)connect; it asks for a snapshot. */
    private readonly hello: () => UiCommand,
  ) {}

  connect(): void {
    const port = browser.runtime.connect({ name: UI_PORT_NAME });
    this.port = port;
    port.onMessage.addListener((raw: unknown) => {
      const parsed = backgroundEventSchema.safeParse(raw);
      if (parsed.success) this.onEvent(parsed.data);
    });
    port.onDisconnect.addListener(() => {
      this.port = undefined;
      setTimeout(() => this.connect(), 250);
    });
    port.postMessage(this.hello());
    for (const command of this.queue.splice(0)) port.postMessage(command);
  }

  send(command: UiCommand): void {
    if (this.port) this.port.postMessage(command);
    else this.queue.push(command);
  }
}
