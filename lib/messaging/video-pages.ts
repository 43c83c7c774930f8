import { watchId } from './video-time';

/**
 * Watch pages: pages whose subject is one video (issue 14). The menu shows its video items there (as match patterns),
 * the bubble offers "This video" there, and "This page" reads the video's captions there instead of the page's text.
 */
export const WATCH_PAGE_PATTERNS = ['*://www.youtube.com/watch*', '*://m.youtube.com/watch*'];

const WATCH_HOSTS = new Set(['www.youtube.com', 'm.youtube.com', 'youtube.com']);

/** A YouTube watch page: the watch-page shape (`watchId`) on YouTube's own hosts. */
export function isWatchPage(url: string): boolean {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) && WATCH_HOSTS.has(parsed.hostname) && watchId(url) !== undefined;
  } catch {
    return false;
  }
}
