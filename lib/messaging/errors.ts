import * as z from 'zod/mini';

/**
 * What went wrong, as pages see it: coarse enough for a page to offer the way out (enter a new key, buy points,
 * wait for a countdown, retry). The background maps every failure to one of these in one place
 * (`lib/chat/error-info.ts`); pages pick the way out by kind in one place (`components/ErrorNotice.tsx`).
 */
export const ERROR_KINDS = [
  /** The key was rejected (revoked) or there is none: the way out is entering a key. */
  'auth',
  /** No points left: the way out is buying points. Never retried. */
  'insufficient_points',
  /** Poe refused (moderation, permissions). */
  'forbidden',
  /** A free account asked a paid bot: the ways out are upgrading on Poe or picking a free bot. */
  'subscription_required',
  /** Unknown bot or endpoint. */
  'not_found',
  /** Nothing arrived in time. */
  'timeout',
  /** A message or file over a limit. */
  'too_large',
  /** Poe is rate-limiting the key; retried after a visible countdown. */
  'rate_limited',
  /** Poe or the model failed. */
  'server',
  /** Poe could not be reached. */
  'network',
  /** Poe answered something unreadable, or a stream ended early. */
  'protocol',
  /** The bot reported an error in its own words. */
  'bot',
  /** The request was cancelled. */
  'aborted',
  /** Input the background refused (a bad URL, a file no longer there). */
  'invalid_input',
  /** The answer was cut off (the browser stopped the background, the connection broke mid-answer). */
  'interrupted',
  /** The conversation already has an answer on its way; one run per conversation. */
  'busy',
  /** A web page could not be read (the browser's own pages, a missing permission). */
  'page',
  /** A bug of ours. */
  'internal',
] as const;

export const errorKindSchema = z.catch(z.enum(ERROR_KINDS), 'internal');
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const errorInfoSchema = z.object({
  kind: errorKindSchema,
  /** For people: what happened, in plain words. */
  message: z.string(),
  status: z.optional(z.number()),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;
