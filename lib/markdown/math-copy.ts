/**
 * Copying a selection that holds typeset math gives each formula's LaTeX source (`$…$`, `$$…$$`) in place of the
 * glyphs the browser would copy (`x2` for x²). Selections without math are left to the browser. One listener per
 * document: the copy event goes to where the selection starts, which may be outside the answer that holds the math.
 */
import { MATH_CLASS, mathSource } from './math';

const installed = new WeakSet<Document>();

export function installMathCopy(doc: Document): void {
  if (installed.has(doc)) return;
  installed.add(doc);
  doc.addEventListener('copy', (event) => {
    const selection = doc.getSelection();
    const text = selection ? selectionWithMath(doc, selection) : null;
    if (text === null || !event.clipboardData) return;
    event.clipboardData.setData('text/plain', text);
    event.preventDefault();
  });
}

function mathAncestor(node: Node | null): Element | null {
  const el = node instanceof Element ? node : (node?.parentElement ?? null);
  return el?.closest(`.${MATH_CLASS}`) ?? null;
}

/** The selection's text with formulas as their source; null when it holds no typeset formula. */
export function selectionWithMath(doc: Document, selection: Selection): string | null {
  if (selection.isCollapsed || selection.rangeCount === 0) return null;
  const parts: string[] = [];
  let found = false;
  for (let i = 0; i < selection.rangeCount; i++) {
    const range = selection.getRangeAt(i);
    const inside = mathAncestor(range.commonAncestorContainer);
    if (inside) {
      // Part of one formula selected: its whole source.
      found = true;
      parts.push(mathSource(inside));
      continue;
    }
    const common = range.commonAncestorContainer;
    const scope = common instanceof Element ? common : common.parentElement;
    if (!scope || !Array.from(scope.getElementsByClassName(MATH_CLASS)).some((m) => range.intersectsNode(m))) {
      parts.push(range.toString());
      continue;
    }
    found = true;
    parts.push(rangeText(doc, range));
  }
  return found ? parts.join('\n') : null;
}

/**
 * The range's text as the browser would copy it (line breaks between blocks: innerText, laid out off screen), with
 * each formula, whole or partly selected, replaced by its source first.
 */
function rangeText(doc: Document, range: Range): string {
  const fragment = range.cloneContents();
  // A formula the range starts or ends in is cloned in part: take its source from the original.
  const startMath = mathAncestor(range.startContainer);
  const endMath = mathAncestor(range.endContainer);
  const clones = Array.from(fragment.querySelectorAll(`.${MATH_CLASS}`));
  clones.forEach((clone, i) => {
    const source = i === 0 && startMath ? startMath : i === clones.length - 1 && endMath ? endMath : clone;
    clone.replaceWith(doc.createTextNode(mathSource(source)));
  });
  const holder = doc.createElement('div');
  holder.style.cssText = 'position:fixed;left:-10000px;top:0;width:800px;white-space:normal';
  holder.appendChild(fragment);
  doc.body.appendChild(holder);
  const text = typeof holder.innerText === 'string' ? holder.innerText : (holder.textContent ?? '');
  holder.remove();
  return text;
}
