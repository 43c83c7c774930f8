/** Small HTTP helpers shared by the routes: CORS, JSON answers, bounded body reading, auth parsing. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from './bot-kit';

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type, Accept, Cache-Control, X-Title, HTTP-Referer, poe-feature',
  'access-control-expose-headers': 'Retry-After, x-request-id, x-ratelimit-limit-requests, x-ratelimit-remaining-requests, x-ratelimit-reset-requests',
  'access-control-max-age': '600',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export function sendRaw(res: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

export const badRequest = (res: ServerResponse, message: string): void => sendJson(res, 400, errorBody(message, 'invalid_request_error'));

export const INCORRECT_KEY = 'Incorrect API key provided. You can find your API key at https://poe.com/api/keys.';

export function unauthorized(res: ServerResponse, message = INCORRECT_KEY): void {
  sendJson(res, 401, errorBody(message, 'authentication_error', 'invalid_api_key'));
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Flattens Node's header object into lower-case string values. */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export type BodyResult = { ok: true; bytes: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

/**
 * Reads the request body, giving up (and discarding the rest) once it exceeds `limit` bytes. A declared
 * Content-Length over the limit is refused without reading.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(header(req, 'content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve({ ok: false, reason: 'too_large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: BodyResult): void => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) settle({ ok: false, reason: 'too_large' });
      else chunks.push(chunk);
    });
    req.on('end', () => settle({ ok: true, bytes: Buffer.concat(chunks) }));
    req.on('error', () => settle({ ok: false, reason: 'aborted' }));
    req.on('close', () => settle({ ok: false, reason: 'aborted' }));
  });
}

/** The key of an `Authorization: Bearer <key>` header, or undefined. */
export function bearerKey(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
  return m?.[1];
}
