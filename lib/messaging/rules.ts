/**
 * Facts both sides of the doors share, written once: limits the page checks before it sends and the background
 * checks again, defaults, links people are sent to, and the rule for what counts as an answer still in progress.
 */
export { DEFAULT_BASE_URL, DEFAULT_UPLOAD_BASE_URL } from '@/lib/poe/defaults';
/** Poe documents no upload limit; this is ours (protocol doc §8.2), the same as the client's default. */
export { DEFAULT_MAX_UPLOAD_BYTES as MAX_UPLOAD_BYTES } from '@/lib/poe/defaults';

/** Files on one message. */
export const MAX_ATTACHMENTS = 10;
/** Compare (issue 16): one question to this many bots at once, each answering in a conversation of its own. */
export const MIN_COMPARE_BOTS = 2;
export const MAX_COMPARE_BOTS = 4;
/** A message's text (a pasted document fits; Poe refuses what is too long with a clear error). */
export const MAX_MESSAGE_CHARS = 200_000;
/** A bot's name as typed (Poe's longest are far shorter). */
export const MAX_BOT_NAME_CHARS = 100;
/** A conversation's title. */
export const MAX_TITLE_CHARS = 200;
/** A string parameter value (e.g. a system prompt parameter). */
export const MAX_PARAMETER_CHARS = 10_000;
/** A history search query. */
export const MAX_SEARCH_CHARS = 200;
/** User-defined menu actions, and the length of each template. */
export const MAX_PROMPT_ACTIONS = 30;
export const MAX_PROMPT_TEMPLATE_CHARS = 5_000;
/** Bots shown under "Recent" in the picker. */
export const RECENT_BOTS_KEPT = 8;

/** The bot a new install starts with. */
export const DEFAULT_BOT = 'gpt-5.4';

/** Where people go to make or replace a key, and to buy points (Poe sells API points on the same page). */
export const POE_API_KEY_URL = 'https://poe.com/api_key';
export const POE_BUY_POINTS_URL = 'https://poe.com/api_key';
/** Where a free account subscribes: free accounts cannot use paid bots through the API (protocol §8.1). */
export const POE_SUBSCRIBE_URL = 'https://poe.com/subscribe';

/** After this long with nothing from Poe, the page shows how long it has been waiting (with Stop). */
export const WAITING_NOTICE_AFTER_MS = 10_000;

/** A status of an answer still on its way: nothing about it is final yet. Every other status is an end. */
export function isInProgress(status: string): boolean {
  return status === 'pending' || status === 'streaming' || status === 'retrying';
}

/** Conversations in one page of the history list (and in a snapshot). */
export const CONVERSATIONS_PAGE = 50;
/** Messages a page gets when it opens a conversation; earlier ones come on demand, this many at a time. */
export const MESSAGES_PAGE = 60;
/** Search results returned for one query. */
export const MAX_SEARCH_RESULTS = 50;

/**
 * The largest PDF a tab's "Ask about this PDF" reads (issue 14). Larger than the upload limit on purpose: a PDF too
 * large to upload can still go as its text.
 */
export const MAX_PDF_READ_BYTES = 100 * 1024 * 1024;
