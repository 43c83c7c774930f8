/**
 * The fake Videos API (protocol §4.3, issue 15): `POST /v1/videos`, `GET /v1/videos/{id}`, `GET /v1/videos/{id}/content`.
 * A job's state follows from its model's timeline (video-models.ts) and the time since it was created, read from an
 * injectable clock, so unit tests advance time instead of sleeping. A job is charged (points history, balance) once,
 * the first time anything looks after it has completed (any video or usage request: see `settle`); failed jobs are not
 * charged. The content is tests/fixtures/media/sample.webm served as `video/webm`: real Poe serves MP4, but the
 * Chromium of these tests surely plays VP8 WebM and may lack an H.264 decoder.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from './bot-kit';
import { badRequest, header, readBody, sendJson, sendRaw } from './http';
import type { ModelSpec } from './models';
import { type FakeState, randomId } from './state';
import { validateParameters } from './validate';
import { DEFAULT_KEEP_MS, type VideoTimeline, videoTimeline } from './video-models';

export const SAMPLE_VIDEO: Buffer = readFileSync(new URL('../fixtures/media/sample.webm', import.meta.url));
const MAX_VIDEO_REQUEST_BYTES = 20 * 1024 * 1024;

export type FakeVideoStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

/** A job as the fake keeps it. */
export interface FakeVideoJob {
  id: string;
  /** The account that made it (a job belongs to its key's account, as on Poe). */
  account: string;
  model: ModelSpec;
  prompt: string;
  seconds: string;
  size: string;
  /** Fake-clock ms. */
  createdAt: number;
  timeline: VideoTimeline;
  charged: boolean;
  /** Whether the request carried an `input_image` (decoded and checked). */
  inputImage?: { contentType: string; bytes: number };
}

/** Where a job is at `now`. */
export function jobState(job: FakeVideoJob, now: number): { status: FakeVideoStatus; progress: number; endedAt?: number } {
  const { queuedMs, doneMs, failure } = job.timeline;
  const elapsed = now - job.createdAt;
  if (elapsed < queuedMs) return { status: 'queued', progress: 0 };
  if (elapsed >= doneMs) return { status: failure ? 'failed' : 'completed', progress: failure ? failure.progress : 100, endedAt: job.createdAt + doneMs };
  const top = failure ? failure.progress : 99;
  return { status: 'in_progress', progress: Math.min(top, Math.floor(((elapsed - queuedMs) / (doneMs - queuedMs)) * (failure ? failure.progress : 100))) };
}

const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

/** The job as OpenAI's video object (what Poe returns): times in Unix seconds. */
export function videoObject(job: FakeVideoJob, now: number): Record<string, unknown> {
  const { status, progress, endedAt } = jobState(job, now);
  const completed = status === 'completed' && endedAt !== undefined;
  const failure = status === 'failed' ? job.timeline.failure : undefined;
  return {
    id: job.id,
    object: 'video',
    model: job.model.id,
    status,
    progress,
    created_at: unixSeconds(job.createdAt),
    completed_at: completed ? unixSeconds(endedAt) : null,
    expires_at: completed ? unixSeconds(endedAt + (job.timeline.keepMs ?? DEFAULT_KEEP_MS)) : null,
    seconds: job.seconds,
    size: job.size,
    remixed_from_video_id: null,
    error: failure ? { code: failure.code, message: failure.message } : null,
  };
}

const IMAGE_MAGIC: readonly [string, (b: Buffer) => boolean][] = [
  ['image/png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'],
  ['image/webp', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
];

/**
 * `input_image`: the guide says base64, so plain base64 is accepted, and so is a base64 data URL (base64 with its
 * type in front). Either must decode to a PNG, JPEG, GIF or WebP. Returns what it is, or an error message.
 */
export function readInputImage(value: unknown): { contentType: string; bytes: number } | string {
  if (typeof value !== 'string' || value === '') return "'input_image' must be a base64-encoded image";
  const dataUrl = /^data:(image\/[a-z0-9.+-]+);base64,(.*)$/is.exec(value);
  if (value.startsWith('data:') && !dataUrl) return "'input_image' data URL must be an image in base64 (data:image/…;base64,…)";
  const base64 = (dataUrl?.[2] ?? value).replace(/\s+/g, '');
  if (base64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 === 1) return "'input_image' is not valid base64";
  const bytes = Buffer.from(base64, 'base64');
  const kind = IMAGE_MAGIC.find(([, test]) => test(bytes))?.[0];
  if (!kind) return "'input_image' is not a PNG, JPEG, GIF or WebP image";
  return { contentType: kind, bytes: bytes.length };
}

export interface VideoRouteContext {
  state: FakeState;
  /** Lower-case model id → catalogue entry. */
  models: ReadonlyMap<string, ModelSpec>;
  now: () => number;
  /** The authenticated account, or undefined after answering 401 (the server's own check, as for /bot/). */
  authenticate: (req: IncomingMessage, res: ServerResponse) => string | undefined;
  /** The free-tier refusal (status and body) for a paid model, if the account is a free one. */
  freeTierRefusal: (account: string, model: ModelSpec) => { status: number; body: unknown } | undefined;
}

/** The jobs of one fake server. */
export class FakeVideos {
  readonly jobs: FakeVideoJob[] = [];

  constructor(private readonly ctx: VideoRouteContext) {}

  /** Charges every job that has completed and was not yet charged (Poe charges a finished video). */
  settle(): void {
    const now = this.ctx.now();
    for (const job of this.jobs) {
      if (job.charged || jobState(job, now).status !== 'completed') continue;
      job.charged = true;
      this.ctx.state.charge(job.account, job.model.displayName, job.model.points, { perRequest: true });
    }
  }

  reset(): void {
    this.jobs.length = 0;
  }

  /** Routes `/v1/videos…`; false when the path is not one of them. `record` keeps the parsed body of a create. */
  handle(req: IncomingMessage, res: ServerResponse, method: string, path: string, record: (body: unknown) => void): boolean | Promise<void> {
    if (method === 'POST' && path === '/v1/videos') return this.create(req, res, record);
    const match = /^\/v1\/videos\/([^/]+)(\/content)?$/.exec(path);
    if (method !== 'GET' || !match?.[1]) return false;
    const account = this.ctx.authenticate(req, res);
    if (account === undefined) return true;
    this.settle();
    let id = match[1];
    try {
      id = decodeURIComponent(id);
    } catch {
      /* an undecodable id matches no job */
    }
    const job = this.jobs.find((j) => j.id === id && j.account === account);
    if (!job) sendJson(res, 404, errorBody(`Video '${id}' not found`, 'not_found_error', 'video_not_found'));
    else if (match[2]) this.content(res, job);
    else sendJson(res, 200, videoObject(job, this.ctx.now()));
    return true;
  }

  private content(res: ServerResponse, job: FakeVideoJob): void {
    const now = this.ctx.now();
    const { status, endedAt } = jobState(job, now);
    if (status === 'failed') return sendJson(res, 404, errorBody('Video is not available: its generation failed', 'invalid_request_error', 'video_failed'));
    if (status !== 'completed' || endedAt === undefined) return sendJson(res, 404, errorBody('Video is not ready', 'invalid_request_error', 'video_not_ready'));
    if (now >= endedAt + (job.timeline.keepMs ?? DEFAULT_KEEP_MS)) {
      return sendJson(res, 404, errorBody('Video has expired and its content was deleted', 'invalid_request_error', 'video_expired'));
    }
    sendRaw(res, 200, 'video/webm', SAMPLE_VIDEO, { 'content-disposition': `attachment; filename="${job.id}.webm"` });
  }

  private async create(req: IncomingMessage, res: ServerResponse, record: (body: unknown) => void): Promise<void> {
    const raw = await readBody(req, MAX_VIDEO_REQUEST_BYTES);
    if (!raw.ok) return raw.reason === 'too_large' ? sendJson(res, 413, errorBody('Request too large', 'request_too_large')) : undefined;
    let body: unknown;
    let parseError: string | undefined;
    try {
      body = JSON.parse(raw.bytes.toString('utf8'));
    } catch (e) {
      parseError = e instanceof Error ? e.message : String(e);
    }
    record(parseError === undefined ? body : raw.bytes.toString('utf8'));
    const account = this.ctx.authenticate(req, res);
    if (account === undefined) return;
    this.settle();
    // Poe also takes multipart (with `input_reference`); this fake speaks JSON only, which is all our client sends.
    if (!/^application\/json\b/i.test(header(req, 'content-type') ?? '')) return badRequest(res, "Content-Type must be 'application/json'");
    if (parseError !== undefined) return badRequest(res, `Request body is not valid JSON: ${parseError}`);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return badRequest(res, 'Request body must be a JSON object');
    const fields = body as Record<string, unknown>;
    if (typeof fields['model'] !== 'string' || fields['model'] === '') return badRequest(res, "Missing required parameter: 'model'");
    const model = this.ctx.models.get(fields['model'].toLowerCase());
    if (!model) return sendJson(res, 404, errorBody(`Model '${fields['model']}' does not exist`, 'not_found_error', 'model_not_found'));
    const refused = checkRequest(fields, model);
    if (typeof refused === 'string') return badRequest(res, refused);
    const refusal = this.ctx.freeTierRefusal(account, model);
    if (refusal) return sendJson(res, refusal.status, refusal.body);
    if (this.ctx.state.balance(account) <= 0) return sendJson(res, 402, errorBody('You have run out of points', 'insufficient_credits'));
    const job: FakeVideoJob = {
      id: `video_${randomId(24)}`,
      account,
      model,
      prompt: refused.prompt,
      seconds: refused.seconds,
      size: refused.size,
      createdAt: this.ctx.now(),
      timeline: videoTimeline(model.id),
      charged: false,
      ...(refused.inputImage ? { inputImage: refused.inputImage } : {}),
    };
    this.jobs.push(job);
    sendJson(res, 200, videoObject(job, job.createdAt));
  }
}

/** Poe's checks of a create request, as 400 messages; what the job will be otherwise. */
function checkRequest(
  fields: Record<string, unknown>,
  model: ModelSpec,
): string | { prompt: string; seconds: string; size: string; inputImage?: { contentType: string; bytes: number } } {
  if (!model.endpoints.includes('/v1/videos')) return `Model '${model.displayName}' does not support the Videos API (/v1/videos)`;
  const prompt = fields['prompt'];
  if (typeof prompt !== 'string' || prompt.trim() === '') return "Missing required parameter: 'prompt'";
  const enumOf = (name: string) => {
    const schema = model.parameters.find((p) => p.name === name)?.schema;
    return schema && 'enum' in schema ? schema.enum : undefined;
  };
  const defaultOf = (name: string, fallback: string) => String(model.parameters.find((p) => p.name === name)?.default_value ?? fallback);
  const seconds = fields['seconds'] === undefined ? defaultOf('duration', '4') : fields['seconds'];
  const secondsText = typeof seconds === 'number' && Number.isInteger(seconds) ? String(seconds) : seconds;
  const durations = enumOf('duration');
  if (typeof secondsText !== 'string' || (durations && !durations.includes(secondsText))) {
    return `Invalid value for 'seconds': supported values are ${(durations ?? ['4']).map((d) => `'${d}'`).join(', ')}`;
  }
  const size = fields['size'] === undefined ? defaultOf('size', '720x1280') : fields['size'];
  const sizes = enumOf('size');
  if (typeof size !== 'string' || (sizes && !sizes.includes(size))) {
    return `Invalid value for 'size': supported values are ${(sizes ?? []).map((s) => `'${s}'`).join(', ')}`;
  }
  // The user's other parameters arrive as top-level keys; those the model declares must have its types (as on /bot/).
  const parameterError = validateParameters(fields, model.parameters.filter((p) => p.name !== 'size'));
  if (parameterError) return `${parameterError} for model '${model.displayName}'`;
  if (fields['input_image'] === undefined || fields['input_image'] === null) return { prompt, seconds: secondsText, size };
  if (!model.input.includes('image')) return `Model '${model.displayName}' does not take an input image`;
  const image = readInputImage(fields['input_image']);
  return typeof image === 'string' ? image : { prompt, seconds: secondsText, size, inputImage: image };
}
