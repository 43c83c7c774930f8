import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { MATH_ANSWER } from '../fake-poe/math-bot';
import { ask, signedInPanel } from './helpers';

const lastAnswer = (page: Page) => page.locator('article.message.bot').last();
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

const clipboardText = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Selects the whole text of `selector`'s first match, as a drag over it would. */
async function selectAll(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) throw new Error(`nothing matches ${sel}`);
    const range = document.createRange();
    range.selectNodeContents(el);
    const selection = document.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  }, selector);
}

test('math in a streamed answer: text until the formula closes, then MathML; prices, code and errors stay text; copy gives LaTeX', async ({
  signIn,
  openExtensionPage,
  fakePoe,
  context,
}) => {
  // Chromium grants no permission to an extension origin by name: granted to every origin (as media.spec.ts does).
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const panel = await signedInPanel({ signIn, openExtensionPage }, 'Math-Bot');
  await panel.setViewportSize({ width: 400, height: 800 });
  await ask(panel, 'Some math, please');
  const answer = lastAnswer(panel);
  const text = answer.locator('.text');

  // Held inside the first formula: its start shows as plain text, nothing is typeset.
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await expect(text).toHaveText("Euler's identity is $e^{i\\pi} +");
  await expect(text.locator('math')).toHaveCount(0);

  expect(fakePoe.releaseHeld()).toBe(1);
  await expect(answer).toHaveAttribute('data-status', 'complete');

  // Each formula, by its TeX: typeset as MathML.
  const formula = (tex: string) => text.locator('.md-math', { has: panel.locator('annotation', { hasText: tex }) });
  await expect(formula('e^{i\\pi} + 1 = 0').locator('math')).toBeVisible();
  await expect(formula('ax^2 + bx + c = 0').locator('math msup')).toHaveCount(1);
  const display = formula('x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}');
  await expect(display).toHaveClass(/md-math-display/);
  await expect(display.locator('math[display="block"] mfrac')).toHaveCount(1);
  await expect(display.locator('math msqrt')).toHaveCount(1);
  await expect(formula('\\alpha^2 + \\beta^2').locator('math')).toBeVisible();
  const wide = formula('\\sum_{k=1}^{n} k');
  await expect(wide.locator('math[display="block"] munderover')).toHaveCount(1);
  await expect(text.locator('math')).toHaveCount(5);

  // Prices stay text; dollars in code stay code; a TeX error shows its source.
  const prices = text.locator('p', { hasText: 'It costs $5 and $10 to print' });
  await expect(prices).toBeVisible();
  await expect(prices.locator('.md-math')).toHaveCount(1); // only \(\alpha…\)
  await expect(text.locator('p code')).toHaveText('$x$');
  await expect(text.locator('pre')).toContainText('$$\\int_0^1 x\\,dx$$');
  await expect(text.locator('pre math, p code math')).toHaveCount(0);
  await expect(text.locator('.md-math-error')).toHaveText('$\\frac{1}{$');

  // Copying a selection with math in it gives the LaTeX source; so does the answer's Copy button (its markdown).
  await selectAll(panel, 'article.message.bot:last-of-type .text p');
  await panel.keyboard.press('Control+C');
  await expect.poll(() => clipboardText(panel)).toBe("Euler's identity is $e^{i\\pi} + 1 = 0$, and the roots of $ax^2 + bx + c = 0$ are:");
  await selectAll(panel, 'article.message.bot:last-of-type .text .md-math-display');
  await panel.keyboard.press('Control+C');
  await expect.poll(() => clipboardText(panel)).toBe('$$x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}$$');
  await answer.getByRole('button', { name: 'Copy', exact: true }).last().click();
  await expect.poll(() => clipboardText(panel)).toBe(MATH_ANSWER);

  // Display math wider than the panel scrolls sideways inside the answer; the panel never widens, even at 320 px.
  for (const width of [400, 320]) {
    await panel.setViewportSize({ width, height: 800 });
    const overflow = await panel.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${width} px`).toBeLessThanOrEqual(0);
    expect(await wide.evaluate((el) => el.scrollWidth > el.clientWidth), `${width} px`).toBe(true);
  }

  await panel.evaluate(() => document.getSelection()?.removeAllRanges());
  for (const scheme of ['light', 'dark'] as const) {
    await panel.setViewportSize({ width: 400, height: 800 });
    await panel.emulateMedia({ colorScheme: scheme });
    await display.scrollIntoViewIfNeeded();
    await shot(panel, `math-${scheme}`);
  }
  await panel.setViewportSize({ width: 320, height: 800 });
  await wide.scrollIntoViewIfNeeded();
  await shot(panel, 'math-dark-320');
});
