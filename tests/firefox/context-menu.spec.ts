import { startPageServer } from '../e2e/page-server';
import { waitFor } from './firefox';
import { expect, test } from './fixtures';

type BackgroundWithHook = { poeToolbarMenuClicked(info: unknown, tab: unknown): void };
type ExtensionApi = {
  browser: {
    runtime: { getBackgroundPage(): Promise<BackgroundWithHook> };
    tabs: { query(q: object): Promise<{ id: number; url?: string }[]> };
  };
};

test('a context-menu ask about a multi-line selection reaches the sidebar page with its line breaks', async ({
  firefox,
  signedInPage,
}) => {
  const site = await startPageServer();
  try {
    const panel = await signedInPage('sidepanel.html');
    const web = await firefox.newPage();
    await web.goto(`${site.url}/selection.html`);
    await web.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('multiline')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });

    // Firefox has no onClicked.dispatch: run the background's real menu listener from an extension page.
    await panel.evaluate(async (url) => {
      const { browser } = globalThis as unknown as ExtensionApi;
      // Firefox match patterns cannot carry a port: find the tab by its URL instead.
      const tab = (await browser.tabs.query({})).find((each) => each.url === url);
      const background = await browser.runtime.getBackgroundPage();
      background.poeToolbarMenuClicked(
        { menuItemId: 'ask-selection', selectionText: 'Line one Line two Line three', frameId: 0, pageUrl: tab!.url, editable: false, modifiers: [] },
        tab,
      );
    }, `${site.url}/selection.html`);

    // The selection is a quote block above the (empty) question, its source under it.
    const quoted = () => panel.evaluate(() => document.querySelector('.draft-quote blockquote')?.textContent ?? '');
    const quote = await waitFor(async () => (await quoted()) || undefined, { describe: async () => 'No quote in the draft.' });
    expect(quote).toBe('Line one\nLine two\nLine three');
    const source = await panel.evaluate(() => document.querySelector('.draft-quote .quote-source')?.textContent ?? '');
    expect(source).toMatch(/127\.0\.0\.1:\d+/);
    expect(await panel.evaluate(() => (document.getElementById('composer-input') as HTMLTextAreaElement | null)?.value)).toBe('');
    await web.close();
  } finally {
    await site.close();
  }
});
