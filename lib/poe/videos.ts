/**
 * Poe's asynchronous Videos API (protocol §4.3, issue 15): create a job, poll it, download the result. A video model
 * (one whose `/v1/models` entry lists `/v1/videos`) is run this way rather than as a bot query, whose answer is capped
 * at 600 s. Same key, headers and error bodies as every other `api.poe.com` call (§4.7); redirects are never followed.
 */
import type { AccountRequestOptions } from './account';

/** Poe's word for where a job is. */
export type VideoJobStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

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
  /** An image to start from, sent as base64 `input_image` (with its MIME type as a data URL? see the implementation). */
  inputImage?: { bytes: Uint8Array; contentType: string };
  parameters?: Record<string, string | number | boolean>;
}

/** `POST /v1/videos`. Throws PoeError (402 no points, 404 unknown model, 400 a refused parameter, …). */
export declare function createVideoJob(options: CreateVideoOptions): Promise<VideoJob>;
/** `GET /v1/videos/{id}`. Throws PoeError (404: Poe no longer knows the job). */
export declare function getVideoJob(options: VideoRequestOptions & { id: string }): Promise<VideoJob>;
/**
 * `GET /v1/videos/{id}/content`: the finished video's bytes. Throws PoeError; a result Poe has deleted (past
 * `expiresAt`, 404/410) is kind `not_found` with a message that says it expired.
 */
export declare function downloadVideoContent(options: VideoRequestOptions & { id: string }): Promise<Blob>;
