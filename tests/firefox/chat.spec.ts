import { FAKE_POE_KEY } from '../fake-poe/server';
import { sleep } from './firefox';
import { backgroundStartedAt, expect, test } from './fixtures';
import { ask, chooseBot, click, fill, find, lastAnswer, query, waitForAnswer, waitForAnswerText, waitForStreamingWords } from './ui';

/** Slow-Drip's story (tests/fake-poe/bots.ts): about 40 words, 80 ms apart. */
const STORY = /^The river kept its own slow time,.*reached the sea\.$/s;

test('key entry in the sidebar page: a bad key is refused on screen, the good key shows the balance in points', async ({
  openExtensionPage,
  pointAtFakePoe,
  fakePoe,
}) => {
  const page = await openExtensionPage('sidepanel.html');
  await pointAtFakePoe(page);

  await fill(page, 'textbox', 'Poe API key', 'not-a-real-key-0000');
  await click(page, 'button', 'Save key');
  const alert = await find(page, 'alert', /./);
  expect(await alert.evaluate((el) => (el as HTMLElement).innerText)).toContain('Your Poe API key was rejected');
  expect(await query(page, 'textbox', 'Message'), 'no chat without a key').toBeUndefined();
  expect(await page.evaluate(() => document.querySelector('[data-testid=balance]'))).toBeNull();

  await fill(page, 'textbox', 'Poe API key', FAKE_POE_KEY);
  await click(page, 'button', 'Save key');
  const balance = await find(page, 'button', /points$/);
  expect(await balance.evaluate((el) => el.getAttribute('data-testid'))).toBe('balance');
  expect(await balance.evaluate((el) => (el as HTMLElement).innerText)).toBe('5,000 points');
  expect(fakePoe.balance()).toBe(5000);
  await find(page, 'textbox', 'Message');
  expect(await query(page, 'alert', /rejected/)).toBeUndefined();
});

test('an answer streams in: Slow-Drip grows on screen word by word, then completes', async ({ signedInPage, fakePoe }) => {
  const page = await signedInPage();
  await chooseBot(page, 'Slow-Drip');
  await ask(page, 'Tell me a story');

  const seen = new Set<string>();
  const deadline = Date.now() + 15_000;
  let answer = await lastAnswer(page);
  while (answer.status !== 'complete' && Date.now() < deadline) {
    if (answer.text) seen.add(answer.text);
    await sleep(30);
    answer = await lastAnswer(page);
  }
  expect(answer.status).toBe('complete');
  // The text is painted on the next animation frame, so the last words may follow the status by a frame.
  answer = await waitForAnswerText(page, STORY);
  const intermediate = [...seen].filter((text) => text !== answer.text);
  expect(intermediate.length, `distinct partial texts seen: ${JSON.stringify(intermediate)}`).toBeGreaterThanOrEqual(3);
  for (const text of intermediate) expect(answer.text.startsWith(text.trimEnd()), `${JSON.stringify(text)} is a prefix`).toBe(true);
  expect(fakePoe.requests.filter((request) => request.bot?.toLowerCase() === 'slow-drip')).toHaveLength(1);
});

test('an answer keeps going after the sidebar page is closed; reopening shows it complete', async ({
  signedInPage,
  openExtensionPage,
  fakePoe,
}) => {
  let page = await signedInPage();
  await chooseBot(page, 'Held-Bot');
  await ask(page, 'A story, please');
  const partial = (await waitForStreamingWords(page, 3)).text;
  const background = await backgroundStartedAt(page);
  await page.close();

  // The rest of the answer arrives while nothing of ours is open.
  expect(fakePoe.releaseHeld()).toBe(1);
  page = await openExtensionPage('sidepanel.html');
  await waitForAnswer(page, 'complete');
  const answer = await waitForAnswerText(page, /^Held answer to “A story, please” begins and ends.$/);
  expect(answer.text.startsWith(partial.trimEnd())).toBe(true);
  expect(answer.count).toBe(1);
  expect(await backgroundStartedAt(page), 'the same background page ran throughout').toBe(background);
});
