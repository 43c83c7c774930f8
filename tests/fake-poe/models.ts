/**
 * The /v1/models catalogue in Poe's 2026 schema (poe-protocol.md §4.4): every entry has exactly the 15 keys
 * of the recorded live response. Real-looking models are answered by a simulated responder; the scripted
 * test bots (bots.ts, fault-bots.ts) are listed too, so a model picker shows them.
 */
import { createHash } from 'node:crypto';

export type Modality = 'text' | 'image' | 'video' | 'audio';

/** The four parameter schema shapes seen on Poe. */
export type ParameterSchema =
  | { type: 'boolean' }
  | { type: 'string' }
  | { type: 'number'; minimum: number; maximum: number }
  | { enum: string[] };

export interface ModelParameter {
  name: string;
  schema: ParameterSchema;
  default_value?: boolean | string | number;
  description?: string;
}

export interface Pricing {
  prompt: string | null;
  completion: string | null;
  image: string | null;
  request: string | null;
  input_cache_read: string | null;
  input_cache_write: string | null;
}

export interface Reasoning {
  budget: { max_tokens: number; min_tokens: number } | null;
  required: boolean;
  supports_reasoning_effort: boolean;
}

/** What we know about a model; `points` is what one answer costs on the fake server. */
export interface ModelSpec {
  id: string;
  displayName: string;
  ownedBy: string;
  created: number;
  description: string;
  input: Modality[];
  output: Modality[];
  features: ('web_search' | 'tools')[];
  endpoints: string[];
  pricing: Pricing | null;
  /** null: Poe publishes no context window (most image, video and audio bots). */
  contextLength: number | null;
  maxOutputTokens: number | null;
  reasoning: Reasoning | null;
  parameters: ModelParameter[];
  /** What one answer costs here; a free account may ask only bots that cost 0. */
  points: number;
}

/** One entry of `GET /v1/models` → `data[]`. */
export interface ApiModel {
  id: string;
  object: 'model';
  created: number;
  description: string;
  owned_by: string;
  root: string;
  architecture: { input_modalities: Modality[]; output_modalities: Modality[]; modality: string };
  supported_features: string[];
  supported_endpoints: string[];
  pricing: Pricing | null;
  context_window: { context_length: number; max_output_tokens: number | null } | null;
  context_length: number | null;
  metadata: { display_name: string; image: { url: string; alt: string; width: number; height: number }; url: string };
  reasoning: Reasoning | null;
  parameters: ModelParameter[];
}

/**
 * The icon of a model, served by the fake server itself (`GET /icons/<id>.svg`, see {@link iconSvg}), so that a
 * model picker never reaches for a real CDN while testing or demoing offline. `origin` is the server's own origin.
 */
export function iconUrl(id: string, origin: string): string {
  return `${origin}/icons/${encodeURIComponent(id)}.svg`;
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

/** A 200×200 SVG avatar: the initials of the display name on a colour derived from the id. */
export function iconSvg(spec: Pick<ModelSpec, 'id' | 'displayName'>): string {
  const digest = createHash('sha256').update(`fake-poe-icon:${spec.id}`).digest();
  const hue = digest.readUInt16BE(0) % 360;
  const words = spec.displayName.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const initials = escapeXml(words.slice(0, 2).map((w) => w[0]?.toUpperCase() ?? '').join('') || '?');
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">' +
    `<title>${escapeXml(spec.displayName)}</title>` +
    `<rect width="200" height="200" rx="40" fill="hsl(${hue} 55% 42%)"/>` +
    `<text x="100" y="100" dy="0.35em" text-anchor="middle" font-family="system-ui, sans-serif" font-size="84" font-weight="600" fill="#fff">${initials}</text>` +
    '</svg>'
  );
}

/** One `/v1/models` entry; `origin` is the fake server's own origin, which serves the icon. */
export function toApiModel(spec: ModelSpec, origin: string): ApiModel {
  return {
    id: spec.id,
    object: 'model',
    created: spec.created,
    description: spec.description,
    owned_by: spec.ownedBy,
    root: spec.id,
    architecture: {
      input_modalities: spec.input,
      output_modalities: spec.output,
      modality: `${spec.input.join(',')}->${spec.output.join(',')}`,
    },
    supported_features: spec.features,
    supported_endpoints: spec.endpoints,
    pricing: spec.pricing,
    // As recorded from Poe: no context length means context_window null, not an object of nulls.
    context_window: spec.contextLength === null ? null : { context_length: spec.contextLength, max_output_tokens: spec.maxOutputTokens },
    context_length: spec.contextLength,
    metadata: {
      display_name: spec.displayName,
      image: { url: iconUrl(spec.id, origin), alt: `${spec.displayName} model icon`, width: 200, height: 200 },
      url: `https://poe.com/${spec.id}`,
    },
    reasoning: spec.reasoning,
    parameters: spec.parameters,
  };
}

function tokenPricing(prompt: string, completion: string, cacheRead: string | null = null, cacheWrite: string | null = null): Pricing {
  return { prompt, completion, image: null, request: null, input_cache_read: cacheRead, input_cache_write: cacheWrite };
}

const WEB_SEARCH: ModelParameter = {
  name: 'web_search',
  schema: { type: 'boolean' },
  default_value: false,
  description: 'Enable web search and real-time information access.',
};

const thinkingBudget = (max: number): ModelParameter => ({
  name: 'thinking_budget',
  schema: { type: 'number', minimum: 0, maximum: max },
  default_value: 0,
  description: 'The maximum number of tokens to spend on thinking.',
});

const CHAT = ['/v1/responses', '/v1/chat/completions'];
const CLAUDE = ['/v1/messages', '/v1/responses', '/v1/chat/completions'];
const ASPECTS = ['16:9', '4:3', '1:1', '3:4', '9:16'];

/** Real-looking Poe models. Answers from these are simulated (see bots.ts `simulatedModel`). */
export const REAL_MODELS: ModelSpec[] = [
  {
    id: 'gpt-5.4', displayName: 'GPT-5.4', ownedBy: 'OpenAI', created: 1772150400000,
    description: "OpenAI's flagship model for coding, agentic tasks and long documents. Supports image input, tool use and adjustable reasoning effort.",
    input: ['text', 'image'], output: ['text'], features: ['web_search', 'tools'], endpoints: CHAT,
    pricing: tokenPricing('0.0000023', '0.000018', '0.00000023'), contextLength: 400000, maxOutputTokens: 128000,
    reasoning: { budget: null, required: false, supports_reasoning_effort: true },
    parameters: [
      { name: 'reasoning_effort', schema: { enum: ['none', 'low', 'medium', 'high', 'xhigh'] }, default_value: 'medium', description: 'How much the model thinks before answering.' },
      { name: 'verbosity', schema: { enum: ['low', 'medium', 'high'] }, default_value: 'medium', description: 'Length and detail of the final answer.' },
      WEB_SEARCH,
    ],
    points: 180,
  },
  {
    id: 'gpt-5-mini', displayName: 'GPT-5-mini', ownedBy: 'OpenAI', created: 1754524800000,
    description: 'A faster, cheaper GPT-5 for well-defined tasks. Supports image input and adjustable reasoning effort.',
    input: ['text', 'image'], output: ['text'], features: ['web_search', 'tools'], endpoints: CHAT,
    pricing: tokenPricing('0.00000022', '0.0000018', '0.000000022'), contextLength: 400000, maxOutputTokens: 128000,
    reasoning: { budget: null, required: false, supports_reasoning_effort: true },
    parameters: [
      { name: 'reasoning_effort', schema: { enum: ['minimal', 'low', 'medium', 'high'] }, default_value: 'medium' },
      WEB_SEARCH,
    ],
    points: 25,
  },
  {
    id: 'claude-opus-4.6', displayName: 'Claude-Opus-4.6', ownedBy: 'Anthropic', created: 1770336000000,
    description: "Anthropic's most capable model for complex reasoning, long-horizon agentic work and careful writing.",
    input: ['text', 'image'], output: ['text'], features: ['web_search', 'tools'], endpoints: CLAUDE,
    pricing: tokenPricing('0.0000043', '0.000021', '0.00000043', '0.0000054'), contextLength: 983040, maxOutputTokens: 64000,
    reasoning: { budget: { max_tokens: 63999, min_tokens: 0 }, required: false, supports_reasoning_effort: false },
    parameters: [
      thinkingBudget(63999),
      { name: 'output_effort', schema: { enum: ['max', 'high', 'medium', 'low', 'none'] }, default_value: 'high', description: 'How much effort to put into the final answer.' },
      WEB_SEARCH,
    ],
    points: 420,
  },
  {
    id: 'claude-sonnet-4.5', displayName: 'Claude-Sonnet-4.5', ownedBy: 'Anthropic', created: 1758868894776,
    description: 'Claude Sonnet 4.5 represents a major leap forward in AI capability for coding, agents and computer use, with extended thinking.',
    input: ['text', 'image'], output: ['text'], features: ['web_search', 'tools'], endpoints: CLAUDE,
    pricing: tokenPricing('0.0000026', '0.000013', '0.00000026', '0.0000032'), contextLength: 983040, maxOutputTokens: 32768,
    reasoning: { budget: { max_tokens: 31999, min_tokens: 0 }, required: false, supports_reasoning_effort: false },
    parameters: [thinkingBudget(31999), WEB_SEARCH],
    points: 240,
  },
  {
    id: 'claude-haiku-4.5', displayName: 'Claude-Haiku-4.5', ownedBy: 'Anthropic', created: 1760572800000,
    description: "Anthropic's fastest model: near-frontier coding and reasoning at a fraction of the cost.",
    input: ['text', 'image'], output: ['text'], features: ['web_search', 'tools'], endpoints: CLAUDE,
    pricing: tokenPricing('0.00000085', '0.0000043', '0.000000085', '0.0000011'), contextLength: 192000, maxOutputTokens: 64000,
    reasoning: { budget: { max_tokens: 31999, min_tokens: 0 }, required: false, supports_reasoning_effort: false },
    parameters: [thinkingBudget(31999), WEB_SEARCH],
    points: 70,
  },
  {
    id: 'gemini-3.1-pro', displayName: 'Gemini-3.1-Pro', ownedBy: 'Google', created: 1771545600000,
    description: "Google's most advanced reasoning model, with a 1M-token context and native understanding of images, audio and video.",
    input: ['text', 'image', 'video', 'audio'], output: ['text'], features: ['web_search', 'tools'], endpoints: CHAT,
    pricing: tokenPricing('0.0000018', '0.000011', '0.00000018'), contextLength: 1048576, maxOutputTokens: 65536,
    reasoning: { budget: null, required: true, supports_reasoning_effort: true },
    parameters: [
      { name: 'thinking_level', schema: { enum: ['low', 'high'] }, default_value: 'high', description: 'Depth of reasoning before answering.' },
      WEB_SEARCH,
    ],
    points: 200,
  },
  {
    id: 'gemini-3-flash', displayName: 'Gemini-3-Flash', ownedBy: 'Google', created: 1765843200000,
    description: 'Fast, low-cost Gemini model with strong multimodal understanding and optional thinking.',
    input: ['text', 'image', 'video', 'audio'], output: ['text'], features: ['web_search', 'tools'], endpoints: CHAT,
    pricing: tokenPricing('0.00000045', '0.0000027', '0.000000045'), contextLength: 1048576, maxOutputTokens: 65536,
    reasoning: { budget: null, required: false, supports_reasoning_effort: true },
    parameters: [
      { name: 'thinking_level', schema: { enum: ['minimal', 'low', 'high'] }, default_value: 'low' },
      WEB_SEARCH,
    ],
    points: 40,
  },
  {
    id: 'grok-4', displayName: 'Grok-4', ownedBy: 'xAI', created: 1752192000000,
    description: "xAI's reasoning model with native tool use and real-time search.",
    input: ['text', 'image'], output: ['text'], features: ['web_search', 'tools'], endpoints: ['/v1/chat/completions'],
    pricing: tokenPricing('0.0000027', '0.000014', '0.00000068'), contextLength: 256000, maxOutputTokens: null,
    reasoning: { budget: null, required: true, supports_reasoning_effort: false },
    parameters: [WEB_SEARCH],
    points: 260,
  },
  {
    id: 'deepseek-v3.2', displayName: 'DeepSeek-V3.2', ownedBy: 'DeepSeek', created: 1764547200000,
    description: 'Open-weights mixture-of-experts model from DeepSeek with an optional thinking mode.',
    input: ['text'], output: ['text'], features: ['tools'], endpoints: ['/v1/chat/completions'],
    pricing: tokenPricing('0.00000027', '0.00000041'), contextLength: 163840, maxOutputTokens: 65536,
    reasoning: { budget: null, required: false, supports_reasoning_effort: false },
    parameters: [{ name: 'enable_thinking', schema: { type: 'boolean' }, default_value: false, description: 'Think step by step before answering.' }],
    points: 12,
  },
  {
    id: 'kimi-k2.5', displayName: 'Kimi-K2.5', ownedBy: 'Moonshot AI', created: 1769472000000,
    description: "Moonshot AI's open agentic model, strong at coding and long tool-use chains.",
    input: ['text', 'image'], output: ['text'], features: [], endpoints: ['/v1/chat/completions'],
    pricing: tokenPricing('0.00000054', '0.0000027'), contextLength: 262144, maxOutputTokens: 32768,
    reasoning: null,
    parameters: [
      { name: 'temperature', schema: { type: 'number', minimum: 0, maximum: 2 }, default_value: 0.6, description: 'Sampling temperature; higher is more creative.' },
      { name: 'max_output_tokens', schema: { type: 'number', minimum: 1, maximum: 32768 }, default_value: 8192 },
    ],
    points: 30,
  },
  {
    id: 'gpt-image-1', displayName: 'GPT-Image-1', ownedBy: 'OpenAI', created: 1745366400000,
    description: "OpenAI's image generation model: precise prompt following, legible text in images, and image editing from uploads.",
    input: ['text', 'image'], output: ['image'], features: [], endpoints: ['/v1/images', '/v1/chat/completions'],
    pricing: null, contextLength: null, maxOutputTokens: null, reasoning: null,
    parameters: [
      { name: 'aspect', schema: { enum: ['1:1', '3:2', '2:3'] }, default_value: '1:1', description: 'Aspect ratio of the image.' },
      { name: 'quality', schema: { enum: ['low', 'medium', 'high'] }, default_value: 'high' },
    ],
    points: 1300,
  },
  {
    id: 'imagen-4', displayName: 'Imagen-4', ownedBy: 'Google', created: 1747785600000,
    description: "Google's photorealistic text-to-image model.",
    input: ['text'], output: ['image'], features: [], endpoints: ['/v1/images', '/v1/chat/completions'],
    pricing: null, contextLength: null, maxOutputTokens: null, reasoning: null,
    parameters: [
      { name: 'aspect_ratio', schema: { enum: ASPECTS }, default_value: '1:1' },
      { name: 'negative_prompt', schema: { type: 'string' }, default_value: '', description: 'Things to leave out of the image.' },
      { name: 'seed', schema: { type: 'string' }, description: 'Fixed seed for reproducible images.' },
    ],
    points: 1100,
  },
  {
    id: 'sora-2', displayName: 'Sora-2', ownedBy: 'OpenAI', created: 1759363200000,
    description: "OpenAI's video generation model with synchronised audio. Use `--size` or the size parameter for orientation.",
    input: ['text', 'image'], output: ['video'], features: [], endpoints: ['/v1/videos', '/v1/chat/completions'],
    pricing: null, contextLength: null, maxOutputTokens: null, reasoning: null,
    parameters: [
      { name: 'size', schema: { enum: ['1280x720', '720x1280'] }, default_value: '1280x720', description: 'Resolution and orientation of the video.' },
      { name: 'duration', schema: { enum: ['4', '8', '12'] }, default_value: '4', description: 'Length of the video in seconds.' },
    ],
    points: 3000,
  },
  {
    id: 'elevenlabs-v3', displayName: 'ElevenLabs-v3', ownedBy: 'ElevenLabs', created: 1749600000000,
    description: 'Expressive text-to-speech in 70+ languages with audio tags for emotion and delivery.',
    input: ['text'], output: ['audio'], features: [], endpoints: ['/v1/audio', '/v1/chat/completions'],
    pricing: null, contextLength: null, maxOutputTokens: null, reasoning: null,
    parameters: [
      { name: 'voice', schema: { enum: ['Rachel', 'Adam', 'Bella', 'Josh'] }, default_value: 'Rachel' },
      { name: 'stability', schema: { type: 'number', minimum: 0, maximum: 1 }, default_value: 0.5, description: 'Lower is more expressive, higher is more consistent.' },
    ],
    points: 600,
  },
];

/** Fills the catalogue fields for a scripted fake-server bot. */
export function scriptedSpec(s: Pick<ModelSpec, 'displayName' | 'description' | 'points'> & Partial<ModelSpec>): ModelSpec {
  return {
    id: s.displayName.toLowerCase(),
    ownedBy: 'Fake Poe',
    created: 1767225600000,
    input: ['text', 'image'],
    output: ['text'],
    features: [],
    endpoints: [],
    pricing: null,
    contextLength: 8192,
    maxOutputTokens: 4096,
    reasoning: null,
    parameters: [],
    ...s,
  };
}
