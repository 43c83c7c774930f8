import { t, tCountWith, uiLocale } from '@/lib/i18n';
import type { AttachmentInfo } from '@/lib/messaging/contracts';
import type { BackupEntry, BackupMessage } from '@/lib/messaging/backup-format';
import { formatPoints } from './guard';

/**
 * A conversation as a Markdown file to read or share (issue 16): its turns, files as links, costs in a footer. Its own
 * words (speakers, notes, the footer) are in the UI language, as are its dates and numbers.
 */

export interface MarkdownExportOptions {
  /** A bot's display name ("GPT-5.4" for "gpt-5.4"). */
  botName: (bot: string) => string;
  /** When the export was made. */
  now: number;
  /** The time zone and language dates are written in (the UI language and the background's zone; tests fix them). */
  locale?: string;
  timeZone?: string;
}

export function conversationMarkdown(entry: BackupEntry, options: MarkdownExportOptions): string {
  const { conversation, messages } = entry;
  const format = new Intl.DateTimeFormat(options.locale ?? uiLocale(), { dateStyle: 'medium', timeStyle: 'short', ...(options.timeZone && { timeZone: options.timeZone }) });
  const lines: string[] = [`# ${oneLine(conversation.title) || t('markdownExport_untitled')}`, ''];
  lines.push(`*${t('markdownExport_byline', options.botName(conversation.bot), format.format(conversation.createdAt), format.format(options.now))}*`, '');
  for (const message of messages) {
    // The file holds the versions on screen; the JSON export holds them all.
    const version = message.versions ? ` · ${t('markdownExport_version', number(message.versions.index + 1), number(message.versions.count))}` : '';
    lines.push('---', '', `**${speaker(message, options.botName)}** · ${format.format(message.createdAt)}${version}`, '');
    if (message.text.trim()) lines.push(message.text.trimEnd(), '');
    const files = [...(message.attachments ?? []), ...(message.files ?? [])];
    for (const file of files) lines.push(`- ${fileLink(file)}`);
    if (files.length > 0) lines.push('');
    const note = statusNote(message);
    if (note) lines.push(`*${note}*`, '');
  }
  lines.push(...costFooter(messages, options.botName));
  return `${lines.join('\n').trimEnd()}\n`;
}

function speaker(message: BackupMessage, botName: (bot: string) => string): string {
  if (message.role === 'user') return t('markdownExport_you');
  if (message.role === 'system') return t('markdownExport_system');
  return botName(message.bot);
}

/** How an answer ended, when not complete. */
function statusNote(message: BackupMessage): string | undefined {
  switch (message.status) {
    case 'stopped':
      return t('markdownExport_stopped');
    case 'incomplete':
    case 'interrupted':
      return message.error ? t('markdownExport_cutOffBecause', oneLine(message.error.message)) : t('markdownExport_cutOff');
    case 'error':
      return message.error ? t('markdownExport_failedBecause', oneLine(message.error.message)) : t('markdownExport_failed');
    default:
      return undefined;
  }
}

/** A file as a link where it has an address to follow; otherwise its name, said to be left out. */
function fileLink(file: AttachmentInfo): string {
  const name = escapeText(file.name || t('markdownExport_file'));
  if (/^https:\/\//i.test(file.url) || /^http:\/\/(localhost|127\.0\.0\.1)(:|\/)/i.test(file.url)) {
    return `[${name}](${file.url.replace(/[()\s<>]/g, encodeURIComponent)})`;
  }
  return t('markdownExport_fileLeftOut', name);
}

function costFooter(messages: readonly BackupMessage[], botName: (bot: string) => string): string[] {
  const priced = messages.filter((message) => message.role === 'bot' && message.pointsCost !== undefined);
  if (priced.length === 0) return [];
  const total = priced.reduce((sum, message) => sum + (message.pointsCost ?? 0), 0);
  const lines = ['---', '', `## ${t('markdownExport_cost')}`, '', tCountWith({ one: 'markdownExport_costTotal_one', other: 'markdownExport_costTotal_other' }, priced.length, formatPoints(total)), ''];
  priced.forEach((message, index) => {
    const usd = message.pointsCostUsd ? ` (${message.pointsCostUsd})` : '';
    lines.push(`${index + 1}. ${botName(message.bot)}: ${formatPoints(message.pointsCost ?? 0)}${usd}`);
  });
  lines.push('');
  return lines;
}

const number = (value: number) => new Intl.NumberFormat(uiLocale()).format(value);
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
/** Markdown that would turn a file name into a link or emphasis, escaped. */
const escapeText = (text: string) => oneLine(text).replace(/[\\[\]*_`<>]/g, (char) => `\\${char}`);

/** A file name for an export: the title's words (safe on every system), the date, the extension. */
export function exportFileName(title: string, now: number, extension: 'md' | 'json'): string {
  const words = title
    .normalize('NFKC')
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60)
    .replace(/^[.-]+|[.-]+$/g, '');
  const day = new Date(now).toISOString().slice(0, 10);
  return `${words || 'conversation'}-${day}.${extension}`;
}
