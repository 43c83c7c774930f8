import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ask, chooseBot, signedInPanel } from './helpers';

/**
 * Video models run as Videos API jobs the background watches (issue 15), against the fake Poe's scripted video models.
 * The fake's job clock is moved forward (advanceVideoClock) instead of waiting out a model's timeline; the extension
 * still looks at a job every 5 s of real time, as it does with Poe.
 */
const lastAnswer = (page: Page) => page.locator('article.message.bot').last();
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

/** The only job the fake has made, as it stands now. */
function onlyJob(fakePoe: { videoJobs(): { status: string; prompt: string }[] }) {
  const jobs = fakePoe.videoJobs();
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
}

test('a video job finishes while the panel is closed: reopened, the answer is complete with its video', async ({ signIn, openExtensionPage, fakePoe }) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Video-Bot');
  await ask(panel, 'A paper boat on a rainy street');
  await expect(lastAnswer(panel).getByText(/Queued on Poe…|Making your video…/)).toBeVisible();
  await expect(lastAnswer(panel)).toContainText('Asked: 4 s · 1280x720.');
  expect(onlyJob(fakePoe).prompt).toBe('A paper boat on a rainy street');
  await panel.close();

  fakePoe.advanceVideoClock(15_000);
  expect(onlyJob(fakePoe).status).toBe('completed');
  // The background downloads it on its next look, with no page open.
  await expect.poll(() => fakePoe.requests.filter((request) => /^\/v1\/videos\/[^/]+\/content$/.test(request.path)).length).toBe(1);

  const reopened = await openExtensionPage('sidepanel.html');
  await expect(lastAnswer(reopened)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(reopened)).toContainText('Video-Bot – A paper boat on a rainy.webm');
  await expect(reopened.getByRole('button', { name: 'Stop' })).toHaveCount(0);
});

test('a video job goes on across a stopped service worker', async ({ signIn, openExtensionPage, fakePoe, context }) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Video-Slow-Bot');
  await ask(panel, 'A lighthouse in a storm');
  await expect(lastAnswer(panel).getByText('Making your video…', { exact: false })).toBeVisible();

  const cdp = await context.newCDPSession(panel);
  await cdp.send('ServiceWorker.enable');
  // This CDP call does not answer until a worker runs again, so it is not awaited.
  void cdp.send('ServiceWorker.stopAllWorkers').catch(() => undefined);
  // The page reconnects, which starts a new worker: it finds the job's Poe id on the answer and watches it again.
  fakePoe.advanceVideoClock(45_000);
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(panel)).toContainText('Video-Slow-Bot – A lighthouse in a storm.webm');
  expect(fakePoe.videoRequests()).toHaveLength(1);
});

test('with no page open and the service worker stopped, the alarm wakes the background and the job still completes', async ({
  signIn,
  openExtensionPage,
  fakePoe,
  context,
  serviceWorker,
}) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Video-Slow-Bot');
  const startedAt = () => performance.timeOrigin;
  const firstWorker = await serviceWorker.evaluate(startedAt);
  await ask(panel, 'A glacier calving');
  await expect(lastAnswer(panel).getByText(/Queued on Poe…|Making your video…/)).toBeVisible();
  await panel.close();

  const blank = await context.newPage();
  const cdp = await context.newCDPSession(blank);
  await cdp.send('ServiceWorker.enable');
  // This CDP call does not answer until a worker runs again, so it is not awaited.
  void cdp.send('ServiceWorker.stopAllWorkers').catch(() => undefined);
  fakePoe.advanceVideoClock(45_000);
  // Nothing of ours is open: only the alarm (every 30 s while a job is pending) can start a worker again.
  await expect
    .poll(() => fakePoe.requests.filter((request) => /^\/v1\/videos\/[^/]+\/content$/.test(request.path)).length, { timeout: 60_000 })
    .toBe(1);
  // It was a new worker that did it.
  expect(await context.serviceWorkers()[0]!.evaluate(startedAt)).toBeGreaterThan(firstWorker);
  const reopened = await openExtensionPage('sidepanel.html');
  await expect(lastAnswer(reopened)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(reopened)).toContainText('Video-Slow-Bot – A glacier calving.webm');
});

test('a failed job says why, and an expired one that Poe deleted before it was saved', async ({ signIn, openExtensionPage, fakePoe }) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Video-Fail-Bot');
  await ask(panel, 'Something the safety system flags');
  await expect(lastAnswer(panel).getByText(/Queued on Poe…|Making your video…/)).toBeVisible();
  fakePoe.advanceVideoClock(10_000);
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'error');
  await expect(lastAnswer(panel).getByRole('alert')).toContainText('flagged by the provider');
  await expect(lastAnswer(panel).getByRole('button', { name: 'Retry' })).toBeVisible();
  await panel.emulateMedia({ colorScheme: 'light' });
  await panel.setViewportSize({ width: 400, height: 720 });
  await shot(panel, 'video-job-failed-light');
  await panel.emulateMedia({ colorScheme: 'dark' });
  await shot(panel, 'video-job-failed-dark');

  await panel.getByRole('button', { name: 'New chat' }).click();
  await chooseBot(panel, 'Video-Expire-Bot');
  await ask(panel, 'A candle that burns out');
  await expect(lastAnswer(panel).getByText(/Queued on Poe…|Making your video…/)).toBeVisible();
  // Done and already deleted before the extension's next look (kept 2 s after completion).
  fakePoe.advanceVideoClock(10_000);
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'error');
  await expect(lastAnswer(panel).getByRole('alert')).toContainText(/deleted|expired/i);
});

test('Stop stops watching and says Poe may still charge; Check again watches the same job to its end', async ({ signIn, openExtensionPage, fakePoe }) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Video-Slow-Bot');
  await panel.setViewportSize({ width: 400, height: 720 });
  await ask(panel, 'A hummingbird in slow motion');
  fakePoe.advanceVideoClock(16_000);
  await expect(lastAnswer(panel).getByText(/Making your video… \d+ %/)).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await panel.emulateMedia({ colorScheme: scheme });
    await shot(panel, `video-job-running-${scheme}`);
  }

  await panel.getByRole('button', { name: 'Stop' }).click();
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'stopped');
  await expect(lastAnswer(panel)).toContainText('Stopped watching. Poe may still finish this video and charge for it.');

  await lastAnswer(panel).getByRole('button', { name: 'Check again' }).click();
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'streaming');
  fakePoe.advanceVideoClock(30_000);
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(panel)).toContainText('Video-Slow-Bot – A hummingbird in slow motion.webm');
  // One job on Poe: Check again looked at it again, it did not make another.
  expect(fakePoe.videoRequests()).toHaveLength(1);
  for (const scheme of ['light', 'dark'] as const) {
    await panel.emulateMedia({ colorScheme: scheme });
    await shot(panel, `video-job-finished-${scheme}`);
  }
});

test('an image attached to the message goes to the job as input_image, and again on Retry', async ({ signIn, openExtensionPage, fakePoe }) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Video-Fail-Bot');
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  await panel.getByLabel('Attach files').setInputFiles([{ name: 'dot.png', mimeType: 'image/png', buffer: png }]);
  await ask(panel, 'Make the dot dance');
  await expect(lastAnswer(panel).getByText(/Queued on Poe…|Making your video…/)).toBeVisible();
  expect(fakePoe.videoJobs()[0]?.inputImage).toEqual({ contentType: 'image/png', bytes: png.length });

  fakePoe.advanceVideoClock(10_000);
  await lastAnswer(panel).getByRole('button', { name: 'Retry' }).click();
  await expect.poll(() => fakePoe.videoJobs().length).toBe(2);
  expect(fakePoe.videoJobs()[1]?.inputImage).toEqual({ contentType: 'image/png', bytes: png.length });
});
