/**
 * The folder table of ARCHITECTURE.md ("Folders": what each folder may import), checked against the imports of every
 * .ts/.tsx file under lib/, components/ and entrypoints/. A new arrow the table does not allow fails here, naming the
 * file, what it imports and the rule it broke; every violation is listed at once.
 *
 * Counted as an import: `import … from '…'`, `import '…'`, `export … from '…'` and `import('…')` (type-only ones too:
 * a type is still knowledge of another folder; only lib/messaging → lib/poe is allowed for types alone). Specifiers
 * starting with `@/` `~/` `@@/` `~~/` (WXT's aliases for the project root) or `.` are ours and resolved to a file;
 * anything else is a package (or `#imports`, a WXT virtual module) and allowed everywhere, except in lib/poe, which is
 * pure TypeScript: no webextension-polyfill, wxt, #imports, nor the `browser`/`chrome` globals.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// ---------------------------------------------------------------------------------------------------------------
// The table (ARCHITECTURE.md → Folders), written once. A folder may always import from itself.

interface FolderRule {
  /** Folders it may import anything from. '*' = every folder of ours. */
  may: readonly string[] | '*';
  /** Folders it may import types from, and nothing else. */
  typesFrom?: readonly string[];
  /** Single files it may import anything from (a folder's published constants). */
  filesFrom?: readonly string[];
  /** No browser APIs, no WXT: pure TypeScript. */
  pure?: boolean;
}

const FOLDER_TABLE: Readonly<Record<string, FolderRule>> = {
  'lib/poe': { may: [], pure: true },
  // Poe's addresses and default limits are stated once, in lib/poe/defaults.ts (constants, no code); the shared rules
  // re-export them rather than restating them. The one addition to ARCHITECTURE.md's table.
  // UI text (issue 16): lib/i18n is the catalogue's door, open to every folder that shows words (all but lib/poe).
  // The second addition to ARCHITECTURE.md's table.
  'lib/i18n': { may: [], typesFrom: ['public'] },
  'lib/messaging': { may: ['lib/i18n'], typesFrom: ['lib/poe'], filesFrom: ['lib/poe/defaults.ts'] },
  'lib/chat': { may: ['lib/i18n', 'lib/poe', 'lib/messaging', 'lib/storage'] },
  'lib/toolbar': { may: ['lib/i18n', 'lib/chat', 'lib/messaging', 'lib/platform'] },
  'lib/storage': { may: ['lib/i18n', 'lib/messaging'] },
  'lib/platform': { may: ['lib/i18n', 'lib/messaging'] },
  'lib/capture': { may: ['lib/i18n', 'lib/messaging', 'lib/markdown'] },
  'lib/markdown': { may: ['lib/i18n'] },
  components: { may: ['lib/i18n', 'lib/messaging', 'lib/markdown', 'lib/platform'] },
  entrypoints: { may: '*' },
};

/** Packages (and virtual modules) that are the browser or WXT: not allowed where a folder is `pure`. */
const BROWSER_MODULES = /^(webextension-polyfill|wxt|#imports|@wxt-dev\/browser)(\/|$)/;
/** Globals that are the browser's extension API. */
const BROWSER_GLOBALS = new Set(['browser', 'chrome']);
const ROOT_ALIASES = ['@/', '~/', '@@/', '~~/'];

function ruleText(folder: string): string {
  const rule = FOLDER_TABLE[folder];
  if (!rule) return `${folder}/ is not a folder of ARCHITECTURE.md's table (add it there and to FOLDER_TABLE)`;
  if (rule.may === '*') return `${folder}/ may import everything`;
  const allowed = [...rule.may, ...(rule.typesFrom ?? []).map((f) => `${f} types`), ...(rule.filesFrom ?? [])];
  const text = `${folder}/ may import ${allowed.length > 0 ? allowed.join(', ') : 'nothing of ours'}`;
  return rule.pure ? `${text}, and is pure TypeScript (no webextension-polyfill, wxt, #imports, browser.*, chrome.*)` : text;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading imports: a small tokenizer that knows comments, strings, template literals and regex literals, so that an
// import written in a comment or a string is not taken for one.

interface Token {
  kind: 'id' | 'str' | 'punct';
  text: string;
}

const ID_START = /[A-Za-z_$#@]/;
const ID_PART = /[\w$]/;
/** After these a `/` starts a regex literal rather than a division. */
const STATEMENT_STARTS = new Set(['import', 'export', 'const', 'let', 'var', 'function', 'class', 'interface', 'type', 'enum', 'declare']);
const REGEX_AFTER_KEYWORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  /** Brace depth at which each open template literal's `${` was entered. */
  const templates: number[] = [];
  let braces = 0;
  let i = 0;
  const readTemplate = (): void => {
    // At a character inside a template literal: read to its end or to the next `${`.
    for (; i < src.length; i++) {
      const c = src[i];
      if (c === '\\') i++;
      else if (c === '`') {
        i++;
        return;
      } else if (c === '$' && src[i + 1] === '{') {
        i += 2;
        templates.push(braces);
        braces++;
        return;
      }
    }
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
    } else if (c === "'" || c === '"') {
      // A quote string ends at its quote or, broken, at the end of the line (e.g. an apostrophe in JSX text).
      let text = '';
      for (i++; i < src.length && src[i] !== c && src[i] !== '\n'; i++) text += src[i] === '\\' ? (src[++i] ?? '') : src[i];
      i++;
      out.push({ kind: 'str', text });
    } else if (c === '`') {
      i++;
      readTemplate();
      out.push({ kind: 'str', text: '`' });
    } else if (c === '}' && templates.length > 0 && templates.at(-1) === braces - 1) {
      templates.pop();
      braces--;
      i++;
      readTemplate();
    } else if (c === '/' && startsRegex(out.at(-1))) {
      let inClass = false;
      for (i++; i < src.length && src[i] !== '\n'; i++) {
        if (src[i] === '\\') i++;
        else if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        else if (src[i] === '/' && !inClass) break;
      }
      for (i++; i < src.length && ID_PART.test(src[i] as string); i++);
      out.push({ kind: 'str', text: '/regex/' });
    } else if (ID_START.test(c) || /\d/.test(c)) {
      let j = i + 1;
      while (j < src.length && ID_PART.test(src[j] as string)) j++;
      out.push({ kind: 'id', text: src.slice(i, j) });
      i = j;
    } else {
      if (c === '{') braces++;
      if (c === '}') braces--;
      out.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return out;
}

function startsRegex(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === 'str') return false;
  if (prev.kind === 'id') return REGEX_AFTER_KEYWORD.has(prev.text);
  return !(prev.text === ')' || prev.text === ']' || prev.text === '}');
}

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
}

/** The modules a file imports (static, export-from, dynamic), and whether it uses the browser/chrome globals. */
function readImports(source: string): { imports: ImportRef[]; browserGlobals: string[] } {
  const t = tokenize(source);
  const imports: ImportRef[] = [];
  const browserGlobals = new Set<string>();
  const is = (k: number, text: string): boolean => t[k]?.text === text && t[k]?.kind !== 'str';
  const str = (k: number): string | undefined => (t[k]?.kind === 'str' && t[k]?.text !== '`' ? t[k]?.text : undefined);

  /** From `k` (after `import`/`export`, past an optional `type`): the `from '…'` string, and whether every name is a type. */
  const clause = (k: number, wholeIsType: boolean): { at: number; spec?: string; typeOnly: boolean } => {
    let names = 0;
    let typedNames = 0;
    let depth = 0;
    let sawDefault = false;
    for (let n = 0; k < t.length && n < 400; k++, n++) {
      const tok = t[k] as Token;
      if (tok.kind === 'punct' && tok.text === ';') break;
      // No semicolon: the next statement starts.
      if (n > 0 && depth === 0 && tok.kind === 'id' && STATEMENT_STARTS.has(tok.text) && !is(k - 1, 'as')) break;
      if (depth === 0 && is(k, 'from') && str(k + 1) !== undefined) {
        return { at: k + 1, spec: str(k + 1), typeOnly: wholeIsType || (!sawDefault && names > 0 && typedNames === names) };
      }
      if (tok.kind === 'punct' && tok.text === '{') depth++;
      else if (tok.kind === 'punct' && tok.text === '}') depth--;
      else if (depth === 0 && tok.kind === 'id' && !is(k - 1, 'as')) sawDefault = true; // default import or `* as x`
      else if (depth === 1 && tok.kind === 'id' && (is(k - 1, '{') || is(k - 1, ','))) {
        names++;
        if (tok.text === 'type' && t[k + 1]?.kind === 'id' && !is(k + 1, 'as')) typedNames++;
      }
    }
    return { at: k, typeOnly: false };
  };

  for (let k = 0; k < t.length; k++) {
    const tok = t[k] as Token;
    if (tok.kind !== 'id' || is(k - 1, '.')) continue;
    if (BROWSER_GLOBALS.has(tok.text) && is(k + 1, '.') && !is(k - 1, '?')) browserGlobals.add(tok.text);
    if (tok.text === 'import') {
      if (is(k + 1, '(')) {
        const spec = str(k + 2);
        if (spec !== undefined && is(k + 3, ')')) {
          // `typeof import('x')` or `import('x').Name` in a type: no code is loaded.
          const member = is(k + 4, '.') ? t[k + 5]?.text : undefined;
          const typeOnly = is(k - 1, 'typeof') || (member !== undefined && !['then', 'catch', 'finally'].includes(member));
          imports.push({ specifier: spec, typeOnly });
        }
        continue;
      }
      if (is(k + 1, '.')) continue; // import.meta
      const side = str(k + 1);
      if (side !== undefined) {
        imports.push({ specifier: side, typeOnly: false });
        continue;
      }
      const typeKeyword = is(k + 1, 'type') && !is(k + 2, 'from') && !is(k + 2, ',');
      const c = clause(typeKeyword ? k + 2 : k + 1, typeKeyword);
      if (c.spec !== undefined) imports.push({ specifier: c.spec, typeOnly: c.typeOnly });
      k = c.at;
    } else if (tok.text === 'export') {
      const typeKeyword = is(k + 1, 'type') && (is(k + 2, '{') || is(k + 2, '*'));
      const start = typeKeyword ? k + 2 : k + 1;
      if (!is(start, '{') && !is(start, '*')) continue;
      const c = clause(start, typeKeyword);
      if (c.spec !== undefined) imports.push({ specifier: c.spec, typeOnly: c.typeOnly });
    }
  }
  return { imports, browserGlobals: [...browserGlobals] };
}

// ---------------------------------------------------------------------------------------------------------------
// Resolving and judging.

/** The table folder a project path belongs to: lib/<x>, components, entrypoints; else its first segment. */
function folderOf(projectPath: string): string {
  const parts = projectPath.split('/');
  // lib/<x>/… is folder lib/<x>; so is lib/<x> itself (an import of the folder's index); a file lib/x.ts is in lib.
  if (parts[0] === 'lib') return parts.length >= 3 || (parts.length === 2 && !/\.\w+$/.test(parts[1] as string)) ? `lib/${parts[1]}` : 'lib';
  return parts.length > 1 ? (parts[0] as string) : `(project root)/${parts[0]}`;
}

const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.js', '/index.ts', '/index.tsx'];

/** Our file (project-relative, posix) that `specifier` in `fromFile` names; undefined for a package. */
function resolveOurs(fromFile: string, specifier: string, exists: (projectPath: string) => boolean): string | undefined {
  let target: string;
  const alias = ROOT_ALIASES.find((a) => specifier.startsWith(a));
  if (alias) target = path.posix.normalize(specifier.slice(alias.length));
  else if (specifier === '@' || specifier === '~') target = '.';
  else if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
    target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  } else return undefined;
  for (const ext of EXTENSIONS) if (exists(target + ext)) return target + ext;
  return target; // not found (tsc reports that); judged by its folder all the same
}

interface SourceFile {
  /** Project-relative, with forward slashes, e.g. components/Foo.tsx. */
  path: string;
  source: string;
}

/** Every import arrow (and browser use in a pure folder) that the table does not allow, one line each. */
function checkArchitecture(files: readonly SourceFile[], exists: (projectPath: string) => boolean): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const from = folderOf(file.path);
    const rule = FOLDER_TABLE[from];
    if (!rule) {
      violations.push(`${file.path}: ${ruleText(from)}`);
      continue;
    }
    const { imports, browserGlobals } = readImports(file.source);
    for (const { specifier, typeOnly } of imports) {
      const target = resolveOurs(file.path, specifier, exists);
      if (target === undefined) {
        if (rule.pure && BROWSER_MODULES.test(specifier)) violations.push(`${file.path} imports ${specifier}: ${ruleText(from)}`);
        continue;
      }
      const to = folderOf(target);
      if (to === from || rule.may === '*' || rule.may.includes(to)) continue;
      if (typeOnly && rule.typesFrom?.includes(to)) continue;
      if (rule.filesFrom?.includes(target)) continue;
      const kind = rule.typesFrom?.includes(to) ? ' (values, not only types)' : typeOnly ? ' (types only)' : '';
      violations.push(`${file.path} imports ${target}${kind}: ${ruleText(from)}`);
    }
    if (rule.pure) for (const name of browserGlobals) violations.push(`${file.path} uses ${name}.*: ${ruleText(from)}`);
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------------------------

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function sourcesUnder(dir: string): SourceFile[] {
  const abs = path.join(ROOT, dir);
  if (!existsSync(abs)) return [];
  const out: SourceFile[] = [];
  for (const name of readdirSync(abs)) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sourcesUnder(rel));
    else if (/\.(ts|tsx|mts)$/.test(name)) out.push({ path: rel, source: readFileSync(path.join(ROOT, rel), 'utf8') });
  }
  return out;
}

const existsInProject = (projectPath: string): boolean => {
  const abs = path.join(ROOT, projectPath);
  return existsSync(abs) && statSync(abs).isFile();
};

describe('the folder table of ARCHITECTURE.md', () => {
  it('holds for every import in lib/, components/ and entrypoints/', () => {
    const files = ['lib', 'components', 'entrypoints'].flatMap(sourcesUnder);
    expect(files.length).toBeGreaterThan(20);
    const violations = checkArchitecture(files, existsInProject);
    if (violations.length > 0) {
      expect.fail(`${violations.length} import(s) break the folder table of ARCHITECTURE.md:\n  ${violations.join('\n  ')}`);
    }
  });
});

describe('the architecture checker itself', () => {
  const fakeTree = new Set([
    'lib/storage/settings.ts',
    'lib/messaging/contracts.ts',
    'lib/markdown/index.ts',
    'lib/platform/side-panel.ts',
    'lib/poe/index.ts',
    'lib/poe/errors.ts',
    'lib/chat/engine.ts',
    'components/Good.tsx',
  ]);
  const exists = (p: string) => fakeTree.has(p);
  const check = (file: string, source: string) => checkArchitecture([{ path: file, source }], exists);

  it('accepts the arrows the table allows, packages, and imports within a folder', () => {
    expect(
      check(
        'components/Good.tsx',
        `import { h } from 'preact';
         import browser from 'webextension-polyfill';
         import { storage } from '#imports';
         import {
           type ChatMessage,
           isInProgress,
         } from '@/lib/messaging/contracts';
         import { openSidePanel } from '../lib/platform/side-panel';
         import './theme.css';
         import { Other } from './Other';
         export const markdownReady = import('@/lib/markdown');
         let md: import('@/lib/markdown').StreamingMarkdown | undefined;`,
      ),
    ).toEqual([]);
    expect(check('lib/chat/x.ts', `import { a } from '../storage/settings'; export * from '@/lib/poe';`)).toEqual([]);
    expect(check('lib/messaging/x.ts', `import type { PoeError } from '@/lib/poe';\nexport type { PoeModel } from '@/lib/poe/index';`)).toEqual([]);
    expect(check('lib/messaging/y.ts', `import { type PoeError, type PoeEvent } from '@/lib/poe';`)).toEqual([]);
    expect(check('lib/poe/stream.ts', `import { PoeError } from './errors'; import { createParser } from 'eventsource-parser';`)).toEqual([]);
    expect(check('entrypoints/background.ts', `import { x } from '@/lib/storage/settings'; import { C } from '@/components/Good';`)).toEqual([]);
  });

  it('rejects an arrow the table does not allow, naming the file, the target and the rule', () => {
    expect(check('components/Foo.tsx', `import { baseUrlSetting } from '@/lib/storage/settings';`)).toEqual([
      'components/Foo.tsx imports lib/storage/settings.ts: components/ may import lib/i18n, lib/messaging, lib/markdown, lib/platform',
    ]);
    expect(check('lib/platform/x.ts', `export { uploadBaseUrlFor } from '../storage/settings';`)).toEqual([
      'lib/platform/x.ts imports lib/storage/settings.ts: lib/platform/ may import lib/i18n, lib/messaging',
    ]);
    expect(check('lib/markdown/x.ts', `const m = await import('@/lib/chat/engine');`)).toEqual([
      'lib/markdown/x.ts imports lib/chat/engine.ts: lib/markdown/ may import lib/i18n',
    ]);
    expect(check('lib/messaging/x.ts', `import { PoeError } from '@/lib/poe';`)).toEqual([
      'lib/messaging/x.ts imports lib/poe/index.ts (values, not only types): lib/messaging/ may import lib/i18n, lib/poe types, lib/poe/defaults.ts',
    ]);
    expect(check('components/Foo.tsx', `import type { PromptAction } from '@/lib/storage/settings';`)[0]).toContain('(types only)');
  });

  it('keeps lib/poe free of browser APIs and WXT', () => {
    const found = check(
      'lib/poe/x.ts',
      `import browser from 'webextension-polyfill';
       import { storage } from '#imports';
       import { defineItem } from 'wxt/utils/storage';
       export const id = () => chrome.runtime.id;`,
    );
    expect(found).toHaveLength(4);
    for (const line of found) expect(line).toContain('lib/poe/ may import nothing of ours, and is pure TypeScript');
    expect(check('lib/poe/y.ts', `const options = { browser: 1 }; options.browser.toString(); const x = a?.chrome;`)).toEqual([]);
  });

  it('ignores imports written in comments, strings and template literals', () => {
    const source = `// import { a } from '@/lib/storage/settings';
      /* import { b } from '@/lib/storage/settings'; */
      const s = "import { c } from '@/lib/storage/settings'";
      const t = \`import { d } from '@/lib/storage/settings' \${"}"} import('@/lib/chat/engine')\`;
      const r = /import('@\\/lib\\/chat\\/engine')/;
      const text = <p>Don't import('@/lib/chat/engine') this</p>;`;
    expect(readImports(source).imports).toEqual([]);
    // …but still sees a real import after all of them.
    expect(readImports(`${source}\nimport { e } from '@/lib/storage/settings';`).imports).toEqual([
      { specifier: '@/lib/storage/settings', typeOnly: false },
    ]);
  });

  it('reports every violation of every file at once, and files outside the table', () => {
    const found = checkArchitecture(
      [
        { path: 'components/A.tsx', source: `import { a } from '@/lib/storage/settings';\nimport { b } from '@/lib/chat/engine';` },
        { path: 'lib/toolbar/b.ts', source: `import { c } from '@/lib/storage/settings';` },
        { path: 'lib/newthing/c.ts', source: `export const c = 1;` },
      ],
      exists,
    );
    expect(found).toEqual([
      'components/A.tsx imports lib/storage/settings.ts: components/ may import lib/i18n, lib/messaging, lib/markdown, lib/platform',
      'components/A.tsx imports lib/chat/engine.ts: components/ may import lib/i18n, lib/messaging, lib/markdown, lib/platform',
      'lib/toolbar/b.ts imports lib/storage/settings.ts: lib/toolbar/ may import lib/i18n, lib/chat, lib/messaging, lib/platform',
      "lib/newthing/c.ts: lib/newthing/ is not a folder of ARCHITECTURE.md's table (add it there and to FOLDER_TABLE)",
    ]);
  });
});
