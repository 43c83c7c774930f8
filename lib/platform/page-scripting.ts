import browser from 'webextension-polyfill';

/** What the on-demand content script (entrypoints/content.ts) offers, as `globalThis.__poeToolbarContent`. */
export interface ContentApi {
  readSelection(): { text: string; title: string; url: string };
  extractPage(): { title: string; url: string; text: string; excerpt?: string; byline?: string; usedReadability: boolean };
  readLink(url: string): Promise<{ text?: string; title?: string }>;
  pickRegion(): void;
}

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
    func: (name: string, params: unknown[]) => {
      const api = (globalThis as unknown as { __poeToolbarContent?: Record<string, (...a: unknown[]) => unknown> }).__poeToolbarContent;
      if (!api?.[name]) throw new Error('Poe Toolbar could not read this page.');
      return api[name](...params);
    },
    args: [method, args],
  });
  return first?.result as Awaited<ReturnType<ContentApi[K]>>;
}
