import type { AttachmentInfo } from '@/lib/messaging/contracts';

/** The video a conversation is about (a transcript attached), for the times in its answers: link and seek. */
export interface VideoLinks {
  url: string;
  durationSeconds?: number;
  seek(seconds: number): void;
}

/** The video attached last at or before each message: answers link their times to it. */
export function videosAbout(messages: readonly { info: { peek(): { attachments?: readonly AttachmentInfo[] } } }[]): ({ url: string; durationSeconds?: number } | undefined)[] {
  let current: { url: string; durationSeconds?: number } | undefined;
  return messages.map((message) => {
    // peek: a message's files are set when it is stored; the list need not re-render for every status change.
    for (const file of message.info.peek().attachments ?? []) {
      if (file.source?.kind === 'video') current = { url: file.source.url, ...(file.source.durationSeconds !== undefined ? { durationSeconds: file.source.durationSeconds } : {}) };
    }
    return current;
  });
}
