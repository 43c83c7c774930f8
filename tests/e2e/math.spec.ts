import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ask, signedInPanel } from './helpers';

const lastAnswer = (page: Page) => page.locator('article.message.bot').last();
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

/** Records what the next copy puts on the clipboard as text (after the page's own copy handling). */
async function watchCopy(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.addEventListener('copy', (event) => {
      (window as unknown as { copied?: string }).copied = event.clipboardData?.getData('text/plain') ?? '';
    });
  });
}

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
}) => {
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
  await expect(text.locator('math')).toHaveCount(4);

  // Prices stay text; dollars in code stay code; a TeX error shows its source.
  const prices = text.locator('p', { hasText: 'It costs $5 and $10 to print' });
  await expect(prices).toBeVisible();
  await expect(prices.locator('.md-math')).toHaveCount(1); // only \(\alpha…\)
  await expect(text.locator('p code')).toHaveText('$x$');
  await expect(text.locator('pre')).toContainText('$$\\int_0^1 x\\,dx$$');
  await expect(text.locator('pre math, p code math')).toHaveCount(0);
  await expect(text.locator('.md-math-error')).toHaveText('$\\frac{1}{$');

  // Copying a selection with math in it gives the LaTeX source.
  await watchCopy(panel);
  await selectAll(panel, 'article.message.bot:last-of-type .text p');
  await panel.keyboard.press('Control+C');
  await expect.poll(() => panel.evaluate(() => (window as unknown as { copied?: string }).copied)).toBe(
    "Euler's identity is $e^{i\\pi} + 1 = 0$, and the roots of $ax^2 + bx + c = 0$ are:",
  );

  // Display math never widens the panel, even at 320 px.
  for (const width of [400, 320]) {
    await panel.setViewportSize({ width, height: 800 });
    const overflow = await panel.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${width} px`).toBeLessThanOrEqual(0);
  }

  await panel.evaluate(() => document.getSelection()?.removeAllRanges());
  for (const scheme of ['light', 'dark'] as const) {
    await panel.setViewportSize({ width: 400, height: 800 });
    await panel.emulateMedia({ colorScheme: scheme });
    await display.scrollIntoViewIfNeeded();
    await shot(panel, `math-${scheme}`);
  }
});
