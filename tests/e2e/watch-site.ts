import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { videoRoute } from './video-pages';

/** The watch pages' host: YouTube's own name, so what keys on it (menus, the bubble's "This video") sees the real thing. */
export const WATCH_HOST = 'www.youtube.com';

/** A self-signed certificate for WATCH_HOST, made once per machine with openssl (the browser is told to accept it). */
function certificate(): { key: Buffer; cert: Buffer } {
  const dir = path.join(os.tmpdir(), 'poe-toolbar-watch-site');
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  if (!existsSync(cert)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', `/CN=${WATCH_HOST}`], {
      stdio: 'ignore',
    });
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/**
 * The fixture watch pages (video-pages.ts) served over HTTPS on 127.0.0.1, for a browser started with `launchArgs`:
 * WATCH_HOST resolves here (youtube.com is on Chromium's HSTS preload list, so it must be HTTPS) and the
 * self-signed certificate is accepted.
 */
export async function startWatchSite(): Promise<{ url: string; launchArgs: string[]; close(): Promise<void> }> {
  const server = createServer(certificate(), (request, response) => {
    const route = videoRoute(new URL(request.url ?? '/', `https://${WATCH_HOST}`));
    if (route) response.writeHead(route.status, { 'content-type': route.type }).end(route.body);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://${WATCH_HOST}`,
    launchArgs: [`--host-resolver-rules=MAP ${WATCH_HOST} 127.0.0.1:${port}`, '--ignore-certificate-errors'],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
