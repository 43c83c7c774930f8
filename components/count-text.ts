import { t, uiLocale, type MessageKey } from '@/lib/i18n';

/**
 * A plural sentence that names more than its count (“3 conversations in “x.json” are already here”): `tCount` with
 * further substitutions ($2…) after the count ($1), the form chosen by the UI language's plural rules.
 */
export function tCountWith(keys: { one: MessageKey; other: MessageKey }, count: number, ...more: string[]): string {
  const form = new Intl.PluralRules(uiLocale()).select(count);
  return t(form === 'one' ? keys.one : keys.other, new Intl.NumberFormat(uiLocale()).format(count), ...more);
}

/** Items as a list in the UI language's way (“a, b, and c”; “a、b、c”). */
export function listText(items: readonly string[]): string {
  return new Intl.ListFormat(uiLocale(), { type: 'conjunction' }).format(items);
}
