import { t } from '@/lib/i18n';
import { toErrorInfo } from '@/lib/chat/errors';
import type { Runtime } from 'webextension-polyfill';
import type { BackgroundEvent, Handoff, MessageStatus, Preferences } from '@/lib/messaging/contracts';
import {
  PAGE_PORT_NAME,
  pageCommandSchema,
  pageContinueSchema,
  pageVideoSchema,
  type PageCommand,
  type PageVideo,
  type PageEvent,
} from '@/lib/messaging/page-door';
import { isBlockedSite } from '@/lib/messaging/bubble-sites';
import { inPageMenus } from '@/lib/messaging/prompt-library';
import { isInProgress } from '@/lib/messaging/rules';
import { isFromExtensionPage } from '@/lib/messaging/sender';
import { isWatchPage } from '@/lib/messaging/video-pages';
import { translationLanguages } from './prompts';
import { pageLanguages, pagePrompt } from './page-prompts';

/** The port half of a content script's connection, as the door uses it. */
export type PageDoorPort = Pick<Runtime.Port, 'name' | 'sender' | 'postMessage' | 'disconnect' | 'onMessage' | 'onDisconnect'>;

/** What the door needs of the engine: a page-like client that receives one conversation's events. */
export interface DoorClient {
  conversationId: string | null;
  viewRequest?: string;
  post(event: BackgroundEvent): void;
}

export interface PageDoorDeps {
  extensionId: string;
  /** Our pages' origin (`runtime.getURL('/')`): ports from there are extension pages, never content scripts. */
  extensionOrigin: string;
  locale: string;
  preferences(): Promise<Preferences>;
  /**
   * Starts a new conversation the way page asks do (origin 'web', the spending guard applies). `client` is shown the
   * new conversation and receives its events. Throws what the engine throws; `held` tells a held ask apart.
   */
  send(turn: { requestId: string; bot: string; text: string }, client: DoorClient): Promise<{ conversationId: string }>;
  /** The spending guard's hold, when `error` is one: the request id the side panel asks about. */
  held(error: unknown): { requestId: string } | undefined;
  connect(client: DoorClient): () => void;
  stop(conversationId: string): void;
  /** "Not on this site" (the opt-in's list of sites). */
  blockSite(host: string): Promise<void>;
  /** A language picked in the field's "Translate to…": offered next time as the other language. */
  noteTranslatedInto(code: string): Promise<void>;
  /** Opens the side panel now; must be called synchronously in the message listener. */
  openPanel(tabId: number): Promise<void>;
  handoff(handoff: Handoff): void;
  /** The bubble's "This video" (issue 14): the frame's video summarized or asked about, in the side panel. */
  video(action: PageVideo['action'], target: { tabId: number; frameId: number }): void;
}

/** Where a content script's port lives: checked on every message. */
interface Origin {
  tabId: number;
  frameId: number;
  url: string;
}

/** One bubble run, from its ask to its end; stays known after the port goes (for "Continue in side panel"). */
interface PageRun {
  origin: Origin;
  conversationId?: string;
  heldRequestId?: string;
  ended: boolean;
}

/** Runs remembered for "Continue in side panel" (oldest dropped first). */
const REMEMBERED_RUNS = 50;

const ENDED: Partial<Record<MessageStatus, Extract<PageEvent, { type: 'ended' }>['status']>> = {
  complete: 'done',
  stopped: 'stopped',
  error: 'error',
  incomplete: 'interrupted',
  interrupted: 'interrupted',
};


/** The sender of a content script in a web page: our id, a tab, a frame, and a URL that is not one of our pages. */
function contentOrigin(sender: Runtime.MessageSender | undefined, deps: Pick<PageDoorDeps, 'extensionId' | 'extensionOrigin'>): Origin | undefined {
  if (!sender || sender.id !== deps.extensionId) return undefined;
  if (isFromExtensionPage(sender, deps.extensionId, deps.extensionOrigin)) return undefined;
  const tabId = sender.tab?.id;
  const frameId = sender.frameId;
  const url = sender.url ?? sender.tab?.url ?? '';
  if (tabId === undefined || tabId < 0 || frameId === undefined || !/^https?:/i.test(url)) return undefined;
  return { tabId, frameId, url };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * The page door, background side (issue 13): content scripts of the opt-in bubble connect a port, ask for runs about
 * their own page's text and receive only those runs' deltas. Everything the page sends is validated; where it is, is
 * taken from the browser's sender record and checked on every message.
 */
/** Whether the bubble may stay on a page at `url`: it is on, and the page's site is not on the "not on this site" list. */
const welcome = (url: string, { enabled, blockedSites }: Preferences['pageBubble']) => enabled && !isBlockedSite(hostOf(url), blockedSites);

export class PageDoor {
  private readonly runs = new Map<string, PageRun>();
  /** The bubbles connected now, by where they are and how to reach them. */
  private readonly pages = new Set<{ url: string; post: (event: PageEvent) => void }>();

  constructor(private readonly deps: PageDoorDeps) {}

  /**
   * The bubble was turned off, or sites were put on the list: the bubbles connected now where it may no longer be
   * leave their pages at once (the registration only decides for pages loaded from now on).
   */
  pageBubbleChanged(pageBubble: Preferences['pageBubble']): void {
    for (const page of this.pages) if (!welcome(page.url, pageBubble)) page.post({ type: 'goAway' });
  }

  /** `runtime.onConnect`: true when the port was ours to take (the page door's name), accepted or not. */
  accept(port: PageDoorPort): boolean {
    if (port.name !== PAGE_PORT_NAME) return false;
    const origin = contentOrigin(port.sender, this.deps);
    if (!origin) {
      port.disconnect();
      return true;
    }
    let open = true;
    const leave = new Set<() => void>();
    const post = (event: PageEvent) => {
      if (!open) return;
      try {
        port.postMessage(event);
      } catch {
        open = false;
      }
    };
    const page = { url: origin.url, post };
    this.pages.add(page);
    port.onDisconnect.addListener(() => {
      // The runs go on and are stored; this page just stops hearing about them.
      open = false;
      this.pages.delete(page);
      for (const each of leave) each();
      leave.clear();
    });
    port.onMessage.addListener((raw: unknown) => {
      // A port's sender cannot change, but a check that costs nothing is kept where the issue asks for it.
      const now = contentOrigin(port.sender, this.deps);
      if (!now || now.tabId !== origin.tabId || now.frameId !== origin.frameId) return;
      const parsed = pageCommandSchema.safeParse(raw);
      if (!parsed.success) return;
      void this.command(parsed.data, now, post, leave).catch(() => console.error('Poe Toolbar: a page command failed'));
    });
    return true;
  }

  private async command(command: PageCommand, origin: Origin, post: (event: PageEvent) => void, leave: Set<() => void>): Promise<void> {
    switch (command.type) {
      case 'hello': {
        // Off, or "Not on this site", sticks even where the page was opened before it changed.
        post(welcome(origin.url, (await this.deps.preferences()).pageBubble) ? await this.menu() : { type: 'goAway' });
        return;
      }
      case 'ask':
        return this.ask(command, origin, post, leave);
      case 'stop': {
        const run = this.runs.get(command.requestId);
        if (run?.conversationId && !run.ended && sameFrame(run.origin, origin)) this.deps.stop(run.conversationId);
        return;
      }
      case 'notHere': {
        const host = hostOf(origin.url);
        if (host) await this.deps.blockSite(host);
        post({ type: 'goAway' });
        return;
      }
    }
  }

  private async menu(): Promise<PageEvent> {
    const preferences = await this.deps.preferences();
    const { into, otherwise } = translationLanguages(this.deps.locale, preferences.translation);
    return {
      type: 'menu',
      // Issue 16: the saved prompts meant for the page menus; one about the whole page has no place in a selection's bubble.
      promptActions: preferences.promptActions.filter((action) => inPageMenus(action) && !action.template.includes('{page}')).map((action) => ({
        id: action.id,
        title: action.title,
        needsSelection: action.template.includes('{selection}'),
      })),
      translateInto: into,
      translateOtherwise: otherwise,
      languages: pageLanguages(this.deps.locale, preferences.translation),
      bot: preferences.selectedBot,
    };
  }

  private async ask(
    command: Extract<PageCommand, { type: 'ask' }>,
    origin: Origin,
    post: (event: PageEvent) => void,
    leave: Set<() => void>,
  ): Promise<void> {
    const { requestId } = command;
    // The same request id twice (a double click) is one run.
    if (this.runs.has(requestId)) return;
    const run: PageRun = { origin, ended: false };
    this.remember(requestId, run);
    const preferences = await this.deps.preferences();
    const prompt = pagePrompt({
      action: command.action,
      source: command.source,
      text: command.text,
      page: { title: command.title, url: origin.url },
      locale: this.deps.locale,
      translation: preferences.translation,
      promptActions: preferences.promptActions,
    });
    if (command.action.kind === 'translateTo') void this.deps.noteTranslatedInto(command.action.language).catch(() => undefined);
    if (!prompt) {
      run.ended = true;
      post({ type: 'failed', requestId, message: t('pageDoor_promptGone'), fix: 'openPanel' });
      return;
    }

    let answerId: string | undefined;
    let shown: string | null = null;
    const forward = (event: BackgroundEvent) => {
      if (run.ended || !run.conversationId || !('conversationId' in event) || event.conversationId !== run.conversationId) return;
      if (event.type === 'message' && event.message.role === 'bot') {
        answerId = event.message.id;
        if (isInProgress(event.message.status)) return;
        run.ended = true;
        stopListening();
        post({
          type: 'ended',
          requestId,
          status: ENDED[event.message.status] ?? 'error',
          text: event.message.text,
          ...(event.message.error && event.message.status !== 'stopped' ? { error: event.message.error.message } : {}),
        });
      } else if (event.type === 'delta' && event.messageId === answerId) {
        post({
          type: 'delta',
          requestId,
          ...(event.append !== undefined ? { append: event.append } : {}),
          ...(event.replace !== undefined ? { replace: event.replace } : {}),
        });
      }
    };
    // The engine shows the new conversation in this client (sets its id) before the answer's first event.
    const started = (conversationId: string) => {
      if (run.conversationId) return;
      run.conversationId = conversationId;
      post({ type: 'started', requestId, conversationId });
    };
    const client: DoorClient = {
      get conversationId() {
        return shown;
      },
      set conversationId(id) {
        shown = id;
        if (id) started(id);
      },
      post: forward,
    };
    const leaveEngine = this.deps.connect(client);
    const stopListening = () => {
      leaveEngine();
      leave.delete(stopListening);
    };
    leave.add(stopListening);
    try {
      const { conversationId } = await this.deps.send({ requestId, bot: prompt.bot ?? preferences.selectedBot, text: prompt.text }, client);
      started(conversationId);
    } catch (error) {
      stopListening();
      run.ended = true;
      const held = this.deps.held(error);
      if (held) {
        run.heldRequestId = held.requestId;
        this.deps.handoff({ kind: 'held', requestId: held.requestId });
        post({ type: 'held', requestId, reason: t('pageDoor_held') });
        return;
      }
      // Poe's and the engine's failures in the UI language; anything else is no text for people (it could carry a key).
      const info = toErrorInfo(error);
      post({ type: 'failed', requestId, message: info.kind === 'internal' ? t('pageDoor_couldNotStart') : info.message, fix: 'openPanel' });
    }
  }

  private remember(requestId: string, run: PageRun): void {
    this.runs.set(requestId, run);
    while (this.runs.size > REMEMBERED_RUNS) this.runs.delete(this.runs.keys().next().value as string);
  }

  /**
   * `runtime.onMessage`: "Continue in side panel". Opens the panel synchronously (Chrome accepts the click a content
   * script relayed; Firefox does not, and the answer says so) and hands it the run's conversation. Undefined: not ours.
   */
  onMessage(raw: unknown, sender: Runtime.MessageSender): Promise<{ opened: boolean }> | undefined {
    const video = pageVideoSchema.safeParse(raw);
    if (video.success) return this.onVideo(video.data, sender);
    const parsed = pageContinueSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    const origin = contentOrigin(sender, this.deps);
    const run = this.runs.get(parsed.data.requestId);
    if (!origin || !run || !sameFrame(run.origin, origin)) return Promise.resolve({ opened: false });
    const opening = this.deps.openPanel(origin.tabId);
    if (run.conversationId) this.deps.handoff({ kind: 'open', conversationId: run.conversationId });
    // A held ask's handoff went to the panel when it was held.
    return opening.then(
      () => ({ opened: true }),
      () => ({ opened: false }),
    );
  }

  /**
   * The bubble's "This video": only from a content script on a watch page where the bubble is welcome (the address is
   * the browser's, not the message's). The panel opens in the listener; the background reads the video itself.
   */
  private onVideo(message: PageVideo, sender: Runtime.MessageSender): Promise<{ opened: boolean }> {
    const origin = contentOrigin(sender, this.deps);
    if (!origin || !isWatchPage(origin.url)) return Promise.resolve({ opened: false });
    const opening = this.deps.openPanel(origin.tabId);
    return this.deps.preferences().then(async (preferences) => {
      if (!welcome(origin.url, preferences.pageBubble)) return { opened: false };
      this.deps.video(message.action, { tabId: origin.tabId, frameId: origin.frameId });
      return opening.then(
        () => ({ opened: true }),
        () => ({ opened: false }),
      );
    });
  }
}

function sameFrame(a: Origin, b: Origin): boolean {
  return a.tabId === b.tabId && a.frameId === b.frameId;
}
