import { expect, test } from './fixtures';
import { ask, chooseBot } from './helpers';

test('a bidi override in an answer or a conversation title is shown as a mark, never obeyed', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  // Displayed obeying the override, this would read "report_finalexe.jpg".
  await ask(page, 'report_final\u202Egpj.exe');
  const answer = page.locator('article.message.bot').last();
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer.locator('.text')).toContainText('report_final\uFFFDgpj.exe');
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.locator('.history-title').first()).toHaveText('report_final\uFFFDgpj.exe');
  await expect(page.getByRole('button', { name: 'Rename “report_final\uFFFDgpj.exe”' })).toBeAttached();
});
