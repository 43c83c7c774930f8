/**
 * Math-Bot (issue 16): an answer with inline and display math, streamed in pieces that split formulas mid-way, plus the
 * things that must stay text: prices, a code span and a code block holding dollars. It pauses inside the first formula
 * (until the test calls releaseHeld()), so a test can see an unfinished formula shown as text, then finished.
 */
import { type ScriptedBot, finish } from './bot-kit';
import { scriptedSpec } from './models';

/** The answer, in the pieces it is sent as; the first ends inside a formula, where the bot holds. */
export const MATH_ANSWER_PIECES: readonly string[] = [
  "Euler's identity is $e^{i\\pi} + ",
  '1 = 0$, and the roots of $ax^2 + bx + c = 0$ are:\n\n$$\nx = \\frac{-b \\pm \\sqrt{b^2',
  ' - 4ac}}{2a}\n$$\n\nA wide one:\n\\[\\sum_{k=1}^{n} k = 1 + 2 + 3 + \\cdots + n = \\frac{n(n+1)}{2} \\quad \\text{for every positive integer } n\\]\n\nIt costs $5 and $10 to print, and \\(\\alpha',
  '^2 + \\beta^2\\) too.\n\nIn code, `$x$` stays as typed:\n\n```tex\n$$\\int_0^1 x\\,dx$$\n```\n\nA bad formula stays as source: $\\frac{1}{$ here.',
];

export const MATH_ANSWER = MATH_ANSWER_PIECES.join('');

export const mathBot: ScriptedBot = {
  spec: scriptedSpec({
    displayName: 'Math-Bot',
    points: 8,
    description:
      'Fake Poe test bot. Answers with inline and display TeX math, prices, and dollars in code, split mid-formula; holds inside the first formula until the test calls releaseHeld().',
  }),
  async run(ctx) {
    const sse = ctx.openSse();
    const [first, ...rest] = MATH_ANSWER_PIECES;
    sse.event('text', { text: first ?? '' });
    await ctx.held();
    if (sse.closed) return;
    for (const piece of rest) {
      await sse.sleep(15);
      sse.event('text', { text: piece });
    }
    finish(ctx, sse);
  },
};
