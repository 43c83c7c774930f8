import { startPageServer } from '../e2e/page-server';
import { waitFor } from './firefox';
import { expect, test } from './fixtures';
import { ask, chooseBot, waitForAnswerText } from './ui';

type BackgroundWithHook = { poeToolbarMenuClicked(info: unknown, tab: unknown): void };
type ExtensionApi = {
  browser: {
    runtime: { getBackgroundPage(): Promise<BackgroundWithHook> };
    tabs: { query(q: object): Promise<{ id: number; url?: string }[]> };
  };
};

/**
 * "Ask about this PDF" in Firefox (issue 14): its pdf.js viewer runs no extension script, so the background knows the
 * PDF by the tab's address, downloads it and reads it in the reader page framed in the event page.
 */
test('a PDF open in Firefox\'s viewer is attached and reaches a bot that reads files as a PDF', async ({ firefox, signedInPage, fakePoe }) => {
  const site = await startPageServer();
  try {
    const panel = await signedInPage('sidepanel.html');
    await chooseBot(panel, 'Echo-Bot');
    const web = await firefox.newPage();
    const url = `${site.url}/report.pdf`;
    await web.goto(url);

    // Firefox has no onClicked.dispatch: run the background's real menu listener from an extension page.
    await panel.evaluate(async (address) => {
      const { browser } = globalThis as unknown as ExtensionApi;
      const tab = (await browser.tabs.query({})).find((each) => each.url === address);
      const background = await browser.runtime.getBackgroundPage();
      background.poeToolbarMenuClicked({ menuItemId: 'ask-pdf', frameId: 0, pageUrl: address, editable: false, modifiers: [] }, tab);
    }, url);

    const chip = () => panel.evaluate(() => document.querySelector('[aria-label="Attached files"] li')?.textContent ?? '');
    const shown = await waitFor(async () => ((await chip()).includes('PDF · 3 pages') ? chip() : undefined), {
      describe: async () => `The chip says: ${await chip()}`,
    });
    expect(shown).toContain('Quarterly Report');
    const draft = await panel.evaluate(() => (document.getElementById('composer-input') as HTMLTextAreaElement | null)?.value ?? '');
    expect(draft).toMatch(/^About this PDF: “Quarterly Report”/);

    await ask(panel, 'What does it say?');
    await waitForAnswerText(panel, /Attachments: report\.pdf \(application\/pdf\)/);
    const upload = fakePoe.requests.find((request) => request.path.includes('file_upload'));
    expect(upload?.body).toMatchObject({ kind: 'multipart', files: [{ filename: 'report.pdf', contentType: 'application/pdf' }] });
    expect((upload?.body as { files: { head: string }[] }).files[0]!.head).toMatch(/^%PDF-/);
    await web.close();
  } finally {
    await site.close();
  }
});
