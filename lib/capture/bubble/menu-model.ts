import { TONES, type PageAction, type PageEvent, type PageVideo } from '@/lib/messaging/page-door';

/** What the bubble's menu lists for a selection, from the place it is in and the background's `menu` event. */
export type MenuEvent = Extract<PageEvent, { type: 'menu' }>;

export type MenuItem =
  | { kind: 'action'; label: string; action: PageAction }
  | { kind: 'submenu'; label: string; items: MenuItem[] }
  /** On a watch page: the video itself, summarized or asked about in the side panel (issue 14). */
  | { kind: 'video'; label: string; video: PageVideo['action'] };

export interface MenuSection {
  heading: string;
  items: MenuItem[];
}

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * Reading actions for selected page text; writing actions (then the prompt actions) for text in a field or editor; on
 * a watch page, the video itself as well.
 */
export function menuSections(writing: boolean, menu: MenuEvent | null, watchPage = false): MenuSection[] {
  const sections: MenuSection[] = [];
  if (writing) {
    sections.push({
      heading: 'Edit',
      items: [
        { kind: 'action', label: 'Improve writing', action: { kind: 'writing', id: 'improve' } },
        { kind: 'action', label: 'Fix spelling and grammar', action: { kind: 'writing', id: 'fix' } },
        { kind: 'action', label: 'Make shorter', action: { kind: 'writing', id: 'shorter' } },
        {
          kind: 'submenu',
          label: 'Change tone…',
          items: TONES.map((tone) => ({ kind: 'action', label: capitalised(tone), action: { kind: 'tone', tone } })),
        },
        {
          kind: 'submenu',
          label: 'Translate to…',
          items: (menu?.languages ?? [{ code: 'en', name: 'English' }]).map((language) => ({
            kind: 'action',
            label: language.name,
            action: { kind: 'translateTo', language: language.code },
          })),
        },
      ],
    });
  } else {
    sections.push({
      heading: 'Ask Poe',
      items: [
        { kind: 'action', label: 'Explain', action: { kind: 'reading', id: 'explain' } },
        { kind: 'action', label: 'Summarize', action: { kind: 'reading', id: 'summarize' } },
        {
          kind: 'action',
          label: menu ? `Translate to ${menu.translateInto}` : 'Translate',
          action: { kind: 'reading', id: 'translate' },
        },
      ],
    });
  }
  if (watchPage && !writing) {
    sections.push({
      heading: 'This video',
      items: [
        { kind: 'video', label: 'Summarize this video', video: 'summarize' },
        { kind: 'video', label: 'Ask about this video', video: 'ask' },
      ],
    });
  }
  const prompts = (menu?.promptActions ?? []).map<MenuItem>((each) => ({ kind: 'action', label: each.title, action: { kind: 'prompt', id: each.id } }));
  if (prompts.length > 0) sections.push({ heading: 'Your actions', items: prompts });
  return sections;
}

/** Whether an action's answer is meant to replace the text (the card then offers Replace first). */
export function rewrites(action: PageAction): boolean {
  return action.kind === 'writing' || action.kind === 'tone' || action.kind === 'translateTo';
}

/** The card's title for an action. */
export function actionTitle(action: PageAction, menu: MenuEvent | null): string {
  switch (action.kind) {
    case 'reading':
      return action.id === 'translate' ? (menu ? `Translate to ${menu.translateInto}` : 'Translate') : capitalised(action.id);
    case 'writing':
      return action.id === 'improve' ? 'Improve writing' : action.id === 'fix' ? 'Fix spelling and grammar' : 'Make shorter';
    case 'tone':
      return `${capitalised(action.tone)} tone`;
    case 'translateTo':
      return `Translate to ${menu?.languages.find((each) => each.code === action.language)?.name ?? action.language}`;
    case 'prompt':
      return menu?.promptActions.find((each) => each.id === action.id)?.title ?? 'Your action';
    case 'ask':
      return action.question;
  }
}
