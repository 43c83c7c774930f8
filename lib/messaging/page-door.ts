import * as z from 'zod/mini';
import { MAX_TITLE_CHARS } from './rules';

/**
 * The page door (issue 13): the narrow contract between the opt-in selection bubble (a content script in a web page)
 * and the background. The bubble connects a port named {@link PAGE_PORT_NAME}, sends {@link PageCommand}s and
 * receives {@link PageEvent}s about its own runs only. It never sees the key, other conversations or settings; the
 * background checks the sender's tab and frame for every message and answers only the port that asked.
 *
 * A content script runs in the page's renderer, so everything it sends is treated as crafted by the page: the
 * background takes the page's URL from the browser's sender record, never from the message, and builds the prompt
 * itself from the action's id (the bubble cannot send a prompt of its own, only the user's typed question).
 */
export const PAGE_PORT_NAME = 'poe-toolbar-page';

/** The longest selection or field text a bubble may ask about (a long article selection fits). */
export const MAX_PAGE_TEXT_CHARS = 50_000;
/** A question typed into the bubble's "Ask…" field. */
export const MAX_PAGE_QUESTION_CHARS = 4_000;

/** What the reader asks about selected text anywhere on a page. */
export const READING_ACTIONS = ['explain', 'summarize', 'translate'] as const;
/** What the writer asks about text in a field (input, textarea, contenteditable). */
export const WRITING_ACTIONS = ['improve', 'fix', 'shorter'] as const;
/** The tones "Change tone…" offers. */
export const TONES = ['professional', 'friendly', 'casual', 'confident', 'direct'] as const;

const requestId = z.string().check(z.minLength(1), z.maxLength(100));
const language = z.string().check(z.minLength(2), z.maxLength(40));

export const pageActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reading'), id: z.enum(READING_ACTIONS) }),
  z.object({ kind: z.literal('writing'), id: z.enum(WRITING_ACTIONS) }),
  z.object({ kind: z.literal('tone'), tone: z.enum(TONES) }),
  /** Translate into this language (a BCP 47 code such as "fr"), from the field's "Translate to…" list. */
  z.object({ kind: z.literal('translateTo'), language }),
  /** One of the user's prompt actions, by id (the background fills its template). */
  z.object({ kind: z.literal('prompt'), id: z.string().check(z.minLength(1), z.maxLength(100)) }),
  /** The user's own question, typed into "Ask…". */
  z.object({ kind: z.literal('ask'), question: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_PAGE_QUESTION_CHARS)) }),
]);
export type PageAction = z.infer<typeof pageActionSchema>;

export const pageCommandSchema = z.discriminatedUnion('type', [
  /** Sent once the port is open: the background answers with `menu`. */
  z.object({ type: z.literal('hello') }),
  /**
   * Start a run about `text`: the page's selection (`source: 'selection'`) or the text of a field the user is
   * writing in (`'field'`). The page's title is a hint for the prompt; its URL comes from the sender.
   */
  z.object({
    type: z.literal('ask'),
    requestId,
    source: z.enum(['selection', 'field']),
    text: z.string().check(z.minLength(1), z.maxLength(MAX_PAGE_TEXT_CHARS)),
    title: z.string().check(z.maxLength(MAX_TITLE_CHARS)),
    action: pageActionSchema,
  }),
  /** Stop the run this port started under `requestId`. */
  z.object({ type: z.literal('stop'), requestId }),
  /** "Not on this site": the background adds the sender's site to the list the bubble stays away from. */
  z.object({ type: z.literal('notHere') }),
]);
export type PageCommand = z.infer<typeof pageCommandSchema>;

/**
 * "Continue in side panel" is a one-off `runtime.sendMessage`, not a port message: Chrome lets the background open
 * the side panel in answer to a message sent from a click in a content script, and only that way.
 */
export const pageContinueSchema = z.object({ type: z.literal('poe-toolbar-continue'), requestId });
export type PageContinue = z.infer<typeof pageContinueSchema>;

/**
 * The bubble's "This video" on a watch page (issue 14): summarize it or ask about it in the side panel. A one-off
 * message for the same reason as Continue: the click may open the panel. The background reads the video itself.
 */
export const VIDEO_ACTIONS = ['summarize', 'ask'] as const;
export const pageVideoSchema = z.object({ type: z.literal('poe-toolbar-video'), action: z.enum(VIDEO_ACTIONS) });
export type PageVideo = z.infer<typeof pageVideoSchema>;

export const pageEventSchema = z.discriminatedUnion('type', [
  /** What the bubble offers: the user's prompt actions (titles only) and the languages Translate uses. */
  z.object({
    type: z.literal('menu'),
    promptActions: z.array(z.object({ id: z.string(), title: z.string(), needsSelection: z.boolean() })),
    /** "Translate" goes into this language (its English name, e.g. "French")… */
    translateInto: z.string(),
    /** …or into this one when the text already is in it. */
    translateOtherwise: z.string(),
    /** Languages for the field's "Translate to…", codes with their names, the user's first. */
    languages: z.array(z.object({ code: language, name: z.string() })),
    /** The bot that will answer (its display name), shown on the card. */
    bot: z.string(),
  }),
  /** The run for `requestId` started: its answer streams next. */
  z.object({ type: z.literal('started'), requestId, conversationId: z.string() }),
  /** Streamed text of that run's answer. */
  z.object({ type: z.literal('delta'), requestId, append: z.optional(z.string()), replace: z.optional(z.string()) }),
  /** The run ended; `text` is the whole answer as stored (kept even when stopped or cut off). */
  z.object({
    type: z.literal('ended'),
    requestId,
    status: z.enum(['done', 'stopped', 'error', 'interrupted']),
    text: z.string(),
    /** What went wrong, in words for people, when the status is not `done`. */
    error: z.optional(z.string()),
  }),
  /** The spending guard holds the ask until the user confirms it in the side panel. */
  z.object({ type: z.literal('held'), requestId, reason: z.string() }),
  /**
   * The ask could not start (no key, no access to Poe, an unknown prompt action): nothing was sent. `fix` names the
   * way out the card offers: open the side panel (where the key form, the balance and Settings are).
   */
  z.object({ type: z.literal('failed'), requestId, message: z.string(), fix: z.optional(z.literal('openPanel')) }),
  /** The user turned the bubble off for this site, or everywhere: remove it from the page now. */
  z.object({ type: z.literal('goAway') }),
]);
export type PageEvent = z.infer<typeof pageEventSchema>;

/** Where the bubble script is built, its registration id, its host element and the access it needs: see ./bubble-script. */
export { ALL_SITES_PERMISSION, BUBBLE_HOST_TAG, BUBBLE_SCRIPT_FILE, BUBBLE_SCRIPT_ID } from './bubble-script';
