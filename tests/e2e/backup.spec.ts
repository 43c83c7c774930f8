import type { Page } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FAKE_POE_KEY } from '../fake-poe/server';
import { CHROME_BUILD, expect, launchExtension, test } from './fixtures';
import { askEcho, chooseBot } from './helpers';
import { ensureLoopbackCopy } from '../../scripts/loopback-copy';

/** Export and import (issue 16), driven as a person would: History's buttons, the browser's download and file chooser. */

const titles = (page: Page) => page.locator('.history-title');

async function askAndWait(page: Page, text: string) {
  await askEcho(page, text);
  // Echo-Bot's charge, as Poe's points history reports it a moment after the answer: part of what a backup keeps.
  await expect(page.locator('article.message.bot').last().locator('.answer-cost')).toContainText('12 points');
}

/** Every message of the conversation on screen, as text, in order. */
const shownMessages = (page: Page) => page.locator('article.message').evaluateAll((articles) => articles.map((article) => (article as HTMLElement).innerText));

/** Clicks the button that makes a file, and saves what the browser downloads; returns its path and suggested name. */
async function download(page: Page, click: () => Promise<void>, folder: string) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const target = path.join(folder, file.suggestedFilename());
  await file.saveAs(target);
  return { target, name: file.suggestedFilename() };
}

/** "Import…" and pick the file in the browser's chooser. */
async function importFile(page: Page, file: string) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import…' }).click()]);
  await chooser.setFiles(file);
}

test('export then import into a fresh profile gives identical conversations; a second import asks first', async ({ signIn, openExtensionPage, fakePoe }) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'poe-backup-'));
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await chooseBot(panel, 'Echo-Bot');
  await askAndWait(panel, 'Tides and moons');
  await askAndWait(panel, 'And spring tides?');
  const first = await shownMessages(panel);
  await panel.getByRole('button', { name: 'New chat' }).click();
  await askAndWait(panel, 'Quokka facts');
  const second = await shownMessages(panel);

  await panel.getByRole('button', { name: 'History' }).click();
  await expect(titles(panel)).toHaveText(['Quokka facts', 'Tides and moons']);
  const backup = await download(panel, () => panel.getByRole('button', { name: 'Back up all' }).click(), folder);
  expect(backup.name).toMatch(/^poe-toolbar-backup-\d{4}-\d{2}-\d{2}\.json$/);

  // One conversation as Markdown: readable turns under the bot's display name.
  await panel.getByRole('button', { name: 'Actions for “Tides and moons”' }).click();
  await panel.getByRole('button', { name: 'Export “Tides and moons”' }).click();
  const markdown = await download(panel, () => panel.getByRole('button', { name: 'Markdown' }).click(), folder);
  expect(markdown.name).toMatch(/^Tides-and-moons-\d{4}-\d{2}-\d{2}\.md$/);
  const text = readFileSync(markdown.target, 'utf8');
  expect(text).toContain('# Tides and moons');
  expect(text).toContain('**You**');
  expect(text).toContain('**Echo-Bot**');
  expect(text).toContain('You said: And spring tides?');
  expect(text).toContain('## Cost');

  // A fresh profile: nothing there, then the backup.
  const fresh = await launchExtension(ensureLoopbackCopy(CHROME_BUILD));
  try {
    const worker = fresh.serviceWorkers()[0] ?? (await fresh.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    await worker.evaluate((url) => chrome.storage.local.set({ baseUrl: url }), fakePoe.url);
    const other = await fresh.newPage();
    await other.goto(`chrome-extension://${extensionId}/sidepanel.html`);
    await other.getByLabel('Poe API key').fill(FAKE_POE_KEY);
    await other.getByRole('button', { name: 'Save key' }).click();
    await expect(other.getByTestId('balance')).toContainText('points');
    await other.getByRole('button', { name: 'History' }).click();
    await expect(other.getByText('No conversations yet.')).toBeVisible();

    await importFile(other, backup.target);
    await expect(other.getByRole('status').filter({ hasText: 'From “' })).toHaveText(new RegExp(`From “${backup.name}”: imported 2 conversations\\.`));
    await expect(titles(other)).toHaveText(['Quokka facts', 'Tides and moons']);
    await other.getByRole('button', { name: /^Tides and moons/ }).click();
    await expect(other.locator('article.message')).toHaveCount(4);
    await expect.poll(() => shownMessages(other)).toEqual(first);
    await other.getByRole('button', { name: 'History' }).click();
    await other.getByRole('button', { name: /^Quokka facts/ }).click();
    await expect(other.locator('article.message')).toHaveCount(2);
    await expect.poll(() => shownMessages(other)).toEqual(second);

    // The same file again: nothing is overwritten without asking; Cancel changes nothing, Keep both adds copies.
    await other.getByRole('button', { name: 'History' }).click();
    await importFile(other, backup.target);
    const question = other.getByRole('alertdialog', { name: 'Conversations already here' });
    await expect(question).toContainText('2 conversations in');
    await expect(question).toContainText('Nothing has been imported yet.');
    await question.getByRole('button', { name: 'Cancel' }).click();
    await expect(question).toHaveCount(0);
    await expect(titles(other)).toHaveCount(2);
    await importFile(other, backup.target);
    await other.getByRole('button', { name: 'Keep both' }).click();
    await expect(other.getByRole('status').filter({ hasText: 'From “' })).toContainText('added 2 conversations beside the ones already here');
    await expect(titles(other)).toHaveCount(4);
  } finally {
    await fresh.close();
  }
});

test('a hostile backup is refused or trimmed cleanly, each reason said, nothing lost', async ({ signIn, openExtensionPage }) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'poe-hostile-'));
  await signIn();
  const panel = await openExtensionPage('sidepanel.html');
  await chooseBot(panel, 'Echo-Bot');
  await askAndWait(panel, 'Already here');
  await panel.getByRole('button', { name: 'History' }).click();
  await expect(titles(panel)).toHaveText(['Already here']);

  const now = Date.now();
  const conversation = (id: string, title: string) => ({ id, title, bot: 'Echo-Bot', createdAt: now, updatedAt: now });
  const message = (conversationId: string, fields: Record<string, unknown> = {}) => ({
    id: `${conversationId}-m`,
    conversationId,
    seq: 0,
    role: 'user',
    bot: 'Echo-Bot',
    text: 'Imported fine',
    status: 'complete',
    createdAt: now,
    ...fields,
  });
  const write = (name: string, body: unknown) => {
    const file = path.join(folder, name);
    writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
    return file;
  };

  // A newer format: refused whole, with what to do.
  await importFile(panel, write('newer.json', { format: 'poe-toolbar-backup', version: 99, conversations: [] }));
  const refusal = panel.getByRole('alert').filter({ hasText: 'newer Poe Toolbar' });
  await expect(refusal).toContainText('Update the extension, then import it again. Nothing was imported.');
  await refusal.getByRole('button', { name: 'Dismiss' }).click();

  // Not a backup at all.
  await importFile(panel, write('notes.json', '{"hello": "world"}'));
  await expect(panel.getByRole('alert').filter({ hasText: 'This file is not a Poe Toolbar backup' })).toBeVisible();
  await panel.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();

  // Wrong types and a 10 MB string: those conversations are skipped, the good one comes in.
  const huge = 'x'.repeat(10 * 1024 * 1024);
  await importFile(
    panel,
    write('mixed.json', {
      format: 'poe-toolbar-backup',
      version: 1,
      conversations: [
        { conversation: conversation('good', 'A good one'), messages: [message('good')] },
        { conversation: conversation('typed', 'Wrong types'), messages: [message('typed', { seq: 'first', text: 7 })] },
        { conversation: conversation('huge', 'Ten megabytes'), messages: [message('huge', { text: huge })] },
        // A title that turns its own text around: the report shows the hidden character, not the trick.
        { conversation: conversation('rlo', 'invoice\u202Efdp.exe'), messages: [message('rlo', { status: 'fine' })] },
      ],
    }),
  );
  const outcome = panel.getByRole('status').filter({ hasText: 'From “mixed.json”' });
  await expect(outcome).toContainText('imported 1 conversation.');
  await expect(outcome).toContainText('Skipped 3 conversations:');
  await expect(outcome).toContainText('“invoice⟨RLO⟩fdp.exe”: message 1: “status” has a value this version does not know.');
  await expect(outcome).toContainText('“Wrong types”: message 1: “seq” should be a number.');
  await expect(outcome).toContainText('“Ten megabytes”: it holds a text longer than 1,000,000 characters.');
  await expect(titles(panel)).toHaveText(['A good one', 'Already here']);

  // Larger than any backup: refused before it is read.
  await importFile(panel, write('enormous.json', 'x'.repeat(51 * 1024 * 1024)));
  await expect(panel.getByRole('alert').filter({ hasText: '“enormous.json” is 51.0 MB' })).toContainText('Nothing was imported.');

  // Nothing that was here is lost.
  await panel.getByRole('button', { name: /^Already here/ }).click();
  await expect(panel.locator('article.message.bot .text')).toContainText('You said: Already here');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots of export and import in History (${scheme})`, async ({ signIn, openExtensionPage }) => {
    const folder = mkdtempSync(path.join(tmpdir(), 'poe-shots-'));
    await signIn();
    const panel = await openExtensionPage('sidepanel.html');
    await panel.setViewportSize({ width: 400, height: 720 });
    await panel.emulateMedia({ colorScheme: scheme });
    await chooseBot(panel, 'Echo-Bot');
    await askAndWait(panel, 'Tides and moons');
    await panel.getByRole('button', { name: 'History' }).click();
    const now = Date.now();
    const file = path.join(folder, 'backup-with-problems.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'poe-toolbar-backup',
        version: 1,
        conversations: [
          { conversation: { id: 'a', title: 'Packing list for Lisbon', bot: 'Echo-Bot', createdAt: now, updatedAt: now }, messages: [] },
          { conversation: { id: 'b', title: 'Broken one', bot: 'Echo-Bot', createdAt: 'yesterday', updatedAt: now }, messages: [] },
        ],
      }),
    );
    await importFile(panel, file);
    await expect(panel.getByRole('status').filter({ hasText: 'From “' })).toContainText('Skipped 1 conversation');
    await panel.screenshot({ path: `test-results/screenshots/history-import-report-${scheme}.png` });
    await panel.getByRole('button', { name: 'Dismiss' }).click();
    await importFile(panel, file);
    await expect(panel.getByRole('alertdialog')).toBeVisible();
    await panel.getByRole('button', { name: 'Actions for “Tides and moons”' }).click();
    await panel.getByRole('button', { name: 'Export “Tides and moons”' }).click();
    await expect(panel.getByRole('button', { name: 'Markdown' })).toBeFocused();
    await panel.screenshot({ path: `test-results/screenshots/history-import-ask-${scheme}.png` });
  });
}
