import { t } from '@/lib/i18n';
import type { AttachedPage, AttachOffer, BackgroundEvent, ErrorInfo } from '@/lib/messaging/contracts';
import type { ReadTab } from './page-asks';
import { PageReadError } from './page-read-error';

type PageAttachEvent = Extract<BackgroundEvent, { type: 'pageAttach' }>;
type PageChangedEvent = Extract<BackgroundEvent, { type: 'pageChanged' }>;

/** A page that attached a tab and is told when that tab changes. */
export interface PageWatcher {
  post(event: PageAttachEvent | PageChangedEvent): void;
}

export interface PageAttachDeps {
  /** The active tab of the window last focused (the one the side panel sits in); undefined when there is none. */
  activeTab(): Promise<{ id: number } | undefined>;
  /** Reads what the tab shows (a page, a PDF, a video's transcript) and parks it (lib/toolbar/page-asks.ts `readPage`). */
  readPage(tabId: number): Promise<ReadTab>;
}

/**
 * "This page" in the side panel: reads a tab's text on the user's click and tells the page that attached it when the
 * tab navigates or closes (`tabs.onUpdated` says `status: 'loading'` for every tab, with no "tabs" permission), so
 * the chip can offer to refresh. One notice per attach: a refresh watches again.
 */
export class PageAttach {
  private readonly watchers = new Map<number, Set<PageWatcher>>();

  constructor(private readonly deps: PageAttachDeps) {}

  async attach(requestId: string, tabId: number | undefined, page: PageWatcher): Promise<void> {
    const tab = tabId !== undefined ? { id: tabId } : await this.deps.activeTab();
    if (!tab) {
      page.post({ type: 'pageAttach', requestId, result: { ok: false, error: pageError(t('pageAttach_noPage')) } });
      return;
    }
    try {
      const { page: read, attachment } = await this.deps.readPage(tab.id);
      const attached: AttachedPage = { tabId: tab.id, title: read.title, url: read.url, chars: read.chars };
      this.watch(tab.id, page);
      page.post({ type: 'pageAttach', requestId, result: { ok: true, attachment, page: attached } });
    } catch (error) {
      page.post({ type: 'pageAttach', requestId, result: { ok: false, ...readFailure(error) } });
    }
  }

  private watch(tabId: number, page: PageWatcher): void {
    const set = this.watchers.get(tabId) ?? new Set();
    set.add(page);
    this.watchers.set(tabId, set);
  }

  /** A page went away: it watches nothing. */
  forget(page: PageWatcher): void {
    for (const [tabId, set] of this.watchers) {
      set.delete(page);
      if (set.size === 0) this.watchers.delete(tabId);
    }
  }

  /** From `tabs.onUpdated`: a new document is loading (or the URL changed within the page). */
  onTabUpdated(tabId: number, change: { status?: string; url?: string }): void {
    if (change.status === 'loading' || change.url !== undefined) this.tell(tabId, false);
  }

  onTabRemoved(tabId: number): void {
    this.tell(tabId, true);
  }

  private tell(tabId: number, closed: boolean): void {
    const set = this.watchers.get(tabId);
    if (!set) return;
    this.watchers.delete(tabId);
    for (const page of set) page.post({ type: 'pageChanged', tabId, closed });
  }
}

const pageError = (message: string): ErrorInfo => ({ kind: 'page', message });

/**
 * What the browser's refusal means for people, and the site to ask access to when the browser named it. Chrome says
 * `Cannot access contents of url "https://…"` (or "of the page") without host access, and names its own pages and the
 * web store; Firefox says "Missing host permission for the tab".
 */
export function readFailure(error: unknown): { error: ErrorInfo; origin?: string; offer?: AttachOffer } {
  if (error instanceof PageReadError) return { error: pageError(error.message), ...(error.offer ? { offer: error.offer } : {}) };
  const text = error instanceof Error ? error.message : String(error);
  if (/chrome:\/\/|chrome-extension:\/\/|about:|moz-extension:|extensions gallery|webstore|addons\.mozilla|cannot be scripted|restricted/i.test(text)) {
    return {
      error: pageError(
        t('pageAttach_restricted'),
      ),
    };
  }
  if (/permission|cannot access/i.test(text)) {
    const origin = originIn(text);
    return {
      error: pageError(origin ? t('pageAttach_notAllowedHost', new URL(origin).host) : t('pageAttach_notAllowed')),
      ...(origin ? { origin } : {}),
    };
  }
  return { error: pageError(t('pageAttach_failed')) };
}

function originIn(text: string): string | undefined {
  const url = /url "([^"]+)"/i.exec(text)?.[1];
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}
