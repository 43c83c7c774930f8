import type { AttachmentInfo } from '@/lib/messaging/contracts';
import type { BackupEntry, BackupMessage } from '@/lib/messaging/backup-format';

/** A conversation as a Markdown file to read or share (issue 16): its turns, files as links, costs in a footer. */

export interface MarkdownExportOptions {
  /** A bot's display name ("GPT-5.4" for "gpt-5.4"). */
  botName: (bot: string) => string;
  /** When the export was made. */
  now: number;
  /** The time zone and language dates are written in (the background's; tests fix them). */
  locale?: string;
  timeZone?: string;
}

export function conversationMarkdown(entry: BackupEntry, options: MarkdownExportOptions): string {
  const { conversation, messages } = entry;
  const format = new Intl.DateTimeFormat(options.locale, { dateStyle: 'medium', timeStyle: 'short', ...(options.timeZone && { timeZone: options.timeZone }) });
  const lines: string[] = [`# ${oneLine(conversation.title) || 'Untitled conversation'}`, ''];
  lines.push(`*${options.botName(conversation.bot)} · started ${format.format(conversation.createdAt)} · exported ${format.format(options.now)} from Poe Toolbar*`, '');
  for (const message of messages) {
    // The file holds the versions on screen; the JSON export holds them all.
    const version = message.versions ? ` · version ${message.versions.index + 1} of ${message.versions.count}` : '';
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
  if (message.role === 'user') return 'You';
  if (message.role === 'system') return 'System';
  return botName(message.bot);
}

/** How an answer ended, when not complete. */
function statusNote(message: BackupMessage): string | undefined {
  switch (message.status) {
    case 'stopped':
      return 'Stopped before the end.';
    case 'incomplete':
    case 'interrupted':
      return `Cut off${message.error ? `: ${oneLine(message.error.message)}` : '.'}`;
    case 'error':
      return `Failed${message.error ? `: ${oneLine(message.error.message)}` : '.'}`;
    default:
      return undefined;
  }
}

/** A file as a link where it has an address to follow; otherwise its name, said to be left out. */
function fileLink(file: AttachmentInfo): string {
  const name = escapeText(file.name || 'file');
  if (/^https:\/\//i.test(file.url) || /^http:\/\/(localhost|127\.0\.0\.1)(:|\/)/i.test(file.url)) {
    return `[${name}](${file.url.replace(/[()\s<>]/g, encodeURIComponent)})`;
  }
  return `${name} (kept in the extension; not part of this file)`;
}

function costFooter(messages: readonly BackupMessage[], botName: (bot: string) => string): string[] {
  const priced = messages.filter((message) => message.role === 'bot' && message.pointsCost !== undefined);
  if (priced.length === 0) return [];
  const total = priced.reduce((sum, message) => sum + (message.pointsCost ?? 0), 0);
  const lines = ['---', '', '## Cost', '', `${points(total)} for ${priced.length} answer${priced.length === 1 ? '' : 's'}.`, ''];
  priced.forEach((message, index) => {
    const usd = message.pointsCostUsd ? ` (${message.pointsCostUsd})` : '';
    lines.push(`${index + 1}. ${botName(message.bot)}: ${points(message.pointsCost ?? 0)}${usd}`);
  });
  lines.push('');
  return lines;
}

const points = (value: number) => `${value.toLocaleString('en')} point${value === 1 ? '' : 's'}`;
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
