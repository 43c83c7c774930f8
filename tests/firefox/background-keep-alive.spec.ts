import { sleep } from './firefox';
import { backgroundStartedAt, type ExtensionGlobal, expect, test } from './fixtures';
import { ask, chooseBot, waitForAnswer, waitForAnswerText, waitForStreamingWords } from './ui';

/**
 * lib/platform/keep-alive.ts calls runtime.getPlatformInfo every 20 s while an answer streams, because Firefox
 * suspends an idle event page and neither the open fetch nor an idle port counts as activity. With the idle timeout at
 * 22 s and a 30 s answer streamed to nobody, only that call keeps the background alive past 22 s.
 * Checked both ways: with the keep-alive call removed from a build (FIREFOX_BUILD=…), or with the idle timeout under
 * 20 s, this test fails — the answer is cut off about 22 s (or 15 s) in and shown as interrupted.
 */
const IDLE_TIMEOUT_MS = 22_000;
test.use({ firefoxPrefs: { 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS } });

/** Slow-Drip streams its 49 words `delay_ms` apart. */
const WORDS = 49;
const DELAY_MS = 600;
const STORY = /^The river kept its own slow time,.*reached the sea\.$/s;

test('the keep-alive call holds the event page through an answer longer than the idle timeout, with no page open', async ({
  openExtensionPage,
  signedInPage,
  setSidebar,
  fakePoe,
}) => {
  test.setTimeout(60_000);
  const popup = await openExtensionPage('popup.html');
  await setSidebar(popup, false);
  await popup.close();

  let page = await signedInPage();
  // The bot's parameter, as the parameter controls store it (storage.local `botParameters`, by bot id).
  await page.evaluate(async (delay) => {
    const { browser } = globalThis as unknown as ExtensionGlobal;
    await browser.storage.local.set({ botParameters: { 'slow-drip': { delay_ms: delay } } });
  }, DELAY_MS);
  await chooseBot(page, 'Slow-Drip');
  const askedAt = Date.now();
  await ask(page, 'A long story, please');
  await waitForStreamingWords(page, 1);
  const query = fakePoe.requests.find((request) => request.bot?.toLowerCase() === 'slow-drip');
  const messages = (query?.body as { query?: { parameters?: Record<string, unknown> }[] } | undefined)?.query ?? [];
  expect(messages.at(-1)?.parameters?.delay_ms, 'the long answer was asked for').toBe(DELAY_MS);
  const background = await backgroundStartedAt(page);
  await page.close();

  // 49 words × 600 ms ≈ 29 s; with nothing else going on the background would be suspended at about 23 s.
  // Reopen only once the answer is over, so no page's messages can have kept it alive.
  await sleep(Math.max(0, askedAt + WORDS * DELAY_MS + 1_000 - Date.now()));
  page = await openExtensionPage('sidepanel.html');
  await waitForAnswer(page, 'complete', 10_000);
  expect((await waitForAnswerText(page, STORY)).count).toBe(1);
  expect(await backgroundStartedAt(page), 'the event page was never suspended').toBe(background);
});
