import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { FIXTURE_PDFS } from '../fixtures/pdf';
import { videoRoute } from './video-pages';

const PAGES = path.resolve('tests/e2e/pages');

/** Content types by file extension; anything else is served as HTML. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.vtt': 'text/vtt; charset=utf-8',
};

/** Serves the fixture web pages of `tests/e2e/pages/` and the generated fixture PDFs on 127.0.0.1, as ordinary websites for content scripts. */
export async function startPageServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (request, response) => {
    // Watch pages and their timed text are made per request (video-pages.ts).
    const video = videoRoute(new URL(request.url ?? '/', 'http://x'));
    if (video) return void response.writeHead(video.status, { 'content-type': video.type }).end(video.body);
    const name = path.basename(new URL(request.url ?? '/', 'http://x').pathname) || 'article.html';
    // The PDFs of tests/fixtures/pdf.ts, made on request (sign-in.pdf is the HTML a login wall serves instead).
    // A PDF behind a sign-in: the report for a visitor with the session cookie, the sign-in page for anyone else.
    if (name === 'members.pdf') {
      const signedIn = /(?:^|;\s*)session=member(?:;|$)/.test(request.headers.cookie ?? '');
      const body = FIXTURE_PDFS[signedIn ? 'report.pdf' : 'sign-in.pdf']!();
      response.writeHead(200, { 'content-type': signedIn ? 'application/pdf' : 'text/html; charset=utf-8' }).end(body);
      return;
    }
    const pdf = FIXTURE_PDFS[name];
    if (pdf) {
      response.writeHead(200, { 'content-type': name === 'sign-in.pdf' ? 'text/html; charset=utf-8' : 'application/pdf' }).end(pdf());
      return;
    }
    try {
      const body = await readFile(path.join(PAGES, name));
      const type = CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'text/html; charset=utf-8';
      response.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
