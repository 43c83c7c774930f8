/**
 * Characters that change how text *looks* without being seen: bidi embeddings, overrides and isolates (an override
 * makes `report_final‮gpj.exe` display as `report_finalexe.jpg`) and zero-width characters that hide or split words.
 * Untrusted text (bot output, file names, titles, pasted page text) shows each as a named marker, `⟨RLO⟩`, so nothing
 * is reordered and the reader sees what was there. Joiners (ZWJ in emoji sequences, ZWNJ in Persian and Indic
 * scripts) and the weak direction marks LRM/RLM stay: real text needs them and they do not reorder runs of text.
 *
 * Plain text (attributes, aria-labels, confirm(), the clipboard, the markdown renderer's input) gets `showHidden`;
 * components that build the DOM use `hiddenParts` to style each marker as one (see components/HiddenMarks.tsx).
 * Every character becomes the same marker wherever it is, so text replaced in pieces equals text replaced at once.
 *
 * Copying gives what is shown, markers included: an answer's Copy button, a code block's and a selection copied by
 * hand all agree. The reader checked the text as shown; raw controls pasted into a terminal, a file name, a chat or
 * an editor would reorder text there that they never saw.
 */

interface Hidden {
  /** The marker's name, shown as ⟨name⟩. */
  abbr: string;
  /** What it is, for a tooltip. */
  what: string;
  /** Bidi controls are "obeyed" when shown raw; the others are just invisible. */
  bidi: boolean;
}

const HIDDEN_CHARS: Readonly<Record<string, Hidden>> = {
  '\u202A': { abbr: 'LRE', what: 'Left-to-right embedding', bidi: true },
  '\u202B': { abbr: 'RLE', what: 'Right-to-left embedding', bidi: true },
  '\u202C': { abbr: 'PDF', what: 'Pop directional formatting', bidi: true },
  '\u202D': { abbr: 'LRO', what: 'Left-to-right override', bidi: true },
  '\u202E': { abbr: 'RLO', what: 'Right-to-left override', bidi: true },
  '\u2066': { abbr: 'LRI', what: 'Left-to-right isolate', bidi: true },
  '\u2067': { abbr: 'RLI', what: 'Right-to-left isolate', bidi: true },
  '\u2068': { abbr: 'FSI', what: 'First strong isolate', bidi: true },
  '\u2069': { abbr: 'PDI', what: 'Pop directional isolate', bidi: true },
  '\u200B': { abbr: 'ZWSP', what: 'Zero-width space', bidi: false },
  '\u2060': { abbr: 'WJ', what: 'Word joiner', bidi: false },
  '\uFEFF': { abbr: 'BOM', what: 'Byte order mark (zero-width no-break space)', bidi: false },
};

const HIDDEN = /[\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF]/g;
const HAS_HIDDEN = /[\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF]/;

/** The marker shown for a hidden character: `⟨RLO⟩` (U+27E8, U+27E9: brackets no markdown syntax uses). */
function markerOf(char: string): string {
  return `\u27E8${HIDDEN_CHARS[char]?.abbr ?? '?'}\u27E9`;
}

/** The tooltip of a marker: "Right-to-left override (U+202E), shown instead of obeyed". */
function titleOf(char: string): string {
  const hidden = HIDDEN_CHARS[char];
  const code = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (!hidden) return code;
  return `${hidden.what} (${code}), ${hidden.bidi ? 'shown instead of obeyed' : 'an invisible character, shown'}`;
}

/** Whether `text` holds any character that `showHidden` replaces. */
export function hasHidden(text: string): boolean {
  return HAS_HIDDEN.test(text);
}

/** `text` with each bidi control and invisible character replaced by its marker: `report_final⟨RLO⟩gpj.exe`. */
export function showHidden(text: string): string {
  return HAS_HIDDEN.test(text) ? text.replace(HIDDEN, markerOf) : text;
}

/**
 * `text` without a byte order mark at its very start. Only for prose that is shown whole (an answer, a message): a
 * leading BOM is what an encoder left at the start of a file, it is invisible and joins or reorders nothing there, so
 * a `⟨BOM⟩` before every such answer would be noise. Names (files, titles, bots) keep it, shown: a name that starts
 * with an invisible character is not the name it looks like. A BOM anywhere else is always shown.
 */
export function dropLeadingBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A marker in `hiddenParts`' output. */
export interface HiddenMark {
  /** `⟨RLO⟩` */
  marker: string;
  /** "Right-to-left override (U+202E), shown instead of obeyed" */
  title: string;
}

/** `text` cut into plain runs and markers, for a DOM that styles the markers; joined, it reads as `showHidden(text)`. */
export function hiddenParts(text: string): (string | HiddenMark)[] {
  const parts: (string | HiddenMark)[] = [];
  let at = 0;
  for (const match of text.matchAll(HIDDEN)) {
    const char = match[0];
    if (match.index > at) parts.push(text.slice(at, match.index));
    parts.push({ marker: markerOf(char), title: titleOf(char) });
    at = match.index + 1;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}
