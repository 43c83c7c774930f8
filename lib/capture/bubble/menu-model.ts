import { t, type MessageKey } from '@/lib/i18n';
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

const TONE_LABELS: Record<(typeof TONES)[number], MessageKey> = {
  professional: 'bubble_toneProfessional',
  friendly: 'bubble_toneFriendly',
  casual: 'bubble_toneCasual',
  confident: 'bubble_toneConfident',
  direct: 'bubble_toneDirect',
};

const translateLabel = (menu: MenuEvent | null) => (menu ? t('bubble_translateTo', menu.translateInto) : t('bubble_translate'));

/**
 * Reading actions for selected page text; writing actions (then the prompt actions) for text in a field or editor; on
 * a watch page, the video itself as well.
 */
export function menuSections(writing: boolean, menu: MenuEvent | null, watchPage = false): MenuSection[] {
  const sections: MenuSection[] = [];
  if (writing) {
    sections.push({
      heading: t('bubble_editHeading'),
      items: [
        { kind: 'action', label: t('bubble_improve'), action: { kind: 'writing', id: 'improve' } },
        { kind: 'action', label: t('bubble_fix'), action: { kind: 'writing', id: 'fix' } },
        { kind: 'action', label: t('bubble_shorter'), action: { kind: 'writing', id: 'shorter' } },
        {
          kind: 'submenu',
          label: t('bubble_changeTone'),
          items: TONES.map((tone) => ({ kind: 'action', label: t(TONE_LABELS[tone]), action: { kind: 'tone', tone } })),
        },
        {
          kind: 'submenu',
          label: t('bubble_translateToMenu'),
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
      heading: t('bubble_menuLabel'),
      items: [
        { kind: 'action', label: t('bubble_explain'), action: { kind: 'reading', id: 'explain' } },
        { kind: 'action', label: t('bubble_summarize'), action: { kind: 'reading', id: 'summarize' } },
        {
          kind: 'action',
          label: translateLabel(menu),
          action: { kind: 'reading', id: 'translate' },
        },
      ],
    });
  }
  if (watchPage && !writing) {
    sections.push({
      heading: t('bubble_thisVideo'),
      items: [
        { kind: 'video', label: t('bubble_summarizeVideo'), video: 'summarize' },
        { kind: 'video', label: t('bubble_askVideo'), video: 'ask' },
      ],
    });
  }
  const prompts = (menu?.promptActions ?? []).map<MenuItem>((each) => ({ kind: 'action', label: each.title, action: { kind: 'prompt', id: each.id } }));
  if (prompts.length > 0) sections.push({ heading: t('bubble_yourActions'), items: prompts });
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
      return action.id === 'translate' ? translateLabel(menu) : action.id === 'explain' ? t('bubble_explain') : t('bubble_summarize');
    case 'writing':
      return action.id === 'improve' ? t('bubble_improve') : action.id === 'fix' ? t('bubble_fix') : t('bubble_shorter');
    case 'tone':
      return t('bubble_toneTitle', t(TONE_LABELS[action.tone]));
    case 'translateTo':
      return t('bubble_translateTo', menu?.languages.find((each) => each.code === action.language)?.name ?? action.language);
    case 'prompt':
      return menu?.promptActions.find((each) => each.id === action.id)?.title ?? t('bubble_yourAction');
    case 'ask':
      return action.question;
  }
}
