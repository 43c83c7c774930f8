/** Where the bubble's layers go on the page: below the selection, kept inside the visible part of the page. */
import type { Place } from './fields';

/** The space between the selection and the menu or card under it. */
export const GAP = 6;

/** Where a selection ends, in document coordinates, and the top of its last line. */
export interface Anchor {
  x: number;
  y: number;
  top: number;
}

/** Where the selection ends, in document coordinates (the bubble goes just below it). */
export function anchorOf(doc: Document, place: Place): Anchor | null {
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

/**
 * Puts a layer at document coordinates, kept inside the visible width; one that would run past the bottom of the view
 * goes above the selection (`anchor`) instead.
 */
export function placeLayer(doc: Document, node: HTMLElement, x: number, y: number, width: number, height: number, anchor: Anchor | undefined): void {
  const view = doc.defaultView!;
  const minX = view.scrollX + 8;
  const maxX = view.scrollX + view.innerWidth - width - 8;
  const left = Math.max(minX, Math.min(x, maxX));
  const bottom = view.scrollY + view.innerHeight;
  const top = y + height > bottom && anchor ? Math.max(view.scrollY + 8, anchor.top - height - GAP) : y;
  node.style.left = `${Math.round(left)}px`;
  node.style.top = `${Math.round(top)}px`;
}
