/**
 * Math in the DOM, without the TeX engine: a formula is a `span.md-math` that first holds its source as text. Where a
 * typesetter is given (the extension's pages: `math-typeset.ts`, lazy-loaded), it replaces that text with MathML built
 * through an allow-list; where none is (the selection bubble, a content script that cannot load chunks), the source
 * stays, styled as math source. A formula is only ever made of a closed source, so nothing half-typeset is shown.
 */
import { h } from './dom';

/** Replaces a formula's source text in `el` with rendered math (now or later); leaves the text on failure. */
export type Typeset = (el: HTMLElement, tex: string, display: boolean) => void;

export const MATH_CLASS = 'md-math';
export const DISPLAY_CLASS = 'md-math-display';
/** Set on a formula the typesetter could not render (its source stays, styled subtly). */
export const ERROR_CLASS = 'md-math-error';

export function buildMath(doc: Document, raw: string, tex: string, display: boolean, typeset: Typeset | undefined): HTMLElement {
  const el = h(doc, 'span', { class: display ? `${MATH_CLASS} ${DISPLAY_CLASS}` : MATH_CLASS });
  el.textContent = raw;
  typeset?.(el, tex, display);
  return el;
}

/**
 * The LaTeX source of a formula element, as `$…$` or `$$…$$`: the TeX from its annotation once typeset, else the
 * source it shows (which is already written with its delimiters).
 */
export function mathSource(el: Element): string {
  const annotation = el.getElementsByTagName('annotation')[0];
  if (!annotation) return el.textContent ?? '';
  const tex = (annotation.textContent ?? '').trim();
  return el.classList.contains(DISPLAY_CLASS) ? `$$${tex}$$` : `$${tex}$`;
}
