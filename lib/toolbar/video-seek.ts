import { sameVideo, videoTimeUrl, watchId } from '@/lib/messaging/video-time';
import type { VideoShown } from './video-reader';

export interface VideoSeekDeps {
  /** The tab a video's transcript was read in (VideoReader). */
  shownIn(url: string): VideoShown | undefined;
  /** The open tabs; a tab's URL is known only where the extension may read that tab. */
  tabs(): Promise<{ id?: number; url?: string; windowId?: number }[]>;
  /** Seeks the video `key` in the tab's page (the content script); false when that page does not show it. */
  seekIn(tabId: number, seconds: number, key: string): Promise<boolean>;
  focus(tabId: number, windowId: number | undefined): Promise<void>;
  open(url: string): Promise<void>;
}

/**
 * A timestamp clicked in an answer (issue 14): the video jumps there in the tab that shows it — the tab its transcript
 * came from, else any open tab at that video's address — and that tab comes to the front; when no tab shows it, the
 * video opens at that time in a new tab.
 */
export async function seekVideo(deps: VideoSeekDeps, url: string, seconds: number): Promise<void> {
  const remembered = deps.shownIn(url);
  const key = remembered?.key ?? watchId(url) ?? url;
  const tabs = await deps.tabs().catch(() => []);
  const candidates: { id: number; windowId?: number }[] = [];
  if (remembered) {
    const tab = tabs.find((each) => each.id === remembered.tabId);
    // A tab whose address is hidden from us may still be it: its page says whether it shows the video.
    if (tab && (!tab.url || sameVideo(tab.url, url))) candidates.push({ id: remembered.tabId, ...(tab.windowId !== undefined ? { windowId: tab.windowId } : {}) });
  }
  for (const tab of tabs) {
    if (tab.id === undefined || tab.id === remembered?.tabId || !tab.url || !sameVideo(tab.url, url)) continue;
    candidates.push({ id: tab.id, ...(tab.windowId !== undefined ? { windowId: tab.windowId } : {}) });
  }
  for (const tab of candidates) {
    const done = await deps.seekIn(tab.id, seconds, key).catch(() => false);
    if (done) return deps.focus(tab.id, tab.windowId);
  }
  const at = videoTimeUrl(url, seconds);
  if (at) await deps.open(at);
}
