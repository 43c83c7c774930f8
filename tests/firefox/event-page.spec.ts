import { sleep } from './firefox';
import { backgroundStartedAt, expect, test } from './fixtures';
import { ask, chooseBot, click, lastAnswer, waitForAnswer, waitForAnswerText, waitForStreamingWords } from './ui';

/**
 * Firefox's MV3 background is an event page, suspended after `extensions.background.idle.timeout` ms (30 s by default)
 * without activity. Here it is 1 s, so a page closed mid-answer lets Firefox suspend the background mid-stream: the
 * 20 s keep-alive call cannot come in time (background-keep-alive.spec.ts tests that one with a long answer).
 * Observed in Firefox 153 ESR: an open fetch does not count as activity and neither does an idle port, while messages
 * the background posts to a page that listens do, so the answer survives as long as a page shows it.
 */
test.use({ firefoxPrefs: { 'extensions.background.idle.timeout': 1_000 } });

/** The partial text kept: at least the four words seen before the page was closed. */
const STORY_START = /^The river kept its own\b/;
const STORY = /^The river kept its own slow time,.*reached the sea\.$/s;

test('the event page suspended mid-answer: the partial answer is kept, marked interrupted, and Retry completes it', async ({
  openExtensionPage,
  signedInPage,
  setSidebar,
}) => {
  // Nothing else of ours stays open: the install-time sidebar (and any other page) reconnects every time the event
  // page restarts, and the next test shows what that does.
  const popup = await openExtensionPage('popup.html');
  await setSidebar(popup, false);
  await popup.close();
  let page = await signedInPage();
  await chooseBot(page, 'Slow-Drip');
  await ask(page, 'Tell me a story');
  await waitForStreamingWords(page, 4);
  const background = await backgroundStartedAt(page);
  // Past one save interval (300 ms), so there is partial text on disk.
  await sleep(400);
  await page.close();

  // Long enough for the whole story (about 3 s) had the background kept running.
  await sleep(3_500);
  page = await openExtensionPage('sidepanel.html');
  await waitForAnswer(page, 'interrupted');
  expect(await backgroundStartedAt(page), 'Firefox suspended the event page and started it again').not.toBe(background);
  const answer = await waitForAnswerText(page, STORY_START);
  expect(answer.status).toBe('interrupted');
  expect(answer.text).not.toMatch(/reached the sea\.$/);
  expect(answer.alert).toContain('cut off');

  // With the page open the answer's messages to it count as activity: the retried answer streams to the end on the
  // same event page despite the 1 s idle timeout.
  const restarted = await backgroundStartedAt(page);
  await click(page, 'button', 'Retry');
  await waitForAnswer(page, 'complete');
  expect((await waitForAnswerText(page, STORY)).count).toBe(1);
  expect(await backgroundStartedAt(page), 'not suspended while the page showed the answer').toBe(restarted);
});

test('a page reopened after the event page restarted shows its conversation, even with the sidebar open', async ({
  openExtensionPage,
  signedInPage,
  setSidebar,
}) => {
  // A sidebar showing no conversation reconnects each time the event page restarts; its snapshot (conversationId null)
  // must not make every other page forget the last conversation (it did once: chat-store's rememberConversation).
  const popup = await openExtensionPage('popup.html');
  await setSidebar(popup, true);
  await popup.close();
  let page = await signedInPage();
  await chooseBot(page, 'Slow-Drip');
  await ask(page, 'Tell me a story');
  await waitForStreamingWords(page, 4);
  await sleep(400);
  await page.close();
  await sleep(3_500);

  page = await openExtensionPage('sidepanel.html');
  await sleep(1_500);
  const answer = await lastAnswer(page);
  expect(answer.count, 'the conversation is on screen').toBe(1);
});
