import type { PartialProtocolMessage } from '@/lib/poe';
import type { StoredMessage } from '@/lib/storage/chat-db';

/**
 * The conversation as Poe wants it in `query`: oldest first, roles `system`/`user`/`bot`, attachments on the user
 * message that carried them, a bot's `data` metadata sent back on its message, and the model parameters only on the
 * last user message. Bot messages with no text (failed before any output) are left out.
 */
export function buildQuery(history: StoredMessage[]): PartialProtocolMessage[] {
  const turns = history.filter((message) => message.role !== 'bot' || message.text.length > 0);
  const lastUser = turns.findLastIndex((message) => message.role === 'user');
  return turns.map((message, index) => ({
    role: message.role,
    content: message.text,
    content_type: message.contentType ?? 'text/markdown',
    ...(message.attachments?.length
      ? {
          attachments: message.attachments.map((attachment) => ({
            url: attachment.url,
            content_type: attachment.contentType,
            name: attachment.name,
          })),
        }
      : {}),
    ...(message.metadata !== undefined ? { metadata: message.metadata } : {}),
    ...(index === lastUser && message.parameters ? { parameters: message.parameters } : {}),
  }));
}

/** A conversation's title: the start of its first message, on one line. */
export function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57).trimEnd()}…` : line || 'New chat';
}
