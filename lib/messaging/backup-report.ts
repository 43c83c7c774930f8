import * as z from 'zod/mini';

/**
 * What the export and import commands say and answer (issue 16), apart from the file format (backup-format.ts), so
 * the UI contract can name them without importing the message schemas it defines.
 */

/** The largest file Import reads (checked before reading it): far above years of text chat, far below a tab's memory. */
export const MAX_BACKUP_BYTES = 50 * 1024 * 1024;

/** What Import does with a conversation that is already here (same id): nothing happens until the user says. */
export const onExistingSchema = z.enum(['ask', 'replace', 'keepBoth', 'skip']);
export type OnExisting = z.infer<typeof onExistingSchema>;

/** A conversation Import left out, and why, in words for the user. */
export const skippedEntrySchema = z.object({ label: z.string(), reason: z.string() });
export type SkippedEntry = z.infer<typeof skippedEntrySchema>;

export const importReportSchema = z.object({
  /** Conversations written as they were in the file. */
  imported: z.number(),
  /** Conversations already here that the file's copy replaced. */
  replaced: z.number(),
  /** Conversations already here kept, the file's copy written beside them under new ids. */
  copied: z.number(),
  /** Conversations already here left alone (the user chose Skip). */
  kept: z.number(),
  skipped: z.array(skippedEntrySchema),
  /**
   * Conversations already here, when the command asked (`onExisting: 'ask'`) and there were some: nothing was written,
   * the page asks the user what to do and sends the command again with the answer.
   */
  existing: z.optional(z.array(z.object({ id: z.string(), title: z.string() }))),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const exportFormatSchema = z.enum(['markdown', 'json']);
export type ExportFormat = z.infer<typeof exportFormatSchema>;
