/**
 * The catalogues of issue 16 ("Seven languages"), checked three ways, each failing with everything it found at once:
 *
 * 1. The locales are exactly SUPPORTED_LOCALES; each messages.json parses and has exactly the English keys, non-empty
 *    messages, the English placeholders, and declares every $NAME$ its messages use.
 * 2. Every English key is used somewhere in lib/, components/, entrypoints/ or wxt.config.ts (no dead keys; the
 *    manifest's __MSG_name__ counts). Keys are written whole in the code (`t('usagePanel_title')`), never assembled.
 * 3. No component holds user-visible text outside the catalogue: components/ and entrypoints/ are scanned for JSX text
 *    and text given to visible props (tests/unit/i18n-scanner.ts); every offender is listed as `file:line "text"`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES } from '@/lib/i18n';
import { findStrayText, type StrayText } from './i18n-scanner';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOCALES_DIR = path.join(ROOT, 'public/_locales');

interface Entry {
  message?: unknown;
  description?: unknown;
  placeholders?: Record<string, { content?: unknown; example?: unknown }>;
}
type Catalogue = Record<string, Entry>;

// ---------------------------------------------------------------------------------------------------------------
// 1. Catalogues

/** The $NAME$ placeholders a message uses, lower-case (browsers match them case-insensitively); `$$` is a dollar. */
export function placeholdersUsed(message: string): string[] {
  return [...message.replace(/\$\$/g, '').matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((match) => (match[1] as string).toLowerCase());
}

const declared = (entry: Entry) => Object.keys(entry.placeholders ?? {}).map((name) => name.toLowerCase());
const KEY_NAME = /^([a-z][A-Za-z0-9]*_[A-Za-z0-9_]+|extName|extDescription)$/;

/** What is wrong with one locale's catalogue, measured against English (English against itself too). */
export function catalogueProblems(locale: string, english: Catalogue, catalogue: Catalogue): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(english)) if (!(key in catalogue)) problems.push(`${locale}: missing ${key}`);
  for (const key of Object.keys(catalogue)) if (!(key in english)) problems.push(`${locale}: ${key} is not an English key`);
  for (const [key, entry] of Object.entries(catalogue)) {
    if (!KEY_NAME.test(key)) problems.push(`${locale}: ${key} is not named <area>_<what>`);
    if (typeof entry.message !== 'string' || entry.message.trim() === '') {
      problems.push(`${locale}: ${key} has no message`);
      continue;
    }
    for (const name of placeholdersUsed(entry.message)) {
      if (!declared(entry).includes(name)) problems.push(`${locale}: ${key} uses $${name.toUpperCase()}$ without declaring it`);
    }
    const base = english[key];
    if (!base) continue;
    const mine = Object.fromEntries(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
    const theirs = Object.fromEntries(Object.entries(base.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
    if (JSON.stringify(Object.entries(mine).sort()) !== JSON.stringify(Object.entries(theirs).sort())) {
      problems.push(`${locale}: ${key} declares placeholders ${JSON.stringify(mine)}, English ${JSON.stringify(theirs)}`);
    }
    const usedHere = [...new Set(placeholdersUsed(entry.message))].sort().join(',');
    const usedInEnglish = typeof base.message === 'string' ? [...new Set(placeholdersUsed(base.message))].sort().join(',') : '';
    // A plural "one" form may leave its count out ("With a file:"); anything else says everything English says.
    if (usedHere !== usedInEnglish && !(key.endsWith('_one') && usedInEnglish === 'count')) {
      problems.push(`${locale}: ${key} uses {${usedHere}}, English {${usedInEnglish}}`);
    }
  }
  // Plurals come in pairs for tCount.
  for (const key of Object.keys(catalogue)) {
    const pair = key.endsWith('_one') ? key.replace(/_one$/, '_other') : key.endsWith('_other') ? key.replace(/_other$/, '_one') : undefined;
    if (pair && !(pair in catalogue)) problems.push(`${locale}: ${key} has no ${pair}`);
  }
  return problems;
}

function readCatalogue(locale: string): Catalogue {
  return JSON.parse(readFileSync(path.join(LOCALES_DIR, locale, 'messages.json'), 'utf8')) as Catalogue;
}

describe('the checker of catalogues', () => {
  const english: Catalogue = {
    usagePanel_title: { message: 'Recent usage' },
    usagePanel_left: { message: '$POINTS$ left.', placeholders: { points: { content: '$1' } } },
    heldSends_withFiles_one: { message: 'With a file:', placeholders: { count: { content: '$1' } } },
    heldSends_withFiles_other: { message: 'With $COUNT$ files:', placeholders: { count: { content: '$1' } } },
  };
  it('accepts a faithful translation, a dollar written $$ and a "one" form without its count', () => {
    const german: Catalogue = {
      usagePanel_title: { message: 'Letzte Nutzung ($$)' },
      usagePanel_left: { message: 'Noch $points$.', placeholders: { POINTS: { content: '$1' } } },
      heldSends_withFiles_one: { message: 'Mit einer Datei:', placeholders: { count: { content: '$1' } } },
      heldSends_withFiles_other: { message: 'Mit $COUNT$ Dateien:', placeholders: { count: { content: '$1' } } },
    };
    expect(catalogueProblems('en', english, english)).toEqual([]);
    expect(catalogueProblems('de', english, german)).toEqual([]);
  });
  it('names a missing key, an extra key, an empty message, a lost or undeclared placeholder and a lone plural', () => {
    const broken: Catalogue = {
      usagePanel_left: { message: 'Noch Punkte.', placeholders: { points: { content: '$1' } } },
      heldSends_withFiles_other: { message: 'Mit $N$ Dateien:', placeholders: { count: { content: '$1' } } },
      usagePanel_extra: { message: ' ' },
    };
    expect(catalogueProblems('de', english, broken)).toEqual([
      'de: missing usagePanel_title',
      'de: missing heldSends_withFiles_one',
      'de: usagePanel_extra is not an English key',
      'de: usagePanel_left uses {}, English {points}',
      'de: heldSends_withFiles_other uses $N$ without declaring it',
      'de: heldSends_withFiles_other uses {n}, English {count}',
      'de: usagePanel_extra has no message',
      'de: heldSends_withFiles_other has no heldSends_withFiles_one',
    ]);
  });
});

describe('the catalogues', () => {
  it('are exactly the supported locales, en the default', () => {
    const folders = readdirSync(LOCALES_DIR).filter((name) => statSync(path.join(LOCALES_DIR, name)).isDirectory());
    expect(folders.sort()).toEqual([...SUPPORTED_LOCALES].sort());
    expect(readFileSync(path.join(ROOT, 'wxt.config.ts'), 'utf8')).toMatch(/default_locale:\s*'en'/);
  });

  const english = readCatalogue('en');
  it.each(SUPPORTED_LOCALES.map((locale) => [locale]))('%s has every English key, translated, with the same placeholders', (locale) => {
    expect(catalogueProblems(locale, english, readCatalogue(locale))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 2. Dead keys

/** Keys that no source names: neither as a whole string literal nor as the manifest's __MSG_key__. */
export function unusedKeys(keys: readonly string[], sources: readonly string[]): string[] {
  const text = sources.join('\n');
  return keys.filter((key) => ![`'${key}'`, `"${key}"`, `\`${key}\``, `__MSG_${key}__`].some((form) => text.includes(form)));
}

function filesUnder(folder: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(ROOT, dir))) {
      const relative = `${dir}/${name}`;
      if (statSync(path.join(ROOT, relative)).isDirectory()) walk(relative);
      else if (pattern.test(name)) out.push(relative);
    }
  };
  walk(folder);
  return out.sort();
}

describe('dead keys', () => {
  it('the finder counts a key written whole or as __MSG_x__, and nothing else', () => {
    expect(unusedKeys(['a_one', 'a_two', 'extName', 'a_three'], ["t('a_one')", 'name: "__MSG_extName__"', "t(`a_${n}`)"])).toEqual(['a_two', 'a_three']);
  });
  it('every English key is used in lib/, components/, entrypoints/ or wxt.config.ts', () => {
    const sources = [...filesUnder('lib', /\.(ts|tsx)$/), ...filesUnder('components', /\.(ts|tsx)$/), ...filesUnder('entrypoints', /\.(ts|tsx|html)$/), 'wxt.config.ts'].map(
      (file) => readFileSync(path.join(ROOT, file), 'utf8'),
    );
    expect(unusedKeys(Object.keys(readCatalogue('en')), sources)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 3. Stray text

/**
 * Text that stays as it is in every language. Keep this short: each entry says why. Text with no letter at all
 * (‹ › × … · —, digits) is never reported.
 */
const ALLOWED: readonly { text: string | RegExp; why: string }[] = [
  { text: 'Poe', why: 'the service’s name' },
  { text: 'Poe Toolbar', why: 'the extension’s name, the same in every language (extName)' },
  { text: 'API', why: 'a technical name kept in every language' },
  { text: 'USD', why: 'a currency code as a column header' },
  { text: 'Markdown', why: 'a file format’s name' },
  { text: 'JSON', why: 'a file format’s name' },
  { text: /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/[\w/.-]*)?$/, why: 'a web address as the text of its own link (poe.com/api_key)' },
  { text: /^(Esc|Enter|Tab|Shift|Ctrl|Alt|Cmd)(\+(Esc|Enter|Tab|Shift|Ctrl|Alt|Cmd|[A-Z]))*$/, why: 'keyboard keys' },
];

const allowed = (text: string) => ALLOWED.some(({ text: rule }) => (typeof rule === 'string' ? rule === text : rule.test(text)));

/** The offenders of one file as `file:line "text"` (with the rule that caught it). */
export function strayTextIn(file: string, source: string): string[] {
  return findStrayText(source, { jsx: file.endsWith('.tsx') })
    .filter(({ text }: StrayText) => !allowed(text))
    .map(({ line, text, rule }) => `${file}:${line} "${text}" (${rule})`);
}

describe('the scanner of stray text', () => {
  const offenders = (source: string) => findStrayText(source).map(({ text, rule }) => `${rule}: ${text}`);
  it('finds JSX text, visible props, the branches of a child and sentences built in code', () => {
    const source = [
      "const hint = low ? `Your points are low: ${days}.` : 'Poe points left.';",
      'export const View = ({ pending, name }) => (',
      '  <section aria-label="Recent usage">',
      '    <p class="muted">Loading…</p>',
      "    <button title={`Reset ${name}`} aria-label={open ? 'Hide' : t('x')}>{pending ? 'Checking…' : label}</button>",
      '    <Fact term="Plan points" />',
      '  </section>',
      ');',
    ].join('\n');
    expect(offenders(source)).toEqual([
      'sentence: Your points are low: ⟨⟩.',
      'sentence: Poe points left.',
      'prop aria-label: Recent usage',
      'jsx-text: Loading…',
      'prop title: Reset ⟨⟩',
      'prop aria-label: Hide',
      'child: Checking…',
      'prop term: Plan points',
    ]);
    expect(findStrayText(source).map(({ line }) => line)).toEqual([1, 1, 3, 4, 5, 5, 5, 6]);
  });
  it('leaves keys, comparisons, commands, class names, types, comments, regexes and console text alone', () => {
    const source = [
      '// A comment that reads like a sentence.',
      "import { useState } from 'preact/hooks';",
      'export function View({ kind }: { kind: string }) {',
      "  const [open] = useState<string | undefined>('');",
      '  const small = /<p>Not JSX<\\/p>/.test(kind) && kind.length < 2;',
      "  console.warn('Poe Toolbar: the menus could not be rebuilt');",
      '  return (',
      '    <p class="muted small" data-testid="key-status" onClick={() => send({ type: \'allowSite\' })}>',
      "      {/* Where a key can only be pasted, this says nothing. */}",
      "      {kind === 'expired' ? t('keySetup_expired') : t('keySetup_valid', kind)}",
      "      {' '}{`${open}`}",
      '    </p>',
      '  );',
      '}',
    ].join('\n');
    expect(offenders(source)).toEqual([]);
  });
  it('the allow-list takes names, addresses and keys, not words', () => {
    expect(['Poe', 'poe.com/api_key', 'Shift+Enter', 'USD'].every(allowed)).toBe(true);
    expect(['Close', 'Poe points', 'Enter a new key'].some(allowed)).toBe(false);
  });
});

describe('no stray user-visible text', () => {
  const files = [...filesUnder('components', /\.(ts|tsx)$/), ...filesUnder('entrypoints', /\.(ts|tsx)$/)];
  it.each(files.map((file) => [file]))('%s', (file) => {
    expect(strayTextIn(file, readFileSync(path.join(ROOT, file), 'utf8'))).toEqual([]);
  });
});
