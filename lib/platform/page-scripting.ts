import browser from 'webextension-polyfill';
import { CONTENT_API_GLOBAL, type ContentApiMethod, type PoeToolbarContentApi } from '@/lib/messaging/content-contracts';

/** The content script's API, as the background may call it. */
export type ContentApi = Pick<PoeToolbarContentApi, ContentApiMethod>;

export interface FrameTarget {
  tabId: number;
  frameId?: number;
}

const CONTENT_SCRIPT = '/content-scripts/content.js';

/**
 * Runs one method of the content script in a tab's frame, injecting the script first (it is not declared for every
 * page: the click that asked for it grants `activeTab`). Injecting twice is harmless: the script installs itself once.
 */
export async function callContent<K extends keyof ContentApi>(
  target: FrameTarget,
  method: K,
  ...args: Parameters<ContentApi[K]>
): Promise<Awaited<ReturnType<ContentApi[K]>>> {
  const where = { tabId: target.tabId, frameIds: [target.frameId ?? 0] };
  await browser.scripting.executeScript({ target: where, files: [CONTENT_SCRIPT] });
  const [first] = await browser.scripting.executeScript({
    target: where,
    // Runs in the page's isolated world: it can use only its arguments, so the global's name is passed in.
    func: (global: string, name: string, params: unknown[]) => {
      const api = (globalThis as unknown as Record<string, Record<string, (...a: unknown[]) => unknown> | undefined>)[global];
      if (!api?.[name]) throw new Error('Poe Toolbar could not read this page.');
      return api[name](...params);
    },
    args: [CONTENT_API_GLOBAL, method, args],
  });
  return first?.result as Awaited<ReturnType<ContentApi[K]>>;
}
