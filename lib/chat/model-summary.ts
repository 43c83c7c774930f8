import type { PoeModel, PoeModelPricing } from '@/lib/poe';
import type { ModelSummary } from '@/lib/messaging/contracts';

/** The endpoint that marks a video model (protocol §4.3): its answers run as Videos API jobs. */
export const VIDEOS_ENDPOINT = '/v1/videos';

function dollars(amount: number): string {
  if (amount >= 100) return `$${Math.round(amount)}`;
  if (amount >= 1) return `$${Number(amount.toFixed(2))}`;
  return `$${Number(amount.toPrecision(2))}`;
}

/** Poe prices in USD per token (or per request/image); people think per million tokens. */
export function priceHint(pricing: PoeModelPricing | null): string | undefined {
  if (!pricing) return undefined;
  if (pricing.prompt !== undefined && pricing.completion !== undefined) {
    return `${dollars(pricing.prompt * 1e6)} in / ${dollars(pricing.completion * 1e6)} out per 1M tokens`;
  }
  if (pricing.request !== undefined) return `${dollars(pricing.request)} per request`;
  if (pricing.image !== undefined) return `${dollars(pricing.image)} per image`;
  if (pricing.prompt !== undefined) return `${dollars(pricing.prompt * 1e6)} per 1M input tokens`;
  return undefined;
}

/**
 * 'free' only where Poe's price says so (every published price is zero); a missing price is "not published", never
 * "free" (protocol §8.1: free accounts can use only free bots through the API).
 */
export function priceClass(pricing: PoeModelPricing | null): 'free' | 'paid' | undefined {
  const prices = pricing ? Object.values(pricing).filter((price): price is number => typeof price === 'number') : [];
  if (prices.length === 0) return undefined;
  return prices.every((price) => price === 0) ? 'free' : 'paid';
}

/** What the pages need of a model: names, icon, modalities, a price line and the parameter controls. */
export function toModelSummary(model: PoeModel): ModelSummary {
  const price = priceHint(model.pricing);
  const cost = priceClass(model.pricing);
  return {
    id: model.id,
    displayName: model.displayName,
    ...(model.description ? { description: model.description } : {}),
    ...(model.iconUrl ? { iconUrl: model.iconUrl } : {}),
    inputModalities: model.inputModalities,
    outputModalities: model.outputModalities,
    ...(price ? { priceHint: price } : {}),
    ...(cost ? { priceClass: cost } : {}),
    // The estimate before a send (estimate.ts) needs the prices themselves; null says "not published".
    pricing: model.pricing
      ? {
          ...(model.pricing.prompt !== undefined ? { prompt: model.pricing.prompt } : {}),
          ...(model.pricing.completion !== undefined ? { completion: model.pricing.completion } : {}),
          ...(model.pricing.image !== undefined ? { image: model.pricing.image } : {}),
          ...(model.pricing.request !== undefined ? { request: model.pricing.request } : {}),
        }
      : null,
    ...(model.maxOutputTokens !== undefined ? { maxOutputTokens: model.maxOutputTokens } : {}),
    ...(model.supportedEndpoints.includes(VIDEOS_ENDPOINT) ? { videoJobs: true as const } : {}),
    parameters: model.parameters.map((parameter) => ({
      name: parameter.name,
      control: parameter.control,
      ...(parameter.description ? { description: parameter.description } : {}),
      ...(parameter.defaultValue !== undefined ? { defaultValue: parameter.defaultValue } : {}),
    })),
  };
}
