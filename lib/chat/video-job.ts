import { t } from '@/lib/i18n';
import { PoeError } from '@/lib/poe';
import type { CreateVideoOptions, VideoJob, VideoRequestOptions } from '@/lib/poe/videos';
import type { BotParameters, PendingAttachment, VideoJobInfo } from '@/lib/messaging/contracts';
import { getPendingUpload } from '@/lib/messaging/file-door';
import type { StoredAttachment, StoredMessage } from '@/lib/storage/chat-db';
import type { AnswerRun } from './run';

/** Poe asks for about this much between two looks at a job (protocol §4.3). */
export const VIDEO_POLL_INTERVAL_MS = 5_000;

/** The Videos API as the job needs it (lib/poe/videos.ts; tests inject a scripted one). */
export interface VideoJobClient {
  create(options: CreateVideoOptions): Promise<VideoJob>;
  get(options: VideoRequestOptions & { id: string }): Promise<VideoJob>;
  /** `expiresAt`: when Poe said it deletes the result, so a late 404 is reported as expired. */
  download(options: VideoRequestOptions & { id: string; expiresAt?: number }): Promise<Blob>;
}

/** What a job needs from the background besides Poe. */
export interface VideoJobDeps {
  client: VideoJobClient;
  /** Keeps the finished video's bytes (lib/messaging/media-store.ts); returns their id. */
  storeMedia(media: { conversationId: string; name: string; contentType: string; blob: Blob }): Promise<string>;
  /** Bytes kept earlier (the turn's input image). */
  readMedia(id: string): Promise<{ blob: Blob; contentType: string } | undefined>;
  /** The bot's name as people know it (the saved video is named for it); default: the name the answer has. */
  displayName?(bot: string): Promise<string>;
  /** Waits `ms`, or less once `signal` aborts (then resolves, never rejects). */
  wait(ms: number, signal: AbortSignal): Promise<void>;
}

export interface VideoAccess {
  apiKey: string;
  baseUrl: string;
}

/** What a new job asks for, from the user turn. */
export interface VideoJobRequest {
  prompt: string;
  parameters?: BotParameters;
  /** The turn's first image, kept in the media store. */
  inputImage?: StoredAttachment;
}


/** The job's facts in our shape, keeping what was asked where Poe does not echo it. */
function toInfo(job: VideoJob, status: VideoJobInfo['status'], before: VideoJobInfo | undefined): VideoJobInfo {
  const seconds = job.seconds ?? before?.seconds;
  const size = job.size ?? before?.size;
  const createdAt = job.createdAt ?? before?.createdAt;
  return {
    id: job.id,
    status,
    progress: Math.max(0, Math.min(100, job.progress)),
    ...(seconds !== undefined ? { seconds } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(job.completedAt !== undefined ? { completedAt: job.completedAt } : {}),
    ...(job.expiresAt !== undefined ? { expiresAt: job.expiresAt } : {}),
  };
}

/** `duration` → `seconds`, `size` → `size`; every other choice goes as a top-level key. */
export function videoOptions(parameters: BotParameters = {}): Pick<CreateVideoOptions, 'seconds' | 'size' | 'parameters'> {
  const { duration, seconds, size, ...rest } = parameters;
  const length = duration ?? seconds;
  return {
    ...(length !== undefined ? { seconds: String(length) } : {}),
    ...(size !== undefined ? { size: String(size) } : {}),
    ...(Object.keys(rest).length > 0 ? { parameters: rest } : {}),
  };
}

/** The saved video's name: the bot, the prompt's first words, and the extension its type calls for. */
export function videoFileName(bot: string, prompt: string, contentType: string): string {
  const words = prompt.replace(/[\\/:*?"<>|]/g, ' ').replace(/\s+/g, ' ').trim().split(' ').slice(0, 6).join(' ');
  const extension = contentType.includes('webm') ? 'webm' : 'mp4';
  return `${bot} – ${words || 'video'}.${extension}`.slice(0, 150);
}

/** A failure while watching a job that is worth another look in 5 s (the network, a busy Poe). */
function isPassing(error: unknown): boolean {
  return !(error instanceof PoeError) || error.retryable;
}

/**
 * Runs one answer's video job to its end: creates it (unless the answer already has Poe's id: a resumed job), then
 * looks at it about every 5 s, saving every change on the answer; downloads a finished video into the media store and
 * adds it to the answer's files. Stop (the run's signal) stops watching only: Poe has no cancel.
 */
export async function runVideoJob(run: AnswerRun, access: VideoAccess, deps: VideoJobDeps, request: VideoJobRequest): Promise<void> {
  const message = run.message;
  const signal = run.controller.signal;
  const common = { apiKey: access.apiKey, baseUrl: access.baseUrl };
  const asked = videoOptions(request.parameters);
  let id = message.job?.id;
  // A resumed job is looked at at once; a new one after Poe's pause.
  let pause = id === undefined;

  if (id === undefined) {
    await run.update({
      status: 'pending',
      job: { status: 'creating', progress: 0, ...(asked.seconds ? { seconds: asked.seconds } : {}), ...(asked.size ? { size: asked.size } : {}) },
    });
    const image = request.inputImage?.stored ? await deps.readMedia(request.inputImage.stored) : undefined;
    let created: VideoJob;
    try {
      // Not aborted by Stop: once sent, the job may exist on Poe, and its id is what lets the user look again.
      created = await deps.client.create({
        ...common,
        model: message.bot,
        prompt: request.prompt,
        ...asked,
        ...(image ? { inputImage: { bytes: new Uint8Array(await image.blob.arrayBuffer()), contentType: image.contentType } } : {}),
      });
    } catch (error) {
      await fail(run, error, message.job);
      return;
    }
    id = created.id;
    await run.update({ status: 'streaming', job: toInfo(created, created.status === 'in_progress' ? 'in_progress' : 'queued', message.job) });
    if (await settle(run, created, deps, common, request.prompt)) return;
  } else {
    // Looking again (a restart, "Check again"): the answer is running once more.
    delete message.error;
    await run.update({ status: 'streaming', job: { ...message.job!, status: resumedStatus(message.job!) } });
  }

  for (;;) {
    if (signal.aborted) return stop(run);
    if (pause) await deps.wait(VIDEO_POLL_INTERVAL_MS, signal);
    pause = true;
    if (signal.aborted) return stop(run);
    let job: VideoJob;
    try {
      job = await deps.client.get({ ...common, id });
    } catch (error) {
      if (isPassing(error)) continue;
      if (error instanceof PoeError && error.kind === 'not_found' && pastExpiry(message.job)) return expire(run);
      await fail(run, error, message.job);
      return;
    }
    if (await settle(run, job, deps, common, request.prompt)) return;
  }
}

/** Where a job looked at again stands until Poe says: as last seen, or (stopped, mid-download) as Poe had it. */
function resumedStatus(job: VideoJobInfo): VideoJobInfo['status'] {
  if (job.status === 'queued' || job.status === 'in_progress') return job.status;
  return job.progress > 0 ? 'in_progress' : 'queued';
}

function pastExpiry(job: VideoJobInfo | undefined): boolean {
  return job?.expiresAt !== undefined && job.expiresAt <= Date.now();
}

/** Shows what Poe said of the job; true when the job (and the answer) has ended. */
async function settle(run: AnswerRun, job: VideoJob, deps: VideoJobDeps, common: VideoAccess, prompt: string): Promise<boolean> {
  const message = run.message;
  if (job.status === 'failed') {
    const reason = job.error?.message?.trim();
    await fail(run, new PoeError('bot', reason ? t('videoJob_failedReason', reason) : t('videoJob_failed')), toInfo(job, 'failed', message.job));
    return true;
  }
  if (job.status !== 'completed') {
    const status = job.status === 'in_progress' ? 'in_progress' : 'queued';
    const info = toInfo(job, status, message.job);
    if (JSON.stringify(info) !== JSON.stringify(message.job)) await run.update({ status: 'streaming', job: info });
    return false;
  }
  await run.update({ status: 'streaming', job: toInfo({ ...job, progress: 100 }, 'downloading', message.job) });
  let blob: Blob;
  try {
    blob = await deps.client.download({ ...common, id: job.id, ...(job.expiresAt !== undefined ? { expiresAt: job.expiresAt } : {}) });
  } catch (error) {
    if (error instanceof PoeError && error.kind === 'not_found') {
      await expire(run);
      return true;
    }
    if (isPassing(error)) return false; // looked at again in 5 s, and downloaded then
    await fail(run, error, message.job);
    return true;
  }
  const contentType = blob.type && blob.type.startsWith('video/') ? blob.type : 'video/mp4';
  const name = videoFileName((await deps.displayName?.(message.bot).catch(() => undefined)) ?? message.bot, prompt, contentType);
  const stored = await deps.storeMedia({ conversationId: message.conversationId, name, contentType, blob });
  const file: StoredAttachment = {
    url: `${common.baseUrl.replace(/\/+$/, '')}/v1/videos/${encodeURIComponent(job.id)}/content`,
    contentType,
    name,
    size: blob.size,
    stored,
  };
  message.files = [...(message.files ?? []).filter((each) => !each.stored), file];
  message.job = toInfo({ ...job, progress: 100 }, 'completed', message.job);
  run.apply({ type: 'done' });
  return true;
}

/**
 * The answer ends in an error. `job`: the job's facts with Poe's `failed` status when Poe failed it; otherwise what we
 * knew of it: one Poe knows, which we could not go on watching (the key refused, a refusal), is only `stopped` — Poe may
 * still finish it, and Check again looks once more; one not created is `failed`.
 */
async function fail(run: AnswerRun, error: unknown, job: VideoJobInfo | undefined): Promise<void> {
  const poe = error instanceof PoeError ? error : new PoeError('protocol', t('videoJob_lost'));
  if (job) run.message.job = { ...job, status: job.status === 'failed' || job.id === undefined ? 'failed' : 'stopped' };
  run.apply({ type: 'failed', error: poe });
}

async function expire(run: AnswerRun): Promise<void> {
  run.message.job = { ...(run.message.job ?? { progress: 100 }), status: 'expired' };
  run.apply({ type: 'failed', error: new PoeError('not_found', t('videoJob_expired'), { retryable: false }) });
}

function stop(run: AnswerRun): void {
  if (run.message.job) run.message.job = { ...run.message.job, status: 'stopped' };
  run.apply({ type: 'stopped' });
}

/** Whether an unfinished answer is a job Poe knows (its polling resumes) rather than one that can never finish. */
export function isResumableJob(message: StoredMessage): boolean {
  return message.job?.id !== undefined && ['queued', 'in_progress', 'downloading'].includes(message.job.status);
}

/** The job a turn asks for: the last user message's text, its parameters, and its first image kept in the extension. */
export function videoRequestFrom(history: readonly StoredMessage[]): VideoJobRequest {
  const question = history.findLast((message) => message.role === 'user');
  const inputImage = question?.attachments?.find((attachment) => attachment.stored && attachment.contentType.startsWith('image/'));
  return {
    prompt: question?.text ?? '',
    ...(question?.parameters ? { parameters: question.parameters } : {}),
    ...(inputImage ? { inputImage } : {}),
  };
}

/**
 * The draft's first image, read at the file door before its upload (which removes it there): a video job sends the
 * bytes as `input_image`, and they are kept with the conversation so a retry can send them again.
 */
export async function pendingTurnImage(pending: readonly PendingAttachment[]): Promise<{ index: number; name: string; blob: Blob } | undefined> {
  for (const [index, item] of pending.entries()) {
    if (!item.contentType.startsWith('image/')) continue;
    const parked = await getPendingUpload(item.pendingId);
    if (parked && 'blob' in parked) return { index, name: item.name, blob: parked.blob };
  }
  return undefined;
}

/** Keeps the draft's first image with the conversation (for a retry), named on its uploaded attachment. */
export async function keepTurnImage(
  deps: Pick<VideoJobDeps, 'storeMedia'>,
  image: { index: number; name: string; blob: Blob },
  attachments: StoredAttachment[],
  conversationId: string,
): Promise<void> {
  const uploaded = attachments[image.index];
  if (!uploaded) return;
  const stored = await deps.storeMedia({ conversationId, name: image.name, contentType: image.blob.type, blob: image.blob });
  attachments[image.index] = { ...uploaded, stored };
}
