import { t } from '@/lib/i18n';
import * as z from 'zod/mini';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  MAX_BACKUP_FORK_DEPTH,
  MAX_BACKUP_MESSAGES_PER_CONVERSATION,
  MAX_BACKUP_TEXT_CHARS,
  backupConversationSchema,
  backupEnvelopeSchema,
  backupForkSchema,
  backupMessageSchema,
  type BackupEntry,
  type BackupFile,
  type BackupFork,
  type BackupMessage,
  type SkippedEntry,
} from '@/lib/messaging/backup-format';
import { isInProgress } from '@/lib/messaging/rules';

/** Reading and writing backup files (issue 16): pure, so every hostile file can be tried in a unit test. */

export function backupFile(conversations: BackupEntry[], exportedAt: number, app: string): BackupFile {
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt, app, conversations };
}

export type ParsedBackup = { ok: true; entries: BackupEntry[]; skipped: SkippedEntry[] } | { ok: false; message: string };


/**
 * Reads a backup file's text. A file that is not a backup, is damaged as a whole, or comes from a newer format is
 * refused with one message; otherwise each conversation is checked on its own and a bad one is skipped with its reason.
 */
export function parseBackup(text: string): ParsedBackup {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: t('backup_notJson') };
  }
  if (!isRecord(raw) || raw['format'] !== BACKUP_FORMAT) {
    return { ok: false, message: t('backup_notBackup') };
  }
  const version = raw['version'];
  if (typeof version === 'number' && version > BACKUP_VERSION) {
    return {
      ok: false,
      message: t('backup_newer', version, BACKUP_VERSION),
    };
  }
  const envelope = backupEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, message: t('backup_damaged', describeIssue(envelope.error.issues[0])) };
  const entries: BackupEntry[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Set<string>();
  envelope.data.conversations.forEach((value, index) => {
    const label = labelOf(value, index);
    const result = checkEntry(value);
    if (typeof result === 'string') skipped.push({ label, reason: result });
    else if (seen.has(result.conversation.id)) skipped.push({ label, reason: t('backup_twice') });
    else {
      seen.add(result.conversation.id);
      entries.push(result);
    }
  });
  return { ok: true, entries, skipped };
}

const entryShape = z.object({
  conversation: z.unknown(),
  messages: z.array(z.unknown()).check(z.maxLength(MAX_BACKUP_MESSAGES_PER_CONVERSATION)),
  forks: z.optional(z.array(z.unknown())),
});

/** JSON levels a fork adds (forks list, fork, versions list, version); the rest of an entry is a few levels deep. */
const MAX_ENTRY_DEPTH = 12 + 4 * MAX_BACKUP_FORK_DEPTH;

/** One conversation of the file, checked and made safe to store; or why it is skipped. */
function checkEntry(value: unknown): BackupEntry | string {
  // Before any schema: a text no field could hold (the schemas cap the main fields; this covers every other one).
  const { longest, depth } = measure(value);
  if (longest > MAX_BACKUP_TEXT_CHARS) return `it holds a text longer than ${MAX_BACKUP_TEXT_CHARS.toLocaleString('en')} characters`;
  if (depth > MAX_ENTRY_DEPTH) return 'it is nested too deeply to be a conversation';
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
  if (shape.data.forks === undefined || shape.data.forks.length === 0) return { conversation: conversation.data, messages };
  const forks = z.array(backupForkSchema).safeParse(shape.data.forks);
  if (!forks.success) return `its versions: ${describeIssue(forks.error.issues[0])}`;
  const problem = checkForks(forks.data, messages, conversation.data.id, ids);
  if (problem) return `its versions ${problem}`;
  return { conversation: conversation.data, messages, forks: forks.data.map(settledFork) };
}

/**
 * The versions of a conversation as the engine keeps them: each fork at a message of its path, after the one before,
 * with exactly its active version on the path; every hidden message of this conversation, its id used once.
 */
function checkForks(forks: readonly BackupFork[], path: readonly BackupMessage[], conversationId: string, ids: Set<string>): string | undefined {
  let previous = -1;
  for (const fork of forks) {
    if (fork.seq <= previous) return 'are out of order';
    previous = fork.seq;
    if (!path.some((message) => message.seq === fork.seq)) return `name a message (${fork.seq}) that is not there`;
    if (fork.active >= fork.versions.length || fork.versions[fork.active] !== null) return 'do not say which one is shown';
    for (const [index, version] of fork.versions.entries()) {
      if (index === fork.active) continue;
      if (!version || version.messages.length === 0) return 'hold an empty version';
      for (const message of version.messages) {
        if (message.conversationId !== conversationId) return 'hold a message of another conversation';
        if (message.seq < fork.seq) return 'hold a message before their fork';
        if (ids.has(message.id)) return 'use a message id twice';
        ids.add(message.id);
      }
      const problem = checkForks(version.forks, version.messages, conversationId, ids);
      if (problem) return problem;
    }
  }
  return undefined;
}

const settledFork = (fork: BackupFork): BackupFork => ({
  ...fork,
  versions: fork.versions.map((version) => version && { messages: version.messages.map(settled), forks: version.forks.map(settledFork) }),
});

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
    error: { kind: 'interrupted', message: t('backup_unfinished') },
    ...(message.job && { job: { ...message.job, status: 'stopped' as const } }),
  };
}

/** The longest string and the deepest nesting in a parsed JSON value (iterative: deep nesting cannot overflow the stack). */
function measure(value: unknown): { longest: number; depth: number } {
  let longest = 0;
  let depth = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, level] = stack.pop()!;
    depth = Math.max(depth, level);
    if (typeof item === 'string') longest = Math.max(longest, item.length);
    else if (Array.isArray(item)) for (const child of item) stack.push([child, level + 1]);
    else if (isRecord(item)) for (const [key, child] of Object.entries(item)) stack.push([key, level], [child, level + 1]);
  }
  return { longest, depth };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the user is told of a conversation: its title, if the file has a readable one. */
function labelOf(value: unknown, index: number): string {
  const conversation = isRecord(value) ? value['conversation'] : undefined;
  const title = isRecord(conversation) ? conversation['title'] : undefined;
  if (typeof title === 'string' && title.trim()) return `“${title.trim().slice(0, 80)}”`;
  return t('backup_conversationNumber', index + 1);
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
