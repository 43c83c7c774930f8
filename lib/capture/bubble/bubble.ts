import { t } from '@/lib/i18n';
import markdownCss from '@/lib/markdown/markdown.css?inline';
import { StreamingMarkdown } from '@/lib/markdown/streaming';
import { BUBBLE_HOST_TAG, PAGE_PORT_NAME, pageEventSchema, type PageAction, type PageCommand, type PageEvent, type PageVideo } from '@/lib/messaging/page-door';
import { isWatchPage } from '@/lib/messaging/video-pages';
import { MAX_PAGE_TEXT_CHARS } from '@/lib/messaging/page-door';
import { MAX_TITLE_CHARS } from '@/lib/messaging/rules';
import { buildCard, el } from './card';
import { placeOf, type Place } from './fields';
import { pageKeys, returnFocus } from './menu-keys';
import { actionTitle, type MenuEvent } from './menu-model';
import { fillMenu, menuBox, type MenuPicks } from './menu-view';
import { GAP, anchorOf, placeLayer, type Anchor } from './placement';
import { applyRunEvent, note, portLost, showActions, type Run } from './run';
import { pageIsDark } from './scheme';
import { BUBBLE_CSS } from './styles';
import { canWriteBack, insertBelow, replaceSelection, saveSelection, type SavedSelection } from './write-back';

export { OPEN_MENU_KEY } from './menu-keys';

/** The port the bubble talks through (the browser's, in the entrypoint). */
export interface BubblePort {
  postMessage(message: PageCommand): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}

export interface BubbleDeps {
  connect(name: string): BubblePort;
  /** "Continue in side panel": resolves with whether the browser opened it. */
  continueInPanel(requestId: string): Promise<{ opened: boolean }>;
  /** "This video" on a watch page: resolves with whether the browser opened the side panel. */
  video(action: PageVideo['action']): Promise<{ opened: boolean }>;
}

/** The Poe button's icon, built node by node (no markup parsed, so nothing a linter or a reviewer must vouch for). */
function poeIcon(doc: Document): SVGSVGElement {
  const SVG = 'http://www.w3.org/2000/svg';
  const svg = doc.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const shapes: [string, Record<string, string>][] = [
    ['rect', { x: '2', y: '3', width: '20', height: '15', rx: '5', fill: '#5d3fd3' }],
    ['path', { d: 'M7 21l3-4h4z', fill: '#5d3fd3' }],
    ['circle', { cx: '8.5', cy: '10.5', r: '1.6', fill: '#fff' }],
    ['circle', { cx: '15.5', cy: '10.5', r: '1.6', fill: '#fff' }],
  ];
  for (const [tag, attributes] of shapes) {
    const shape = doc.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) shape.setAttribute(name, value);
    svg.append(shape);
  }
  return svg;
}

function newRequestId(): string {
  // crypto.randomUUID exists only on secure pages; random bytes exist everywhere.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The selection bubble: a Poe button near selected text, its menu, and the answer card. Everything lives in a closed
 * shadow root on one empty host element; nothing is put on `window`, nothing is posted to the page.
 */
export class Bubble {
  private host: HTMLElement | null = null;
  private root: ShadowRoot | null = null;
  private layer: HTMLElement | null = null;
  private button: HTMLElement | null = null;
  private menuBox: HTMLElement | null = null;
  private port: BubblePort | null = null;
  private menu: MenuEvent | null = null;
  private selection: { place: Place; text: string; saved: SavedSelection | null; at: Anchor } | null = null;
  private run: Run | null = null;
  private gone = false;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly doc: Document,
    private readonly deps: BubbleDeps,
  ) {}

  start(): void {
    const on = <K extends keyof DocumentEventMap>(type: K, listener: (event: DocumentEventMap[K]) => void) => {
      this.doc.addEventListener(type, listener, true);
      this.cleanups.push(() => this.doc.removeEventListener(type, listener, true));
    };
    const keys = pageKeys({
      inside: (event) => this.inside(event),
      showing: () => !!(this.button || this.menuBox || this.run),
      dismiss: () => this.dismissAll(),
      selectionMade: () => {
        this.selectionMade();
        return this.selection !== null;
      },
      openMenu: () => this.openMenu(),
    });
    on('mouseup', (event) => {
      if (!this.inside(event)) queueMicrotask(() => this.selectionMade());
    });
    on('keyup', keys.keyup);
    on('mousedown', (event) => {
      if (!this.inside(event)) this.hideButton();
    });
    on('keydown', keys.keydown);
    on('selectionchange', () => {
      if (this.menuBox || !this.button) return;
      if (!placeOf(this.doc)) this.hideButton();
    });
  }

  /** Whether it was taken out of the page (a later injection may then start a new one). */
  get stopped(): boolean {
    return this.gone;
  }

  /** The user turned the bubble off here: take everything out of the page. */
  stop(): void {
    this.gone = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.port?.disconnect();
    this.host?.remove();
    this.host = null;
  }

  private inside(event: Event): boolean {
    return !!this.host && event.composedPath().includes(this.host);
  }

  // ── The host, the port ──

  private ensureRoot(): HTMLElement {
    if (this.layer && this.host?.isConnected) return this.layer;
    this.host?.remove();
    const host = this.doc.createElement(BUBBLE_HOST_TAG);
    const root = host.attachShadow({ mode: 'closed' });
    const style = el(this.doc, 'style');
    style.textContent = `${BUBBLE_CSS}\n${markdownCss}`;
    const layer = el(this.doc, 'div', 'root');
    root.append(style, layer);
    // Keys typed into the bubble (its Ask field) stop at its edge: the page's bubbling listeners never see them.
    for (const type of ['keydown', 'keyup', 'keypress', 'input', 'beforeinput', 'paste', 'copy', 'cut'] as const) {
      root.addEventListener(type, (event) => event.stopPropagation());
    }
    root.addEventListener('mousedown', (event) => {
      // Clicking the bubble keeps the page's selection (and a field's focus), except where the user means to type.
      const target = event.composedPath()[0];
      if (!(target instanceof this.doc.defaultView!.HTMLInputElement)) event.preventDefault();
    });
    this.doc.documentElement.append(host);
    this.host = host;
    this.root = root;
    this.layer = layer;
    return layer;
  }

  private connect(): BubblePort {
    if (this.port) return this.port;
    const port = this.deps.connect(PAGE_PORT_NAME);
    this.port = port;
    port.onMessage.addListener((raw) => {
      const parsed = pageEventSchema.safeParse(raw);
      if (parsed.success) this.onEvent(parsed.data);
    });
    port.onDisconnect.addListener(() => {
      this.port = null;
      if (this.run) portLost(this.run);
    });
    port.postMessage({ type: 'hello' });
    return port;
  }

  private send(command: PageCommand): void {
    try {
      this.connect().postMessage(command);
    } catch {
      // The extension was reloaded or removed: this script is an orphan and stops.
      this.stop();
    }
  }

  // ── The button ──

  private selectionMade(): void {
    if (this.gone) return;
    const found = placeOf(this.doc);
    if (!found) return;
    const at = anchorOf(this.doc, found.place);
    if (!at) return;
    const same = this.selection && this.button && this.selection.text === found.text && this.selection.at.x === at.x && this.selection.at.y === at.y;
    if (same || this.menuBox) return;
    this.selection = { ...found, saved: saveSelection(this.doc, found.place), at };
    this.closeMenu();
    try {
      this.connect();
    } catch {
      // The extension was updated or removed since this page loaded: this copy of the bubble is an orphan.
      this.stop();
      return;
    }
    const layer = this.ensureRoot();
    this.applyScheme();
    this.button?.remove();
    const button = el(this.doc, 'button', 'poe layer');
    button.type = 'button';
    button.setAttribute('aria-label', t('bubble_buttonLabel'));
    button.title = t('bubble_buttonTitle');
    button.append(poeIcon(this.doc));
    button.addEventListener('click', () => this.openMenu());
    this.place(button, at.x + 4, at.y + 4, 30, 30);
    layer.append(button);
    this.button = button;
  }

  private hideButton(): void {
    this.button?.remove();
    this.button = null;
    this.closeMenu();
  }

  private dismissAll(): void {
    // Focus that was in the bubble goes back to where the user was writing.
    if (this.doc.activeElement === this.host) returnFocus(this.doc, this.run?.saved ?? this.selection?.saved);
    this.hideButton();
    if (this.run) {
      this.run.card.box.remove();
      this.run = null;
    }
    this.selection = null;
  }

  private applyScheme(): void {
    this.layer?.classList.toggle('dark', pageIsDark(this.doc));
  }

  private place(node: HTMLElement, x: number, y: number, width: number, height: number): void {
    placeLayer(this.doc, node, x, y, width, height, this.selection?.at);
  }

  // ── The menu ──

  private openMenu(): void {
    const selection = this.selection;
    if (!selection) return;
    this.closeMenu();
    const layer = this.ensureRoot();
    const box = menuBox(this.doc, () => this.root?.activeElement);
    layer.append(box);
    this.menuBox = box;
    this.fillMenu(box);
    this.place(box, selection.at.x - 120, selection.at.y + GAP, 250, Math.min(360, box.offsetHeight || 300));
    (box.querySelector('.item') as HTMLElement | null)?.focus({ preventScroll: true });
  }

  private readonly picks: MenuPicks = {
    ask: (action) => this.ask(action),
    notHere: () => this.send({ type: 'notHere' }),
    video: (action, box) => void this.video(action, box),
  };

  private fillMenu(box: HTMLElement): void {
    if (!this.selection) return;
    fillMenu(this.doc, box, { writing: this.selection.place.kind !== 'page', menu: this.menu, watchPage: isWatchPage(this.doc.URL) }, null, this.picks);
  }

  private closeMenu(): void {
    this.menuBox?.remove();
    this.menuBox = null;
  }

  // ── The card ──

  private ask(action: PageAction): void {
    const selection = this.selection;
    if (!selection || this.gone) return;
    this.hideButton();
    this.run?.card.box.remove();
    const requestId = newRequestId();
    const layer = this.ensureRoot();
    this.applyScheme();
    const card = buildCard(this.doc, layer, actionTitle(action, this.menu), this.menu?.bot ?? '', {
      close: () => this.dismissAll(),
      stop: () => this.stopRun(),
      replace: () => this.writeBack('replace'),
      below: () => this.writeBack('below'),
      copy: () => void this.copy(),
      next: () => void this.continueInPanel(),
    });
    // No image loads by itself in a web page: its loads would show in the page's own resource timing.
    const markdown = new StreamingMarkdown(card.body, { imageTrust: () => false });
    const run: Run = { requestId, action, saved: selection.saved, text: '', ended: false, markdown, card };
    this.run = run;
    showActions(run);
    this.place(card.box, selection.at.x - 200, selection.at.y + GAP, Math.min(400, this.doc.defaultView!.innerWidth - 16), 300);
    this.send({
      type: 'ask',
      requestId,
      source: selection.place.kind === 'page' ? 'selection' : 'field',
      text: selection.text.slice(0, MAX_PAGE_TEXT_CHARS),
      title: this.doc.title.slice(0, MAX_TITLE_CHARS),
      action,
    });
    card.stop.focus({ preventScroll: true });
  }

  private onEvent(event: PageEvent): void {
    if (event.type === 'menu') {
      this.menu = event;
      if (this.menuBox) this.fillMenu(this.menuBox);
      return;
    }
    if (event.type === 'goAway') {
      this.stop();
      return;
    }
    if (this.run) applyRunEvent(this.run, event);
  }

  private stopRun(): void {
    if (this.run && !this.run.ended) this.send({ type: 'stop', requestId: this.run.requestId });
  }

  private writeBack(how: 'replace' | 'below'): void {
    const run = this.run;
    if (!run?.ended || !canWriteBack(run.saved) || !run.text) return;
    if (how === 'replace') replaceSelection(run.saved, run.text);
    else insertBelow(run.saved, run.text);
    this.dismissAll();
  }

  private async copy(): Promise<void> {
    const run = this.run;
    if (!run) return;
    try {
      await this.doc.defaultView!.navigator.clipboard.writeText(run.text);
      note(run.card, t('bubble_copied'));
    } catch {
      note(run.card, t('bubble_copyBlocked'), true);
    }
  }

  /** The video goes to the side panel, which the click opens (Chrome); Firefox's must be opened by the user. */
  private async video(action: PageVideo['action'], box: HTMLElement): Promise<void> {
    let opened = false;
    try {
      opened = (await this.deps.video(action)).opened;
    } catch {
      opened = false;
    }
    if (opened) return this.dismissAll();
    const note = el(this.doc, 'div', 'note', t('bubble_videoWaiting'));
    note.setAttribute('role', 'status');
    box.replaceChildren(note);
  }

  private async continueInPanel(): Promise<void> {
    const run = this.run;
    if (!run) return;
    let opened = false;
    try {
      opened = (await this.deps.continueInPanel(run.requestId)).opened;
    } catch {
      opened = false;
    }
    if (this.run !== run) return;
    if (opened) this.dismissAll();
    else note(run.card, t('bubble_openPanel'));
  }
}
