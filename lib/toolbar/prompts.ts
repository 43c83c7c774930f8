/** The words Poe Toolbar puts around what the user asked about. */

export interface PageContext {
  title: string;
  url: string;
}

/** The selection as a markdown quote (line breaks kept), with where it came from. */
export function quoteSelection(selection: string, page: PageContext): string {
  const quoted = selection
    .replace(/\r\n?/g, '\n')
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
  return `${quoted}\n\n— from “${page.title || page.url}” (${page.url})\n\n`;
}

/** The user's language as a name, e.g. "French", from the browser's UI language. */
export function languageName(locale: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(locale.split('-')[0] ?? locale);
    return name ?? 'English';
  } catch {
    return 'English';
  }
}

export type QuickAction = 'explain' | 'summarize' | 'translate';

export function quickActionTitle(action: QuickAction, locale: string): string {
  if (action === 'explain') return 'Explain';
  if (action === 'summarize') return 'Summarize';
  return `Translate to ${languageName(locale)}`;
}

export function quickActionPrompt(action: QuickAction, selection: string, page: PageContext, locale: string): string {
  const instruction =
    action === 'explain'
      ? 'Explain this clearly and concisely.'
      : action === 'summarize'
        ? 'Summarize this in a few bullet points.'
        : `Translate this into ${languageName(locale)}. Reply with the translation only.`;
  return `${quoteSelection(selection, page)}${instruction}`;
}

/** Fills a user-defined template: {selection}, {url} and {title}. Unknown placeholders stay as they are. */
export function fillTemplate(template: string, values: { selection: string; url: string; title: string }): string {
  return template.replace(/\{(selection|url|title)\}/g, (_match, key: 'selection' | 'url' | 'title') => values[key]);
}

/** A file name from a page title: letters, digits, spaces and dashes, at most 60 characters. */
export function fileNameFrom(title: string, extension: string): string {
  const base = title.replace(/[^\p{L}\p{N} _-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 60) || 'page';
  return `${base}.${extension}`;
}
