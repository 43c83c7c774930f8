import { t } from '@/lib/i18n';
import { PoeError } from '@/lib/poe';
import type { ErrorInfo, ErrorKind } from '@/lib/messaging/errors';
import { poeMessage } from './poe-messages';

/** A command the background will not carry out as asked (a conversation busy or gone), with the reason for people. */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Why a command on a conversation that was deleted meanwhile is refused. */
export const goneMessage = (): string => t('chatErrors_gone');

/**
 * The one mapping from a failure to what pages show, in the UI language when it is made (a stored answer's error keeps
 * the language it was made in). Never includes a raw exception text (it could carry a key).
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof PoeError) {
    return { kind: error.kind, message: poeMessage(error.message), ...(error.status !== undefined ? { status: error.status } : {}) };
  }
  if (error instanceof RefusedError) return { kind: error.kind, message: error.message };
  return { kind: 'internal', message: t('chatErrors_internal') };
}

/** What a failed network call to Poe becomes when it is not a PoeError (fetch itself threw). */
export function toAccountErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof PoeError) return toErrorInfo(error);
  return { kind: 'network', message: t('poeErrors_unreachable') };
}
