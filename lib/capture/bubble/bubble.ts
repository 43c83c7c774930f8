import markdownCss from '@/lib/markdown/markdown.css?inline';
import { StreamingMarkdown } from '@/lib/markdown/streaming';
import { BUBBLE_HOST_TAG, PAGE_PORT_NAME, pageEventSchema, type PageAction, type PageCommand, type PageEvent } from '@/lib/messaging/page-door';
import { MAX_PAGE_TEXT_CHARS } from '@/lib/messaging/page-door';
import { MAX_TITLE_CHARS } from '@/lib/messaging/rules';
import { placeOf, type Place } from './fields';
import { actionTitle, menuSections, rewrites, type MenuEvent, type MenuItem } from './menu-model';
import { pageIsDark } from './scheme';
import { buildCard, el, type Card } from './card';
import { BUBBLE_CSS } from './styles';
import { canWriteBack, insertBelow, replaceSelection, saveSelection, type SavedSelection } from './write-back';

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
}

/** The keyboard way in: with text selected, Alt+Enter opens the menu (documented in the README). */
export const OPEN_MENU_KEY = { key: 'Enter', altKey: true } as const;

const GAP = 6;

const POE_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><rect x="2" y="3" width="20" height="15" rx="5" fill="#5d3fd3"/><path d="M7 21l3-4h4z" fill="#5d3fd3"/><circle cx="8.5" cy="10.5" r="1.6" fill="#fff"/><circle cx="15.5" cy="10.5" r="1.6" fill="#fff"/></svg>';

function newRequestId(): string {
  // crypto.randomUUID exists only on secure pages; random bytes exist everywhere.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}


/** Where the selection ends, in document coordinates (the bubble goes just below it). */
function anchorOf(doc: Document, place: Place): { x: number; y: number; top: number } | null {
  const view = doc.defaultView!;
  let rect: DOMRect | undefined;
  if (place.kind === 'control') rect = place.element.getBoundingClientRect();
  else {
    const selection = doc.getSelection();
    if (!selection || selection.rangeCount === 0) return null;
    const rects = selection.getRangeAt(0).getClientRects();
    rect = rects[rects.length - 1] ?? selection.getRangeAt(0).getBoundingClientRect();
  }
  if (!rect) return null;
  return { x: rect.right + view.scrollX, y: rect.bottom + view.scrollY, top: rect.top + view.scrollY };
}

interface Run {
  requestId: string;
  action: PageAction;
  saved: SavedSelection | null;
  text: string;
  ended: boolean;
  markdown: StreamingMarkdown;
  card: Card;
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
  private selection: { place: Place; text: string; saved: SavedSelection | null; at: { x: number; y: number; top: number } } | null = null;
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
    on('mouseup', (event) => {
      if (!this.inside(event)) queueMicrotask(() => this.selectionMade());
    });
    // A selection made with the keyboard (Shift+arrows, Ctrl+A): any key that leaves text selected. Esc dismisses.
    on('keyup', (event) => {
      if (!this.inside(event) && event.key !== 'Escape' && event.key !== 'Tab') this.selectionMade();
    });
    on('mousedown', (event) => {
      if (!this.inside(event)) this.hideButton();
    });
    on('keydown', (event) => {
      if (event.key === 'Escape') {
        if (this.button || this.menuBox || this.run) this.dismissAll();
        return;
      }
      if (event.key === OPEN_MENU_KEY.key && event.altKey && !this.inside(event)) {
        this.selectionMade();
        if (this.selection) {
          event.preventDefault();
          this.openMenu();
        }
      }
    });
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
      const run = this.run;
      if (run && !run.ended) {
        run.ended = true;
        this.note(run.card, 'Poe Toolbar restarted and this card lost its answer. It is saved: continue in the side panel to read it.', true);
        this.showActions(run);
      }
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
    button.setAttribute('aria-label', 'Ask Poe about the selection (Alt+Enter)');
    button.title = 'Ask Poe (Alt+Enter)';
    // A fixed icon of ours, not page or bot text.
    button.innerHTML = POE_ICON;
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
    if (this.doc.activeElement === this.host) this.refocus();
    this.hideButton();
    if (this.run) {
      this.run.card.box.remove();
      this.run = null;
    }
    this.selection = null;
  }

  private refocus(): void {
    const saved = this.run?.saved ?? this.selection?.saved;
    if (!saved || saved.kind === 'page') {
      (this.doc.activeElement as HTMLElement | null)?.blur();
      return;
    }
    if (saved.kind === 'control') {
      saved.element.focus({ preventScroll: true });
      saved.element.setSelectionRange(saved.start, saved.end);
    } else {
      saved.host.focus({ preventScroll: true });
      const selection = this.doc.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(saved.range);
    }
  }

  private applyScheme(): void {
    this.layer?.classList.toggle('dark', pageIsDark(this.doc));
  }

  /** Puts a layer at document coordinates, kept inside the visible width. */
  private place(node: HTMLElement, x: number, y: number, width: number, height: number): void {
    const view = this.doc.defaultView!;
    const minX = view.scrollX + 8;
    const maxX = view.scrollX + view.innerWidth - width - 8;
    const left = Math.max(minX, Math.min(x, maxX));
    const bottom = view.scrollY + view.innerHeight;
    const top = y + height > bottom && this.selection ? Math.max(view.scrollY + 8, this.selection.at.top - height - GAP) : y;
    node.style.left = `${Math.round(left)}px`;
    node.style.top = `${Math.round(top)}px`;
  }

  // ── The menu ──

  private openMenu(): void {
    const selection = this.selection;
    if (!selection) return;
    this.closeMenu();
    const layer = this.ensureRoot();
    const box = el(this.doc, 'div', 'menu layer');
    box.setAttribute('role', 'menu');
    box.setAttribute('aria-label', 'Ask Poe');
    box.addEventListener('keydown', (event) => this.menuKeys(event, box));
    layer.append(box);
    this.menuBox = box;
    this.fillMenu(box, null);
    this.place(box, selection.at.x - 120, selection.at.y + GAP, 250, Math.min(360, box.offsetHeight || 300));
    (box.querySelector('.item') as HTMLElement | null)?.focus({ preventScroll: true });
  }

  private fillMenu(box: HTMLElement, submenu: Extract<MenuItem, { kind: 'submenu' }> | null): void {
    const selection = this.selection;
    if (!selection) return;
    box.replaceChildren();
    const writing = selection.place.kind !== 'page';
    const item = (label: string, onPick: () => void, more = false) => {
      const button = el(this.doc, 'button', 'item', label);
      button.type = 'button';
      button.setAttribute('role', 'menuitem');
      if (more) {
        button.setAttribute('aria-haspopup', 'menu');
        const arrow = el(this.doc, 'span', 'more', '›');
        arrow.setAttribute('aria-hidden', 'true');
        button.append(arrow);
      }
      button.addEventListener('click', onPick, { once: true });
      return button;
    };
    if (submenu) {
      box.append(item('‹ Back', () => this.fillMenu(box, null)), el(this.doc, 'div', 'sep'));
      for (const each of submenu.items) if (each.kind === 'action') box.append(item(each.label, () => this.ask(each.action)));
    } else {
      for (const section of menuSections(writing, this.menu)) {
        box.append(el(this.doc, 'div', 'heading', section.heading));
        for (const each of section.items) {
          box.append(each.kind === 'action' ? item(each.label, () => this.ask(each.action)) : item(each.label, () => this.fillMenu(box, each), true));
        }
      }
      box.append(el(this.doc, 'div', 'sep'), this.askField());
      const away = el(this.doc, 'button', 'away', 'Not on this site');
      away.type = 'button';
      away.title = 'Stop showing the Poe button on this site (undo in Settings)';
      away.addEventListener('click', () => this.send({ type: 'notHere' }), { once: true });
      box.append(away);
    }
    (box.querySelector('.item') as HTMLElement | null)?.focus({ preventScroll: true });
  }

  private askField(): HTMLElement {
    const form = el(this.doc, 'div', 'ask');
    const input = el(this.doc, 'input');
    input.type = 'text';
    input.placeholder = 'Ask…';
    input.setAttribute('aria-label', 'Ask Poe about the selection');
    input.maxLength = 4000;
    input.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.isComposing) return;
      event.preventDefault();
      const question = input.value.trim();
      if (question) this.ask({ kind: 'ask', question });
    });
    form.append(input);
    return form;
  }

  private menuKeys(event: KeyboardEvent, box: HTMLElement): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const items = [...box.querySelectorAll<HTMLElement>('.item, input')];
    const index = items.indexOf(this.root?.activeElement as HTMLElement);
    const next = items[(index + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length];
    next?.focus();
    event.preventDefault();
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
    this.showActions(run);
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

  /** Which buttons a card shows: Stop while streaming; the rest once there is text, Replace only where it can write. */
  private showActions(run: Run): void {
    const { card } = run;
    const hasText = run.text.length > 0;
    const writable = canWriteBack(run.saved);
    card.stop.hidden = run.ended;
    card.copy.hidden = !hasText;
    card.replace.hidden = !(run.ended && hasText && writable);
    card.below.hidden = !(run.ended && hasText && writable);
    card.replace.classList.toggle('primary', rewrites(run.action));
  }

  private note(card: Card, text: string, error = false): void {
    card.note.textContent = text;
    card.note.hidden = !text;
    card.note.classList.toggle('error', error);
  }

  private onEvent(event: PageEvent): void {
    if (event.type === 'menu') {
      this.menu = event;
      if (this.menuBox && this.selection) this.fillMenu(this.menuBox, null);
      return;
    }
    if (event.type === 'goAway') {
      this.stop();
      return;
    }
    const run = this.run;
    if (!run || event.requestId !== run.requestId || run.ended) return;
    switch (event.type) {
      case 'started':
        run.card.body.dataset.waiting = 'Poe is writing…';
        return;
      case 'delta':
        if (event.replace !== undefined) {
          run.text = event.replace;
          run.markdown.reset(event.replace);
        }
        if (event.append !== undefined) {
          run.text += event.append;
          run.markdown.append(event.append);
        }
        this.showActions(run);
        return;
      case 'ended':
        run.ended = true;
        if (event.text !== run.text) {
          run.text = event.text;
          run.markdown.reset(event.text);
        }
        run.markdown.finish();
        if (event.status === 'stopped') this.note(run.card, 'Stopped. What came so far is kept.');
        else if (event.status !== 'done') this.note(run.card, event.error ?? 'The answer was cut off. Continue in the side panel to retry.', true);
        if (!event.text) run.card.body.dataset.waiting = '';
        this.showActions(run);
        if (!run.card.replace.hidden && rewrites(run.action)) run.card.replace.focus({ preventScroll: true });
        return;
      case 'held':
        run.ended = true;
        run.card.body.dataset.waiting = '';
        this.note(run.card, event.reason);
        this.showActions(run);
        return;
      case 'failed':
        run.ended = true;
        run.card.body.dataset.waiting = '';
        this.note(run.card, event.message, true);
        this.showActions(run);
        return;
    }
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
      this.note(run.card, 'Copied.');
    } catch {
      this.note(run.card, 'This page does not let Poe Toolbar copy. Select the answer and press Ctrl+C (⌘C on a Mac).', true);
    }
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
    else this.note(run.card, 'Open the side panel (Alt+Shift+P, or Poe Toolbar’s button in the toolbar) to continue this conversation there.');
  }
}
