import type { Menus, Tabs } from 'webextension-polyfill';
import type { ContentMessage } from '@/lib/messaging/content-contracts';
import type { PendingAttachment } from '@/lib/messaging/contracts';
import type { ContentApi, FrameTarget } from '@/lib/platform/page-scripting';
import type { PendingSource } from '@/lib/messaging/file-door';
import type { PromptAction, TranslationPreferences } from '@/lib/messaging/contracts';
import type { HandoffQueue } from './handoff';
import { MENU, QUICK_ACTIONS } from './menu';
import { fileNameFrom, fillTemplate, quickActionPrompt, type QuickAction } from './prompts';

type Rect = Extract<ContentMessage, { type: 'region.selected' }>['rect'];
type Viewport = Extract<ContentMessage, { type: 'region.selected' }>['viewport'];

export interface PageAskDeps {
  handoff: HandoffQueue;
  /**
   * Starts a new conversation with this message at once; resolves with its id as soon as it exists, or with the
   * request id the spending guard holds it under (the side panel asks the user).
   */
  startConversation(bot: string, text: string): Promise<{ conversationId: string } | { heldRequestId: string }>;
  selectedBot(): Promise<string>;
  promptActions(): Promise<PromptAction[]>;
  /** Where "Translate" goes (Settings, and the language last picked). */
  translation(): Promise<TranslationPreferences>;
  callContent<K extends keyof ContentApi>(target: FrameTarget, method: K, ...args: Parameters<ContentApi[K]>): Promise<Awaited<ReturnType<ContentApi[K]>>>;
  /** A PNG data URL of the tab's visible area (rate-limited by the caller). */
  captureVisible(windowId: number): Promise<string>;
  crop(dataUrl: string, rect: Rect, viewport: Viewport): Promise<Blob>;
  putPending(source: Blob | PendingSource, name: string): Promise<string>;
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
    if (id === MENU.askPage) return this.askAboutPage(target);
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
    const selection = action.template.includes('{selection}') ? (await this.selection(target, fallback)).text : '';
    const text = fillTemplate(action.template, { selection, url: page.url, title: page.title });
    await this.sendAtOnce(action.bot ?? (await this.deps.selectedBot()), text);
  }

  private async sendAtOnce(bot: string, text: string): Promise<void> {
    const started = await this.deps.startConversation(bot, text);
    if ('heldRequestId' in started) this.deps.handoff.deliver({ kind: 'held', requestId: started.heldRequestId });
    else this.deps.handoff.deliver({ kind: 'open', conversationId: started.conversationId });
  }

  private async pending(source: Blob | PendingSource, name: string, contentType: string, size: number): Promise<PendingAttachment> {
    return { pendingId: await this.deps.putPending(source, name), name, contentType, size };
  }

  async askAboutPage(target: FrameTarget): Promise<void> {
    const { page, attachment } = await this.readPage(target);
    this.deps.handoff.deliver({ kind: 'compose', text: `About this page: “${page.title}” (${page.url})\n\n`, attachments: [attachment] });
  }

  /** A tab's readable text (its title and URL first), parked at the file door as a text file. */
  async readPage(target: FrameTarget): Promise<{ page: { title: string; url: string; text: string }; attachment: PendingAttachment }> {
    const page = await this.deps.callContent(target, 'extractPage');
    const body = `${page.title}\n${page.url}\n\n${page.text}`;
    const file = new Blob([body], { type: 'text/plain' });
    return { page, attachment: await this.pending(file, fileNameFrom(page.title, 'txt'), 'text/plain', file.size) };
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
