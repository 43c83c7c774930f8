/**
 * Poe's asynchronous Videos API (protocol §4.3, issue 15): create a job, poll it, download the result. A video model
 * (one whose `/v1/models` entry lists `/v1/videos`) is run this way rather than as a bot query, whose answer is capped
 * at 600 s. Same key, headers and error bodies as every other `api.poe.com` call (§4.7); redirects are never followed.
 */
import type { AccountRequestOptions } from './account';
import { PoeError, abortedError, errorFromResponse, fetchError, isRecord, networkError, redirectResponseError } from './errors';
import { defined, finite } from './fields';
import { fetchJson, poeFetch, unexpectedShape } from './http';
import { DEFAULT_BASE_URL, checkApiKey, poeHeaders, trimBaseUrl } from './request';

/** Poe's word for where a job is. */
export type VideoJobStatus = 'queued' | 'in_progress' | 'completed' | 'failed';
const STATUSES: readonly string[] = ['queued', 'in_progress', 'completed', 'failed'] satisfies VideoJobStatus[];

/** A video job as Poe reports it, in our units (epoch ms). Fields Poe leaves out stay absent. */
export interface VideoJob {
  /** Poe's video id (`GET /v1/videos/{id}`). */
  id: string;
  status: VideoJobStatus;
  /** 0–100. */
  progress: number;
  model?: string;
  createdAt?: number;
  completedAt?: number;
  /** When Poe deletes the result; after it `content` is gone. */
  expiresAt?: number;
  /** Length and size as Poe echoes them ("4", "1280x720"). */
  seconds?: string;
  size?: string;
  /** Why a failed job failed, in Poe's words. */
  error?: { message: string; code?: string };
}

export type VideoRequestOptions = AccountRequestOptions;

/** What a new job asks for. `parameters`: the user's other choices, sent as top-level keys (best-effort, as chat's `extra_body`). */
export interface CreateVideoOptions extends VideoRequestOptions {
  model: string;
  prompt: string;
  seconds?: string;
  size?: string;
  /** An image to start from, sent as `input_image`: a base64 data URL (see {@link toInputImage} for why). */
  inputImage?: { bytes: Uint8Array; contentType: string };
  parameters?: Record<string, string | number | boolean>;
}

export interface DownloadVideoOptions extends VideoRequestOptions {
  id: string;
  /** The job's `expiresAt` (epoch ms), if known: a 404/410 after it is reported as "expired on Poe". */
  expiresAt?: number;
  /** Epoch ms to compare `expiresAt` with (default `Date.now()`); tests pass a fixed time. */
  now?: number;
  /** Larger bodies are refused (default {@link DEFAULT_MAX_VIDEO_BYTES}). */
  maxBytes?: number;
}

/** Poe documents no size limit; a few minutes of 1080p is well under this, and a service worker holds it in memory. */
export const DEFAULT_MAX_VIDEO_BYTES = 512 * 1024 * 1024;

/** Keys of the body that the named options own: a parameter of the same name never overrides them. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['model', 'prompt', 'seconds', 'size', 'input_image', 'input_reference']);

function videosUrl(baseUrl: string | undefined, id?: string, suffix = ''): string {
  const base = `${trimBaseUrl(baseUrl ?? DEFAULT_BASE_URL)}/v1/videos`;
  return id === undefined ? base : `${base}/${encodeURIComponent(id)}${suffix}`;
}

function checkKey(apiKey: string): void {
  const invalid = checkApiKey(apiKey);
  if (invalid) throw invalid;
}

/**
 * `input_image` as a data URL (`data:image/png;base64,…`). The guide says only "base64" and shows no example. A data
 * URL is base64 with the image's type attached, which is the form Poe's OpenAI-compatible image inputs take; a
 * provider then need not guess whether it got a PNG or a JPEG. Chunked so a large image does not overflow the stack.
 */
export function toInputImage(image: { bytes: Uint8Array; contentType: string }): string {
  let binary = '';
  for (let i = 0; i < image.bytes.length; i += 0x8000) binary += String.fromCharCode(...image.bytes.subarray(i, i + 0x8000));
  return `data:${image.contentType};base64,${btoa(binary)}`;
}

/** `POST /v1/videos`. Throws PoeError (402 no points, 404 unknown model, 400 a refused parameter, …). */
export async function createVideoJob(options: CreateVideoOptions): Promise<VideoJob> {
  checkKey(options.apiKey);
  if (options.model.trim() === '') throw new PoeError('invalid_input', 'Choose a video model first.', { retryable: false });
  if (options.prompt.trim() === '') throw new PoeError('invalid_input', 'Describe the video to make.', { retryable: false });
  if (options.inputImage && !options.inputImage.contentType.startsWith('image/')) {
    throw new PoeError('invalid_input', 'Only an image can be the start of a video.', { retryable: false });
  }
  // The user's other parameters (aspect, seed, …) go as top-level keys, as chat completions' `extra_body` does: Poe
  // documents only model/prompt/seconds/size/input_image here, so whether a provider reads the rest is best-effort.
  const extra = Object.fromEntries(Object.entries(options.parameters ?? {}).filter(([key]) => !RESERVED_KEYS.has(key)));
  const body = {
    ...extra,
    model: options.model,
    prompt: options.prompt,
    ...(options.seconds !== undefined ? { seconds: options.seconds } : {}),
    ...(options.size !== undefined ? { size: options.size } : {}),
    ...(options.inputImage ? { input_image: toInputImage(options.inputImage) } : {}),
  };
  const answer = await fetchJson(
    options.fetch ?? globalThis.fetch,
    videosUrl(options.baseUrl),
    {
      method: 'POST',
      headers: { ...poeHeaders(options.apiKey, 'application/json'), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    { apiKey: options.apiKey, bot: options.model },
  );
  return parseVideoJob(answer, options.apiKey);
}

/** `GET /v1/videos/{id}`. Throws PoeError (404: Poe no longer knows the job). */
export async function getVideoJob(options: VideoRequestOptions & { id: string }): Promise<VideoJob> {
  checkKey(options.apiKey);
  let answer: unknown;
  try {
    answer = await fetchJson(
      options.fetch ?? globalThis.fetch,
      videosUrl(options.baseUrl, options.id),
      { method: 'GET', headers: poeHeaders(options.apiKey, 'application/json'), ...(options.signal ? { signal: options.signal } : {}) },
      { apiKey: options.apiKey },
    );
  } catch (error) {
    if (error instanceof PoeError && error.status === 404) throw error.withMessage('Poe no longer knows this video job.');
    throw error;
  }
  return parseVideoJob(answer, options.apiKey);
}

/**
 * `GET /v1/videos/{id}/content`: the finished video's bytes. Throws PoeError; a result Poe has deleted (past
 * `expiresAt`, 404/410) is kind `not_found` with a message that says it expired.
 */
export async function downloadVideoContent(options: DownloadVideoOptions): Promise<Blob> {
  const { apiKey, signal } = options;
  checkKey(apiKey);
  if (signal?.aborted) throw abortedError();
  let response: Response;
  try {
    response = await poeFetch(options.fetch ?? globalThis.fetch, videosUrl(options.baseUrl, options.id, '/content'), {
      method: 'GET',
      headers: poeHeaders(apiKey, 'video/*, application/octet-stream'),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    throw signal?.aborted ? abortedError() : fetchError(error, apiKey);
  }
  const redirect = redirectResponseError(response, apiKey);
  if (redirect) throw redirect;
  if (!response.ok) {
    const error = await errorFromResponse(response, { apiKey });
    if (signal?.aborted) throw abortedError();
    throw response.status === 404 || response.status === 410 ? goneError(error, response.status, options) : error;
  }
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!type.startsWith('video/') && type !== 'application/octet-stream') {
    response.body?.cancel().catch(() => undefined);
    throw new PoeError('protocol', 'Poe answered with something other than a video.', {
      status: response.status,
      retryable: false,
      detail: `Content-Type: ${type || '(none)'}`,
    });
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_VIDEO_BYTES;
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    response.body?.cancel().catch(() => undefined);
    throw tooLarge(declared, maxBytes);
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await response.arrayBuffer();
  } catch (error) {
    throw signal?.aborted ? abortedError() : networkError(error, apiKey, 'The connection to Poe was lost during the download.');
  }
  if (bytes.byteLength > maxBytes) throw tooLarge(bytes.byteLength, maxBytes);
  return new Blob([bytes], { type: type.startsWith('video/') ? type : sniffVideoType(new Uint8Array(bytes)) });
}

function tooLarge(size: number, maxBytes: number): PoeError {
  return new PoeError('too_large', 'The video is too large to keep in the extension.', {
    retryable: false,
    detail: `${size} bytes > ${maxBytes} bytes`,
  });
}

/** A 404/410 for the content: deleted at its expiry (as the caller's clock or Poe's words say), or simply unknown. */
function goneError(error: PoeError, status: number, options: DownloadVideoOptions): PoeError {
  const pastExpiry = options.expiresAt !== undefined && (options.now ?? Date.now()) >= options.expiresAt;
  const expired = pastExpiry || status === 410 || /expire/i.test(error.detail ?? '');
  const notReady = !expired && /not (?:yet )?(?:ready|complete)/i.test(error.detail ?? '');
  const message = expired
    ? 'This video expired on Poe and can no longer be downloaded.'
    : notReady
      ? 'This video is not ready on Poe yet.'
      : 'Poe has no video to download for this job.';
  return new PoeError('not_found', message, {
    status,
    retryable: false,
    ...(error.detail !== undefined ? { detail: error.detail } : {}),
  });
}

/** `application/octet-stream` says nothing: WebM starts with the EBML magic, MP4 has `ftyp` at byte 4; Poe serves MP4. */
function sniffVideoType(bytes: Uint8Array): string {
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'video/webm';
  return 'video/mp4';
}

/** OpenAI's video object counts Unix seconds; a value past 1e12 is already milliseconds. Zero or less: not set. */
function epochMs(value: unknown): number | undefined {
  const n = finite(value);
  if (n === undefined || n <= 0) return undefined;
  return n > 1e12 ? Math.round(n) : Math.round(n * 1000);
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' && value.length <= 100 ? value : undefined);

/** `seconds` is a string in OpenAI's object ("4"); a number is read too. So are error codes. */
const textOrNumber = (value: unknown): string | undefined =>
  text(value) ?? (typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined);

function parseJobError(value: unknown): VideoJob['error'] {
  if (typeof value === 'string' && value.trim()) return { message: value.trim() };
  if (!isRecord(value)) return undefined;
  const message = typeof value['message'] === 'string' && value['message'].trim() ? value['message'].trim() : undefined;
  const code = textOrNumber(value['code']);
  if (!message && !code) return undefined;
  return { message: message ?? `The video could not be made (${code}).`, ...(code ? { code } : {}) };
}

/**
 * Reads a video object tolerantly: only `id` and a known `status` are required; `progress` is clamped to 0–100
 * (a completed job counts as 100 whatever it says), times become epoch ms, anything unreadable is left out.
 */
export function parseVideoJob(body: unknown, apiKey?: string): VideoJob {
  if (!isRecord(body) || typeof body['id'] !== 'string' || body['id'] === '') throw unexpectedShape('a video id', body, apiKey);
  const status = body['status'];
  if (typeof status !== 'string' || !STATUSES.includes(status)) throw unexpectedShape('a known video status', body, apiKey);
  const rawProgress = finite(body['progress']) ?? 0;
  const progress = status === 'completed' ? 100 : Math.min(100, Math.max(0, rawProgress));
  const fields = defined<Omit<VideoJob, 'id' | 'status' | 'progress'>>({
    model: text(body['model']),
    createdAt: epochMs(body['created_at']),
    completedAt: epochMs(body['completed_at']),
    expiresAt: epochMs(body['expires_at']),
    seconds: textOrNumber(body['seconds']),
    size: text(body['size']),
    error: parseJobError(body['error']),
  });
  return { id: body['id'], status: status as VideoJobStatus, progress, ...fields };
}
