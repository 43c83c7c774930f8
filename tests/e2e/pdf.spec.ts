import type { BrowserContext, Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { clickMenu, openSite, signedInPanel } from './helpers';
import { startPageServer } from './page-server';
import { PDF_BROKEN_MESSAGE, PDF_PASSWORD_MESSAGE } from '../../lib/toolbar/pdf-read';

/**
 * "Ask about this PDF" (issue 14) in Chromium's own PDF viewer: the fixture PDFs of tests/fixtures/pdf.ts served from
 * 127.0.0.1, read by the background and the reader page, sent to a bot that reads files (the PDF) or one that reads
 * text only (its text, with page numbers); and the messages for a PDF locked by a password, a broken one and a scan.
 */
let site: { url: string; close(): Promise<void> };
test.beforeAll(async () => {
  site = await startPageServer();
});
test.afterAll(async () => site.close());

async function openPdf(context: BrowserContext, serviceWorker: Worker, name: string): Promise<number> {
  return (await openSite(context, serviceWorker, site.url, name)).tabId;
}

const composer = (panel: Page) => panel.getByLabel('Message');
const chips = (panel: Page) => panel.getByRole('list', { name: 'Attached files' }).getByRole('listitem');
const lastAnswer = (panel: Page) => panel.locator('article.message.bot').last();

async function askAboutPdf(panel: Page, serviceWorker: Worker, tabId: number) {
  await clickMenu(serviceWorker, tabId, { menuItemId: 'ask-pdf' });
  await panel.bringToFront();
}

async function sendQuestion(panel: Page) {
  await composer(panel).press('End');
  await composer(panel).pressSequentially('What does it say?');
  await composer(panel).press('Enter');
}

test('a bot that reads files gets the PDF itself', async ({ signIn, context, serviceWorker, openExtensionPage, fakePoe }) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Echo-Bot');
  const tabId = await openPdf(context, serviceWorker, 'report.pdf');
  await askAboutPdf(panel, serviceWorker, tabId);
  await expect(chips(panel)).toHaveCount(1);
  await expect(chips(panel)).toContainText('Quarterly Report');
  await expect(chips(panel)).toContainText('PDF · 3 pages');
  await expect(composer(panel)).toHaveValue(/^About this PDF: “Quarterly Report” \(http:\/\/127\.0\.0\.1:\d+\/report\.pdf\)/);
  await sendQuestion(panel);
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(panel).locator('.text')).toContainText('Attachments: report.pdf (application/pdf)');
  const upload = fakePoe.requests.find((request) => request.path.includes('file_upload'));
  expect(upload?.body).toMatchObject({ kind: 'multipart', files: [{ filename: 'report.pdf', contentType: 'application/pdf' }] });
  expect((upload?.body as { files: { head: string }[] }).files[0]!.head).toMatch(/^%PDF-1\.4/);
});

test('a bot that reads text only gets the PDF\'s text, page by page', async ({ signIn, context, serviceWorker, openExtensionPage, fakePoe }) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Text-Echo-Bot');
  const tabId = await openPdf(context, serviceWorker, 'report.pdf');
  await askAboutPdf(panel, serviceWorker, tabId);
  await expect(chips(panel)).toContainText('Quarterly Report');
  await expect(chips(panel)).toContainText('PDF · 3 pages');
  // Said on the chip before Send, for the bot on screen.
  await expect(chips(panel)).toContainText('Goes as its text: Text-Echo-Bot reads text only.');
  await sendQuestion(panel);
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(panel).locator('.text')).toContainText('Attachments: Quarterly Report (text).txt (text/plain)');
  const query = fakePoe.requests.find((request) => request.bot?.toLowerCase() === 'text-echo-bot')!;
  const fileUrl = (query.body as { query: { attachments: { url: string }[] }[] }).query.at(-1)!.attachments[0]!.url;
  const text = await (await fetch(fileUrl)).text();
  expect(text).toContain(`Quarterly Report\n${site.url}/report.pdf\n3 pages`);
  expect(text).toContain('--- Page 2 ---\nPage two talks about costs.');
  expect(text).toContain('--- Page 3 ---\nPage three: the outlook is calm.');
});

test('a PDF locked by a password, and a broken one, each say what happened', async ({ signIn, context, serviceWorker, openExtensionPage }) => {
  const panel = await signedInPanel({ signIn, openExtensionPage });
  const locked = await openPdf(context, serviceWorker, 'locked.pdf');
  await askAboutPdf(panel, serviceWorker, locked);
  await expect(panel.getByRole('alert').filter({ hasText: PDF_PASSWORD_MESSAGE })).toBeVisible();
  const broken = await openPdf(context, serviceWorker, 'broken.pdf');
  await askAboutPdf(panel, serviceWorker, broken);
  await expect(panel.getByRole('alert').filter({ hasText: PDF_BROKEN_MESSAGE })).toBeVisible();
  await expect(chips(panel)).toHaveCount(0);
});

test('a scanned PDF is refused to a text-only bot with the way out, and the draft stays', async ({ signIn, context, serviceWorker, openExtensionPage, fakePoe }) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Text-Echo-Bot');
  const tabId = await openPdf(context, serviceWorker, 'scanned.pdf');
  await askAboutPdf(panel, serviceWorker, tabId);
  await expect(chips(panel)).toContainText('scanned.pdf');
  await sendQuestion(panel);
  await expect(panel.getByRole('alert').filter({ hasText: '“scanned.pdf” is a scanned PDF (pictures of pages, no text), and Text-Echo-Bot reads text only.' })).toContainText(
    /Choose a bot that reads files, such as [\w.-]+, and send again\./,
  );
  await expect(chips(panel)).toContainText('scanned.pdf');
  await expect(composer(panel)).toHaveValue(/What does it say\?$/);
  expect(fakePoe.requests.filter((request) => request.path.includes('file_upload'))).toHaveLength(0);
});

test('a PDF behind the user\'s sign-in is read with their cookies; without them the sign-in page is named', async ({
  signIn,
  context,
  serviceWorker,
  openExtensionPage,
}) => {
  const panel = await signedInPanel({ signIn, openExtensionPage });
  await context.addCookies([{ name: 'session', value: 'member', url: site.url }]);
  const member = await openPdf(context, serviceWorker, 'members.pdf');
  await askAboutPdf(panel, serviceWorker, member);
  await expect(chips(panel)).toContainText('Quarterly Report');

  // Signed out, the same address serves the sign-in page: the background sees it is no PDF and says so.
  await context.clearCookies();
  await askAboutPdf(panel, serviceWorker, member);
  await expect(panel.getByRole('alert').filter({ hasText: 'did not give Poe Toolbar a PDF (perhaps a sign-in page came instead)' })).toBeVisible();
});

test('"This page" on a PDF tab attaches the PDF, with its pages on the chip', async ({ signIn, context, serviceWorker, openExtensionPage, fakePoe }) => {
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Echo-Bot');
  const { page } = await openSite(context, serviceWorker, site.url, 'report.pdf');
  // The panel sits next to the PDF the user reads: that tab is the active one.
  await page.bringToFront();
  await panel.getByRole('button', { name: 'This page' }).click();
  await expect(chips(panel)).toHaveAttribute('data-kind', 'pdf');
  await expect(chips(panel)).toContainText('Quarterly Report');
  await expect(chips(panel)).toContainText('PDF · 3 pages');
  await composer(panel).fill('What does it say?');
  await composer(panel).press('Enter');
  await expect(lastAnswer(panel)).toHaveAttribute('data-status', 'complete');
  const upload = fakePoe.requests.find((request) => request.path.includes('file_upload'));
  expect(upload?.body).toMatchObject({ kind: 'multipart', files: [{ filename: 'report.pdf', contentType: 'application/pdf' }] });
});
