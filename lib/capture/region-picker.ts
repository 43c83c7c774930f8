import { t } from '@/lib/i18n';
import type { ContentMessage } from '@/lib/messaging/content-contracts';

type Selected = Extract<ContentMessage, { type: 'region.selected' }>;
export type RegionRect = Selected['rect'];
export type RegionViewport = Selected['viewport'];
export interface RegionOutcome {
  rect: RegionRect;
  viewport: RegionViewport;
}

export interface RegionPickerOptions {
  /** Drags narrower or shorter than this (CSS px) are ignored. */
  minSize?: number;
  /** Waits after the overlay is removed, before the outcome is reported (default: two animation frames). */
  afterRemoved?: (win: Window) => Promise<void>;
}

export const REGION_PICKER_TAG = 'poe-toolbar-region-picker';

const DIM = 'rgba(0, 0, 0, 0.45)';

/** One picker per document: starting another replaces the open one (which reports `null`). */
const open = new WeakMap<Document, () => void>();

/**
 * Shows a full-viewport overlay on which the user drags a rectangle. Reports, once, the rectangle in CSS px relative
 * to the viewport with the viewport's size, or `null` when cancelled (Esc, the context menu's click, or the returned
 * function).
 *
 * The overlay lives in a closed shadow root on a host appended to `<html>`, styled only through its own elements'
 * inline styles (so no page style sheet reaches in, nothing leaks out, and no page CSP can block it). It is removed
 * before the outcome is reported, and a selection is reported only after two animation frames, so a screenshot taken
 * on receipt does not show it.
 */
export function startRegionPicker(
  doc: Document,
  onDone: (outcome: RegionOutcome | null) => void,
  options: RegionPickerOptions = {},
): () => void {
  open.get(doc)?.();
  const win = doc.defaultView;
  if (!win) {
    onDone(null);
    return () => {};
  }
  const view: Window = win;
  const minSize = options.minSize ?? 4;
  const afterRemoved = options.afterRemoved ?? twoFrames;

  const host = doc.createElement(REGION_PICKER_TAG);
  setStyles(host, {
    all: 'initial',
    position: 'fixed',
    inset: '0',
    width: '100%',
    height: '100%',
    margin: '0',
    padding: '0',
    border: '0',
    display: 'block',
    'z-index': '2147483647',
    'pointer-events': 'auto',
    cursor: 'crosshair',
    'touch-action': 'none',
    'user-select': 'none',
    '-webkit-user-select': 'none',
  });
  const shadow = host.attachShadow({ mode: 'closed' });
  const layer = element(doc, {
    position: 'absolute',
    inset: '0',
    background: DIM,
    cursor: 'crosshair',
    'touch-action': 'none',
    outline: 'none',
  });
  layer.tabIndex = -1;
  const box = element(doc, {
    position: 'absolute',
    display: 'none',
    'box-sizing': 'border-box',
    border: '1px solid #ffffff',
    'box-shadow': `0 0 0 1px rgba(0, 0, 0, 0.6), 0 0 0 200vmax ${DIM}`,
    'pointer-events': 'none',
  });
  const pill = {
    position: 'absolute',
    padding: '3px 8px',
    'border-radius': '4px',
    background: 'rgba(20, 20, 20, 0.85)',
    color: '#ffffff',
    font: '12px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    'white-space': 'nowrap',
    'pointer-events': 'none',
  };
  const size = element(doc, { ...pill, display: 'none' });
  const hint = element(doc, { ...pill, top: '12px', left: '50%', transform: 'translateX(-50%)' });
  hint.textContent = t('regionPicker_hint');
  layer.append(box, size, hint);
  shadow.append(layer);

  let start: { x: number; y: number } | null = null;
  let pointerId: number | null = null;
  let finished = false;

  const point = (event: PointerEvent) => ({
    x: clamp(event.clientX, 0, win.innerWidth),
    y: clamp(event.clientY, 0, win.innerHeight),
  });

  const draw = (rect: RegionRect | null): void => {
    if (!rect) {
      setStyles(box, { display: 'none' });
      setStyles(size, { display: 'none' });
      setStyles(layer, { background: DIM });
      setStyles(hint, { display: 'block' });
      return;
    }
    setStyles(layer, { background: 'transparent' });
    setStyles(hint, { display: 'none' });
    setStyles(box, {
      display: 'block',
      left: `${rect.x}px`,
      top: `${rect.y}px`,
      width: `${rect.width}px`,
      height: `${rect.height}px`,
    });
    size.textContent = `${Math.round(rect.width)} × ${Math.round(rect.height)}`;
    const below = rect.y + rect.height + 6;
    const top = below + 24 <= win.innerHeight ? below : rect.y >= 30 ? rect.y - 28 : rect.y + 6;
    setStyles(size, {
      display: 'block',
      left: `${clamp(rect.x, 4, Math.max(4, win.innerWidth - 100))}px`,
      top: `${top}px`,
    });
  };

  const onPointerDown = (event: PointerEvent): void => {
    event.preventDefault();
    event.stopPropagation();
    if (start || !event.isPrimary || (event.pointerType === 'mouse' && event.button !== 0)) return;
    start = point(event);
    pointerId = event.pointerId;
    try {
      host.setPointerCapture(event.pointerId);
    } catch {
      // Capture is a nicety (drags ending outside the window); the overlay covers the viewport anyway.
    }
  };
  const onPointerMove = (event: PointerEvent): void => {
    if (!start || event.pointerId !== pointerId) return;
    event.preventDefault();
    draw(normalise(start, point(event)));
  };
  const onPointerUp = (event: PointerEvent): void => {
    if (!start || event.pointerId !== pointerId) return;
    event.preventDefault();
    event.stopPropagation();
    const rect = normalise(start, point(event));
    start = null;
    pointerId = null;
    if (rect.width < minSize || rect.height < minSize) return draw(null);
    finish({ rect, viewport: { width: win.innerWidth, height: win.innerHeight } });
  };
  const onPointerCancel = (event: PointerEvent): void => {
    if (event.pointerId !== pointerId) return;
    start = null;
    pointerId = null;
    draw(null);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopImmediatePropagation();
    finish(null);
  };
  const swallow = (event: Event): void => {
    event.preventDefault();
    event.stopPropagation();
  };
  const onContextMenu = (event: Event): void => {
    swallow(event);
    finish(null);
  };

  const listeners: [EventTarget, string, (event: never) => void, boolean][] = [
    [host, 'pointerdown', onPointerDown, false],
    [host, 'pointermove', onPointerMove, false],
    [host, 'pointerup', onPointerUp, false],
    [host, 'pointercancel', onPointerCancel, false],
    [host, 'contextmenu', onContextMenu, false],
    [host, 'click', swallow, false],
    [win, 'keydown', onKeyDown, true],
  ];

  function finish(outcome: RegionOutcome | null): void {
    if (finished) return;
    finished = true;
    for (const [target, type, listener, capture] of listeners) {
      target.removeEventListener(type, listener as EventListener, capture);
    }
    host.remove();
    if (open.get(doc) === cancel) open.delete(doc);
    if (!outcome) return onDone(null);
    void afterRemoved(view).then(
      () => onDone(outcome),
      () => onDone(outcome),
    );
  }
  const cancel = (): void => finish(null);

  for (const [target, type, listener, capture] of listeners) {
    target.addEventListener(type, listener as EventListener, capture);
  }
  doc.documentElement.append(host);
  try {
    layer.focus({ preventScroll: true });
  } catch {
    // Focus only pulls the keyboard away from a focused field; Esc is heard on the window either way.
  }
  open.set(doc, cancel);
  return cancel;
}

/** The rectangle spanned by two points, rounded outwards to whole CSS px. */
export function normalise(a: { x: number; y: number }, b: { x: number; y: number }): RegionRect {
  const x = Math.floor(Math.min(a.x, b.x));
  const y = Math.floor(Math.min(a.y, b.y));
  return { x, y, width: Math.ceil(Math.max(a.x, b.x)) - x, height: Math.ceil(Math.max(a.y, b.y)) - y };
}

/** Two animation frames (the frame that no longer paints the overlay has been presented), or 500 ms in a hidden tab. */
function twoFrames(win: Window): Promise<void> {
  return new Promise((resolve) => {
    const timer = win.setTimeout(resolve, 500);
    win.requestAnimationFrame(() =>
      win.requestAnimationFrame(() => {
        win.clearTimeout(timer);
        resolve();
      }),
    );
  });
}

function element(doc: Document, styles: Record<string, string>): HTMLDivElement {
  const div = doc.createElement('div');
  setStyles(div, styles);
  return div;
}

/** Inline styles through the CSSOM (not the `style` attribute, which a page's CSP may refuse), all `!important`. */
function setStyles(target: HTMLElement, styles: Record<string, string>): void {
  for (const [name, value] of Object.entries(styles)) target.style.setProperty(name, value, 'important');
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
