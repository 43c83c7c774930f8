/**
 * The other origin the fake server's redirects point at (Redirect-Bot, and the opt-in redirects of the account,
 * models and upload endpoints): a second listener on another port that records every request and answers it
 * convincingly, so that a client that followed a redirect would seem to succeed and a test can see that it did.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { flatHeaders, readBody, sendJson, sendRaw } from './http';
import { formatEvent, SSE_HEADERS } from './sse';

export interface TargetRequest {
  method: string;
  /** Request target as received, including any query string. */
  path: string;
  /** Lower-case keys (an Authorization header that reached here is a leaked key). */
  headers: Record<string, string>;
  /** Bytes of body received. */
  bodyBytes: number;
}

export interface RedirectTarget {
  /** e.g. http://127.0.0.1:PORT2, no trailing slash: another origin than the fake server's. */
  url: string;
  /** Every request that reached this origin, oldest first. A client that never follows redirects leaves it empty. */
  requests: TargetRequest[];
  close(): Promise<void>;
}

/** What the redirect target answers to a followed bot query: a whole, successful answer. */
export const REDIRECT_TARGET_ANSWER = 'This answer came from the redirect target; the request should never have reached it.';

export async function startRedirectTarget(host: string): Promise<RedirectTarget> {
  const requests: TargetRequest[] = [];
  let url = '';
  const server: Server = createServer((req, res) => {
    void readBody(req, 64 * 1024 * 1024).then((body) => {
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? 'GET', path, headers: flatHeaders(req), bodyBytes: body.ok ? body.bytes.length : 0 });
      const pathname = new URL(path, 'http://redirect-target.local').pathname;
      if (pathname.startsWith('/bot/')) {
        return sendRaw(res, 200, SSE_HEADERS['content-type'] ?? 'text/event-stream', `${formatEvent('text', JSON.stringify({ text: REDIRECT_TARGET_ANSWER }))}${formatEvent('done', '{}')}`);
      }
      if (pathname === '/usage/current_balance') return sendJson(res, 200, { current_point_balance: 999_999 });
      if (pathname === '/usage/points_history') return sendJson(res, 200, { has_more: false, length: 0, data: [] });
      if (pathname === '/v1/models') return sendJson(res, 200, { object: 'list', data: [] });
      if (pathname.endsWith('/file_upload_3RD_PARTY_POST')) {
        return sendJson(res, 200, { attachment_url: `${url}/files/captured/file`, mime_type: 'application/octet-stream' });
      }
      sendJson(res, 404, { error: { message: 'Nothing here', type: 'not_found_error' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const unspecified = address.address === '0.0.0.0' || address.address === '::';
  const hostPart = unspecified ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${hostPart}:${address.port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
