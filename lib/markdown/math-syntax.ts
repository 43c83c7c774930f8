/**
 * Where TeX math starts and ends in inline text: `$…$` and `\(…\)` inline, `$$…$$` and `\[…\]` display (these may span
 * the lines of a paragraph). The common rule keeps prices as text: an opening `$` is not followed by a space, a closing
 * `$` is not preceded by one nor followed by a digit ("it costs $5 and $10" has no math); `\$` is a literal dollar
 * (the inline parser's escape). As in TeX, a formula holds no unescaped `$`: the next one closes it or, if it cannot (a
 * space before it, a digit after), the first `$` was no opener and stays text. Code spans and code blocks never get here: what they hold is taken before.
 *
 * Every scan says how far it looked (`reach`, see `parseInline`'s cuts): Infinity while more text could still change
 * the decision. A formula longer than the limits stays text, so an unmatched `$` decides for good within a window
 * instead of holding the rest of a long paragraph open, and the searches are memoised so a line of many `$` is linear.
 */

/** Longest inline formula (characters of TeX); a longer one stays text. */
export const MAX_INLINE_TEX = 1000;
/** Longest display formula. */
export const MAX_DISPLAY_TEX = 4000;

export interface MathFound {
  /** The TeX between the delimiters. */
  tex: string;
  display: boolean;
  /** The source as written, delimiters included (shown while it is not typeset, and where math is not rendered). */
  raw: string;
  /** Index just after the closing delimiter. */
  end: number;
}

export interface MathScan {
  math: MathFound | null;
  /** Last index the decision depended on (Infinity: it may change with more text). */
  reach: number;
}

const SPACE = /\s/;
const DIGIT = /[0-9]/;

/** Memoised "next closer at or after q" searches; one per parsed text (the parser moves forward only). */
export class MathScanner {
  private readonly memo = new Map<string, { from: number; found: number }>();

  constructor(private readonly src: string) {}

  /** At a `$`: a run of one (inline), two (display), or more (text). */
  dollar(start: number): MathScan {
    const src = this.src;
    let run = 1;
    while (src[start + run] === '$') run++;
    if (start + run >= src.length) return { math: null, reach: Infinity };
    if (run > 2) return { math: null, reach: start + run };
    if (run === 2) return this.delimited(start, '$$', '$$', true);
    if (SPACE.test(src[start + 1] ?? '')) return { math: null, reach: start + 1 };
    // As in TeX, the next unescaped `$` ends the formula; if it cannot close one, this `$` was not an opener.
    const close = this.next('$', start + 2, (j) => src[j - 1] !== '\\');
    const limit = start + 1 + MAX_INLINE_TEX;
    if (close < 0 || close > limit) return { math: null, reach: this.bound(limit + 1) };
    if (!this.closesDollar(close)) {
      // After a space the `$` can close nothing, whatever follows it; the decision needed no more than that space, so
      // the index of that `$` stays a cut and a paragraph of prices ("$5 and $10 and $15") does not hold open.
      return { math: null, reach: this.bound(SPACE.test(src[close - 1] ?? '') ? close - 1 : close + 1) };
    }
    return {
      math: { tex: src.slice(start + 1, close), display: false, raw: src.slice(start, close + 1), end: close + 1 },
      reach: this.bound(close + 1),
    };
  }

  /** At a backslash followed by `(` or `[`. */
  bracket(start: number): MathScan {
    return this.src[start + 1] === '[' ? this.delimited(start, '\\[', '\\]', true) : this.delimited(start, '\\(', '\\)', false);
  }

  private delimited(start: number, open: string, close: string, display: boolean): MathScan {
    const src = this.src;
    const from = start + open.length;
    const at = this.next(close, from, () => true);
    const limit = from + (display ? MAX_DISPLAY_TEX : MAX_INLINE_TEX);
    if (at < 0 || at > limit) return { math: null, reach: this.bound(limit + close.length) };
    const tex = src.slice(from, at);
    const end = at + close.length;
    // Nothing between the delimiters: text (`$$$$` never gets here, its run is four).
    if (!/\S/.test(tex)) return { math: null, reach: end - 1 };
    return { math: { tex, display, raw: src.slice(start, end), end }, reach: end - 1 };
  }

  /** The `$` at j closes inline math: not after a space, not before a digit. */
  private closesDollar(j: number): boolean {
    return !SPACE.test(this.src[j - 1] ?? ' ') && !DIGIT.test(this.src[j + 1] ?? '');
  }

  /** The first index ≥ q where `token` occurs and `ok` holds, or -1; memoised per token. */
  private next(token: string, q: number, ok: (j: number) => boolean): number {
    const m = this.memo.get(token);
    if (m && m.from <= q && (m.found < 0 || m.found >= q)) return m.found;
    let j = this.src.indexOf(token, q);
    while (j >= 0 && !ok(j)) j = this.src.indexOf(token, j + 1);
    this.memo.set(token, { from: q, found: j });
    return j;
  }

  /** A decision that looked up to index `at`: final once the text is longer than that. */
  private bound(at: number): number {
    return at >= this.src.length ? Infinity : at;
  }
}

/**
 * Display math left open at the end of a paragraph's line: the closer it waits for (`$$` or `\]`), or undefined.
 * While one is open the block parser starts no new block on the paragraph's next lines, so a formula's lines that look
 * like markdown (`+ a_1 x`, `- b`, `=`, `# 1`) stay inside it; `chars` counts what it has held, and past
 * MAX_DISPLAY_TEX the wait ends (a stray `$$` cannot swallow the rest of an answer). An approximation of the inline
 * scan (code spans and escapes skipped, single `$` ignored): when they disagree, only block starts are affected.
 */
export function displayMathAfter(line: string, close: string | undefined, chars: number): { close: string | undefined; chars: number } {
  let open = close;
  let held = chars;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '`' && open === undefined) {
      let n = 1;
      while (line[i + n] === '`') n++;
      const end = line.indexOf('`'.repeat(n), i + n);
      if (end >= 0) i = end + n - 1;
      else i += n - 1;
    } else if (c === '\\') {
      const next = line[i + 1];
      if (open === undefined && next === '[') open = '\\]';
      else if (open === '\\]' && next === ']') open = undefined;
      i++;
    } else if (c === '$' && line[i + 1] === '$') {
      if (open === undefined) {
        open = '$$';
        held = 0;
      } else if (open === '$$') open = undefined;
      i++;
    }
  }
  if (open === undefined) return { close: undefined, chars: 0 };
  if (open !== close) held = 0;
  held += line.length + 1;
  return held > MAX_DISPLAY_TEX ? { close: undefined, chars: 0 } : { close: open, chars: held };
}
