/** `GET /v1/models` (protocol §4.4, §8.3): the model list and each model's parameters, parsed for a picker. */
import { isRecord } from './errors';
import { fetchJson, unexpectedShape } from './http';
import { DEFAULT_BASE_URL, poeHeaders, trimBaseUrl } from './request';
import type { PoeModel, PoeModelParameter, PoeModelPricing, PoeParameterControl } from './types';

export interface ListModelsOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Not needed (the endpoint is public); sent when given. */
  apiKey?: string;
}

/** All models Poe offers. Entries without an id are skipped; everything else has safe defaults. Throws PoeError. */
export async function listModels(options: ListModelsOptions = {}): Promise<PoeModel[]> {
  const apiKey = options.apiKey?.trim() ? options.apiKey : undefined;
  const body = await fetchJson(
    options.fetch ?? globalThis.fetch,
    `${trimBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL)}/v1/models`,
    { method: 'GET', headers: poeHeaders(apiKey, 'application/json'), ...(options.signal ? { signal: options.signal } : {}) },
    apiKey ? { apiKey } : {},
  );
  if (!isRecord(body) || !Array.isArray(body['data'])) throw unexpectedShape('a model list', body, apiKey);
  return body['data'].map(parseModel).filter((model) => model !== undefined);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Prices are decimal strings (USD per token) or null; numbers are accepted too. */
function price(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return optionalNumber(number);
}

function parsePricing(value: unknown): PoeModelPricing | null {
  if (!isRecord(value)) return null;
  const fields: [keyof PoeModelPricing, string][] = [
    ['prompt', 'prompt'],
    ['completion', 'completion'],
    ['image', 'image'],
    ['request', 'request'],
    ['inputCacheRead', 'input_cache_read'],
    ['inputCacheWrite', 'input_cache_write'],
  ];
  const pricing: PoeModelPricing = {};
  for (const [key, wireKey] of fields) {
    const parsed = price(value[wireKey]);
    if (parsed !== undefined) pricing[key] = parsed;
  }
  return pricing;
}

/** Icons end up in `<img src>`; only web URLs are kept. */
function iconUrl(metadata: Record<string, unknown>): string | undefined {
  const image = metadata['image'];
  const url = isRecord(image) ? optionalString(image['url']) : undefined;
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

export function parseModel(value: unknown): PoeModel | undefined {
  if (!isRecord(value)) return undefined;
  const id = optionalString(value['id']);
  if (!id) return undefined;
  const metadata = isRecord(value['metadata']) ? value['metadata'] : {};
  const architecture = isRecord(value['architecture']) ? value['architecture'] : {};
  const contextWindow = isRecord(value['context_window']) ? value['context_window'] : {};
  const description = optionalString(value['description']);
  const ownedBy = optionalString(value['owned_by']);
  const icon = iconUrl(metadata);
  const created = optionalNumber(value['created']);
  const contextLength = optionalNumber(contextWindow['context_length']) ?? optionalNumber(value['context_length']);
  const maxOutputTokens = optionalNumber(contextWindow['max_output_tokens']);
  return {
    id,
    displayName: optionalString(metadata['display_name']) ?? id,
    ...(description ? { description } : {}),
    ...(ownedBy ? { ownedBy } : {}),
    ...(icon ? { iconUrl: icon } : {}),
    ...(created !== undefined ? { created } : {}),
    inputModalities: stringArray(architecture['input_modalities']),
    outputModalities: stringArray(architecture['output_modalities']),
    pricing: parsePricing(value['pricing']),
    ...(contextLength !== undefined ? { contextLength } : {}),
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
    supportedFeatures: stringArray(value['supported_features']),
    supportedEndpoints: stringArray(value['supported_endpoints']),
    reasoning: isRecord(value['reasoning']),
    parameters: Array.isArray(value['parameters'])
      ? value['parameters'].map(parseParameter).filter((parameter) => parameter !== undefined)
      : [],
  };
}

/**
 * The four schema shapes Poe uses: `{enum: [...]}`, `{type: "boolean"}`, `{type: "number", minimum, maximum}` and
 * `{type: "string"}`. Anything else (including a number without both bounds) becomes a text field.
 */
export function parameterControl(schema: unknown): PoeParameterControl {
  if (!isRecord(schema)) return { kind: 'string' };
  if (Array.isArray(schema['enum'])) {
    // Poe sends enum values as strings even for numbers ("4", "6", "8"); stray numbers/booleans are stringified.
    const options = schema['enum']
      .filter((option) => ['string', 'number', 'boolean'].includes(typeof option))
      .map((option) => String(option));
    return options.length > 0 ? { kind: 'enum', options } : { kind: 'string' };
  }
  const type = schema['type'];
  if (type === 'boolean') return { kind: 'boolean' };
  if (type === 'number' || type === 'integer') {
    const min = optionalNumber(schema['minimum']);
    const max = optionalNumber(schema['maximum']);
    if (min !== undefined && max !== undefined && min <= max) return { kind: 'number', min, max };
  }
  return { kind: 'string' };
}

export function parseParameter(value: unknown): PoeModelParameter | undefined {
  if (!isRecord(value)) return undefined;
  const name = optionalString(value['name']);
  if (!name) return undefined;
  const description = optionalString(value['description']);
  const defaultValue = value['default_value'];
  const hasDefault =
    typeof defaultValue === 'string' || typeof defaultValue === 'boolean' || optionalNumber(defaultValue) !== undefined;
  return {
    name,
    ...(description ? { description } : {}),
    ...(hasDefault ? { defaultValue: defaultValue as string | number | boolean } : {}),
    control: parameterControl(value['schema']),
  };
}
