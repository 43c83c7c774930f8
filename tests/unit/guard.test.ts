import { describe, expect, test } from 'vitest';
import { spentSince } from '@/lib/chat/daily-spend';
import { DailySpend } from '@/lib/chat/daily-spend';
import { decideSend, localDayStart, POE_KEY_WARNING, spendLevel } from '@/lib/chat/guard';
import { HeldError, SendGuard, type GuardRequest } from '@/lib/chat/send-guard';
import type { BackgroundEvent, CostEstimate, GuardPreferences, ModelSummary } from '@/lib/messaging/contracts';
import type { PointsHistoryEntry } from '@/lib/poe';
import type { StoredHold } from '@/lib/storage/settings';

const rate = { pointsPerUsd: 1_000_000, source: 'history' } as const;
const limits = (fields: Partial<GuardPreferences> = {}): GuardPreferences => ({
  dailyBudget: null,
  answerCeiling: null,
  allowedBots: [],
  suggestion: 'dismissed',
  ...fields,
});
const request = (points: number): CostEstimate => ({ kind: 'request', bot: 'Flat-Bot', usd: points / 1e6, points, rate });
const range = (low: number, high: number): CostEstimate => ({
  kind: 'tokens',
  bot: 'GPT-5.4',
  inputTokens: 10,
  historyTokens: 0,
  messageTokens: 10,
  fileTokens: 0,
  images: 0,
  uncountedFiles: 0,
  outputTokens: [100, 1500],
  usd: [low / 1e6, high / 1e6],
  points: [low, high],
  rate,
});
const unknown = (reason: 'not_published' | 'unknown_bot' | 'no_list', bot = 'Mystery-Bot'): CostEstimate => ({ kind: 'unknown', bot, reason });

describe('guard decisions', () => {
  test('no limits: everything a listed bot is asked goes at once, priced or not', () => {
    expect(decideSend({ estimate: range(40, 310), limits: limits() })).toEqual({ hold: false });
    expect(decideSend({ estimate: unknown('not_published'), limits: limits() })).toEqual({ hold: false });
  });

  test('the per-answer ceiling compares the estimate’s upper bound, and names the amount', () => {
    expect(decideSend({ estimate: range(40, 310), limits: limits({ answerCeiling: 310 }) })).toEqual({ hold: false });
    const held = decideSend({ estimate: range(40, 311), limits: limits({ answerCeiling: 310 }) });
    expect(held).toMatchObject({ hold: true, upToPoints: 311 });
    if (held.hold) expect(held.reasons).toEqual([{ kind: 'ceiling', message: 'This answer could cost up to 311 points, more than your per-answer ceiling of 310 points.' }]);
  });

  test('the daily budget counts what was spent today plus this answer', () => {
    expect(decideSend({ estimate: request(30), limits: limits({ dailyBudget: 100 }), spentToday: 70 })).toEqual({ hold: false });
    const held = decideSend({ estimate: request(30), limits: limits({ dailyBudget: 100 }), spentToday: 71 });
    expect(held).toMatchObject({ hold: true, upToPoints: 30, reasons: [{ kind: 'budget' }] });
    if (held.hold) expect(held.reasons[0]!.message).toContain('more than the 29 points left of today’s budget (71 of 100 points spent)');
    const spent = decideSend({ estimate: request(30), limits: limits({ dailyBudget: 100 }), spentToday: 120 });
    if (spent.hold) expect(spent.reasons[0]!.message).toContain('Today’s budget of 100 points is spent');
  });

  test('both limits passed: both reasons', () => {
    const held = decideSend({ estimate: request(500), limits: limits({ dailyBudget: 100, answerCeiling: 200 }), spentToday: 0 });
    expect(held.hold && held.reasons.map((reason) => reason.kind)).toEqual(['ceiling', 'budget']);
  });

  test('an unknown price with a limit set asks, saying the price is not published', () => {
    const held = decideSend({ estimate: unknown('not_published', 'Sora-2'), limits: limits({ answerCeiling: 1_000 }) });
    expect(held).toEqual({
      hold: true,
      reasons: [{ kind: 'unknown_price', message: 'Poe does not publish a price for Sora-2, so Poe Toolbar cannot tell whether this answer stays within your limits.' }],
    });
  });

  test('a bot outside Poe’s list asks, quoting Poe’s warning, until it is allowed', () => {
    const first = decideSend({ estimate: unknown('unknown_bot', 'My-Bot'), limits: limits() });
    expect(first.hold && first.reasons.map((reason) => reason.kind)).toEqual(['unknown_bot']);
    if (first.hold) {
      expect(first.reasons[0]!.message).toBe(
        `“My-Bot” is not in Poe’s list of models: it may be a creator’s or a private bot, with a price of its own. Poe warns: “${POE_KEY_WARNING}” Sending allows this bot from now on.`,
      );
    }
    expect(decideSend({ estimate: unknown('unknown_bot', 'My-Bot'), limits: limits({ allowedBots: ['my-bot'] }) })).toEqual({ hold: false });
    // Allowed, but its price is still unknown: with a limit set, it asks for that.
    const limited = decideSend({ estimate: unknown('unknown_bot', 'My-Bot'), limits: limits({ allowedBots: ['my-bot'], dailyBudget: 10 }) });
    expect(limited.hold && limited.reasons.map((reason) => reason.kind)).toEqual(['unknown_price']);
  });

  test('warns from 80% of the daily budget', () => {
    expect(spendLevel(79, 100)).toBe('ok');
    expect(spendLevel(80, 100)).toBe('warning');
    expect(spendLevel(100, 100)).toBe('over');
    expect(spendLevel(500, null)).toBe('ok');
    expect(spendLevel(undefined, 100)).toBe('ok');
  });
});

const DAY = localDayStart(new Date(2026, 11, 2, 15, 0).getTime());
const entry = (fields: Partial<PointsHistoryEntry>): PointsHistoryEntry => ({
  creationTime: DAY + 60_000,
  botName: 'GPT-5.4',
  queryId: `q${Math.random()}`,
  usageType: 'API',
  costPoints: 100,
  ...fields,
});

describe("today's spending", () => {
  test('Poe’s history for the local day, plus our answers it does not list yet', () => {
    const history = [
      entry({ creationTime: DAY + 3_600_000, costPoints: 50, botName: 'Flat-Bot', queryId: 'a' }),
      entry({ creationTime: DAY + 1_000, costPoints: 100, queryId: 'b' }),
      entry({ creationTime: DAY - 1_000, costPoints: 9_999, queryId: 'yesterday' }),
    ];
    expect(spentSince(history, DAY, [])).toBe(150);
    // Listed: the Flat-Bot answer started before entry 'a'. Not listed: the GPT-5.4 answer started after every entry.
    const listed = { id: 'm1', bot: 'flat-bot', createdAt: DAY + 3_599_000, points: 30 };
    const unlisted = { id: 'm2', bot: 'gpt-5.4', createdAt: DAY + 7_200_000, points: 70 };
    expect(spentSince(history, DAY, [listed, unlisted])).toBe(220);
    // An answer of yesterday does not count today.
    expect(spentSince(history, DAY, [{ ...unlisted, createdAt: DAY - 5 }])).toBe(150);
  });

  test('reads pages back to local midnight, and no further', async () => {
    const pages: (string | undefined)[] = [];
    const spend = new DailySpend({
      now: () => DAY + 10 * 3_600_000,
      page: async (after) => {
        pages.push(after);
        if (!after) return { hasMore: true, entries: [entry({ queryId: 'p1', creationTime: DAY + 2 * 3_600_000 })] };
        if (after === 'p1') return { hasMore: true, entries: [entry({ queryId: 'p2', creationTime: DAY - 1 })] };
        throw new Error('read too far');
      },
    });
    expect(await spend.spent()).toBe(100);
    expect(pages).toEqual([undefined, 'p1']);
    // Fresh for a moment: no second read.
    expect(await spend.spent()).toBe(100);
    expect(pages).toHaveLength(2);
  });
});

/** A SendGuard with everything in memory. */
function guardHarness(options: { limits?: Partial<GuardPreferences>; models?: ModelSummary[]; history?: PointsHistoryEntry[] } = {}) {
  let preferences = limits(options.limits);
  const events: BackgroundEvent[] = [];
  let stored: StoredHold[] = [];
  const guard = new SendGuard({
    guard: async () => preferences,
    allowBot: async (bot) => void (preferences = { ...preferences, allowedBots: [...preferences.allowedBots, bot] }),
    models: async () =>
      options.models ?? [
        { id: 'flat-bot', displayName: 'Flat-Bot', inputModalities: [], outputModalities: [], parameters: [], pricing: { request: 0.0009 } },
      ],
    history: async () => [],
    spend: new DailySpend({ now: () => DAY + 3_600_000, page: async () => ({ hasMore: false, entries: options.history ?? [] }) }),
    store: { getValue: async () => stored, setValue: async (holds) => void (stored = holds) },
    broadcast: (event) => events.push(event),
    now: () => DAY,
  });
  const ask = (bot: string, requestId = 'r1'): GuardRequest => ({
    requestId,
    plan: { kind: 'send', turn: { conversationId: null, bot, text: 'hi' } },
    bot,
    conversationId: null,
    text: 'hi',
    attachments: [],
    messages: [{ text: 'hi' }],
    origin: 'page',
  });
  return { guard, events, ask, stored: () => stored, preferences: () => preferences };
}

describe('the send guard', () => {
  test('holds a send over the ceiling, lists it for every page, and lets it out exactly once', async () => {
    const { guard, events, ask, stored } = guardHarness({ limits: { answerCeiling: 10 } });
    const held = await guard.check(ask('flat-bot')).catch((error: unknown) => error);
    expect(held).toBeInstanceOf(HeldError);
    expect((held as HeldError).held).toMatchObject({ requestId: 'r1', upToPoints: 30, reasons: [{ kind: 'ceiling' }] });
    expect(events.at(-1)).toMatchObject({ type: 'held', held: [{ requestId: 'r1' }] });
    expect(stored()).toHaveLength(1);

    // Two confirmations racing (a double click, a second page): one takes it, the other finds nothing.
    const [first, second] = await Promise.all([guard.take('r1', { confirmed: true }), guard.take('r1', { confirmed: true })]);
    expect([first?.view.requestId, second]).toEqual(['r1', undefined]);
    expect(guard.held()).toEqual([]);
    expect(stored()).toEqual([]);
    expect(events.at(-1)).toEqual({ type: 'held', held: [] });
  });

  test('under every limit a send goes at once', async () => {
    const { guard, ask } = guardHarness({ limits: { answerCeiling: 30, dailyBudget: 1_000 } });
    await expect(guard.check(ask('flat-bot'))).resolves.toBeUndefined();
    expect(guard.held()).toEqual([]);
  });

  test('counts today’s history for the budget', async () => {
    const { guard, ask } = guardHarness({ limits: { dailyBudget: 100 }, history: [entry({ costPoints: 80 })] });
    const held = await guard.check(ask('flat-bot')).catch((error: unknown) => error);
    expect((held as HeldError).held.reasons.map((reason) => reason.kind)).toEqual(['budget']);
    expect(await guard.spendNow()).toEqual({ spentToday: 80, dailyBudget: 100, answerCeiling: null, level: 'warning' });
  });

  test('a compare (issue 16) is held whole on its total, and its confirmation allows only the bots outside the list', async () => {
    const { guard, preferences } = guardHarness({ limits: { dailyBudget: 50 } });
    const compare = { requestId: 'c1', bots: ['flat-bot', 'Private-Bot-7'], text: 'hi', attachments: [], parameters: [{}, {}] };
    const held = await guard.checkCompare(compare).catch((error: unknown) => error);
    expect(held).toBeInstanceOf(HeldError);
    expect((held as HeldError).held).toMatchObject({ action: 'compare', bot: 'Flat-Bot, Private-Bot-7' });
    expect((held as HeldError).held.reasons.map((reason) => reason.kind).sort()).toEqual(['unknown_bot', 'unknown_price']);
    expect(await guard.previewCompare(compare)).toMatchObject({ wouldHold: true });
    const taken = await guard.take('c1', { confirmed: true });
    expect(taken?.plan).toMatchObject({ kind: 'compare', bots: ['flat-bot', 'Private-Bot-7'], unknownBots: ['Private-Bot-7'] });
    expect(preferences().allowedBots).toEqual(['private-bot-7']);

    // Two listed bots whose total passes what is left of the budget, each fitting alone.
    const { guard: second } = guardHarness({
      limits: { dailyBudget: 50 },
      models: [
        { id: 'flat-bot', displayName: 'Flat-Bot', inputModalities: [], outputModalities: [], parameters: [], pricing: { request: 0.0009 } },
        { id: 'flat-bot-2', displayName: 'Flat-Bot-2', inputModalities: [], outputModalities: [], parameters: [], pricing: { request: 0.0009 } },
      ],
    });
    const pair = { requestId: 'c2', bots: ['flat-bot', 'flat-bot-2'], text: 'hi', attachments: [], parameters: [{}, {}] };
    expect(await second.previewCompare(pair)).toMatchObject({ upToPoints: 60, wouldHold: true });
    const over = await second.checkCompare(pair).catch((error: unknown) => error);
    expect((over as HeldError).held).toMatchObject({ upToPoints: 60, reasons: [{ kind: 'budget' }] });
  });

  test('a compare with files: each bot is estimated with them as a send of the draft to it would be, and a hold keeps them', async () => {
    const tokenModel = (id: string, prompt: number): ModelSummary => ({
      id,
      displayName: id,
      inputModalities: ['text', 'image'],
      outputModalities: ['text'],
      parameters: [],
      maxOutputTokens: 1_000,
      pricing: { prompt, completion: 0.00001, image: 0.002 },
    });
    const { guard } = guardHarness({ limits: { answerCeiling: 1 }, models: [tokenModel('reader-a', 0.000001), tokenModel('reader-b', 0.000003)] });
    const files = [
      { pendingId: 'p1', name: 'notes.txt', contentType: 'text/plain', size: 40_000 },
      { pendingId: 'p2', name: 'shot.png', contentType: 'image/png', size: 2_000 },
    ];
    const draft = { bots: ['reader-a', 'reader-b'], text: 'What do these say?', attachments: files, parameters: [{}, {}] };
    const compared = await guard.previewCompare(draft);
    const alone = await Promise.all(draft.bots.map(async (bot) => (await guard.preview({ conversationId: null, bot, text: draft.text, attachments: files })).estimate));
    expect(compared.estimates).toEqual(alone);
    // The files count: without them the same compare is estimated lower.
    const bare = await guard.previewCompare({ ...draft, attachments: [] });
    expect(compared.upToPoints!).toBeGreaterThan(bare.upToPoints!);

    const held = await guard.checkCompare({ ...draft, requestId: 'cf' }).catch((error: unknown) => error);
    expect((held as HeldError).held).toMatchObject({ action: 'compare', attachments: files });
    expect((await guard.take('cf', { confirmed: true }))?.plan).toMatchObject({ kind: 'compare', attachments: files });
  });

  test('a bot outside the list is allowed by its confirmation, not by a cancel', async () => {
    const { guard, ask, preferences } = guardHarness();
    await expect(guard.check(ask('Private-Bot-7', 'a'))).rejects.toBeInstanceOf(HeldError);
    await guard.take('a', { confirmed: false });
    expect(preferences().allowedBots).toEqual([]);
    await expect(guard.check(ask('Private-Bot-7', 'b'))).rejects.toBeInstanceOf(HeldError);
    await guard.take('b', { confirmed: true });
    expect(preferences().allowedBots).toEqual(['private-bot-7']);
    await expect(guard.check(ask('PRIVATE-BOT-7', 'c'))).resolves.toBeUndefined();
  });

  test('a confirmed send that could not go waits again', async () => {
    const { guard, ask } = guardHarness({ limits: { answerCeiling: 1 } });
    await expect(guard.check(ask('flat-bot'))).rejects.toBeInstanceOf(HeldError);
    const hold = (await guard.take('r1', { confirmed: true }))!;
    await guard.putBack(hold);
    expect(guard.held().map((each) => each.requestId)).toEqual(['r1']);
  });
});
