import { describe, expect, it } from 'vitest';
import { poeMessage } from '@/lib/chat/poe-messages';
import { toErrorInfo } from '@/lib/chat/errors';
import { PoeError } from '@/lib/poe';

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
