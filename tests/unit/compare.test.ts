import { describe, expect, it } from 'vitest';
import { decideCompare } from '@/lib/chat/compare-guard';
import type { BackgroundEvent, ChatMessage, CostEstimate, GuardPreferences } from '@/lib/messaging/contracts';
import { columnAnswer, comparedConversations, reduceCompare, type CompareState } from '@/components/compare-state';

const rate = { pointsPerUsd: 33_000, source: 'assumed' as const };
const priced = (bot: string, points: number): CostEstimate => ({ kind: 'request', bot, usd: points / 33_000, points, rate });
const unpriced = (bot: string): CostEstimate => ({ kind: 'unknown', bot, reason: 'not_published' });
const limits = (change: Partial<GuardPreferences>): GuardPreferences => ({
  dailyBudget: null,
  answerCeiling: null,
  allowedBots: [],
  suggestion: 'dismissed',
  ...change,
});

describe('the guard on a compare (the total before sending)', () => {
  it('lets three answers go when their total fits what is left of the day', () => {
    expect(decideCompare({ estimates: [priced('A', 100), priced('B', 100), priced('C', 100)], limits: limits({ dailyBudget: 1000 }), spentToday: 600 })).toEqual({ hold: false });
  });

  it('holds when the total passes the budget although each answer alone would fit', () => {
    const decision = decideCompare({ estimates: [priced('A', 150), priced('B', 150), priced('C', 150)], limits: limits({ dailyBudget: 1000 }), spentToday: 600 });
    expect(decision.hold).toBe(true);
    if (!decision.hold) return;
    expect(decision.upToPoints).toBe(450);
    expect(decision.reasons.map((reason) => reason.kind)).toEqual(['budget']);
    expect(decision.reasons[0]!.message).toBe('These answers could cost up to 450 points together, more than the 400 points left of today’s budget of 1,000 points.');
  });

  it('judges the per-answer ceiling answer by answer, not on the total', () => {
    expect(decideCompare({ estimates: [priced('A', 80), priced('B', 80)], limits: limits({ answerCeiling: 100 }) })).toEqual({ hold: false });
    const decision = decideCompare({ estimates: [priced('A', 80), priced('B', 120)], limits: limits({ answerCeiling: 100 }) });
    expect(decision.hold && decision.reasons.map((reason) => [reason.kind, reason.message.includes('120')])).toEqual([['ceiling', true]]);
  });

  it('holds a budgeted compare with a bot whose price is unknown, once, and gives no total', () => {
    const decision = decideCompare({ estimates: [priced('A', 10), unpriced('Mystery'), unpriced('Other')], limits: limits({ dailyBudget: 1000 }), spentToday: 0 });
    expect(decision.hold).toBe(true);
    if (!decision.hold) return;
    expect(decision.upToPoints).toBeUndefined();
    expect(decision.reasons.map((reason) => reason.kind)).toEqual(['unknown_price']);
    expect(decision.reasons[0]!.message).toContain('Mystery');
  });

  it('says when the day is already spent', () => {
    const decision = decideCompare({ estimates: [priced('A', 10), priced('B', 10)], limits: limits({ dailyBudget: 100 }), spentToday: 120 });
    expect(decision.hold && decision.reasons[0]!.message).toBe('Today’s budget of 100 points is spent (120 points so far), and these answers could cost up to 20 points together.');
  });
});

const message = (id: string, role: 'user' | 'bot', seq: number, text = ''): ChatMessage => ({
  id,
  seq,
  role,
  bot: 'Echo-Bot',
  text,
  status: role === 'bot' ? 'streaming' : 'complete',
  createdAt: 1,
});

function run(events: BackgroundEvent[], from: CompareState | null = null): CompareState | null {
  return events.reduce<CompareState | null>((state, event) => reduceCompare(state, event), from);
}

describe('a compare on the page (compare-state)', () => {
  const started: BackgroundEvent[] = [
    { type: 'compareStarted', requestId: 'r1', bots: ['Echo-Bot', 'Slow-Drip', 'Error-Bot'], text: 'Tallest lighthouse?' },
    { type: 'compareColumn', requestId: 'r1', index: 0, bot: 'Echo-Bot', conversationId: 'c0' },
    { type: 'compareColumn', requestId: 'r1', index: 1, bot: 'Slow-Drip', conversationId: 'c1' },
    { type: 'compareColumn', requestId: 'r1', index: 2, bot: 'Error-Bot', error: { kind: 'not_found', message: 'No such bot' } },
  ];

  it('routes each conversation’s messages and streamed text to its own column', () => {
    const state = run([
      ...started,
      { type: 'message', conversationId: 'c0', message: message('u0', 'user', 0, 'Tallest lighthouse?') },
      { type: 'message', conversationId: 'c1', message: message('b1', 'bot', 1) },
      { type: 'message', conversationId: 'c0', message: message('b0', 'bot', 1) },
      { type: 'delta', conversationId: 'c0', messageId: 'b0', append: 'Île ' },
      { type: 'delta', conversationId: 'c1', messageId: 'b1', append: 'The river' },
      { type: 'delta', conversationId: 'c0', messageId: 'b0', append: 'Vierge' },
      { type: 'conversationCost', conversationId: 'c1', points: 8, answers: 1 },
      // Not a column: ignored.
      { type: 'delta', conversationId: 'other', messageId: 'b0', append: 'nope' },
    ])!;
    expect(state.columns.map((column) => columnAnswer(column)?.text)).toEqual(['Île Vierge', 'The river', undefined]);
    expect(state.columns[0]!.messages.map((each) => each.id)).toEqual(['u0', 'b0']);
    expect(state.columns[1]!.cost).toEqual({ points: 8 });
    expect(state.columns[2]!.error?.message).toBe('No such bot');
    expect(comparedConversations(state)).toEqual(['c0', 'c1']);
  });

  it('takes a column’s state afresh after a reconnect, and ignores another compare’s columns', () => {
    const state = run([
      ...started,
      { type: 'compareColumn', requestId: 'older', index: 2, bot: 'Error-Bot', conversationId: 'x' },
      { type: 'watched', conversationId: 'c1', messages: [{ ...message('b1', 'bot', 1, 'The river kept'), status: 'stopped' }, message('u1', 'user', 0, 'q')] },
    ])!;
    expect(state.columns[2]!.conversationId).toBeUndefined();
    expect(state.columns[1]!.messages.map((each) => each.id)).toEqual(['u1', 'b1']);
    expect(columnAnswer(state.columns[1]!)?.status).toBe('stopped');
  });

  it('leaves the state object alone for events that are not about it', () => {
    const state = run(started)!;
    expect(reduceCompare(state, { type: 'delta', conversationId: 'elsewhere', messageId: 'm', append: 'x' })).toBe(state);
    expect(reduceCompare(null, { type: 'message', conversationId: 'c0', message: message('b0', 'bot', 1) })).toBeNull();
  });
});
