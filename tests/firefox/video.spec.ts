import { startPageServer } from '../e2e/page-server';
import { PAGE_NOISE } from '../e2e/video-pages';
import { waitFor } from './firefox';
import { expect, test } from './fixtures';
import { chooseBot, waitForAnswer, waitForAnswerText } from './ui';

type BackgroundWithHook = { poeToolbarMenuClicked(info: unknown, tab: unknown): void };
type ExtensionApi = {
  browser: {
    runtime: { getBackgroundPage(): Promise<BackgroundWithHook> };
    tabs: { query(q: object): Promise<{ id: number; url?: string }[]> };
  };
};

test('"Summarize this video" on a watch page sends its transcript, and a cited time seeks the video in its tab', async ({ firefox, signedInPage, fakePoe }) => {
  const site = await startPageServer();
  try {
    const panel = await signedInPage('sidepanel.html');
    await chooseBot(panel, 'Files-Bot');
    const web = await firefox.newPage();
    const url = `${site.url}/watch?v=rivers0001`;
    await web.goto(url);

    // Firefox has no onClicked.dispatch: run the background's real menu listener from an extension page.
    await panel.evaluate(async (wanted) => {
      const { browser } = globalThis as unknown as ExtensionApi;
      const tab = (await browser.tabs.query({})).find((each) => each.url === wanted);
      const background = await browser.runtime.getBackgroundPage();
      background.poeToolbarMenuClicked({ menuItemId: 'summarize-video-page', frameId: 0, pageUrl: tab!.url, editable: false, modifiers: [] }, tab);
    }, url);

    await waitForAnswer(panel, 'complete');
    await waitForAnswerText(panel, /\[0:42\] A young river cuts downward into its valley\./);
    const query = fakePoe.requests.filter((request) => request.bot?.toLowerCase() === 'files-bot').at(-1)!;
    const attachment = (query.body as { query: { attachments: { url: string; name: string }[] }[] }).query.at(-1)!.attachments[0]!;
    expect(attachment.name).toBe('Transcript – How rivers shape valleys.txt');
    const transcript = await (await fetch(attachment.url)).text();
    expect(transcript).toContain('Channel: Fixture River Channel');
    expect(transcript).toContain('[0:05] Rivers begin as small streams in the hills.');
    for (const noise of PAGE_NOISE) expect(transcript).not.toContain(noise);

    const link = await waitFor(() => panel.$('article.message.bot a.md-time[href$="t=42s"]').then((found) => found ?? undefined), {
      describe: async () => 'No link for 0:42 in the answer.',
    });
    await link.click();
    const seeked = await waitFor(async () => ((await web.evaluate(() => document.querySelector('video')!.currentTime)) === 42 ? true : undefined), {
      describe: async () => `The video is at ${await web.evaluate(() => document.querySelector('video')!.currentTime)} s.`,
    });
    expect(seeked).toBe(true);
    await web.close();
  } finally {
    await site.close();
  }
});
