/**
 * The bubble's menu as DOM: the sections for the selection (or one submenu with Back), the Ask field and "Not on this
 * site". Texts only, never HTML. The arrows walk it (./menu-keys); picking calls back into the bubble.
 */
import { t } from '@/lib/i18n';
import type { PageAction, PageVideo } from '@/lib/messaging/page-door';
import { el } from './card';
import { menuSections, type MenuEvent, type MenuItem } from './menu-model';
import { sendOnEnter, walkMenu } from './menu-keys';

export interface MenuPicks {
  ask(action: PageAction): void;
  notHere(): void;
  /** "This video" on a watch page; `box` is the menu, which says where the answer went when the panel stays shut. */
  video(action: PageVideo['action'], box: HTMLElement): void;
}

/** What the menu is for: text the user can write back to, and the background's latest menu (its prompt actions). */
export interface MenuContext {
  writing: boolean;
  menu: MenuEvent | null;
  /** A watch page: the video itself is offered too (issue 14). */
  watchPage: boolean;
}

/** An empty menu whose arrows move the focus; `focused` is what has the focus inside the bubble's shadow root. */
export function menuBox(doc: Document, focused: () => Element | null | undefined): HTMLElement {
  const box = el(doc, 'div', 'menu layer');
  box.setAttribute('role', 'menu');
  box.setAttribute('aria-label', t('bubble_menuLabel'));
  box.addEventListener('keydown', (event) => walkMenu(event, box, focused()));
  return box;
}

/** Fills the menu (top level, or `submenu`) and focuses its first item. */
export function fillMenu(doc: Document, box: HTMLElement, context: MenuContext, submenu: Extract<MenuItem, { kind: 'submenu' }> | null, picks: MenuPicks): void {
  box.replaceChildren();
  const item = (label: string, onPick: () => void, more = false) => {
    const button = el(doc, 'button', 'item', label);
    button.type = 'button';
    button.setAttribute('role', 'menuitem');
    if (more) {
      button.setAttribute('aria-haspopup', 'menu');
      const arrow = el(doc, 'span', 'more', '›');
      arrow.setAttribute('aria-hidden', 'true');
      button.append(arrow);
    }
    button.addEventListener('click', onPick, { once: true });
    return button;
  };
  if (submenu) {
    box.append(item(`‹ ${t('common_back')}`, () => fillMenu(doc, box, context, null, picks)), el(doc, 'div', 'sep'));
    for (const each of submenu.items) if (each.kind === 'action') box.append(item(each.label, () => picks.ask(each.action)));
  } else {
    for (const section of menuSections(context.writing, context.menu, context.watchPage)) {
      box.append(el(doc, 'div', 'heading', section.heading));
      for (const each of section.items) {
        if (each.kind === 'action') box.append(item(each.label, () => picks.ask(each.action)));
        else if (each.kind === 'video') box.append(item(each.label, () => picks.video(each.video, box)));
        else box.append(item(each.label, () => fillMenu(doc, box, context, each, picks), true));
      }
    }
    box.append(el(doc, 'div', 'sep'), askField(doc, picks));
    const away = el(doc, 'button', 'away', t('bubble_notOnThisSite'));
    away.type = 'button';
    away.title = t('bubble_notOnThisSiteTitle');
    away.addEventListener('click', () => picks.notHere(), { once: true });
    box.append(away);
  }
  (box.querySelector('.item') as HTMLElement | null)?.focus({ preventScroll: true });
}

function askField(doc: Document, picks: MenuPicks): HTMLElement {
  const form = el(doc, 'div', 'ask');
  const input = el(doc, 'input');
  input.type = 'text';
  input.placeholder = t('bubble_askPlaceholder');
  input.setAttribute('aria-label', t('bubble_askLabel'));
  input.maxLength = 4000;
  sendOnEnter(input, (question) => picks.ask({ kind: 'ask', question }));
  form.append(input);
  return form;
}
