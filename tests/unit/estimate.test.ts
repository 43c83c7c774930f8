import { describe, expect, test } from 'vitest';
import {
  ASSUMED_POINTS_PER_USD,
  estimateCost,
  estimateTokens,
  LONG_ANSWER_TOKENS,
  outputRange,
  pointsRate,
  SHORT_ANSWER_TOKENS,
  TOKENS_PER_IMAGE,
  upperPoints,
  type EstimateInput,
} from '@/lib/chat/estimate';

const assumed = { pointsPerUsd: ASSUMED_POINTS_PER_USD, source: 'assumed' } as const;
/** A rate of 1 point per micro-dollar keeps the arithmetic readable. */
const perMicro = { pointsPerUsd: 1_000_000, source: 'history' } as const;
/** $1 per million input tokens, $10 per million output tokens: 1 and 10 points per token at `perMicro`. */
const tokenModel = { pricing: { prompt: 0.000001, completion: 0.00001 }, maxOutputTokens: 64_000 };

const input = (fields: Partial<EstimateInput>): EstimateInput => ({
  bot: 'Some-Bot',
  model: tokenModel,
  haveList: true,
  messages: [{ text: 'x'.repeat(40) }],
  rate: perMicro,
  ...fields,
});

describe('tokens', () => {
  test('about four characters a token, and one per CJK character', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('日本語のテキスト')).toBe(8);
    expect(estimateTokens('ab日本')).toBe(3);
  });
});

describe('token pricing', () => {
  test('input is the message (plus a few tokens for its role), output a short to a long typical answer', () => {
    const estimate = estimateCost(input({}));
    expect(estimate.kind).toBe('tokens');
    if (estimate.kind !== 'tokens') return;
    // 40 characters = 10 tokens + 4 for the message.
    expect(estimate.inputTokens).toBe(14);
    expect(estimate.outputTokens).toEqual([SHORT_ANSWER_TOKENS, LONG_ANSWER_TOKENS]);
    expect(estimate.points).toEqual([14 + SHORT_ANSWER_TOKENS * 10, 14 + LONG_ANSWER_TOKENS * 10]);
    expect(estimate.usd[0]).toBeCloseTo(0.001014, 9);
    // The longest answer the model allows, for the detail.
    expect(estimate.maxOutputTokens).toBe(64_000);
    expect(estimate.maxPoints).toBe(14 + 64_000 * 10);
    expect(upperPoints(estimate)).toBe(estimate.points[1]);
  });

  test('the whole history is input: every earlier message counts', () => {
    const alone = estimateCost(input({}));
    const withHistory = estimateCost(input({ messages: [{ text: 'y'.repeat(400) }, { text: 'z'.repeat(400) }, { text: 'x'.repeat(40) }] }));
    if (alone.kind !== 'tokens' || withHistory.kind !== 'tokens') throw new Error('token estimates expected');
    expect(withHistory.historyTokens).toBe(2 * (100 + 4));
    expect(withHistory.messageTokens).toBe(alone.messageTokens);
    expect(withHistory.points[0] - alone.points[0]).toBe(208);
  });

  test('text files count by size, documents by a smaller share, images at the image price when Poe gives one', () => {
    const files = [
      { contentType: 'text/plain', size: 4_000 },
      { contentType: 'application/pdf', size: 10_000 },
      { contentType: 'image/png', size: 50_000 },
      { contentType: 'audio/mpeg', size: 1_000 },
    ];
    const withoutImagePrice = estimateCost(input({ messages: [{ text: '', attachments: files }] }));
    if (withoutImagePrice.kind !== 'tokens') throw new Error('token estimate expected');
    expect(withoutImagePrice.fileTokens).toBe(1_000 + 1_000 + TOKENS_PER_IMAGE);
    expect(withoutImagePrice.images).toBe(1);
    expect(withoutImagePrice.uncountedFiles).toBe(1);

    const imagePriced = estimateCost(input({ model: { ...tokenModel, pricing: { ...tokenModel.pricing, image: 0.002 } }, messages: [{ text: '', attachments: files }] }));
    if (imagePriced.kind !== 'tokens') throw new Error('token estimate expected');
    expect(imagePriced.fileTokens).toBe(2_000);
    // $0.002 for the image = 2,000 points, instead of the 1,000 tokens (points) it counted for without a price.
    expect(imagePriced.points[0] - withoutImagePrice.points[0]).toBe(2_000 - TOKENS_PER_IMAGE);
  });

  test('the range never passes the model maximum or the max_output_tokens the user chose; a thinking budget widens it', () => {
    expect(outputRange(800)).toEqual([100, 800]);
    expect(outputRange(64_000, { max_output_tokens: 50 })).toEqual([50, 50]);
    expect(outputRange(64_000, { thinking_budget: 4_096 })).toEqual([100, LONG_ANSWER_TOKENS + 4_096]);
    expect(outputRange(undefined)).toEqual([SHORT_ANSWER_TOKENS, LONG_ANSWER_TOKENS]);
  });

  test('an answer that has ended is priced at its own length', () => {
    const estimate = estimateCost(input({ outputTokens: 42 }));
    if (estimate.kind !== 'tokens') throw new Error('token estimate expected');
    expect(estimate.points).toEqual([14 + 420, 14 + 420]);
  });
});

describe('request pricing and no price', () => {
  test('a bot priced per request shows its fixed price, without float noise rounding it up', () => {
    const estimate = estimateCost(input({ model: { pricing: { request: 0.0009 } }, rate: assumed }));
    expect(estimate).toEqual({ kind: 'request', bot: 'Some-Bot', usd: 0.0009, points: 30, rate: assumed });
    expect(upperPoints(estimate)).toBe(30);
  });

  test('an image bot priced per image is a fixed price too', () => {
    expect(estimateCost(input({ model: { pricing: { image: 0.04 } }, rate: perMicro }))).toMatchObject({ kind: 'request', points: 40_000 });
  });

  test('null pricing says "not published"; a bot outside the list, or no list at all, says so', () => {
    expect(estimateCost(input({ model: { pricing: null } }))).toEqual({ kind: 'unknown', bot: 'Some-Bot', reason: 'not_published' });
    expect(estimateCost(input({ model: { pricing: {} } }))).toMatchObject({ reason: 'not_published' });
    expect(estimateCost(input({ model: undefined }))).toMatchObject({ reason: 'unknown_bot' });
    expect(estimateCost(input({ model: undefined, haveList: false }))).toMatchObject({ reason: 'no_list' });
    // A model list cached before prices were kept: unknown until the list is fetched again.
    expect(estimateCost(input({ model: {} }))).toMatchObject({ reason: 'no_list' });
    expect(upperPoints(estimateCost(input({ model: { pricing: null } })))).toBeUndefined();
  });
});

describe('points per USD', () => {
  test('from the account’s own charges that carry a USD price', () => {
    const rate = pointsRate([
      { costPoints: 300, costUsd: 0.01 },
      { costPoints: 600, costUsd: '0.02' },
      // Refunds, free entries and entries without a price are left out.
      { costPoints: -50, costUsd: 0.002 },
      { costPoints: 0, costUsd: 0 },
      { costPoints: 999 },
    ]);
    expect(rate).toEqual({ pointsPerUsd: 30_000, source: 'history' });
  });

  test('assumed (and said to be) when the history has too little to go on', () => {
    expect(pointsRate([])).toEqual(assumed);
    expect(pointsRate([{ costPoints: 12 }, { costPoints: 1, costUsd: 0.00003 }])).toEqual(assumed);
  });
});
