import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { poeMessage } from '@/lib/chat/poe-messages';
import { toErrorInfo } from '@/lib/chat/errors';
import { PoeError } from '@/lib/poe';
import { useUiLanguage } from './setup/i18n';

describe('lib/poe sentences read back into the catalogue', () => {
  it('a known sentence and a known pattern come from the catalogue', () => {
    expect(poeMessage('You are out of Poe points.')).toBe('You are out of Poe points.');
    expect(poeMessage("Bot 'Nope-Bot' does not exist.")).toContain('Nope-Bot');
  });

  it('a message named like a property of every object is passed through, not looked up on Object.prototype', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
      expect(poeMessage(name)).toBe(name);
      expect(toErrorInfo(new PoeError('protocol', name)).message).toBe(name);
    }
  });
});

describe('every sentence lib/poe can say is in the catalogue', () => {
  /**
   * The string literals of a source file: quoted or backquoted without `${}`, comments skipped (TypeScript 7 has no JS
   * API to parse with; lib/poe uses no regular expression literal holding a quote).
   */
  function stringLiterals(source: string): string[] {
    const literals: string[] = [];
    let index = 0;
    while (index < source.length) {
      const char = source[index]!;
      if (source.startsWith('//', index)) index = source.indexOf('\n', index) === -1 ? source.length : source.indexOf('\n', index);
      else if (source.startsWith('/*', index)) index = source.indexOf('*/', index + 2) + 2;
      else if (char === "'" || char === '"' || char === '`') {
        let text = '';
        let end = index + 1;
        let plain = true;
        while (end < source.length && source[end] !== char) {
          if (source[end] === '\\') {
            text += source[end + 1];
            end += 2;
            continue;
          }
          if (char === '`' && source.startsWith('${', end)) plain = false;
          text += source[end];
          end++;
        }
        if (plain) literals.push(text);
        index = end + 1;
      } else index++;
    }
    return literals;
  }

  /** Sentences that never reach the screen as a message: a technical detail, an internal rejection that is caught. */
  const NOT_SHOWN = new Set([
    "The stream ended without a 'done' event and without any output.",
    'The attempt was aborted.',
  ]);

  /** Whole sentences written as plain string literals in lib/poe (a capital, words, a full stop). */
  function literalSentences(): { file: string; sentence: string }[] {
    const folder = path.resolve('lib/poe');
    return readdirSync(folder)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        stringLiterals(readFileSync(path.join(folder, file), 'utf8'))
          .filter((literal) => /^[A-Z][^\n]* [^\n]*[.!?]$/.test(literal))
          .map((sentence) => ({ file, sentence })),
      );
  }

  it('finds the sentences (the scan itself works)', () => {
    expect(literalSentences().map(({ sentence }) => sentence)).toContain('You are out of Poe points.');
  });

  it('each comes out in German, so a sentence reworded in lib/poe cannot fall back to English unnoticed', async () => {
    const back = await useUiLanguage('de');
    try {
      const untranslated = literalSentences().filter(({ sentence }) => !NOT_SHOWN.has(sentence) && poeMessage(sentence) === sentence);
      expect(untranslated.map(({ file, sentence }) => `${file}: ${sentence}`)).toEqual([]);
    } finally {
      back();
    }
  });
});
