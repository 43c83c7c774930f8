import { uiLocale } from '@/lib/i18n';

/** Items as a list in the UI language's way (“a, b, and c”; “a、b、c”). */
export function listText(items: readonly string[]): string {
  return new Intl.ListFormat(uiLocale(), { type: 'conjunction' }).format(items);
}
