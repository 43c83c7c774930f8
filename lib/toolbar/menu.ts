import { t } from '@/lib/i18n';
import type { Menus } from 'webextension-polyfill';
import type { PromptAction, TranslationPreferences } from '@/lib/messaging/contracts';
import { inPageMenus } from '@/lib/messaging/prompt-library';
import { WATCH_PAGE_PATTERNS } from '@/lib/messaging/video-pages';
import { quickActionTitle, type QuickAction } from './prompts';

/** Menu item ids. User actions are `action:<id>`. */
export const MENU = {
  root: 'ask-poe',
  askSelection: 'ask-selection',
  quick: (action: QuickAction) => `quick-${action}`,
  askPage: 'ask-page',
  /** Issue 14: the same ask, titled for a PDF tab (by its address; any other PDF is found by "this page" too). */
  askPdf: 'ask-pdf',
  /** A right-click on a `<video>`, and anywhere on a watch page (YouTube's player keeps its own menu). */
  askVideo: 'ask-video',
  askVideoPage: 'ask-video-page',
  summarizeVideo: 'summarize-video',
  summarizeVideoPage: 'summarize-video-page',
  askImage: 'ask-image',
  askLink: 'ask-link',
  captureRegion: 'capture-region',
  captureVisible: 'capture-visible',
  action: (id: string) => `action:${id}`,
} as const;

export const QUICK_ACTIONS: readonly QuickAction[] = ['explain', 'summarize', 'translate'];

type Context = Menus.ContextType;
const EVERYWHERE: Context[] = ['page', 'selection', 'link', 'image', 'video', 'frame'];

export interface MenuItem {
  id: string;
  title?: string;
  contexts: Context[];
  parentId?: string;
  type?: 'separator';
  /** Only in documents at these addresses. */
  documentUrlPatterns?: string[];
}

/** Addresses of PDF files, for the PDF item's title (a PDF at any other address is still read by "this page"). */
export const PDF_URL_PATTERNS = ['*://*/*.pdf', '*://*/*.pdf?*', '*://*/*.PDF', 'file:///*.pdf', 'file:///*.PDF'];


/** The "Ask Poe" menu: the selection, the page, an image, a link, captures, then the user's own actions. */
export function menuItems(actions: readonly PromptAction[], locale: string, translation?: TranslationPreferences): MenuItem[] {
  const items: MenuItem[] = [
    { id: MENU.root, title: t('menu_root'), contexts: EVERYWHERE },
    { id: MENU.askSelection, parentId: MENU.root, title: t('menu_askSelection'), contexts: ['selection'] },
    ...QUICK_ACTIONS.map((action) => ({
      id: MENU.quick(action),
      parentId: MENU.root,
      title: quickActionTitle(action, locale, translation),
      contexts: ['selection'] as Context[],
    })),
    { id: MENU.askPage, parentId: MENU.root, title: t('menu_askPage'), contexts: ['page'] },
    { id: MENU.askPdf, parentId: MENU.root, title: t('menu_askPdf'), contexts: ['page', 'frame'], documentUrlPatterns: PDF_URL_PATTERNS },
    { id: MENU.summarizeVideo, parentId: MENU.root, title: t('menu_summarizeVideo'), contexts: ['video'] },
    { id: MENU.askVideo, parentId: MENU.root, title: t('menu_askVideo'), contexts: ['video'] },
    { id: MENU.summarizeVideoPage, parentId: MENU.root, title: t('menu_summarizeVideo'), contexts: ['page'], documentUrlPatterns: WATCH_PAGE_PATTERNS },
    { id: MENU.askVideoPage, parentId: MENU.root, title: t('menu_askVideo'), contexts: ['page'], documentUrlPatterns: WATCH_PAGE_PATTERNS },
    { id: MENU.askImage, parentId: MENU.root, title: t('menu_askImage'), contexts: ['image'] },
    { id: MENU.askLink, parentId: MENU.root, title: t('menu_askLink'), contexts: ['link'] },
    { id: 'separator-capture', parentId: MENU.root, type: 'separator', contexts: EVERYWHERE },
    { id: MENU.captureRegion, parentId: MENU.root, title: t('menu_captureRegion'), contexts: EVERYWHERE },
    { id: MENU.captureVisible, parentId: MENU.root, title: t('menu_captureVisible'), contexts: EVERYWHERE },
  ];
  // Issue 16: one list of saved prompts; those the user keeps out of the menu (and the defaults the built-in items
  // above already cover) are for `/` in the composer only.
  const shown = actions.filter(inPageMenus);
  if (shown.length > 0) {
    items.push({ id: 'separator-actions', parentId: MENU.root, type: 'separator', contexts: EVERYWHERE });
    for (const action of shown) {
      items.push({
        id: MENU.action(action.id),
        parentId: MENU.root,
        title: action.title,
        // A template about the selection only makes sense with one; one about the page, on a page.
        contexts: action.template.includes('{selection}') ? ['selection'] : action.template.includes('{page}') ? ['page'] : EVERYWHERE,
      });
    }
  }
  return items;
}

/** Recreates the whole menu (on install, on start-up and whenever the user's actions or translation language change). */
export async function rebuildMenus(
  api: Menus.Static,
  actions: readonly PromptAction[],
  locale: string,
  translation?: TranslationPreferences,
): Promise<void> {
  await api.removeAll();
  for (const item of menuItems(actions, locale, translation)) {
    api.create({
      id: item.id,
      contexts: item.contexts,
      ...(item.title ? { title: item.title } : {}),
      ...(item.parentId ? { parentId: item.parentId } : {}),
      ...(item.type ? { type: item.type } : {}),
      ...(item.documentUrlPatterns ? { documentUrlPatterns: item.documentUrlPatterns } : {}),
    });
  }
}
