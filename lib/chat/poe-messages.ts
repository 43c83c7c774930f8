import { t, tCount, type MessageKey } from '@/lib/i18n';

/**
 * The Poe client's messages (lib/poe, which stays pure: no browser.i18n) in the UI language. lib/poe words each failure
 * in English; this reads those sentences back into catalogue keys. A sentence followed by Poe's own explanation keeps
 * the explanation as Poe wrote it; the bot's own words, and any sentence not listed here, pass through unchanged.
 */
type Reword = (match: RegExpMatchArray) => string;

/** A fixed sentence, optionally followed by the server's reason (lib/poe's `withReason`). */
const withReason = (key: MessageKey): Reword => (match) => (match[1] ? `${t(key)} ${match[1]}` : t(key));

const SECONDS_OR_MINUTES = /^(\d+) (second|minute)s?$/;
function duration(text: string): string {
  const parts = SECONDS_OR_MINUTES.exec(text);
  if (!parts) return text;
  const count = Number(parts[1]);
  return parts[2] === 'minute' ? tCount({ one: 'poeErrors_minutes_one', other: 'poeErrors_minutes_other' }, count) : tCount({ one: 'poeErrors_seconds_one', other: 'poeErrors_seconds_other' }, count);
}

const FIXED: Readonly<Record<string, MessageKey>> = {
  'Your Poe API key was rejected.': 'poeErrors_keyRejected',
  'You are out of Poe points.': 'poeErrors_outOfPoints',
  'The bot took too long to start answering.': 'poeErrors_tooSlow',
  'The file is too large for Poe.': 'poeErrors_fileTooLarge',
  'The message is too large for this bot.': 'poeErrors_messageTooLarge',
  'Poe is rate-limiting this key. Try again in a moment.': 'poeErrors_rateLimited',
  'Poe is rate-limiting this key.': 'poeErrors_rateLimitedShort',
  'Poe has no such endpoint. Check the base URL.': 'poeErrors_noEndpoint',
  'Poe answered with a redirect; nothing was sent further.': 'poeErrors_redirect',
  'Could not reach Poe. Check your connection and try again.': 'poeErrors_unreachable',
  'Stopped.': 'poeErrors_stopped',
  'The connection to Poe was lost.': 'poeErrors_connectionLost',
  'The connection to Poe was lost in the middle of the answer.': 'poeErrors_connectionLostMidAnswer',
  'The connection to Poe was lost before the answer started.': 'poeErrors_connectionLostBeforeAnswer',
  'The connection to Poe was lost during the download.': 'poeErrors_connectionLostDownload',
  'Poe closed the connection before the bot answered.': 'poeErrors_closedEarly',
  'Poe answered with something this app could not read.': 'poeErrors_unreadable',
  'Poe answered with something other than an event stream.': 'poeErrors_notAStream',
  'Poe sent an event too large to read.': 'poeErrors_eventTooLarge',
  'The bot refused this request for privacy reasons.': 'poeErrors_privacyRefused',
  'The bot could not answer this message.': 'poeErrors_botCouldNotAnswer',
  'The bot reported an error.': 'poeErrors_botError',
  'Add your Poe API key first.': 'poeErrors_addKey',
  'This API key contains characters that cannot be sent. Paste it again.': 'poeErrors_keyUnsendable',
  'The last message sent to a bot must be from the user.': 'poeErrors_lastMessageNotUser',
  'Choose a bot first.': 'poeErrors_chooseBot',
  'There is no message to send.': 'poeErrors_noMessage',
  'Only http(s) files can be fetched by Poe.': 'poeErrors_httpFilesOnly',
  'Choose a video model first.': 'poeErrors_chooseVideoModel',
  'Describe the video to make.': 'poeErrors_describeVideo',
  'Only an image can be the start of a video.': 'poeErrors_imageStartOnly',
  'Poe no longer knows this video job.': 'poeErrors_videoJobUnknown',
  'Poe answered with something other than a video.': 'poeErrors_notAVideo',
  'The video is too large to keep in the extension.': 'poeErrors_videoTooLarge',
  'This video expired on Poe and can no longer be downloaded.': 'poeErrors_videoExpired',
  'This video is not ready on Poe yet.': 'poeErrors_videoNotReady',
  'Poe has no video to download for this job.': 'poeErrors_noVideo',
  'You cancelled sign-in. Sign in with Poe again when you are ready, or paste an API key instead.': 'poeErrors_signInCancelled',
  'Poe’s sign-in page sent back something Poe Toolbar could not read. Please sign in again.': 'poeErrors_signInUnreadable',
  'Poe’s sign-in page sent back no sign-in code. Please sign in again.': 'poeErrors_signInNoCode',
  'The answer from Poe’s sign-in page did not belong to this sign-in, so it was ignored and nothing was stored. Please sign in again.': 'poeErrors_signInMismatch',
  'Poe did not accept this sign-in: it had expired or was already used. Please sign in again.': 'poeErrors_signInExpired',
  'Poe does not support this way of signing in any more. Paste an API key instead.': 'poeErrors_signInUnsupported',
  'Poe had a problem finishing your sign-in. Please try again in a moment.': 'poeErrors_signInServer',
  'Poe answered the sign-in with something Poe Toolbar could not read. Please try again.': 'poeErrors_signInAnswerUnreadable',
  'Could not reach Poe to finish signing in. Check your connection and try again.': 'poeErrors_signInUnreachable',
};

const PATTERNS: readonly [RegExp, Reword][] = [
  [/^Free Poe accounts can only use free bots through the API\.(?: (.*))?$/s, withReason('poeErrors_subscriptionRequired')],
  [/^Poe rejected the request\.(?: (.*))?$/s, withReason('poeErrors_requestRejected')],
  [/^Poe refused this request\.(?: (.*))?$/s, withReason('poeErrors_refused')],
  [/^Poe turned down the sign-in \(too many attempts, or a malformed request\)\. Wait a minute, then sign in again\.(?: (.*))?$/s, withReason('poeErrors_signInTurnedDown')],
  [/^“(.*)” is (.+); files can be at most (.+)\.$/s, (m) => t('poeErrors_fileOverLimit', m[1]!, m[2]!, m[3]!)],
  [/^Bot '(.*)' does not exist\.$/s, (m) => t('poeErrors_unknownBot', m[1]!)],
  [/^Poe had a problem \(HTTP (\d+)\)\.(?: (.*))?$/s, (m) => (m[2] ? `${t('poeErrors_serverError', m[1]!)} ${m[2]}` : t('poeErrors_serverError', m[1]!))],
  [/^Poe answered with an unexpected HTTP (\d+)\.(?: (.*))?$/s, (m) => (m[2] ? `${t('poeErrors_unexpectedStatus', m[1]!)} ${m[2]}` : t('poeErrors_unexpectedStatus', m[1]!))],
  [/^Poe sent nothing for (.+); the request was given up\.$/s, (m) => t('poeErrors_idleGivenUp', duration(m[1]!))],
  [/^Poe sent nothing for (.+)\.$/s, (m) => t('poeErrors_idle', duration(m[1]!))],
];

/** `message` of a PoeError in the UI language (unchanged when it is the bot's own text or not known here). */
export function poeMessage(message: string): string {
  // Own keys only: a message such as "constructor" must not find Object.prototype's.
  const key = Object.hasOwn(FIXED, message) ? FIXED[message] : undefined;
  if (key) return t(key);
  for (const [pattern, reword] of PATTERNS) {
    const match = pattern.exec(message);
    if (match) return reword(match);
  }
  return message;
}
