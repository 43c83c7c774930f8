import { expect, test } from './fixtures';
import { ask, chooseBot } from './helpers';

/** Bidi controls and invisible characters: none may reach the page raw. */
const CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF]/;
const RLO_TITLE = 'Right-to-left override (U+202E), shown instead of obeyed';

test('a bidi override in a message, an answer, a file name or a conversation title is shown as ⟨RLO⟩, never obeyed', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  // Displayed obeying the override, these would read "invoice_exe.pdf" and "report_finalexe.jpg".
  await page.getByLabel('Attach files').setInputFiles([{ name: 'invoice_\u202Efdp.exe', mimeType: 'text/plain', buffer: Buffer.from('hi') }]);
  const chip = page.getByRole('list', { name: 'Attached files' }).getByRole('listitem');
  await expect(chip.locator('.file-name')).toHaveText('invoice_⟨RLO⟩fdp.exe');
  await expect(chip.locator('.file-name')).toHaveAttribute('title', 'invoice_⟨RLO⟩fdp.exe');
  await expect(chip.locator('.hidden-mark')).toHaveAttribute('title', RLO_TITLE);
  await expect(page.getByRole('button', { name: 'Remove invoice_⟨RLO⟩fdp.exe' })).toBeVisible();

  await ask(page, 'report_final\u202Egpj.exe');
  const question = page.locator('article.message.user').last();
  await expect(question.locator('.text')).toHaveText('report_final⟨RLO⟩gpj.exe');
  await expect(question.locator('.text .hidden-mark')).toHaveAttribute('title', RLO_TITLE);
  await expect(question.locator('.file-link')).toHaveText('invoice_⟨RLO⟩fdp.exe');
  const answer = page.locator('article.message.bot').last();
  await expect(answer).toHaveAttribute('data-status', 'complete');
  // The answer is markdown: its markers are text.
  await expect(answer.locator('.text')).toContainText('You said: report_final⟨RLO⟩gpj.exe');
  await expect(answer.locator('.text')).toContainText('Attachments: invoice_⟨RLO⟩fdp.exe (text/plain)');
  expect(await page.locator('body').innerHTML()).not.toMatch(CONTROLS);

  // Copy gives what is shown, not the override.
  await page.evaluate(() => {
    const copied: string[] = [];
    (window as unknown as { copied: string[] }).copied = copied;
    navigator.clipboard.writeText = async (text: string) => void copied.push(text);
  });
  await answer.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(answer.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await page.evaluate(() => (window as unknown as { copied: string[] }).copied);
  expect(copied).toHaveLength(1);
  expect(copied[0]).toContain('You said: report_final⟨RLO⟩gpj.exe');
  expect(copied[0]).not.toMatch(CONTROLS);

  await page.getByRole('button', { name: 'History' }).click();
  const title = page.locator('.history-title').first();
  await expect(title).toHaveText('report_final⟨RLO⟩gpj.exe');
  await expect(title.locator('.hidden-mark')).toHaveAttribute('title', RLO_TITLE);
  await page.getByRole('button', { name: 'Actions for “report_final⟨RLO⟩gpj.exe”' }).click();
  await expect(page.getByRole('button', { name: 'Rename “report_final⟨RLO⟩gpj.exe”' })).toBeAttached();
  await expect(page.getByRole('button', { name: 'Delete “report_final⟨RLO⟩gpj.exe”' })).toBeAttached();

  // A search snippet: the matched words after the marker are the ones highlighted.
  await page.getByLabel('Search conversations').fill('gpj exe');
  const snippet = page.locator('.history-snippet').first();
  await expect(snippet).toContainText('report_final⟨RLO⟩gpj.exe');
  await expect(snippet.locator('mark')).toHaveText(['gpj', 'exe']);
  await expect(snippet.locator('.hidden-mark')).toHaveText(['⟨RLO⟩']);
  expect(await page.locator('body').innerHTML()).not.toMatch(CONTROLS);
});
