import type { Menus } from 'webextension-polyfill';
import type { PromptAction, TranslationPreferences } from '@/lib/messaging/contracts';
import { quickActionTitle, type QuickAction } from './prompts';

/** Menu item ids. User actions are `action:<id>`. */
export const MENU = {
  root: 'ask-poe',
  askSelection: 'ask-selection',
  quick: (action: QuickAction) => `quick-${action}`,
  askPage: 'ask-page',
  askImage: 'ask-image',
  askLink: 'ask-link',
  captureRegion: 'capture-region',
  captureVisible: 'capture-visible',
  action: (id: string) => `action:${id}`,
} as const;

export const QUICK_ACTIONS: readonly QuickAction[] = ['explain', 'summarize', 'translate'];

type Context = Menus.ContextType;
const EVERYWHERE: Context[] = ['page', 'selection', 'link', 'image', 'frame'];

export interface MenuItem {
  id: string;
  title?: string;
  contexts: Context[];
  parentId?: string;
  type?: 'separator';
}

/** The "Ask Poe" menu: the selection, the page, an image, a link, captures, then the user's own actions. */
export function menuItems(actions: readonly PromptAction[], locale: string, translation?: TranslationPreferences): MenuItem[] {
  const items: MenuItem[] = [
    { id: MENU.root, title: 'Ask Poe', contexts: EVERYWHERE },
    { id: MENU.askSelection, parentId: MENU.root, title: 'Ask Poe about “%s”', contexts: ['selection'] },
    ...QUICK_ACTIONS.map((action) => ({
      id: MENU.quick(action),
      parentId: MENU.root,
      title: quickActionTitle(action, locale, translation),
      contexts: ['selection'] as Context[],
    })),
    { id: MENU.askPage, parentId: MENU.root, title: 'Ask Poe about this page', contexts: ['page'] },
    { id: MENU.askImage, parentId: MENU.root, title: 'Ask Poe about this image', contexts: ['image'] },
    { id: MENU.askLink, parentId: MENU.root, title: 'Ask Poe about this link', contexts: ['link'] },
    { id: 'separator-capture', parentId: MENU.root, type: 'separator', contexts: EVERYWHERE },
    { id: MENU.captureRegion, parentId: MENU.root, title: 'Capture a region…', contexts: EVERYWHERE },
    { id: MENU.captureVisible, parentId: MENU.root, title: 'Capture the visible area', contexts: EVERYWHERE },
  ];
  if (actions.length > 0) {
    items.push({ id: 'separator-actions', parentId: MENU.root, type: 'separator', contexts: EVERYWHERE });
    for (const action of actions) {
      items.push({
        id: MENU.action(action.id),
        parentId: MENU.root,
        title: action.title,
        // A template about the selection only makes sense with one.
        contexts: action.template.includes('{selection}') ? ['selection'] : EVERYWHERE,
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
    });
  }
}
