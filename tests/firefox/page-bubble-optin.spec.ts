import { BUBBLE_SCRIPT_ID } from '../../lib/messaging/bubble-script';
import { waitFor } from './firefox';
import { expect, loopbackAllowed, test, type ExtensionGlobal } from './fixtures';
import { ask, click, find, screenText, waitForAnswer } from './ui';

/**
 * The selection bubble's opt-in in Firefox (issue 13): the switch asks for access to all sites in the click (this
 * suite's Firefox grants optional permissions without a prompt, `extensions.webextOptionalPermissionPrompts` = false),
 * then the background registers the bubble script; off unregisters it and gives the access back.
 */
type Api = ExtensionGlobal['browser'] & {
  scripting: { getRegisteredContentScripts(filter: { ids: string[] }): Promise<{ id: string; matches?: string[]; allFrames?: boolean }[]> };
};

test('turning it on grants access to all sites and registers the bubble; off unregisters it and gives the access back', async ({ signedInPage }) => {
  const page = await signedInPage();
  const state = () =>
    page.evaluate(async (id) => {
      const api = (globalThis as unknown as { browser: Api }).browser;
      const [granted, scripts] = await Promise.all([
        api.permissions.contains({ origins: ['*://*/*'] }),
        api.scripting.getRegisteredContentScripts({ ids: [id] }),
      ]);
      return { granted, scripts: scripts.map(({ id, matches, allFrames }) => ({ id, matches, allFrames })) };
    }, BUBBLE_SCRIPT_ID);
  expect(await state()).toEqual({ granted: false, scripts: [] });

  await click(page, 'button', 'Settings');
  const toggle = await page.waitForSelector('input[name=page-bubble]');
  await toggle!.click();
  const on = { granted: true, scripts: [{ id: BUBBLE_SCRIPT_ID, matches: ['*://*/*'], allFrames: true }] };
  await waitFor(async () => (JSON.stringify(await state()) === JSON.stringify(on) ? true : undefined), {
    describe: async () => `Not registered: ${JSON.stringify(await state())}. ${await screenText(page)}`,
  });
  expect(await toggle!.evaluate((el) => (el as HTMLInputElement).checked)).toBe(true);

  await toggle!.click();
  await waitFor(async () => ((await state()).scripts.length === 0 ? true : undefined), { describe: async () => JSON.stringify(await state()) });
  await waitFor(async () => ((await state()).granted ? undefined : true), { describe: async () => 'The access was kept.' });
  expect(await toggle!.evaluate((el) => (el as HTMLInputElement).checked)).toBe(false);
  // Giving back all sites keeps the separate grant for the local Poe server: the chat still works.
  expect(await loopbackAllowed(page)).toBe(true);
  await click(page, 'button', 'Back to chat');
  await ask(page, 'Still there?');
  await waitForAnswer(page, 'complete');
});

test('access taken back in the browser (as about:addons → Permissions does) turns it off and Settings says why', async ({ signedInPage }) => {
  const page = await signedInPage();
  const registeredIds = () =>
    page.evaluate(async (id) => {
      const api = (globalThis as unknown as { browser: Api }).browser;
      return (await api.scripting.getRegisteredContentScripts({ ids: [id] })).map((script) => script.id);
    }, BUBBLE_SCRIPT_ID);
  await click(page, 'button', 'Settings');
  const toggle = await page.waitForSelector('input[name=page-bubble]');
  await toggle!.click();
  await waitFor(async () => ((await registeredIds()).length === 1 ? true : undefined), { describe: async () => screenText(page) });

  await page.evaluate(() => (globalThis as unknown as ExtensionGlobal).browser.permissions.remove({ origins: ['*://*/*'] }));
  await find(page, 'status', /access to all sites was removed in your browser's settings/);
  expect(await toggle!.evaluate((el) => (el as HTMLInputElement).checked)).toBe(false);
  await waitFor(async () => ((await registeredIds()).length === 0 ? true : undefined), { describe: async () => 'Still registered.' });
});
