import { t, uiLocale } from '@/lib/i18n';
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
  if (!envelope.success) return { ok: false, message: t('backup_damaged', describeIssue(envelope.error.issues[0], raw)) };
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

/** One conversation of the file, checked and made safe to store; or why it is skipped, in the UI language. */
function checkEntry(value: unknown): BackupEntry | string {
  // Before any schema: a text no field could hold (the schemas cap the main fields; this covers every other one).
  const { longest, depth } = measure(value);
  if (longest > MAX_BACKUP_TEXT_CHARS) return t('backup_textTooLong', number(MAX_BACKUP_TEXT_CHARS));
  if (depth > MAX_ENTRY_DEPTH) return t('backup_nestedTooDeeply');
  const shape = entryShape.safeParse(value);
  if (!shape.success) return t('backup_notConversation', describeIssue(shape.error.issues[0], value));
  const conversation = backupConversationSchema.safeParse(shape.data.conversation);
  if (!conversation.success) return t('backup_conversationIssue', describeIssue(conversation.error.issues[0], shape.data.conversation));
  const messages: BackupMessage[] = [];
  const ids = new Set<string>();
  for (const [index, raw] of shape.data.messages.entries()) {
    const message = backupMessageSchema.safeParse(raw);
    if (!message.success) return t('backup_messageIssue', number(index + 1), describeIssue(message.error.issues[0], raw));
    if (message.data.conversationId !== conversation.data.id) return t('backup_messageOfAnother', number(index + 1));
    if (ids.has(message.data.id)) return t('backup_messageTwice', number(index + 1));
    ids.add(message.data.id);
    messages.push(settled(message.data));
  }
  messages.sort((a, b) => a.seq - b.seq);
  if (shape.data.forks === undefined || shape.data.forks.length === 0) return { conversation: conversation.data, messages };
  const forks = z.array(backupForkSchema).safeParse(shape.data.forks);
  if (!forks.success) return t('backup_versionsIssue', describeIssue(forks.error.issues[0], shape.data.forks));
  const problem = checkForks(forks.data, messages, conversation.data.id, ids);
  if (problem) return problem;
  return { conversation: conversation.data, messages, forks: forks.data.map(settledFork) };
}

/**
 * The versions of a conversation as the engine keeps them: each fork at a message of its path, after the one before,
 * with exactly its active version on the path; every hidden message of this conversation, its id used once.
 */
function checkForks(forks: readonly BackupFork[], path: readonly BackupMessage[], conversationId: string, ids: Set<string>): string | undefined {
  let previous = -1;
  for (const fork of forks) {
    if (fork.seq <= previous) return t('backup_versionsOutOfOrder');
    previous = fork.seq;
    if (!path.some((message) => message.seq === fork.seq)) return t('backup_versionsMissingMessage', number(fork.seq));
    if (fork.active >= fork.versions.length || fork.versions[fork.active] !== null) return t('backup_versionsNoneShown');
    for (const [index, version] of fork.versions.entries()) {
      if (index === fork.active) continue;
      if (!version || version.messages.length === 0) return t('backup_versionsEmpty');
      for (const message of version.messages) {
        if (message.conversationId !== conversationId) return t('backup_versionsOfAnother');
        if (message.seq < fork.seq) return t('backup_versionsBeforeFork');
        if (ids.has(message.id)) return t('backup_versionsIdTwice');
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
  if (typeof title === 'string' && title.trim()) return t('backup_conversationTitle', title.trim().slice(0, 80));
  return t('backup_conversationNumber', index + 1);
}

const number = (value: number) => new Intl.NumberFormat(uiLocale()).format(value);

/**
 * A schema issue in words: which field, and what is wrong with it, summarised into a few kinds (zod's own text is
 * English and technical). `root` is the value the schema read: a field absent from it is "missing", not "a wrong type".
 */
function describeIssue(issue: z.core.$ZodIssue | undefined, root: unknown): string {
  if (!issue) return t('backup_issueUnknown');
  const field = issue.path.length > 0 ? t('backup_field', issue.path.map(String).join('.')) : t('backup_fieldWhole');
  switch (issue.code) {
    case 'invalid_type':
      if (issue.path.length > 0 && !hasPath(root, issue.path)) return t('backup_issueMissing', field);
      return t('backup_issueWrongType', field, typeName(issue.expected));
    case 'too_big':
      return t('backup_issueTooLong', field);
    case 'too_small':
      return t('backup_issueTooSmall', field);
    case 'invalid_value':
    case 'invalid_union':
      return t('backup_issueUnknownValue', field);
    default:
      return t('backup_issueInvalid', field);
  }
}

/** What a field should have been, in words (zod's names for the rarer types are kept: they appear only in damage). */
function typeName(expected: string): string {
  switch (expected) {
    case 'array':
      return t('backup_typeList');
    case 'object':
    case 'record':
      return t('backup_typeRecord');
    case 'string':
      return t('backup_typeText');
    case 'number':
    case 'int':
      return t('backup_typeNumber');
    case 'boolean':
      return t('backup_typeBoolean');
    default:
      return t('backup_typeOther', expected);
  }
}

/** Whether the parsed JSON has a key (or index) at every step of `path`. */
function hasPath(root: unknown, path: readonly PropertyKey[]): boolean {
  let at: unknown = root;
  for (const step of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, step)) return false;
    at = (at as Record<PropertyKey, unknown>)[step];
  }
  return true;
}
