import { waitFor } from './firefox';
import { expect, test } from './fixtures';
import { ask, chooseBot, find, screenText, waitForAnswer } from './ui';

/**
 * A video model's answer in Firefox (issue 15): a Videos API job watched by the event page, closed sidebar page and
 * all, that ends as the answer's kept video. The fake's job clock is moved forward instead of waiting it out.
 */
test('a video job runs in the event page and ends as a kept video, the page closed meanwhile', async ({ signedInPage, openExtensionPage, fakePoe }) => {
  let page = await signedInPage();
  await chooseBot(page, 'Video-Bot');
  await ask(page, 'A kite over the dunes');
  await find(page, 'status', /Queued on Poe…|Making your video…/);
  await page.close();

  fakePoe.advanceVideoClock(15_000);
  expect(fakePoe.videoJobs().map((job) => job.status)).toEqual(['completed']);
  page = await openExtensionPage('sidepanel.html');
  await waitForAnswer(page, 'complete');
  // The kept video plays from its bytes in the extension, under the name it is saved with (the player loads after
  // the answer is shown).
  const video = await waitFor(
    () =>
      page.evaluate(() => {
        const answers = document.querySelectorAll('article.message.bot');
        const answer = answers[answers.length - 1];
        const element = answer?.querySelector('video');
        return element?.src && element.readyState >= 1 ? { scheme: new URL(element.src).protocol, text: answer?.textContent ?? '' } : undefined;
      }),
    { describe: () => screenText(page) },
  );
  expect(video.scheme).toBe('blob:');
  expect(video.text).toContain('Video-Bot – A kite over the dunes.webm');
  expect(fakePoe.videoRequests()).toHaveLength(1);
});
