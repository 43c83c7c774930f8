import * as z from 'zod/mini';
import { chatMessageSchema, conversationSummarySchema } from './contracts';
import { MAX_BOT_NAME_CHARS, MAX_TITLE_CHARS } from './rules';

/**
 * The history backup file (issue 16): what "Back up all" writes, what a conversation's JSON export writes (a backup
 * of one), and what Import reads. A stored message is a {@link chatMessageSchema} plus where it belongs, so a field
 * added to messages travels in backups without a change here.
 */

/** The `format` field of every backup: a JSON file without it is not ours. */
export const BACKUP_FORMAT = 'poe-toolbar-backup';
/** The newest format this build writes and reads; a larger number comes from a newer build. */
export const BACKUP_VERSION = 1;
/**
 * The longest text a backup may hold in any one field. An answer of a million characters is already ~250 books'
 * pages; a longer string is a damaged or hostile file, and its conversation is skipped.
 */
export const MAX_BACKUP_TEXT_CHARS = 1_000_000;
/** Conversations and messages in one backup, at most (each skipped one is reported: the report needs a bound too). */
export const MAX_BACKUP_CONVERSATIONS = 100_000;
export const MAX_BACKUP_MESSAGES_PER_CONVERSATION = 100_000;

const boundedId = z.string().check(z.minLength(1), z.maxLength(100));

export const backupConversationSchema = z.extend(conversationSummarySchema, {
  id: boundedId,
  // Titles are cut to MAX_TITLE_CHARS when made or renamed; a little more room for older builds' titles.
  title: z.string().check(z.maxLength(MAX_TITLE_CHARS * 5)),
  bot: z.string().check(z.maxLength(MAX_BOT_NAME_CHARS)),
  createdAt: z.number().check(z.gte(0)),
  updatedAt: z.number().check(z.gte(0)),
});

export const backupMessageSchema = z.extend(chatMessageSchema, {
  id: boundedId,
  conversationId: boundedId,
  seq: z.number().check(z.int(), z.gte(0)),
  bot: z.string().check(z.maxLength(MAX_BOT_NAME_CHARS)),
  text: z.string().check(z.maxLength(MAX_BACKUP_TEXT_CHARS)),
  createdAt: z.number().check(z.gte(0)),
  metadata: z.optional(z.string().check(z.maxLength(MAX_BACKUP_TEXT_CHARS))),
  pointsQueryId: z.optional(z.string().check(z.maxLength(200))),
});
export type BackupMessage = z.infer<typeof backupMessageSchema>;
export type BackupConversation = z.infer<typeof backupConversationSchema>;

/** Nested forks in a backup, at most: far deeper than any conversation is edited, shallow enough to check safely. */
export const MAX_BACKUP_FORK_DEPTH = 50;

/** A version not on screen: its messages from the fork on, and the forks further along its own path (lib/chat/versions.ts). */
export interface BackupVersion {
  messages: BackupMessage[];
  forks: BackupFork[];
}
/** A message with versions: `versions[active]` is null, that one being the visible path's. */
export interface BackupFork {
  seq: number;
  active: number;
  versions: (BackupVersion | null)[];
}

const backupVersionSchema: z.ZodMiniType<BackupVersion> = z.object({
  messages: z.array(backupMessageSchema).check(z.maxLength(MAX_BACKUP_MESSAGES_PER_CONVERSATION)),
  forks: z.array(z.lazy(() => backupForkSchema)),
});
export const backupForkSchema: z.ZodMiniType<BackupFork> = z.object({
  seq: z.number().check(z.int(), z.gte(0)),
  active: z.number().check(z.int(), z.gte(0)),
  versions: z.array(z.nullable(backupVersionSchema)).check(z.minLength(2), z.maxLength(10_000)),
});

/**
 * One conversation as a backup holds it: its record, its visible path (oldest first) and, when some of its messages
 * were regenerated or edited, the versions not on screen.
 */
export interface BackupEntry {
  conversation: BackupConversation;
  messages: BackupMessage[];
  forks?: BackupFork[];
}

/** The file's outer shape; each conversation in it is checked on its own, so one bad conversation skips only itself. */
export const backupEnvelopeSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().check(z.int(), z.gte(1)),
  exportedAt: z.optional(z.number()),
  conversations: z.array(z.unknown()).check(z.maxLength(MAX_BACKUP_CONVERSATIONS)),
});

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: number;
  /** The extension that wrote it, for people reading the file. */
  app: string;
  conversations: BackupEntry[];
}

export * from './backup-report';
