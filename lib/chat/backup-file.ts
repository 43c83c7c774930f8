import * as z from 'zod/mini';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  MAX_BACKUP_MESSAGES_PER_CONVERSATION,
  MAX_BACKUP_TEXT_CHARS,
  backupConversationSchema,
  backupEnvelopeSchema,
  backupMessageSchema,
  type BackupEntry,
  type BackupFile,
  type BackupMessage,
  type SkippedEntry,
} from '@/lib/messaging/backup-format';
import { isInProgress } from '@/lib/messaging/rules';

/** Reading and writing backup files (issue 16): pure, so every hostile file can be tried in a unit test. */

export function backupFile(conversations: BackupEntry[], exportedAt: number, app: string): BackupFile {
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt, app, conversations };
}

export type ParsedBackup = { ok: true; entries: BackupEntry[]; skipped: SkippedEntry[] } | { ok: false; message: string };

const NOTHING = 'Nothing was imported.';

/**
 * Reads a backup file's text. A file that is not a backup, is damaged as a whole, or comes from a newer format is
 * refused with one message; otherwise each conversation is checked on its own and a bad one is skipped with its reason.
 */
export function parseBackup(text: string): ParsedBackup {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: `This file is not a Poe Toolbar backup (it is not JSON). ${NOTHING}` };
  }
  if (!isRecord(raw) || raw['format'] !== BACKUP_FORMAT) {
    return { ok: false, message: `This file is not a Poe Toolbar backup. Choose a file made with “Back up all” or a conversation’s “Export as JSON”. ${NOTHING}` };
  }
  const version = raw['version'];
  if (typeof version === 'number' && version > BACKUP_VERSION) {
    return {
      ok: false,
      message: `This backup was made by a newer Poe Toolbar (format ${version}; this one reads format ${BACKUP_VERSION}). Update the extension, then import it again. ${NOTHING}`,
    };
  }
  const envelope = backupEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, message: `This backup is damaged: ${describeIssue(envelope.error.issues[0])}. ${NOTHING}` };
  const entries: BackupEntry[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Set<string>();
  envelope.data.conversations.forEach((value, index) => {
    const label = labelOf(value, index);
    const result = checkEntry(value);
    if (typeof result === 'string') skipped.push({ label, reason: result });
    else if (seen.has(result.conversation.id)) skipped.push({ label, reason: 'it appears twice in the file; the first copy was imported' });
    else {
      seen.add(result.conversation.id);
      entries.push(result);
    }
  });
  return { ok: true, entries, skipped };
}

const entryShape = z.object({ conversation: z.unknown(), messages: z.array(z.unknown()).check(z.maxLength(MAX_BACKUP_MESSAGES_PER_CONVERSATION)) });

/** One conversation of the file, checked and made safe to store; or why it is skipped. */
function checkEntry(value: unknown): BackupEntry | string {
  // Before any schema: a text no field could hold (the schemas cap the main fields; this covers every other one).
  if (longestString(value) > MAX_BACKUP_TEXT_CHARS) return `it holds a text longer than ${MAX_BACKUP_TEXT_CHARS.toLocaleString('en')} characters`;
  const shape = entryShape.safeParse(value);
  if (!shape.success) return `it is not a conversation (${describeIssue(shape.error.issues[0])})`;
  const conversation = backupConversationSchema.safeParse(shape.data.conversation);
  if (!conversation.success) return `its ${describeIssue(conversation.error.issues[0])}`;
  const messages: BackupMessage[] = [];
  const ids = new Set<string>();
  for (const [index, raw] of shape.data.messages.entries()) {
    const message = backupMessageSchema.safeParse(raw);
    if (!message.success) return `message ${index + 1}: ${describeIssue(message.error.issues[0])}`;
    if (message.data.conversationId !== conversation.data.id) return `message ${index + 1} belongs to another conversation`;
    if (ids.has(message.data.id)) return `message ${index + 1} appears twice`;
    ids.add(message.data.id);
    messages.push(settled(message.data));
  }
  messages.sort((a, b) => a.seq - b.seq);
  return { conversation: conversation.data, messages };
}

/**
 * A message as it may be stored here: an answer that was still being written when the backup was made can never
 * finish now, so it is marked interrupted (the engine would otherwise try to resume it), as is a video job being made.
 */
function settled(message: BackupMessage): BackupMessage {
  if (!isInProgress(message.status)) return message;
  const { retryAt: _retryAt, ...rest } = message;
  return {
    ...rest,
    status: 'interrupted',
    error: { kind: 'interrupted', message: 'This answer was still being written when the backup was made. Retry to ask again.' },
    ...(message.job && { job: { ...message.job, status: 'stopped' as const } }),
  };
}

/** The longest string anywhere in a parsed JSON value (iterative: a deeply nested file cannot overflow the stack). */
function longestString(value: unknown): number {
  let longest = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') longest = Math.max(longest, item.length);
    else if (Array.isArray(item)) for (const child of item) stack.push(child);
    else if (isRecord(item)) for (const [key, child] of Object.entries(item)) stack.push(key, child);
  }
  return longest;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the user is told of a conversation: its title, if the file has a readable one. */
function labelOf(value: unknown, index: number): string {
  const conversation = isRecord(value) ? value['conversation'] : undefined;
  const title = isRecord(conversation) ? conversation['title'] : undefined;
  if (typeof title === 'string' && title.trim()) return `“${title.trim().slice(0, 80)}”`;
  return `Conversation ${index + 1}`;
}

/** A schema issue in words: which field, and what is wrong with it. */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'something is wrong';
  const field = issue.path.length > 0 ? `“${issue.path.join('.')}”` : 'the value';
  switch (issue.code) {
    case 'invalid_type':
      return `${field} should be ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a record' : `a ${issue.expected}`}`;
    case 'too_big':
      return `${field} is too long`;
    case 'too_small':
      return `${field} is too short or negative`;
    case 'invalid_value':
    case 'invalid_union':
      return `${field} has a value this version does not know`;
    default:
      return `${field} is not valid`;
  }
}
