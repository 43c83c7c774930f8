// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { renderMarkdown } from '@/lib/markdown';
import { clickedTimestamp, findTimestamps, linkTimestamps, timestampSeconds } from '@/lib/markdown/timestamps';
// Not from MessageBody: importing that module starts loading the renderer after the first paint (its side effect).
import { videosAbout } from '@/components/video-links';

const VIDEO = 'https://www.youtube.com/watch?v=abc';
const href = (seconds: number) => `${VIDEO}&t=${seconds}s`;

function rendered(text: string, maxSeconds?: number): HTMLElement {
  const el = document.createElement('div');
  renderMarkdown(el, text);
  linkTimestamps(el, { href, ...(maxSeconds !== undefined ? { maxSeconds } : {}) });
  return el;
}

const timeLinks = (el: HTMLElement) => [...el.querySelectorAll('a.md-time')].map((a) => [a.textContent, a.getAttribute('href')]);

describe('times in an answer about a video', () => {
  test('[m:ss], m:ss and h:mm:ss become links to the video at that time', () => {
    const el = rendered('- [0:05] Rivers begin.\n- At 12:30 they **widen (1:02:03)**.\n\nSee 3:07, then 10:00.');
    expect(timeLinks(el)).toEqual([
      ['0:05', `${VIDEO}&t=5s`],
      ['12:30', `${VIDEO}&t=750s`],
      ['1:02:03', `${VIDEO}&t=3723s`],
      ['3:07', `${VIDEO}&t=187s`],
      ['10:00', `${VIDEO}&t=600s`],
    ]);
    expect(el.textContent).toContain('[0:05] Rivers begin.');
    expect(el.querySelector('li')!.innerHTML).toContain(
      `[<a href="${VIDEO}&amp;t=5s" class="md-time" title="Play the video from 0:05" target="_blank" rel="noopener noreferrer">0:05</a>] Rivers begin.`,
    );
  });

  test('times past the video’s end stay text (clock times, scores)', () => {
    expect(timeLinks(rendered('At 0:30 and at 14:45 and 1:00:00', 800))).toEqual([['0:30', `${VIDEO}&t=30s`]]);
  });

  test('code, code blocks and existing links are left alone; running it twice changes nothing', () => {
    const el = rendered('`1:05` and\n\n```\nat 2:10\n```\n\n[jump to 3:15](https://example.com/) and https://example.com/4:20 but 5:25.');
    expect(timeLinks(el)).toEqual([['5:25', `${VIDEO}&t=325s`]]);
    expect(el.querySelector('code')!.textContent).toBe('1:05');
    expect(el.querySelector('pre')!.textContent).toContain('at 2:10');
    expect(el.querySelector('a[href="https://example.com/"]')!.textContent).toBe('jump to 3:15');
    const before = el.innerHTML;
    linkTimestamps(el, { href });
    expect(el.innerHTML).toBe(before);
  });

  test('not times: ratios, decimals, longer colon runs, words', () => {
    expect(findTimestamps('3:2 1.5:30 10:30:45:12 a1:05 1:05pm 99:60 12:345 2:30.5')).toEqual([]);
  });

  test('bad input is harmless: an address the URL policy refuses stays text, hostile text stays text', () => {
    const el = document.createElement('div');
    renderMarkdown(el, 'At 0:05 <img src=x onerror=alert(1)> and 0:06');
    linkTimestamps(el, { href: (seconds) => (seconds === 5 ? 'javascript:alert(1)' : undefined) });
    expect(el.querySelectorAll('a')).toHaveLength(0);
    expect(el.querySelectorAll('img')).toHaveLength(0);
    expect(el.textContent).toContain('<img src=x onerror=alert(1)>');
    linkTimestamps(document.createElement('div'), { href });
  });

  test('a link’s text reads back as its seconds', () => {
    expect(timestampSeconds('1:02:03')).toBe(3723);
    expect(timestampSeconds(' 0:05 ')).toBe(5);
    expect(timestampSeconds('0:05 and 0:06')).toBeUndefined();
    expect(timestampSeconds('soon')).toBeUndefined();
  });
});

describe('clicks and conversations', () => {
  test('a plain click on a time link gives its seconds; a modified click, or a click elsewhere, does not', () => {
    const el = rendered('Jump to [1:05] or read [the notes](https://example.com/).');
    const time = el.querySelector('a.md-time')!;
    const notes = el.querySelector('a[href="https://example.com/"]')!;
    // Event-shaped objects: a real click on a link would make the test DOM navigate.
    const click = (target: Element, keys: Partial<MouseEvent> = {}) =>
      clickedTimestamp({ button: 0, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, target, ...keys } as MouseEvent);
    expect(click(time)).toBe(65);
    expect(click(time.firstChild as Element)).toBeUndefined(); // a text node has no closest(): harmless
    expect(click(time, { ctrlKey: true })).toBeUndefined();
    expect(click(time, { button: 1 })).toBeUndefined();
    expect(click(notes)).toBeUndefined();
    expect(click(el)).toBeUndefined();
  });

  test('answers link to the video attached last at or before them', () => {
    const message = (attachments?: object[]) => ({ info: { peek: () => ({ ...(attachments ? { attachments } : {}) }) } }) as never;
    const video = (url: string) => ({ url: 'https://files/x.txt', contentType: 'text/plain', name: 'x', source: { kind: 'video', url, title: 't', captions: 'manual', durationSeconds: 60 } });
    const pdf = { url: 'https://files/y.pdf', contentType: 'application/pdf', name: 'y', source: { kind: 'pdf', url: 'https://a/y.pdf', title: 'y', pages: 1, textChars: 1 } };
    expect(videosAbout([message(), message([pdf]), message([video('https://v/1')]), message(), message([video('https://v/2')]), message()])).toEqual([
      undefined,
      undefined,
      { url: 'https://v/1', durationSeconds: 60 },
      { url: 'https://v/1', durationSeconds: 60 },
      { url: 'https://v/2', durationSeconds: 60 },
      { url: 'https://v/2', durationSeconds: 60 },
    ]);
  });
});
