/**
 * TeX → MathML with Temml, in its own lazily loaded chunk. Temml's output is never inserted as markup: its MathML tree
 * (Temml's `__renderToMathMLTree`, the tree its own `toNode` walks) is re-created element by element through an
 * allow-list of MathML Core elements and presentation attributes with plain values. No `href`, no `id`, no event
 * handlers, no HTML inside math (`annotation-xml` is not on the list), styles only from a few properties with values
 * that cannot hold a URL or a second declaration. Anything else fails the formula, which then stays as source text.
 *
 * Temml is called untrusted (`trust: false`: `\href`, `\url`, `\htmlClass`, `\includegraphics` are errors) with macro
 * expansion and sizes capped, and only on formulas within the length and brace-nesting limits below.
 */
import temml, { type Options } from 'temml';
import { MAX_DISPLAY_TEX } from './math-syntax';

const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';
const TEX_ENCODING = 'application/x-tex';

/** MathML Core presentation elements Temml produces (plus `annotation`, which may hold text only). */
const ELEMENTS = new Set([
  'math', 'semantics', 'annotation', 'mrow', 'mi', 'mn', 'mo', 'ms', 'mtext', 'mspace', 'msub', 'msup', 'msubsup',
  'munder', 'mover', 'munderover', 'mfrac', 'msqrt', 'mroot', 'mstyle', 'merror', 'mpadded', 'mphantom', 'mtable',
  'mtr', 'mtd', 'mmultiscripts', 'mprescripts', 'none', 'menclose',
]);

/** Presentation attributes; every value must also match VALUE (and `annotation` may have encoding="application/x-tex"). */
const ATTRIBUTES = new Set([
  'display', 'displaystyle', 'scriptlevel', 'mathvariant', 'mathsize', 'mathcolor', 'mathbackground', 'stretchy',
  'symmetric', 'largeop', 'movablelimits', 'fence', 'separator', 'form', 'lspace', 'rspace', 'minsize', 'maxsize',
  'width', 'height', 'depth', 'voffset', 'linethickness', 'columnalign', 'rowalign', 'columnspacing', 'rowspacing',
  'columnlines', 'rowlines', 'frame', 'framespacing', 'accent', 'accentunder', 'notation',
]);
/** Words, numbers with units, colours: no parentheses (no url(), no functions), no `;` or `:` (no second declaration). */
const VALUE = /^[#A-Za-z0-9 .%+-]{0,64}$/;
/** Style properties Temml sets (colour, boxes, padding), by their CSSOM names. */
const STYLES = new Map([
  ['color', 'color'], ['backgroundColor', 'background-color'], ['padding', 'padding'], ['paddingLeft', 'padding-left'],
  ['paddingRight', 'padding-right'], ['border', 'border'], ['borderTop', 'border-top'], ['borderBottom', 'border-bottom'],
  ['textAlign', 'text-align'], ['fontWeight', 'font-weight'],
]);
/** Temml's own class names (for its stretchy accents, tags, cancel strokes); anything else is dropped. */
const CLASS = /^(?:tml|ff)-[a-z0-9-]{1,32}$|^(?:upstrike|downstrike|sout|crossout)$/;

/** Formulas more deeply nested than this (or longer than the longest the parser takes) are not typeset: source shown. */
export const MAX_BRACE_DEPTH = 40;
/** A typeset formula holds at most this many elements, nested at most this deep. */
const MAX_ELEMENTS = 20_000;
const MAX_TREE_DEPTH = 200;

/** Untrusted input: no links or HTML extensions, an error throws (the source stays), expansion and sizes capped (em). */
export function temmlOptions(display: boolean): Options {
  return { displayMode: display, annotate: true, throwOnError: true, trust: false, strict: false, maxExpand: 500, maxSize: [10, 10], wrap: 'none' };
}

interface TemmlNode {
  type?: unknown;
  text?: unknown;
  attributes?: unknown;
  classes?: unknown;
  style?: unknown;
  children?: unknown;
}

class Rejected extends Error {}

function braceDepth(tex: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '\\') i++;
    else if (c === '{') max = Math.max(max, ++depth);
    else if (c === '}') depth--;
  }
  return max;
}

/** The MathML element for `tex`, or null when Temml cannot render it (an error, a limit, something not allowed). */
export function texToMathML(doc: Document, tex: string, display: boolean): Element | null {
  if (tex.length > MAX_DISPLAY_TEX || braceDepth(tex) > MAX_BRACE_DEPTH) return null;
  let tree: TemmlNode;
  try {
    tree = temml.__renderToMathMLTree(tex, temmlOptions(display)) as TemmlNode;
  } catch {
    return null; // a TeX error (throwOnError) or a stack overflow: the source stays
  }
  return mathFromTree(doc, tree);
}

/** Re-creates a Temml MathML tree through the allow-list; null when anything in it is not allowed or it is too big. */
export function mathFromTree(doc: Document, tree: unknown): Element | null {
  try {
    const built = build(doc, tree as TemmlNode, { left: MAX_ELEMENTS }, 0);
    return built instanceof Element && built.localName === 'math' && built.namespaceURI === MATHML_NS ? built : null;
  } catch (error) {
    if (error instanceof Rejected) return null;
    throw error;
  }
}

/** Re-creates one node of Temml's tree; Temml's fragments (no `type`) become DocumentFragments. */
function build(doc: Document, n: TemmlNode, counter: { left: number }, depth: number): Node {
  if (depth > MAX_TREE_DEPTH || --counter.left < 0) throw new Rejected('too big');
  if (typeof n !== 'object' || n === null) throw new Rejected('not a node');
  if (typeof n.text === 'string' && n.children === undefined) return doc.createTextNode(n.text);
  if (!Array.isArray(n.children)) throw new Rejected('unknown node');
  const children = n.children as TemmlNode[];
  if (n.type === undefined) {
    const frag = doc.createDocumentFragment();
    for (const c of children) frag.appendChild(build(doc, c, counter, depth + 1));
    return frag;
  }
  if (typeof n.type !== 'string' || !ELEMENTS.has(n.type)) throw new Rejected(`element ${String(n.type)}`);
  const el = doc.createElementNS(MATHML_NS, n.type);
  setAttributes(el, n);
  if (n.type === 'annotation') {
    // The TeX source, for copying: text only, with the one encoding.
    if (el.getAttribute('encoding') !== TEX_ENCODING || children.some((c) => typeof c.text !== 'string')) {
      throw new Rejected('annotation');
    }
    el.textContent = children.map((c) => c.text as string).join('');
    return el;
  }
  for (const c of children) el.appendChild(build(doc, c, counter, depth + 1));
  return el;
}

function setAttributes(el: Element, n: TemmlNode): void {
  const attributes = (n.attributes ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
    // Temml writes its MathML namespace as an attribute for string output; the element already has it.
    if (name === 'xmlns' || name === 'id' || name === 'style') continue;
    if (name === 'encoding') {
      if (el.localName === 'annotation' && value === TEX_ENCODING) el.setAttribute(name, value);
      continue;
    }
    if (!ATTRIBUTES.has(name) || typeof value !== 'string' || !VALUE.test(value)) continue;
    el.setAttribute(name, value);
  }
  const classes = Array.isArray(n.classes) ? (n.classes as unknown[]).filter((c): c is string => typeof c === 'string' && CLASS.test(c)) : [];
  if (classes.length > 0) el.setAttribute('class', classes.join(' '));
  // Fixed property names and values without `;`, `:` or parentheses: one declaration each, no URL, no function.
  const style = (n.style ?? {}) as Record<string, unknown>;
  const declarations: string[] = [];
  for (const key of Object.keys(style)) {
    const property = STYLES.get(key);
    const value = style[key];
    if (property && typeof value === 'string' && VALUE.test(value)) declarations.push(`${property}: ${value}`);
  }
  if (declarations.length > 0) el.setAttribute('style', declarations.join('; '));
}
