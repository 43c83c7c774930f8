import { t, tCount } from '@/lib/i18n';
import type { StoredKeyInfo } from '@/lib/messaging/contracts';

/** From this long before a signed-in key lapses, pages ask the user to sign in again (Poe gives no refresh token). */
export const SIGN_IN_AGAIN_NOTICE_MS = 3 * 24 * 60 * 60 * 1000;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "30 days", "1 day", "5 hours", "1 hour", "12 minutes", "1 minute". */
export function formatTimeLeft(ms: number): string {
  if (ms >= 2 * DAY) return tCount({ one: 'keyExpiry_days_one', other: 'keyExpiry_days_other' }, Math.round(ms / DAY));
  if (ms >= DAY) return tCount({ one: 'keyExpiry_days_one', other: 'keyExpiry_days_other' }, 1);
  if (ms >= HOUR) return tCount({ one: 'keyExpiry_hours_one', other: 'keyExpiry_hours_other' }, Math.floor(ms / HOUR));
  return tCount({ one: 'keyExpiry_minutes_one', other: 'keyExpiry_minutes_other' }, Math.max(1, Math.ceil(ms / MINUTE)));
}

export type KeyExpiry =
  /** A pasted key, or a signed-in key without an expiry. */
  | { kind: 'none' }
  | { kind: 'valid'; left: string }
  /** Within {@link SIGN_IN_AGAIN_NOTICE_MS} of lapsing. */
  | { kind: 'soon'; left: string }
  | { kind: 'expired' };

export function keyExpiry(info: StoredKeyInfo | undefined, now: number): KeyExpiry {
  if (info?.expiresAt === undefined) return { kind: 'none' };
  const left = info.expiresAt - now;
  if (left <= 0) return { kind: 'expired' };
  return { kind: left <= SIGN_IN_AGAIN_NOTICE_MS ? 'soon' : 'valid', left: formatTimeLeft(left) };
}

/** The line under "Poe API key" in Settings: "Signed in with Poe · key expires in 29 days". */
export function keyStatusText(info: StoredKeyInfo | undefined, now: number): string {
  if (info?.origin !== 'signIn') return t('keyExpiry_pasted');
  const expiry = keyExpiry(info, now);
  switch (expiry.kind) {
    case 'none':
      return t('keyExpiry_signedInNoExpiry');
    case 'expired':
      return t('keyExpiry_signedInExpired');
    default:
      return t('keyExpiry_signedInExpiresIn', expiry.left);
  }
}

/** How often an expiry on screen is worked out again: often enough for "minutes", rare enough to cost nothing. */
export function expiryTick(info: StoredKeyInfo | undefined, now: number): number | undefined {
  if (info?.expiresAt === undefined) return undefined;
  return info.expiresAt - now < 2 * HOUR ? 15_000 : MINUTE;
}
