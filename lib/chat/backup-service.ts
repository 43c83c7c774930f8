import { t } from '@/lib/i18n';
import type { BackupEntry, BackupFork, BackupMessage, ExportFormat, ImportReport, OnExisting } from '@/lib/messaging/backup-format';
import type { ChatRepository, StoredConversation, StoredFork, StoredMessage } from '@/lib/storage/chat-db';
import { backupFile, parseBackup } from './backup-file';
import type { ChatEngine } from './engine';
import { RefusedError } from './errors';
import { conversationMarkdown, exportFileName } from './markdown-export';

/** Export of one conversation or the whole history, and import of a backup (issue 16). */

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  text: string;
}

export interface BackupDeps {
  repository: Pick<ChatRepository, 'getConversation' | 'listConversations' | 'listMessages' | 'getBranches' | 'messageOwners'>;
  engine: Pick<ChatEngine, 'importConversation' | 'listChanged'>;
  /** Poe's model list (for bots' display names in Markdown). */
  models: () => Promise<readonly { id: string; displayName: string }[]>;
  /** "Poe Toolbar 0.1.0": written into backups for people reading them (asked when a backup is made). */
  app: () => string;
  now?: () => number;
  newId?: () => string;
}

/**
 * A message under the ids it gets here. A copy also leaves behind who charged for it: the usage view matches one
 * answer per charge, and that is the original.
 */
function placed(message: BackupMessage, ids: ReadonlyMap<string, string>, conversationId: string, copy: boolean): StoredMessage {
  const { pointsQueryId, ...rest } = message;
  return { ...rest, ...(pointsQueryId !== undefined && !copy ? { pointsQueryId } : {}), id: ids.get(message.id) ?? message.id, conversationId };
}

const placedForks = (forks: readonly BackupFork[], place: (message: BackupMessage) => StoredMessage): StoredFork[] =>
  forks.map((fork) => ({
    ...fork,
    versions: fork.versions.map((version) => version && { messages: version.messages.map(place), forks: placedForks(version.forks, place) }),
  }));

/** Every message of an entry: its path and every version not on screen. */
function allMessages(entry: BackupEntry): BackupMessage[] {
  const all = [...entry.messages];
  const visit = (forks: readonly BackupFork[]) => {
    for (const fork of forks) for (const version of fork.versions) if (version) all.push(...version.messages), visit(version.forks);
  };
  visit(entry.forks ?? []);
  return all;
}

export class BackupService {
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(private readonly deps: BackupDeps) {
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? (() => crypto.randomUUID());
  }

  async exportConversation(conversationId: string, format: ExportFormat): Promise<ExportedFile> {
    const conversation = await this.deps.repository.getConversation(conversationId);
    if (!conversation) throw new RefusedError('not_found', t('chatErrors_conversationGone'));
    const entry = await this.entry(conversation);
    const now = this.now();
    if (format === 'json') return this.jsonFile([entry], exportFileName(conversation.title, now, 'json'));
    const models = await this.deps.models().catch(() => []);
    const botName = (bot: string) => models.find((model) => model.id.toLowerCase() === bot.toLowerCase())?.displayName ?? bot;
    return { fileName: exportFileName(conversation.title, now, 'md'), mimeType: 'text/markdown', text: conversationMarkdown(entry, { botName, now }) };
  }

  /** Every conversation, oldest first, each with all its messages: read one conversation at a time. */
  async exportHistory(): Promise<ExportedFile> {
    const { conversations } = await this.deps.repository.listConversations();
    const entries: BackupEntry[] = [];
    for (const conversation of conversations.reverse()) entries.push(await this.entry(conversation));
    return this.jsonFile(entries, `poe-toolbar-backup-${new Date(this.now()).toISOString().slice(0, 10)}.json`);
  }

  private async entry(conversation: StoredConversation): Promise<BackupEntry> {
    const [messages, branches] = await Promise.all([this.deps.repository.listMessages(conversation.id), this.deps.repository.getBranches(conversation.id)]);
    return { conversation, messages, ...(branches && branches.forks.length > 0 ? { forks: branches.forks } : {}) };
  }

  private jsonFile(entries: BackupEntry[], fileName: string): ExportedFile {
    return { fileName, mimeType: 'application/json', text: JSON.stringify(backupFile(entries, this.now(), this.deps.app()), null, 1) };
  }

  /**
   * Imports a backup. Every conversation is checked before anything is written; a conversation already here is
   * written over only when `onExisting` says `replace` (`ask`: nothing is written, the report lists them).
   */
  async importBackup(text: string, onExisting: OnExisting): Promise<ImportReport> {
    const parsed = parseBackup(text);
    if (!parsed.ok) throw new RefusedError('invalid_input', parsed.message);
    const report: ImportReport = { imported: 0, replaced: 0, copied: 0, kept: 0, skipped: parsed.skipped };
    const existing: { entry: BackupEntry; here: StoredConversation }[] = [];
    const fresh: BackupEntry[] = [];
    for (const entry of parsed.entries) {
      const here = await this.deps.repository.getConversation(entry.conversation.id);
      if (here) existing.push({ entry, here });
      else fresh.push(entry);
    }
    if (onExisting === 'ask' && existing.length > 0) {
      return { ...report, existing: existing.map(({ here }) => ({ id: here.id, title: here.title })) };
    }
    try {
      for (const entry of fresh) {
        await this.write(entry, false);
        report.imported += 1;
      }
      for (const { entry } of existing) {
        if (onExisting === 'replace') {
          await this.write(entry, true);
          report.replaced += 1;
        } else if (onExisting === 'keepBoth') {
          await this.write(entry, false, true);
          report.copied += 1;
        } else report.kept += 1;
      }
    } finally {
      // What was written shows in every page's list, even if a later write failed.
      if (report.imported + report.replaced + report.copied > 0) await this.deps.engine.listChanged();
    }
    return report;
  }

  /**
   * Writes one conversation. A copy gets new ids throughout; so does any message whose id another conversation here
   * already uses (a hand-edited file), so an import never moves a message out of a conversation it does not replace.
   */
  private async write(entry: BackupEntry, replace: boolean, copy = false): Promise<void> {
    const conversationId = copy ? this.newId() : entry.conversation.id;
    const every = allMessages(entry);
    const owners = await this.deps.repository.messageOwners(every.map((message) => message.id));
    const ids = new Map<string, string>();
    for (const message of every) {
      const owner = owners.get(message.id);
      if (copy || (owner !== undefined && !(replace && owner === conversationId))) ids.set(message.id, this.newId());
    }
    const place = (message: BackupMessage) => placed(message, ids, conversationId, copy);
    const conversation: StoredConversation = { ...entry.conversation, id: conversationId };
    await this.deps.engine.importConversation(conversation, entry.messages.map(place), placedForks(entry.forks ?? [], place), replace);
  }
}
