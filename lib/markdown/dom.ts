/**
 * The only way the renderer creates elements: a fixed allow-list of tags and, per tag, of attributes. No `style`,
 * no `on*`, no `id`/`name` (DOM clobbering), no innerHTML anywhere. href/src values come only from url-policy.ts.
 */

const ALLOWED = {
  p: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  blockquote: [],
  hr: [],
  ul: ['class'],
  ol: ['start', 'class'],
  li: ['class'],
  // tabindex: a code block that scrolls sideways must be reachable by keyboard.
  pre: ['tabindex'],
  code: ['class'],
  em: [],
  strong: [],
  del: [],
  br: [],
  span: ['class'],
  div: ['class'],
  // class: a video timestamp link (timestamps.ts), a fixed name.
  a: ['href', 'title', 'target', 'rel', 'class'],
  img: ['src', 'alt', 'title', 'loading', 'referrerpolicy'],
  button: ['type', 'class', 'title'],
  input: ['type', 'disabled', 'checked', 'aria-label'],
  table: [],
  // A split table's column widths (fixed class names from table.ts, never from the text).
  colgroup: [],
  col: ['class'],
  thead: [],
  tbody: [],
  tr: [],
  th: ['align'],
  td: ['align'],
} as const satisfies Record<string, readonly string[]>;

export type Tag = keyof typeof ALLOWED;
type AttrOf<T extends Tag> = (typeof ALLOWED)[T][number];
export type Attrs<T extends Tag> = Partial<Record<AttrOf<T>, string>>;

export function h<T extends Tag>(doc: Document, tag: T, attrs?: Attrs<T>): HTMLElementTagNameMap[T] {
  const el = doc.createElement(tag);
  if (attrs) {
    const allowed: readonly string[] = ALLOWED[tag];
    for (const [name, value] of Object.entries(attrs) as [string, string | undefined][]) {
      if (value === undefined) continue;
      // Belt and braces for callers that bypass the types (e.g. a spread of untyped data).
      if (!allowed.includes(name)) throw new Error(`markdown: attribute ${name} is not allowed on <${tag}>`);
      el.setAttribute(name, value);
    }
  }
  return el;
}

/** Sets or removes a class on an element we built (never leaves a stale one, nor an empty `class=""`). */
export function setClass(el: Element, cls: string | null): void {
  if (cls === null) el.removeAttribute('class');
  else if (el.getAttribute('class') !== cls) el.setAttribute('class', cls);
}
