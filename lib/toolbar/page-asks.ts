import { t } from '@/lib/i18n';
import type { Menus, Tabs } from 'webextension-polyfill';
import type { ContentMessage } from '@/lib/messaging/content-contracts';
import type { PageVideo } from '@/lib/messaging/page-door';
import type { AttachOffer, PendingAttachment } from '@/lib/messaging/contracts';
import type { ContentApi, FrameTarget } from '@/lib/platform/page-scripting';
import type { PendingSource } from '@/lib/messaging/file-door';
import type { PromptAction, TranslationPreferences } from '@/lib/messaging/contracts';
import type { HandoffQueue } from './handoff';
import { MENU, QUICK_ACTIONS } from './menu';
import { PageReadError } from './page-read-error';
import { attachedPageWords, fileNameFrom, fillTemplate, quickActionPrompt, summarizeVideoPrompt, translationLanguages, type QuickAction } from './prompts';

/** What a tab's video gave (issue 14): its transcript; or, without captions, only a labelled offer; or no video at all. */
export type VideoOutcome =
  | { kind: 'none' }
  | { kind: 'transcript'; attachment: PendingAttachment; title: string; url: string; chars: number }
  | { kind: 'noCaptions'; offer: AttachOffer; title: string; url: string };

/** What a tab gave: a PDF, a video's transcript or a page's text, parked at the file door, with what its chip shows. */
export interface ReadTab {
  kind: 'pdf' | 'video' | 'page';
  page: { title: string; url: string; chars: number };
  attachment: PendingAttachment;
}

export const NO_CAPTIONS_MESSAGE = t('pageAsks_noCaptions');

type Rect = Extract<ContentMessage, { type: 'region.selected' }>['rect'];
type Viewport = Extract<ContentMessage, { type: 'region.selected' }>['viewport'];

export interface PageAskDeps {
  handoff: HandoffQueue;
  /**
   * Starts a new conversation with this message at once; resolves with its id as soon as it exists, or with the
   * request id the spending guard holds it under (the side panel asks the user).
   */
  startConversation(bot: string, text: string, attachments: PendingAttachment[]): Promise<{ conversationId: string } | { heldRequestId: string }>;
  selectedBot(): Promise<string>;
  promptActions(): Promise<PromptAction[]>;
  /** Where "Translate" goes (Settings, and the language last picked). */
  translation(): Promise<TranslationPreferences>;
  callContent<K extends keyof ContentApi>(target: FrameTarget, method: K, ...args: Parameters<ContentApi[K]>): Promise<Awaited<ReturnType<ContentApi[K]>>>;
  /** A PNG data URL of the tab's visible area (rate-limited by the caller). */
  captureVisible(windowId: number): Promise<string>;
  crop(dataUrl: string, rect: Rect, viewport: Viewport): Promise<Blob>;
  putPending(source: Blob | PendingSource, name: string): Promise<string>;
  /**
   * A PDF the user is looking at (issue 14): fetched from its URL, read, and parked at the file door with its text.
   * Throws PageReadError with a human message (a password, no text layer where text is needed, broken, too large).
   */
  readPdf(pdf: { url: string; title: string }): Promise<PendingAttachment>;
  /**
   * A video in this frame and its captions, read from the page's own caption tracks (issue 14): the `<video>` playing
   * `srcUrl` (a right-click on it), or without one the video a watch page is about; `none` when there is no such video.
   */
  readVideo(target: FrameTarget, srcUrl?: string): Promise<VideoOutcome>;
  /** The tab's URL, for a tab no script may run in (Firefox's PDF viewer); undefined when the browser hides it. */
  tabUrl(tabId: number): Promise<string | undefined>;
  locale: string;
}

/** What a click on "Ask Poe …" (or a keyboard command) does with the page it was made on. */
export class PageAsks {
  /** Tabs whose region picker is open, with the window to capture. */
  private readonly pickingRegion = new Map<number, { windowId: number; title: string; url: string }>();

  constructor(private readonly deps: PageAskDeps) {}

  async onMenuClick(info: Menus.OnClickData, tab: Tabs.Tab | undefined): Promise<void> {
    if (!tab?.id) return;
    const target: FrameTarget = { tabId: tab.id, frameId: info.frameId ?? 0 };
    const page = { title: tab.title ?? '', url: info.frameUrl ?? info.pageUrl ?? tab.url ?? '' };
    const id = String(info.menuItemId);
    if (id === MENU.askSelection) return this.askAboutSelection(target, info.selectionText ?? '', page);
    const quick = QUICK_ACTIONS.find((action) => MENU.quick(action) === id);
    if (quick) return this.quickAction(quick, target, info.selectionText ?? '', page);
    if (id === MENU.askPage || id === MENU.askPdf) return this.askAboutPage(target);
    if (id === MENU.askVideo || id === MENU.askVideoPage) return this.askAboutVideo(target, info.srcUrl);
    if (id === MENU.summarizeVideo || id === MENU.summarizeVideoPage) return this.summarizeVideo(target, info.srcUrl);
    if (id === MENU.askImage && info.srcUrl) return this.askAboutImage(info.srcUrl, page);
    if (id === MENU.askLink && info.linkUrl) return this.askAboutLink(target, info.linkUrl, (info as { linkText?: string }).linkText ?? '');
    if (id === MENU.captureRegion) return this.pickRegion(tab, page);
    if (id === MENU.captureVisible) return this.captureVisible(tab, page);
    if (id.startsWith('action:')) return this.userAction(id.slice('action:'.length), target, info.selectionText ?? '', page);
  }

  /** The full selection, line breaks kept (the menu's `selectionText` flattens them); that text when the page refuses. */
  private async selection(target: FrameTarget, fallback: string): Promise<{ text: string; title?: string; url?: string }> {
    try {
      const read = await this.deps.callContent(target, 'readSelection');
      if (read.text.trim()) return read;
    } catch {
      // Pages the extension may not script (the browser's own, the web store): the flattened text will do.
    }
    return { text: fallback };
  }

  async askAboutSelection(target: FrameTarget, fallback: string, page: { title: string; url: string }): Promise<void> {
    const selection = await this.selection(target, fallback);
    // The shortcut with nothing selected asks about what the tab shows: a page, a PDF (whose viewer keeps its
    // selection to itself), a video.
    if (!selection.text.trim()) return this.askAboutPage(target);
    const where = { title: selection.title ?? page.title, url: selection.url ?? page.url };
    // The quote travels apart from the draft's text: the panel shows it as a block and words it on Send.
    this.deps.handoff.deliver({ kind: 'compose', text: '', attachments: [], quote: { text: selection.text, ...where } });
  }

  private async quickAction(action: QuickAction, target: FrameTarget, fallback: string, page: { title: string; url: string }): Promise<void> {
    const selection = await this.selection(target, fallback);
    const where = { title: selection.title ?? page.title, url: selection.url ?? page.url };
    const translation = action === 'translate' ? await this.deps.translation() : undefined;
    await this.sendAtOnce(await this.deps.selectedBot(), quickActionPrompt(action, selection.text, where, this.deps.locale, translation));
  }

  private async userAction(actionId: string, target: FrameTarget, fallback: string, page: { title: string; url: string }): Promise<void> {
    const action = (await this.deps.promptActions()).find((each) => each.id === actionId);
    if (!action) return;
    const uses = (name: string) => action.template.includes(`{${name}}`);
    const selection = uses('selection') ? (await this.selection(target, fallback)).text : '';
    const language = uses('language') ? translationLanguages(this.deps.locale, await this.deps.translation()).into : undefined;
    const bot = action.bot ?? (await this.deps.selectedBot());
    // Issue 16: `{page}` is the tab's text, attached as "Ask Poe about this page" attaches it, and named in the prompt.
    const read = uses('page') ? await this.readPage(target) : undefined;
    const values = { selection, url: page.url, title: page.title, ...(language ? { language } : {}) };
    const text = fillTemplate(action.template, { ...values, ...(read ? { page: attachedPageWords(read.page.title) } : {}) });
    await this.sendAtOnce(bot, text, read ? [read.attachment] : []);
  }

  private async sendAtOnce(bot: string, text: string, attachments: PendingAttachment[] = []): Promise<void> {
    const started = await this.deps.startConversation(bot, text, attachments);
    if ('heldRequestId' in started) this.deps.handoff.deliver({ kind: 'held', requestId: started.heldRequestId });
    else this.deps.handoff.deliver({ kind: 'open', conversationId: started.conversationId });
  }

  private async pending(source: Blob | PendingSource, name: string, contentType: string, size: number): Promise<PendingAttachment> {
    return { pendingId: await this.deps.putPending(source, name), name, contentType, size };
  }

  /** "Ask Poe about this page" (and this PDF): what the tab shows, attached to a new draft with a line about it. */
  async askAboutPage(target: FrameTarget): Promise<void> {
    const read = await this.readPage(target);
    this.deps.handoff.deliver({ kind: 'compose', text: aboutLine(read), attachments: [read.attachment] });
  }

  /** The bubble's "This video" (the page door checked it comes from a watch page where the bubble is welcome). */
  async videoAction(action: PageVideo['action'], target: FrameTarget): Promise<void> {
    return action === 'summarize' ? this.summarizeVideo(target, undefined) : this.askAboutVideo(target, undefined);
  }

  private async askAboutVideo(target: FrameTarget, srcUrl: string | undefined): Promise<void> {
    const read = await this.readVideo(target, srcUrl);
    this.deps.handoff.deliver({ kind: 'compose', text: aboutLine(read), attachments: [read.attachment] });
  }

  /** "Summarize this video": asked at once, with the transcript attached. */
  private async summarizeVideo(target: FrameTarget, srcUrl: string | undefined): Promise<void> {
    const read = await this.readVideo(target, srcUrl);
    await this.sendAtOnce(await this.deps.selectedBot(), summarizeVideoPrompt(read.page), [read.attachment]);
  }

  /**
   * What the user is looking at in this frame, read and parked: a PDF (Chrome's viewer says so in its content type;
   * Firefox's runs no extension script, so its address tells), the transcript of the video a watch page is about, or
   * else the page's readable text. A video page never falls back to its text: that is comments and recommendations.
   */
  async readPage(target: FrameTarget): Promise<ReadTab> {
    let page: Awaited<ReturnType<ContentApi['extractPage']>>;
    try {
      page = await this.deps.callContent(target, 'extractPage');
    } catch (error) {
      const url = await this.deps.tabUrl(target.tabId).catch(() => undefined);
      if (url && looksLikePdf(url)) return this.readPdf(url, '');
      throw error;
    }
    if (page.contentType === 'application/pdf') return this.readPdf(page.url, page.title);
    const video = await this.deps.readVideo(target);
    if (video.kind !== 'none') return this.videoRead(video);
    const body = `${page.title}\n${page.url}\n\n${page.text}`;
    const file = new Blob([body], { type: 'text/plain' });
    const attachment = await this.pending(file, fileNameFrom(page.title, 'txt'), 'text/plain', file.size);
    return { kind: 'page', page: { title: page.title, url: page.url, chars: page.text.length }, attachment };
  }

  private async readPdf(url: string, title: string): Promise<ReadTab> {
    const attachment = await this.deps.readPdf({ url, title });
    const source = attachment.source?.kind === 'pdf' ? attachment.source : undefined;
    return { kind: 'pdf', page: { title: source?.title || title || attachment.name, url, chars: source?.textChars ?? 0 }, attachment };
  }

  private async readVideo(target: FrameTarget, srcUrl: string | undefined): Promise<ReadTab> {
    const video = await this.deps.readVideo(target, srcUrl);
    if (video.kind === 'none') throw new PageReadError(t('pageAsks_noVideo'));
    return this.videoRead(video);
  }

  private videoRead(video: Exclude<VideoOutcome, { kind: 'none' }>): ReadTab {
    if (video.kind === 'noCaptions') throw new PageReadError(NO_CAPTIONS_MESSAGE, video.offer);
    return { kind: 'video', page: { title: video.title, url: video.url, chars: video.chars }, attachment: video.attachment };
  }

  private async askAboutImage(srcUrl: string, page: { title: string; url: string }): Promise<void> {
    const name = imageName(srcUrl);
    let attachment: PendingAttachment;
    if (/^https?:/i.test(srcUrl)) {
      // Poe fetches public images itself: the extension needs no access to the image's host.
      attachment = await this.pending({ url: srcUrl }, name, guessImageType(name), 0);
    } else if (/^data:image\//i.test(srcUrl)) {
      const blob = await (await fetch(srcUrl)).blob();
      attachment = await this.pending(blob, name, blob.type, blob.size);
    } else {
      return;
    }
    this.deps.handoff.deliver({ kind: 'compose', text: `About this image from “${page.title || page.url}” (${page.url})\n\n`, attachments: [attachment] });
  }

  private async askAboutLink(target: FrameTarget, linkUrl: string, linkText: string): Promise<void> {
    const label = linkText.trim() || linkUrl;
    const attachments: PendingAttachment[] = [];
    if (/^https?:/i.test(linkUrl)) {
      const content = await this.deps.callContent(target, 'readLink', linkUrl).catch(() => ({}) as { text?: string; title?: string });
      if (content.text) {
        const file = new Blob([`${content.title ?? label}\n${linkUrl}\n\n${content.text}`], { type: 'text/plain' });
        attachments.push(await this.pending(file, fileNameFrom(content.title ?? label, 'txt'), 'text/plain', file.size));
      }
    }
    this.deps.handoff.deliver({ kind: 'compose', text: `About this link: [${label}](${linkUrl})\n\n`, attachments });
  }

  private async pickRegion(tab: Tabs.Tab, page: { title: string; url: string }): Promise<void> {
    if (tab.id === undefined || tab.windowId === undefined) return;
    this.pickingRegion.set(tab.id, { windowId: tab.windowId, ...page });
    await this.deps.callContent({ tabId: tab.id, frameId: 0 }, 'pickRegion');
  }

  /** The region picker's answer. Only a tab we asked to pick a region in may answer, once. */
  async onRegionMessage(message: ContentMessage, tabId: number): Promise<boolean> {
    const picking = this.pickingRegion.get(tabId);
    if (!picking) return false;
    this.pickingRegion.delete(tabId);
    if (message.type === 'region.cancelled') return true;
    const shot = await this.deps.captureVisible(picking.windowId);
    const png = await this.deps.crop(shot, message.rect, message.viewport);
    const name = `region-${Math.round(message.rect.width)}x${Math.round(message.rect.height)}.png`;
    const attachment = await this.pending(png, name, 'image/png', png.size);
    this.deps.handoff.deliver({
      kind: 'compose',
      text: `About this part of “${picking.title || picking.url}” (${picking.url})\n\n`,
      attachments: [attachment],
    });
    return true;
  }

  private async captureVisible(tab: Tabs.Tab, page: { title: string; url: string }): Promise<void> {
    if (tab.windowId === undefined) return;
    const shot = await this.deps.captureVisible(tab.windowId);
    const png = await (await fetch(shot)).blob();
    const attachment = await this.pending(png, 'visible-area.png', 'image/png', png.size);
    this.deps.handoff.deliver({ kind: 'compose', text: `About this screenshot of “${page.title || page.url}” (${page.url})\n\n`, attachments: [attachment] });
  }
}

/** The line a new draft starts with, naming what is attached. */
function aboutLine(read: ReadTab): string {
  const what = read.kind === 'pdf' ? 'this PDF' : read.kind === 'video' ? 'this video' : 'this page';
  return `About ${what}: “${read.page.title || read.page.url}” (${read.page.url})\n\n`;
}

/** An address that names a PDF file (for a tab no script can run in). */
export function looksLikePdf(url: string): boolean {
  try {
    const parsed = new URL(url);
    return /^(https?|file):$/.test(parsed.protocol) && /\.pdf$/i.test(parsed.pathname);
  } catch {
    return false;
  }
}

function imageName(url: string): string {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    if (/\.(png|jpe?g|gif|webp|avif|svg)$/i.test(last)) return last.slice(-80);
  } catch {
    // A data: URL or an odd one: a generic name.
  }
  return 'image.png';
}

function guessImageType(name: string): string {
  const extension = /\.(\w+)$/.exec(name)?.[1]?.toLowerCase();
  if (extension === 'jpg' || extension === 'jpeg') return 'image/jpeg';
  if (extension === 'svg') return 'image/svg+xml';
  return `image/${extension ?? 'png'}`;
}
