import { describe, expect, it } from 'vitest';
import { SIGN_IN_AGAIN_NOTICE_MS, formatTimeLeft, keyExpiry, keyStatusText } from '@/components/key-expiry';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;

describe('the expiry of a signed-in key', () => {
  it('says how long is left in words', () => {
    expect(formatTimeLeft(30 * DAY - 5_000)).toBe('30 days');
    expect(formatTimeLeft(29 * DAY)).toBe('29 days');
    expect(formatTimeLeft(1.5 * DAY)).toBe('1 day');
    expect(formatTimeLeft(5 * 3_600_000 + 10)).toBe('5 hours');
    expect(formatTimeLeft(3_600_000)).toBe('1 hour');
    expect(formatTimeLeft(12 * 60_000)).toBe('12 minutes');
    expect(formatTimeLeft(1_000)).toBe('1 minute');
  });

  it('asks to sign in again from three days before, and says when it has lapsed', () => {
    const info = { origin: 'signIn' as const, expiresAt: NOW + 29 * DAY };
    expect(keyExpiry(info, NOW)).toEqual({ kind: 'valid', left: '29 days' });
    expect(keyExpiry(info, NOW + 29 * DAY - SIGN_IN_AGAIN_NOTICE_MS - 1).kind).toBe('valid');
    expect(keyExpiry(info, NOW + 29 * DAY - SIGN_IN_AGAIN_NOTICE_MS)).toEqual({ kind: 'soon', left: '3 days' });
    expect(keyExpiry(info, NOW + 29 * DAY)).toEqual({ kind: 'expired' });
  });

  it('words the line in Settings', () => {
    expect(keyStatusText({ origin: 'signIn', expiresAt: NOW + 29 * DAY }, NOW)).toBe('Signed in with Poe · key expires in 29 days');
    expect(keyStatusText({ origin: 'signIn' }, NOW)).toBe('Signed in with Poe · key does not expire');
    expect(keyStatusText({ origin: 'signIn', expiresAt: NOW - 1 }, NOW)).toBe('Signed in with Poe · key expired');
    expect(keyStatusText({ origin: 'pasted' }, NOW)).toBe('Pasted API key');
    expect(keyExpiry({ origin: 'pasted' }, NOW)).toEqual({ kind: 'none' });
  });
});
