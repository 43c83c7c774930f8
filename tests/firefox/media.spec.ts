import type { Page } from 'puppeteer-core';
import { waitFor } from './firefox';
import { expect, test } from './fixtures';
import { ask, chooseBot, click, find, waitForAnswer } from './ui';

/** The last answer's player of this kind: its src scheme and readyState, once it has a src. */
async function player(page: Page, selector: 'audio' | 'video') {
  return waitFor(
    () =>
      page.evaluate((wanted) => {
        const answers = document.querySelectorAll('article.message.bot');
        const element = answers[answers.length - 1]?.querySelector<HTMLMediaElement>(wanted);
        return element?.src && element.readyState >= 1 ? { scheme: new URL(element.src).protocol, readyState: element.readyState } : undefined;
      }, selector),
    { describe: () => page.evaluate(() => document.querySelector('article.message.bot:last-of-type')?.outerHTML ?? 'no answer') },
  );
}

test('Firefox plays a bot’s audio and video inline (from the local server’s bytes) and opens images full size', async ({ signedInPage }) => {
  const page = await signedInPage();
  await chooseBot(page, 'Audio-Bot');
  await ask(page, 'A tone');
  await waitForAnswer(page, 'complete');
  expect(await player(page, 'audio')).toEqual({ scheme: 'blob:', readyState: expect.any(Number) });

  await chooseBot(page, 'Video-File-Bot');
  await ask(page, 'A clip');
  await waitForAnswer(page, 'complete');
  expect((await player(page, 'video')).scheme).toBe('blob:');

  await chooseBot(page, 'Gallery-Bot');
  await ask(page, 'Two squares');
  await waitForAnswer(page, 'complete');
  const image = await waitFor(() =>
    page.evaluate(() => {
      const images = [...document.querySelectorAll<HTMLImageElement>('article.message.bot:last-of-type :is(.text img[tabindex], img.media-image)')];
      return images.length === 2 && images.every((each) => each.naturalWidth > 0) ? true : undefined;
    }),
  );
  expect(image).toBe(true);
  await (await page.$('article.message.bot:last-of-type .text img'))?.click();
  await find(page, 'button', 'Close image viewer');
  await page.keyboard.press('ArrowRight');
  await waitFor(() => page.evaluate(() => (document.querySelector('dialog .media-viewer-count')?.textContent?.startsWith('2 of 2') ? true : undefined)));
  await click(page, 'button', 'Close image viewer');
  await waitFor(() => page.evaluate(() => (document.querySelector('dialog') ? undefined : true)));
});
