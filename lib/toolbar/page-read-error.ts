import type { AttachOffer } from '@/lib/messaging/contracts';

/**
 * A tab could not be read as asked, for a reason people can act on (issue 14: a PDF behind a password, a scanned or
 * broken PDF, one too large, a video without captions). The message is shown as it is; `offer` is a lesser file the
 * user may take instead (a video's title and description only).
 */
export class PageReadError extends Error {
  constructor(
    message: string,
    readonly offer?: AttachOffer,
  ) {
    super(message);
    this.name = 'PageReadError';
  }
}
