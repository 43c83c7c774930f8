/**
 * Finds user-visible text written into a component instead of coming from the catalogue (issue 16). A small scanner
 * over the source (no TypeScript compiler: the repo's typescript 7 has no usable JS API) that knows comments,
 * strings, template literals, regex literals and JSX, and reports:
 *
 * - JSX text with a letter in it (`<p>Loading…</p>`);
 * - strings and template literals given to a visible prop (`aria-label="Close"`, `title={`Reset ${name}`}`,
 *   `placeholder`, `alt`, `label`, …, and any prop named …Label/…Title/…Text/…Note/…Message), including each branch
 *   of a condition (`title={open ? 'Hide' : 'Show'}`), but not arguments of a call (`title={t('x')}`);
 * - strings that are a JSX child's value (`{pending ? 'Checking…' : label}`), likewise;
 * - anywhere in the file, a string that reads like a sentence (a capital, a word, a space, more words: `'Try again'`,
 *   `'Your browser did not allow it.'`), which catches text a component builds in code before rendering it.
 *
 * What it cannot see: lower-case fragments built in code (`' changed'`); text a `.ts` module returns is caught only
 * by the sentence rule.
 */

export interface StrayText {
  line: number;
  text: string;
  /** Why it was reported: 'jsx-text' | 'prop <name>' | 'child' | 'sentence'. */
  rule: string;
}

/** Props whose value the user sees or hears. */
const VISIBLE_PROPS = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'summary',
  'caption',
  'heading',
  'term',
  'message',
  'hint',
  'note',
  'tooltip',
]);
const VISIBLE_PROP_SUFFIX = /(Label|Title|Text|Note|Message|Hint|Placeholder|Caption)$/;

export const isVisibleProp = (name: string) => VISIBLE_PROPS.has(name) || VISIBLE_PROP_SUFFIX.test(name);

const LETTER = /\p{L}/u;
/** Reads like words to a person: a capitalised word followed by another word ("Try again", "Saved. No limits"). */
const SENTENCE = /^\p{Lu}\p{Ll}+[,.:;!?…’']?\s+[\p{L}\d“"(⟨]/u;

const ID_START = /[A-Za-z_$]/;
const ID_PART = /[\w$]/;
/** After these keywords a `/` starts a regex and a `<` starts JSX. */
const EXPRESSION_KEYWORDS = new Set(['return', 'typeof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await', 'default']);
/** Tokens after which a string is a value of the expression (a branch), not an operand of a comparison or a key. */
const VALUE_BEFORE = new Set(['', '?', ':', '&&', '||', '??', '(', 'return', '=>']);

type Context = { kind: 'module' } | { kind: 'child' } | { kind: 'prop'; name: string };

/** `jsx`: the source may hold JSX (a .tsx file); in a .ts file `<` opens a type argument, never JSX. */
export function findStrayText(source: string, { jsx = true }: { jsx?: boolean } = {}): StrayText[] {
  const found: StrayText[] = [];
  let i = 0;
  const lineAt = (at: number) => source.slice(0, at).split('\n').length;
  const report = (at: number, text: string, rule: string) => found.push({ line: lineAt(at), text, rule });

  const skipSpace = () => {
    for (;;) {
      if (/\s/.test(source[i] ?? '')) i++;
      else if (source.startsWith('//', i)) while (i < source.length && source[i] !== '\n') i++;
      else if (source.startsWith('/*', i)) {
        const end = source.indexOf('*/', i + 2);
        i = end < 0 ? source.length : end + 2;
      } else return;
    }
  };

  const readQuoted = (): string => {
    const quote = source[i];
    let text = '';
    for (i++; i < source.length && source[i] !== quote && source[i] !== '\n'; i++) {
      if (source[i] === '\\') {
        i++;
        const escaped = source[i] ?? '';
        text += escaped === 'n' ? '\n' : escaped === 'u' || escaped === 'x' ? '\u0000' : escaped;
      } else text += source[i];
    }
    i++;
    return text;
  };

  /** A template literal from its backtick; `${…}` parts are scanned as code. Returns the static text, parts as ⟨⟩. */
  const readTemplate = (context: Context): string => {
    let text = '';
    for (i++; i < source.length; i++) {
      const c = source[i];
      if (c === '\\') text += source[++i] ?? '';
      else if (c === '`') {
        i++;
        return text;
      } else if (c === '$' && source[i + 1] === '{') {
        i += 2;
        scanCode('}', context);
        text += '⟨⟩';
        i--; // the loop's i++ steps over the closing brace
      } else text += c;
    }
    return text;
  };

  /** The next significant characters, without moving. */
  const peek = (): string => {
    const at = i;
    skipSpace();
    const next = source.slice(i, i + 3);
    i = at;
    return next;
  };

  /**
   * Code until the unmatched `close` (or the end). `context` says where the code sits: a JSX child, a prop's value or
   * plain module code; strings at the top of a child or a visible prop are text the user sees.
   */
  function scanCode(close: '}' | ')' | '', context: Context): void {
    /** Openers inside this code: '{' a block or object, 'call' a call's parentheses, '(' a group, '[' an array/index. */
    const stack: string[] = [];
    let prev = '';
    /** The identifiers and dots before `prev`, to know a call to console.* (log text, never shown). */
    let chain = '';
    const checksValues = context.kind === 'child' || (context.kind === 'prop' && isVisibleProp(context.name));
    const onString = (at: number, text: string) => {
      const next = peek();
      if (stack.includes('console')) return;
      const operand = /^(===|!==|==|!=|\.|\[|in\b|\+)/.test(next) || /^[=!]==?$/.test(prev) || prev === '+' || prev === 'case';
      if (checksValues && stack.every((open) => open === '(') && VALUE_BEFORE.has(prev) && !operand && LETTER.test(text)) {
        report(at, text.trim(), context.kind === 'prop' ? `prop ${context.name}` : 'child');
      } else if (SENTENCE.test(text.trim())) {
        report(at, text.trim(), 'sentence');
      }
    };
    while (i < source.length) {
      skipSpace();
      const at = i;
      const c = source[i];
      if (c === undefined) return;
      if (c === "'" || c === '"') {
        onString(at, readQuoted());
        prev = 'str';
      } else if (c === '`') {
        onString(at, readTemplate(context.kind === 'module' ? context : { kind: 'module' }));
        prev = 'str';
      } else if (c === '/' && startsExpression(prev)) {
        let inClass = false;
        for (i++; i < source.length && source[i] !== '\n'; i++) {
          if (source[i] === '\\') i++;
          else if (source[i] === '[') inClass = true;
          else if (source[i] === ']') inClass = false;
          else if (source[i] === '/' && !inClass) break;
        }
        for (i++; ID_PART.test(source[i] ?? ''); i++);
        prev = 'regex';
      } else if (jsx && c === '<' && startsExpression(prev) && /[A-Za-z>]/.test(source[i + 1] ?? '')) {
        scanJsx();
        prev = 'jsx';
      } else if (ID_START.test(c) || /\d/.test(c)) {
        let j = i + 1;
        while (ID_PART.test(source[j] ?? '')) j++;
        const word = source.slice(i, j);
        chain = prev === '.' ? `${chain}.${word}` : word;
        prev = word;
        i = j;
      } else if (c === '{' || c === '(' || c === '[') {
        const call = c === '(' && /^[\w$)\]]/.test(prev) && !EXPRESSION_KEYWORDS.has(prev);
        stack.push(call && chain.startsWith('console.') ? 'console' : call ? 'call' : c);
        prev = c === '(' ? '(' : c;
        i++;
      } else if (c === '}' || c === ')' || c === ']') {
        if (stack.length === 0) {
          if (c === close) i++;
          else i++; // unbalanced: keep going rather than stop the whole file
          if (c === close) return;
          continue;
        }
        stack.pop();
        prev = c;
        i++;
      } else {
        // Punctuators, longest first.
        const op = ['===', '!==', '...', '=>', '&&', '||', '??', '==', '!=', '?.'].find((o) => source.startsWith(o, i)) ?? c;
        prev = op === '?.' ? '.' : op;
        i += op.length;
      }
    }
  }

  /** A JSX element or fragment from its `<`, children included. */
  function scanJsx(): void {
    i++; // <
    if (source[i] === '>') {
      i++;
      scanChildren();
      return;
    }
    const nameStart = i;
    while (/[\w.:-]/.test(source[i] ?? '')) i++;
    const tag = source.slice(nameStart, i);
    for (;;) {
      skipSpace();
      const c = source[i];
      if (c === undefined) return;
      if (c === '/' && source[i + 1] === '>') {
        i += 2;
        return;
      }
      if (c === '>') {
        i++;
        break;
      }
      if (c === '{') {
        // {...spread}
        i++;
        scanCode('}', { kind: 'prop', name: '...' });
        continue;
      }
      const attrStart = i;
      while (/[\w:.-]/.test(source[i] ?? '')) i++;
      const name = source.slice(attrStart, i);
      if (name === '') {
        i++;
        continue;
      }
      skipSpace();
      if (source[i] !== '=') continue;
      i++;
      skipSpace();
      const valueAt = i;
      if (source[i] === '"' || source[i] === "'") {
        const value = readQuoted();
        if (isVisibleProp(name) && LETTER.test(value)) report(valueAt, value, `prop ${name}`);
      } else if (source[i] === '{') {
        i++;
        scanCode('}', { kind: 'prop', name });
      }
    }
    void tag;
    scanChildren();
  }

  /** Children up to and past the closing tag. */
  function scanChildren(): void {
    let textStart = i;
    const flushText = (end: number) => {
      const text = source.slice(textStart, end).replace(/\s+/g, ' ').trim();
      if (LETTER.test(text)) report(textStart + (source.slice(textStart, end).length - source.slice(textStart, end).trimStart().length), text, 'jsx-text');
    };
    while (i < source.length) {
      const c = source[i];
      if (c === '<' && source[i + 1] === '/') {
        flushText(i);
        const end = source.indexOf('>', i);
        i = end < 0 ? source.length : end + 1;
        return;
      }
      if (c === '<') {
        flushText(i);
        scanJsx();
        textStart = i;
      } else if (c === '{') {
        flushText(i);
        i++;
        scanCode('}', { kind: 'child' });
        textStart = i;
      } else i++;
    }
  }

  scanCode('', { kind: 'module' });
  return found;
}

/** Whether a `/` or `<` after `prev` starts an expression (a regex, JSX) rather than dividing or comparing. */
function startsExpression(prev: string): boolean {
  if (prev === '' || prev === 'str' || prev === 'regex' || prev === 'jsx') return prev === '';
  if (/^[\w$]+$/.test(prev)) return EXPRESSION_KEYWORDS.has(prev);
  return !(prev === ')' || prev === ']' || prev === '}');
}
