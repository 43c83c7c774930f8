/** File upload to Poe's attachment endpoint (protocol §3, §8.2). */
import { PoeError, abortedError, isRecord } from './errors';
import { fetchJson, unexpectedShape } from './http';
import { DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_UPLOAD_BASE_URL } from './defaults';
import { checkApiKey, trimBaseUrl } from './request';
import { abortableSleep, type Sleep } from './stream';
import type { PoeAttachment } from './types';

export { DEFAULT_MAX_UPLOAD_BYTES } from './defaults';
const UPLOAD_ATTEMPTS = 2;
const UPLOAD_RETRY_DELAY_MS = 500;

export interface UploadFileOptions {
  file: Blob;
  /** File name shown to the bot; the part's Content-Type is the blob's type. */
  name: string;
  apiKey: string;
  /** Default https://www.quora.com/poe_api; a trailing slash is fine. */
  uploadBaseUrl?: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Checked before anything is sent. Default 25 MB. */
  maxBytes?: number;
  sleep?: Sleep;
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}

/**
 * Uploads a file and returns the attachment to put on the user's message. The endpoint wants the raw key in
 * `Authorization` (no `Bearer `). Retried once on a network error or 5xx; throws PoeError otherwise.
 */
export async function uploadFile(options: UploadFileOptions): Promise<PoeAttachment> {
  const { file, apiKey, signal } = options;
  const name = options.name.trim() || 'file';
  const invalidKey = checkApiKey(apiKey);
  if (invalidKey) throw invalidKey;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  if (file.size > maxBytes) {
    throw new PoeError(
      'too_large',
      `“${name}” is ${formatMegabytes(file.size)}; files can be at most ${formatMegabytes(maxBytes)}.`,
      { retryable: false, detail: `${file.size} bytes > ${maxBytes} bytes` },
    );
  }
  return postUpload(options, () => {
    // A fresh FormData per attempt: a body cannot be sent twice.
    const form = new FormData();
    form.append('file', file, name);
    return form;
  }, { name, fallbackType: file.type || 'application/octet-stream' });
}

export interface UploadUrlOptions extends Omit<UploadFileOptions, 'file' | 'maxBytes'> {
  /** A public http(s) URL that Poe fetches itself (e.g. an image on a web page). */
  url: string;
}

/**
 * Asks Poe to fetch a public file by URL (the endpoint's `download_url` form), so the extension never needs to
 * download it. Same retries and errors as {@link uploadFile}.
 */
export async function uploadFileFromUrl(options: UploadUrlOptions): Promise<PoeAttachment> {
  const invalidKey = checkApiKey(options.apiKey);
  if (invalidKey) throw invalidKey;
  if (!/^https?:\/\//i.test(options.url)) {
    throw new PoeError('invalid_input', 'Only http(s) files can be fetched by Poe.', { retryable: false });
  }
  const name = options.name.trim() || 'file';
  return postUpload(options, () => new URLSearchParams({ download_url: options.url, download_filename: name }), {
    name,
    fallbackType: 'application/octet-stream',
  });
}

async function postUpload(
  options: Omit<UploadFileOptions, 'file' | 'name' | 'maxBytes'>,
  makeBody: () => FormData | URLSearchParams,
  result: { name: string; fallbackType: string },
): Promise<PoeAttachment> {
  const { apiKey, signal } = options;
  const url = `${trimBaseUrl(options.uploadBaseUrl ?? DEFAULT_UPLOAD_BASE_URL)}/file_upload_3RD_PARTY_POST`;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? abortableSleep;

  for (let attempt = 1; ; attempt++) {
    let body: unknown;
    try {
      body = await fetchJson(
        fetchImpl,
        url,
        { method: 'POST', headers: { Authorization: apiKey }, body: makeBody(), ...(signal ? { signal } : {}) },
        { apiKey, upload: true },
      );
    } catch (error) {
      const transient = error instanceof PoeError && (error.kind === 'network' || error.kind === 'server');
      if (!transient || attempt >= UPLOAD_ATTEMPTS) throw error;
      await sleep(UPLOAD_RETRY_DELAY_MS, signal);
      if (signal?.aborted) throw abortedError();
      continue;
    }
    if (!isRecord(body) || typeof body['attachment_url'] !== 'string' || body['attachment_url'] === '') {
      throw unexpectedShape('an attachment_url', body, apiKey);
    }
    const mimeType = body['mime_type'];
    return {
      url: body['attachment_url'],
      contentType: typeof mimeType === 'string' && mimeType !== '' ? mimeType : result.fallbackType,
      name: result.name,
    };
  }
}
