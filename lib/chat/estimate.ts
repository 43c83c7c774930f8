import type { BotParameters, CostEstimate, ModelSummary, PointsRate } from '@/lib/messaging/contracts';

/**
 * What a send would cost, from `/v1/models` pricing (protocol §4.4: USD per token, or per request/image). Pure.
 *
 * Tokens are estimated, not counted (each model has its own tokenizer and none is available here): about
 * {@link CHARS_PER_TOKEN} characters per token for alphabetic text, one token per Chinese, Japanese or Korean
 * character, plus a few tokens per message for the roles. The UI says "about" and shows how it was worked out.
 */
export const CHARS_PER_TOKEN = 4;
/** Roles and separators Poe adds around each message. */
const TOKENS_PER_MESSAGE = 4;
/** An image for a model that publishes no image price: roughly what a ~1 megapixel image costs as input. */
export const TOKENS_PER_IMAGE = 1_000;
/** Text files: about one token per four bytes. Documents (PDF, Office): their bytes are mostly not text. */
const BYTES_PER_TOKEN_TEXT = 4;
const BYTES_PER_TOKEN_DOCUMENT = 10;
/** The output range when nothing says otherwise: a short answer to a long, typical one. */
export const SHORT_ANSWER_TOKENS = 100;
export const LONG_ANSWER_TOKENS = 1_500;

/**
 * Points per USD when the account's own history cannot say: Poe sells add-on points at $30 per million, the rate
 * its points history shows for API use. An estimate made with it says so.
 */
export const ASSUMED_POINTS_PER_USD = 1_000_000 / 30;

/** A file on a message, as far as the estimate needs it. */
export interface EstimatedFile {
  contentType: string;
  /** Bytes; 0 or absent when unknown (a file Poe fetches by URL). */
  size?: number;
}

export interface EstimatedMessage {
  text: string;
  attachments?: readonly EstimatedFile[];
}

export interface EstimateInput {
  bot: string;
  /** The model as `/v1/models` lists it; undefined when it is not listed. */
  model: Pick<ModelSummary, 'pricing' | 'maxOutputTokens'> | undefined;
  /** Whether a model list was available at all (an empty one says nothing about the bot). */
  haveList: boolean;
  /** Everything that will be sent, oldest first, the new question last. */
  messages: readonly EstimatedMessage[];
  parameters?: BotParameters;
  rate: PointsRate;
  /** The answer's length when it is known (an answer that has ended): the output range is that one number. */
  outputTokens?: number;
}

const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** About how many tokens a text is. */
export function estimateTokens(text: string): number {
  if (!text) return 0;
  const wide = text.match(WIDE)?.length ?? 0;
  return wide + Math.ceil((text.length - wide) / CHARS_PER_TOKEN);
}

type FileKind = 'image' | 'text' | 'document' | 'other';

function fileKind(contentType: string): FileKind {
  const type = contentType.toLowerCase();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('text/') || /json|xml|javascript|yaml|csv|markdown|x-sh|x-python|typescript/.test(type)) return 'text';
  if (/pdf|msword|officedocument|opendocument|rtf|epub/.test(type)) return 'document';
  return 'other';
}

/** The files of a query: tokens for those that can be counted, images, and those that cannot. */
function countFiles(messages: readonly EstimatedMessage[]): { tokens: number; images: number; uncounted: number } {
  let tokens = 0;
  let images = 0;
  let uncounted = 0;
  for (const file of messages.flatMap((message) => message.attachments ?? [])) {
    const kind = fileKind(file.contentType);
    const size = file.size ?? 0;
    if (kind === 'image') images += 1;
    else if (kind === 'text' && size > 0) tokens += Math.ceil(size / BYTES_PER_TOKEN_TEXT);
    else if (kind === 'document' && size > 0) tokens += Math.ceil(size / BYTES_PER_TOKEN_DOCUMENT);
    else uncounted += 1;
  }
  return { tokens, images, uncounted };
}

function numberParameter(parameters: BotParameters | undefined, name: string): number | undefined {
  const value = parameters?.[name];
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}

/**
 * The output range in tokens: a short answer to a long typical one, plus any thinking budget the user set (thinking
 * is billed as output), never past the answer length the user chose (`max_output_tokens`) or the model's maximum.
 */
export function outputRange(maxOutputTokens: number | undefined, parameters?: BotParameters): [number, number] {
  const cap = numberParameter(parameters, 'max_output_tokens') ?? maxOutputTokens ?? Number.POSITIVE_INFINITY;
  const thinking = numberParameter(parameters, 'thinking_budget') ?? 0;
  return [Math.min(SHORT_ANSWER_TOKENS, cap), Math.min(LONG_ANSWER_TOKENS + thinking, cap)];
}

/** USD to points; a hair is shaved off first so that float noise ($0.0009 × 33,333.3… = 30.000000000000004) does not round up. */
const toPoints = (usd: number, rate: PointsRate, round: (n: number) => number = Math.round) => round(usd * rate.pointsPerUsd - 1e-9);

export function estimateCost(input: EstimateInput): CostEstimate {
  const { bot, model, rate } = input;
  if (!model) return { kind: 'unknown', bot, reason: input.haveList ? 'unknown_bot' : 'no_list' };
  // An older cached list has no prices yet (undefined); a listed model without a price is null.
  if (model.pricing === undefined) return { kind: 'unknown', bot, reason: 'no_list' };
  const pricing = model.pricing;
  if (!pricing) return { kind: 'unknown', bot, reason: 'not_published' };
  const perToken = pricing.prompt !== undefined || pricing.completion !== undefined;
  if (!perToken) {
    const fixed = pricing.request ?? pricing.image;
    if (fixed === undefined) return { kind: 'unknown', bot, reason: 'not_published' };
    return { kind: 'request', bot, usd: fixed, points: toPoints(fixed, rate, Math.ceil), rate };
  }

  const last = input.messages.at(-1);
  const history = input.messages.slice(0, -1);
  const textTokens = (message: EstimatedMessage) => estimateTokens(message.text) + TOKENS_PER_MESSAGE;
  const historyTokens = history.reduce((sum, message) => sum + textTokens(message), 0);
  const messageTokens = last ? textTokens(last) : 0;
  const files = countFiles(input.messages);
  // Images cost the model's image price where Poe gives one, else about a megapixel's worth of input tokens.
  const imageUsd = pricing.image !== undefined ? files.images * pricing.image : 0;
  const imageTokens = pricing.image !== undefined ? 0 : files.images * TOKENS_PER_IMAGE;
  const fileTokens = files.tokens + imageTokens;
  const inputTokens = historyTokens + messageTokens + fileTokens;
  const output: [number, number] =
    input.outputTokens !== undefined ? [input.outputTokens, input.outputTokens] : outputRange(model.maxOutputTokens, input.parameters);
  const prompt = pricing.prompt ?? 0;
  const completion = pricing.completion ?? 0;
  const fixed = (pricing.request ?? 0) + imageUsd;
  const usdFor = (outputTokens: number) => fixed + inputTokens * prompt + outputTokens * completion;
  const usd: [number, number] = [usdFor(output[0]), usdFor(output[1])];
  const maxOutput = numberParameter(input.parameters, 'max_output_tokens') ?? model.maxOutputTokens;
  return {
    kind: 'tokens',
    bot,
    inputTokens,
    historyTokens,
    messageTokens,
    fileTokens,
    images: files.images,
    uncountedFiles: files.uncounted,
    outputTokens: output,
    ...(maxOutput !== undefined ? { maxOutputTokens: maxOutput, maxPoints: toPoints(usdFor(maxOutput), rate, Math.ceil) } : {}),
    usd,
    points: [toPoints(usd[0], rate), toPoints(usd[1], rate, Math.ceil)],
    rate,
  };
}

/** The most a send is expected to cost, in points (what the guard compares with its limits); undefined: unknown. */
export function upperPoints(estimate: CostEstimate): number | undefined {
  if (estimate.kind === 'tokens') return estimate.points[1];
  if (estimate.kind === 'request') return estimate.points;
  return undefined;
}

/**
 * Points per USD from the account's own points history: every charge that carries both its points and its USD
 * price. Refunds (negative) and free entries are left out; too little to go on gives the assumed rate.
 */
export function pointsRate(entries: readonly { costPoints: number; costUsd?: number | string }[]): PointsRate {
  let points = 0;
  let usd = 0;
  for (const entry of entries) {
    const dollars = typeof entry.costUsd === 'string' ? Number(entry.costUsd) : entry.costUsd;
    if (entry.costPoints > 0 && typeof dollars === 'number' && Number.isFinite(dollars) && dollars > 0) {
      points += entry.costPoints;
      usd += dollars;
    }
  }
  // A cent of charges is enough to pin the rate; less is mostly rounding of tiny entries.
  if (usd < 0.01 || points <= 0) return { pointsPerUsd: ASSUMED_POINTS_PER_USD, source: 'assumed' };
  return { pointsPerUsd: points / usd, source: 'history' };
}
