import { describe, expect, test } from 'vitest';
import { isWatchPage } from '@/lib/messaging/video-pages';
import { MENU, menuItems } from '@/lib/toolbar/menu';
import { fillTemplate, fileNameFrom, languageName, quickActionPrompt, quickActionTitle, translationLanguages } from '@/lib/toolbar/prompts';

const page = { title: 'Rivers', url: 'https://example.test/rivers' };
const quote = `> Der Rhein\n\n— from “Rivers” (https://example.test/rivers)\n\n`;

describe('Translate', () => {
  test('into the browser’s language, or English when the text is in it already', () => {
    expect(translationLanguages('fr-FR')).toEqual({ into: 'French', otherwise: 'English' });
    expect(translationLanguages('pt_BR')).toEqual({ into: 'Portuguese', otherwise: 'English' });
  });

  test('goes into the language chosen in Settings, and otherwise into the one last picked', () => {
    expect(translationLanguages('en-US', { into: 'de', lastUsed: null })).toEqual({ into: 'German', otherwise: 'English' });
    expect(translationLanguages('en-US', { into: null, lastUsed: 'ja' })).toEqual({ into: 'English', otherwise: 'Japanese' });
    // The last one picked is the chosen one itself: no use as the other.
    expect(translationLanguages('fr', { into: 'it', lastUsed: 'it' })).toEqual({ into: 'Italian', otherwise: 'English' });
  });

  test('the prompt names both languages', () => {
    expect(quickActionPrompt('translate', 'Der Rhein', page, 'fr-FR')).toBe(
      `${quote}Translate this into French. If it is already in French, translate it into English instead. Reply with the translation only.`,
    );
  });

  test('an English browser never asks to translate English into English: English text goes to Spanish', () => {
    for (const locale of ['en', 'en-US', 'en-GB']) {
      expect(translationLanguages(locale)).toEqual({ into: 'English', otherwise: 'Spanish' });
      expect(quickActionPrompt('translate', 'Der Rhein', page, locale)).toBe(
        `${quote}Translate this into English. If it is already in English, translate it into Spanish instead. Reply with the translation only.`,
      );
    }
  });

  test('the menu title names both targets, so it is true whatever language the selection is in', () => {
    expect(quickActionTitle('translate', 'en-US')).toBe('Translate to English or Spanish');
    expect(quickActionTitle('translate', 'de')).toBe('Translate to German or English');
    const item = menuItems([], 'ja-JP').find((each) => each.id === MENU.quick('translate'));
    expect(item?.title).toBe('Translate to Japanese or English');
    expect(item?.contexts).toEqual(['selection']);
  });

  test('a browser language that is not a language counts as English', () => {
    expect(languageName('xx')).toBe('English');
    expect(languageName('')).toBe('English');
    expect(translationLanguages('not a locale')).toEqual({ into: 'English', otherwise: 'Spanish' });
  });
});

describe('the other prompt helpers', () => {
  test('explain and summarize keep their titles and instructions', () => {
    expect(quickActionTitle('explain', 'fr')).toBe('Explain');
    expect(quickActionTitle('summarize', 'fr')).toBe('Summarize');
    expect(quickActionPrompt('explain', 'Der Rhein', page, 'fr')).toBe(`${quote}Explain this clearly and concisely.`);
  });

  test('templates fill the three placeholders, every time they appear, and leave others alone', () => {
    expect(fillTemplate('{title}: {selection} ({url}) {title} {other}', { selection: 'a\nb', url: 'u', title: 't' })).toBe(
      't: a\nb (u) t {other}',
    );
  });

  test('a page menu’s prompt fills {language} and {page} when given (issue 16), and leaves them when not', () => {
    expect(fillTemplate('Key points of {page} in {language}', { selection: '', url: 'u', title: 't', language: 'German', page: 'the attached page “t”' })).toBe(
      'Key points of the attached page “t” in German',
    );
    expect(fillTemplate('In {language}', { selection: '', url: '', title: '' })).toBe('In {language}');
  });

  test('file names keep letters and digits of any script, at most 60 characters', () => {
    expect(fileNameFrom('Flüsse: Europas / 2024?', 'txt')).toBe('Flüsse Europas 2024.txt');
    expect(fileNameFrom('!!!', 'txt')).toBe('page.txt');
    expect(fileNameFrom('x'.repeat(100), 'md')).toBe(`${'x'.repeat(60)}.md`);
  });
});

describe('PDF and video items (issue 14)', () => {
  /** Chrome's match-pattern rule for one pattern, enough for these: `*` is any run of characters. */
  const matches = (pattern: string, url: string) =>
    new RegExp(`^${pattern.replace(/[.?+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(url);
  const shown = (id: string, url: string) => {
    const item = menuItems([], 'en-US').find((each) => each.id === id)!;
    return !item.documentUrlPatterns || item.documentUrlPatterns.some((pattern) => matches(pattern, url));
  };

  test('"Ask Poe about this PDF" shows where the address names a PDF; the video items on watch pages and on videos', () => {
    expect(shown(MENU.askPdf, 'https://papers.test/a/rivers.pdf')).toBe(true);
    expect(shown(MENU.askPdf, 'https://papers.test/a/rivers.pdf?download=1')).toBe(true);
    expect(shown(MENU.askPdf, 'file:///home/me/rivers.pdf')).toBe(true);
    expect(shown(MENU.askPdf, 'https://papers.test/a/rivers.html')).toBe(false);
    expect(shown(MENU.summarizeVideoPage, 'https://www.youtube.com/watch?v=abc')).toBe(true);
    expect(shown(MENU.askVideoPage, 'https://www.youtube.com/feed/trending')).toBe(false);
    const items = menuItems([], 'en-US');
    expect(items.find((each) => each.id === MENU.summarizeVideo)?.contexts).toEqual(['video']);
    expect(items.find((each) => each.id === MENU.askVideo)?.title).toBe('Ask Poe about this video');
    // The capture items reach a right-click on a video too.
    expect(items.find((each) => each.id === MENU.captureRegion)?.contexts).toContain('video');
  });
});

describe('watch pages', () => {
  test('a YouTube watch page with a video id, and nothing that only looks like one', () => {
    expect(isWatchPage('https://www.youtube.com/watch?v=abc&t=10s')).toBe(true);
    expect(isWatchPage('https://m.youtube.com/watch?v=abc')).toBe(true);
    expect(isWatchPage('https://www.youtube.com/watch')).toBe(false);
    expect(isWatchPage('https://www.youtube.com/results?search_query=rhine')).toBe(false);
    expect(isWatchPage('https://www.youtube.com.evil.test/watch?v=abc')).toBe(false);
    expect(isWatchPage('not a url')).toBe(false);
  });
});
