import { PoeError } from '@/lib/poe';
import type { ErrorInfo, ErrorKind } from '@/lib/messaging/errors';

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
export const GONE_MESSAGE = 'This conversation was deleted.';

/** The one mapping from a failure to what pages show. Never includes a raw exception text (it could carry a key). */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof PoeError) {
    return { kind: error.kind, message: error.message, ...(error.status !== undefined ? { status: error.status } : {}) };
  }
  if (error instanceof RefusedError) return { kind: error.kind, message: error.message };
  return { kind: 'internal', message: 'Something went wrong in Poe Toolbar. Please try again.' };
}

/** What a failed network call to Poe becomes when it is not a PoeError (fetch itself threw). */
export function toAccountErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof PoeError) return toErrorInfo(error);
  return { kind: 'network', message: 'Could not reach Poe. Check your connection and try again.' };
}
