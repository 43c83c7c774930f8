/**
 * The upload endpoint (poe-protocol.md §3): raw `Authorization: <key>`, multipart part `file` or urlencoded
 * `download_url` / `download_filename`; answers `{attachment_url, mime_type}`. Includes a small multipart parser.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from './bot-kit';
import { badRequest, header, readBody, sendJson, unauthorized } from './http';
import { type FakeState, type StoredFile, randomId } from './state';

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

const MIME_BY_EXT: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml',
  pdf: 'application/pdf', txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', json: 'application/json',
  html: 'text/html', mp3: 'audio/mpeg', wav: 'audio/wav', mp4: 'video/mp4', webm: 'video/webm',
};

export function guessMime(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return MIME_BY_EXT[ext] ?? 'application/octet-stream';
}

function dispositionParam(value: string, key: string): string | undefined {
  const star = new RegExp(`;\\s*${key}\\*=(?:UTF-8|utf-8)''([^;]+)`).exec(value);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const m = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${key}=([^;\\s]+)`).exec(value);
  const raw = m?.[1] ?? m?.[2];
  return raw?.replace(/\\(.)/g, '$1').replace(/%22/g, '"').replace(/%0A/gi, '\n').replace(/%0D/gi, '\r');
}

/** Parses a multipart/form-data body; returns an error message for malformed input. */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] | string {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) return 'multipart/form-data without a boundary';
  const delimiter = Buffer.from(`--${b}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) return 'multipart body does not contain its boundary';
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return parts;
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') return 'malformed multipart delimiter line';
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) return 'multipart part without headers';
    const headers = new Map<string, string>();
    for (const line of body.subarray(pos, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) return 'multipart part is not terminated by the boundary';
    const disposition = headers.get('content-disposition') ?? '';
    const name = dispositionParam(disposition, 'name');
    if (!/^form-data/i.test(disposition) || name === undefined) return 'multipart part without Content-Disposition: form-data; name=…';
    const part: MultipartPart = { name, data: body.subarray(headerEnd + 4, next) };
    const filename = dispositionParam(disposition, 'filename');
    if (filename !== undefined) part.filename = filename;
    const type = headers.get('content-type');
    if (type !== undefined) part.contentType = type;
    parts.push(part);
    pos = next + 2;
  }
}

export interface UploadContext {
  state: FakeState;
  baseUrl: string;
  maxBytes: number;
  /** Records the parsed body summary on the request log. */
  record(summary: unknown): void;
}

const MULTIPART_OVERHEAD = 64 * 1024;

export async function handleUpload(req: IncomingMessage, res: ServerResponse, ctx: UploadContext): Promise<void> {
  const auth = header(req, 'authorization')?.trim();
  if (!auth) return unauthorized(res, 'Missing Authorization header. The upload endpoint expects the raw API key (no "Bearer " prefix).');
  if (/^bearer\s/i.test(auth)) return unauthorized(res, 'Incorrect API key provided. The upload endpoint expects the raw API key, without a "Bearer " prefix.');
  if (!ctx.state.isKnownKey(auth)) return unauthorized(res);
  const tooLarge = (): void => sendJson(res, 413, errorBody('File too large', 'request_too_large'));

  const body = await readBody(req, ctx.maxBytes + MULTIPART_OVERHEAD);
  if (!body.ok) {
    ctx.record({ kind: 'rejected', reason: body.reason });
    return body.reason === 'too_large' ? tooLarge() : undefined;
  }
  const type = header(req, 'content-type') ?? '';
  let file: StoredFile;
  if (/^multipart\/form-data/i.test(type)) {
    const parts = parseMultipart(body.bytes, type);
    if (typeof parts === 'string') {
      ctx.record({ kind: 'multipart', error: parts });
      return badRequest(res, `Malformed upload: ${parts}`);
    }
    ctx.record({
      kind: 'multipart',
      fields: Object.fromEntries(parts.filter((p) => p.filename === undefined).map((p) => [p.name, p.data.toString('utf8')])),
      // `head`: the first bytes, so a test can tell a PDF (%PDF-) from its text without fetching the file back.
      files: parts
        .filter((p) => p.filename !== undefined)
        .map((p) => ({ field: p.name, filename: p.filename, contentType: p.contentType, size: p.data.length, head: p.data.subarray(0, 16).toString('latin1') })),
    });
    const part = parts.find((p) => p.name === 'file');
    if (!part || part.filename === undefined) return badRequest(res, "Missing 'file' part (with a filename) in the multipart upload");
    if (part.data.length > ctx.maxBytes) return tooLarge();
    const name = part.filename || 'file';
    const declared = part.contentType?.split(';')[0]?.trim();
    const mimeType = declared && declared !== 'application/octet-stream' ? declared : guessMime(name);
    file = { name, mimeType, content: Buffer.from(part.data) };
  } else if (/^application\/x-www-form-urlencoded/i.test(type)) {
    const form = new URLSearchParams(body.bytes.toString('utf8'));
    ctx.record({ kind: 'urlencoded', fields: Object.fromEntries(form) });
    const url = form.get('download_url');
    if (!url || !/^https?:\/\//.test(url)) return badRequest(res, "Field 'download_url' must be an http(s) URL");
    const name = form.get('download_filename') || decodeURIComponent(new URL(url).pathname.split('/').pop() || '') || 'file';
    file = { name, mimeType: guessMime(name), content: { redirect: url } };
  } else {
    ctx.record({ kind: 'unsupported', contentType: type });
    return badRequest(res, 'Upload must be multipart/form-data (part "file") or application/x-www-form-urlencoded (download_url)');
  }
  const id = randomId(16, '0123456789abcdef');
  ctx.state.files.set(id, file);
  sendJson(res, 200, { attachment_url: `${ctx.baseUrl}/files/${id}/${encodeURIComponent(file.name)}`, mime_type: file.mimeType });
}
