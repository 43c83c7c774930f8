/**
 * The scripted video models of the fake Videos API (issue 15) and the timeline every video job follows. Listed in
 * /v1/models with `/v1/videos` among their endpoints (so the extension runs them as jobs); `/bot/<name>` still answers
 * them as any simulated catalogue model does.
 */
import { type ModelParameter, type ModelSpec, scriptedSpec } from './models';

/** How a job unfolds, in ms since it was created. */
export interface VideoTimeline {
  /** `queued` until then, then `in_progress`. */
  queuedMs: number;
  /** When the job ends: `completed` (progress 100) or, with `failure`, `failed`. */
  doneMs: number;
  /** A failed job stops at this progress with this error. */
  failure?: { progress: number; code: string; message: string };
  /** How long after completion Poe keeps the result (default an hour, like OpenAI's video objects). */
  keepMs?: number;
}

export const DEFAULT_KEEP_MS = 60 * 60 * 1000;
const QUEUED_MS = 1000;

/** Sora's parameters, as Poe lists them: `duration` ("seconds" of the Videos API) and `size`. */
const VIDEO_PARAMETERS: ModelParameter[] = [
  { name: 'duration', schema: { enum: ['4', '8'] }, default_value: '4', description: 'Length of the video in seconds.' },
  { name: 'size', schema: { enum: ['1280x720', '720x1280'] }, default_value: '1280x720', description: 'Resolution and orientation of the video.' },
];

/** A scripted video model priced per request: `points` at Poe's add-on rate ($0.00003 a point). */
function videoSpec(displayName: string, points: number, description: string): ModelSpec {
  return scriptedSpec({
    displayName,
    points,
    description: `Fake Poe video model (Videos API). ${description}`,
    input: ['text', 'image'],
    output: ['video'],
    endpoints: ['/v1/videos'],
    pricing: { prompt: null, completion: null, image: null, request: (points * 0.00003).toFixed(4), input_cache_read: null, input_cache_write: null },
    contextLength: null,
    maxOutputTokens: null,
    parameters: VIDEO_PARAMETERS,
  });
}

export const SAFETY_FAILURE = {
  progress: 40,
  code: 'moderation_blocked',
  message: "The video could not be generated: the prompt was flagged by the provider's safety system.",
};

/** Scripted video models (catalogue order) with their timelines. */
export const VIDEO_MODELS: readonly { spec: ModelSpec; timeline: VideoTimeline }[] = [
  {
    spec: videoSpec('Video-Bot', 600, 'Queued for about 1 s, then makes progress and completes about 12 s after creation. The result is kept for an hour.'),
    timeline: { queuedMs: QUEUED_MS, doneMs: 12_000 },
  },
  {
    spec: videoSpec('Video-Fail-Bot', 600, 'Fails at 40% about 8 s after creation, as a prompt flagged by a safety system would. Not charged.'),
    timeline: { queuedMs: QUEUED_MS, doneMs: 8_000, failure: SAFETY_FAILURE },
  },
  {
    spec: videoSpec('Video-Expire-Bot', 300, 'Completes about 6 s after creation, and its result expires 2 s later: a late download finds it gone.'),
    timeline: { queuedMs: QUEUED_MS, doneMs: 6_000, keepMs: 2_000 },
  },
  {
    spec: videoSpec('Video-Slow-Bot', 900, 'Completes about 40 s after creation, for tests that close things while a job runs.'),
    timeline: { queuedMs: QUEUED_MS, doneMs: 40_000 },
  },
];

/** Timelines by model id; catalogue models that list `/v1/videos` without one of their own (sora-2) take ~20 s. */
export function videoTimeline(id: string): VideoTimeline {
  return VIDEO_MODELS.find((model) => model.spec.id === id)?.timeline ?? { queuedMs: QUEUED_MS, doneMs: 20_000 };
}
