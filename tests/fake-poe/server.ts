/**
 * A fake Poe server for tests and offline demos (poe-protocol.md §8.4, /tmp/contract.md): the bot query API
 * with scripted bots, the upload endpoint, /v1/models, the Usage API and the Videos API (videos.ts: POST /v1/videos,
 * GET /v1/videos/{id}, GET /v1/videos/{id}/content; test-only GET /_test/videos lists the video requests and jobs),
 * on 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FREE_ACCOUNT, SUBSCRIBER, type FakeAccountOptions, balanceBody, freeTierRefusal } from './account';
import { type BotContext, type ScriptedBot, errorBody } from './bot-kit';
import { SCRIPTED_BOTS, botRegistry, catalogueSpecs } from './bots';
import { CORS_HEADERS, badRequest, bearerKey, flatHeaders, header, readBody, sendJson, sendRaw, unauthorized } from './http';
import { type ModelSpec, iconSvg, toApiModel } from './models';
import { FakeOAuth, type OAuthOptions } from './oauth';
import { redSquarePng } from './png';
import { type RedirectTarget, startRedirectTarget } from './redirect-target';
import { ClientGone, SseStream } from './sse';
import { type ChargeDetails, FakeState, type HistoryEntry, type SeedCharge } from './state';
import { handleUpload } from './upload';
import { type ProtocolMessage, validateParameters, validateQueryRequest } from './validate';
import { FakeVideos, type FakeVideoJob, jobState } from './videos';

/** Valid demo key; starts with 5000 points unless `balance` says otherwise. */
export const FAKE_POE_KEY = 'fake-poe-key-0123456789abcdef';
/** Valid key whose balance is always 0: bot queries answer 402. */
export const FAKE_POE_BROKE_KEY = 'fake-poe-key-broke-000000000000';
/**
 * Valid key of a free account (3000 daily points): paid bots answer 403 (the status and body are our guess, see
 * account.ts); bots whose prices are all zero (Free-Bot) answer.
 */
export const FAKE_POE_FREE_KEY = 'fake-poe-key-free-0000000000000';
export const DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
/** Display names of every scripted bot (queryable case-insensitively, listed in /v1/models). */
export const SCRIPTED_BOT_NAMES: readonly string[] = SCRIPTED_BOTS.map((b) => b.spec.displayName);

export interface FakePoeOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Starting balance of FAKE_POE_KEY (default 5000), as plan points. */
  balance?: number;
  /**
   * The rest of FAKE_POE_KEY's account (default: a subscriber with a monthly grant and auto-recharge never enabled,
   * see account.ts). `setAccount` changes it; `reset()` restores this.
   */
  account?: Partial<FakeAccountOptions>;
  /** Retry-After sent by RateLimit-Bot (default 1). */
  retryAfterSeconds?: number;
  /** Upload size limit in bytes (default 25 MB). */
  maxUploadBytes?: number;
  /** Older points-history entries to pre-fill for FAKE_POE_KEY (default 0; the CLI uses 30). */
  seedHistory?: number;
  /**
   * Endpoints that answer 307 to the same path on the redirect target instead of doing their job (default none).
   * Poe never redirects; this is fault injection to prove a client does not follow. Can be changed with
   * `setRedirects`; `reset()` restores this value.
   */
  redirects?: RedirectOptions;
  /** Called with one line per request (never contains keys). */
  log?: (line: string) => void;
  /**
   * The clock of video jobs (default Date.now): their state follows from the time since creation, so unit tests pass
   * a clock they move instead of sleeping. `advanceVideoClock` moves either clock forward.
   */
  videoClock?: () => number;
  /**
   * More bots for this server only (e.g. the benches' Doc-Stream-Bot, see bench-bots.ts): queryable and listed in
   * /v1/models after the scripted bots. Default none, so the standard catalogue is unchanged.
   */
  extraBots?: readonly ScriptedBot[];
}

export interface RedirectOptions {
  /** `GET /usage/current_balance` and `GET /usage/points_history`. */
  account?: boolean;
  /** `GET /v1/models`. */
  models?: boolean;
  /** `POST /poe_api/file_upload_3RD_PARTY_POST`, multipart and by URL alike. */
  upload?: boolean;
  /** Every `/v1/videos…` request (create, poll, content). */
  videos?: boolean;
  /** The status of those redirects (default 307, which keeps the method and the body). */
  status?: RedirectStatus;
}

export const REDIRECT_STATUSES = [301, 302, 303, 307, 308] as const;
export type RedirectStatus = (typeof REDIRECT_STATUSES)[number];

export interface RecordedRequest {
  method: string;
  /** Request target as received, including any query string. */
  path: string;
  /** Lower-case keys. */
  headers: Record<string, string>;
  /** Parsed JSON, the raw text when it was not JSON, a multipart summary for uploads, or undefined. */
  body: unknown;
  /** Bot name as it appeared in the URL (decoded), for bot queries. */
  bot?: string;
}

export interface FakePoe {
  /** e.g. http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  /** `${url}/poe_api`. */
  uploadBaseUrl: string;
  /**
   * Another loopback origin (another port) that every redirect of this server points at: Redirect-Bot's, and those
   * turned on with `redirects`/`setRedirects`. It records what reaches it and answers convincingly.
   */
  redirectTarget: Pick<RedirectTarget, 'url' | 'requests'>;
  /** Turns the fault-injection redirects on or off (replaces the previous setting). */
  setRedirects(redirects: RedirectOptions): void;
  /** Every request received since start or the last reset(), oldest first. */
  requests: RecordedRequest[];
  /** How Sign in with Poe answers (replaces the previous setting; `reset()` restores the defaults). */
  setOAuth(options: OAuthOptions): void;
  /** Keys issued by `/token` since the last reset, oldest first. */
  issuedKeys(): string[];
  /** Every key issued by `/token` stops working (expired, or revoked at poe.com/api/keys). */
  expireIssuedKeys(): void;
  /** Every `POST /v1/videos` received since start or the last reset(), oldest first (headers and body). */
  videoRequests(): RecordedRequest[];
  /** Every video job made since start or the last reset(), oldest first, with its state now. */
  videoJobs(): (FakeVideoJob & { status: string; progress: number })[];
  /** Moves the video jobs' clock forward by `ms` (jobs progress, complete, expire; completed ones are charged). */
  advanceVideoClock(ms: number): void;
  /** Lets every answer held by Held-Bot go on to its end; returns how many there were. */
  releaseHeld(): number;
  balance(): number;
  setBalance(n: number): void;
  /** Puts past charges in FAKE_POE_KEY's points history (gone at the next reset); returns the entries as served. */
  addHistory(charges: readonly SeedCharge[]): HistoryEntry[];
  /** Changes FAKE_POE_KEY's account (grants, auto-recharge, plan/add-on split, free tier, answer shape). */
  setAccount(patch: Partial<FakeAccountOptions>): void;
  /**
   * Clears requests (also the redirect target's), "first attempt" state, balances and points history, and restores
   * the `redirects` option. Uploaded files stay served.
   */
  reset(): void;
  close(): Promise<void>;
}

const MAX_QUERY_BYTES = 10 * 1024 * 1024;
const IMAGE_ID = 'img-red-square';

function urlHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0' || address.address === '::') return '127.0.0.1';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

/** How Poe would itemise a charge for this query: its tokens, whether earlier turns were cached, per-request bots. */
function chargeDetails(spec: ModelSpec, request: { query: readonly { content: string }[] }): ChargeDetails {
  const chars = request.query.reduce((sum, message) => sum + message.content.length, 0);
  return {
    inputTokens: Math.max(1, Math.ceil(chars / 4)),
    cached: request.query.length > 1 && (spec.pricing === null || spec.pricing.input_cache_read !== null),
    perRequest: (spec.pricing !== null && spec.pricing.request !== null) || !spec.output.includes('text'),
  };
}

export async function startFakePoe(opts: FakePoeOptions = {}): Promise<FakePoe> {
  const state = new FakeState(
    new Map([
      [FAKE_POE_KEY, { ...SUBSCRIBER, ...(opts.balance !== undefined ? { planPoints: opts.balance } : {}), ...opts.account }],
      [FAKE_POE_BROKE_KEY, { ...SUBSCRIBER, planPoints: 0, monthlyGrant: null }],
      [FAKE_POE_FREE_KEY, FREE_ACCOUNT],
    ]),
    FAKE_POE_KEY,
    opts.seedHistory ?? 0,
  );
  state.files.set(IMAGE_ID, { name: 'red-square.png', mimeType: 'image/png', content: redSquarePng(64) });
  const oauth = new FakeOAuth((expiresIn) => state.issueKey(expiresIn));
  const bots = botRegistry();
  const extraBots = opts.extraBots ?? [];
  for (const bot of extraBots) bots.set(bot.spec.id, bot);
  const specs = () => [...catalogueSpecs(), ...extraBots.map((b) => b.spec)];
  const icons = new Map(specs().map((spec) => [spec.id, iconSvg(spec)]));
  /** Built once the server knows its own origin (the icon URLs point at it). */
  let modelsBody = '';
  let redirects: RedirectOptions = { ...opts.redirects };
  const requests: RecordedRequest[] = [];
  const retryAfterSeconds = opts.retryAfterSeconds ?? 1;
  const maxUploadBytes = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  let baseUrl = '';
  const redirectTarget = await startRedirectTarget(opts.host ?? '127.0.0.1');
  /** Answers waiting for the test to let them go on (Held-Bot). */
  const held = new Set<() => void>();
  let videoClockOffset = 0;
  const videoNow = () => (opts.videoClock ?? Date.now)() + videoClockOffset;
  const videos = new FakeVideos({
    state,
    models: new Map(specs().map((spec) => [spec.id, spec])),
    now: videoNow,
    authenticate,
    freeTierRefusal: (account, model) => (state.account(account)?.freeTier && model.points > 0 ? freeTierRefusal(model.displayName) : undefined),
  });

  /** The key of a Bearer-authenticated request, or undefined after answering 401. */
  function authenticate(req: IncomingMessage, res: ServerResponse): string | undefined {
    if (!header(req, 'authorization')) {
      unauthorized(res, 'Missing Authorization header. Send "Authorization: Bearer <your Poe API key>".');
      return undefined;
    }
    const key = bearerKey(req);
    if (key === undefined || !state.isKnownKey(key)) {
      unauthorized(res);
      return undefined;
    }
    return state.accountOf(key);
  }

  async function botQuery(req: IncomingMessage, res: ServerResponse, rawName: string, rec: RecordedRequest): Promise<void> {
    let name = rawName;
    try {
      name = decodeURIComponent(rawName);
    } catch {
      /* keep the raw name */
    }
    rec.bot = name;
    const body = await readBody(req, MAX_QUERY_BYTES);
    if (!body.ok) return body.reason === 'too_large' ? sendJson(res, 413, errorBody('Request too large', 'request_too_large')) : undefined;
    const text = body.bytes.toString('utf8');
    let parsed: unknown;
    let parseError: string | undefined;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      parseError = e instanceof Error ? e.message : String(e);
    }
    rec.body = parseError === undefined ? parsed : text;

    const key = authenticate(req, res);
    if (key === undefined) return;
    const bot = bots.get(name.toLowerCase());
    if (!bot) return sendJson(res, 404, errorBody(`Bot '${name}' does not exist`, 'not_found_error', 'model_not_found'));
    // X-Title and HTTP-Referer are optional for Poe (they only put the app on the leaderboard): recorded, never required.
    if (!/^application\/json\b/i.test(header(req, 'content-type') ?? '')) return badRequest(res, "Content-Type must be 'application/json'");
    if (parseError !== undefined) return badRequest(res, `Request body is not valid JSON: ${parseError}`);
    const valid = validateQueryRequest(parsed);
    if (!valid.ok) return badRequest(res, valid.message);
    const request = valid.value;
    for (const [i, m] of request.query.entries()) {
      const err = m.role === 'user' ? validateParameters(m.parameters, bot.spec.parameters) : null;
      if (err) return badRequest(res, `query[${i}]: ${err} for bot '${bot.spec.displayName}'`);
    }
    if (state.account(key)?.freeTier && bot.spec.points > 0) {
      const refusal = freeTierRefusal(bot.spec.displayName);
      return sendJson(res, refusal.status, refusal.body);
    }
    if (state.balance(key) <= 0) return sendJson(res, 402, errorBody('You have run out of points', 'insufficient_credits'));

    const lastUser = request.query[request.query.length - 1] as ProtocolMessage;
    const requestId = randomUUID();
    const ctx: BotContext = {
      bot: bot.spec,
      request,
      lastUser,
      baseUrl,
      firstAttempt: state.firstAttempt(`${bot.spec.id}\u0000${lastUser.content}`),
      retryAfterSeconds,
      imageUrl: `${baseUrl}/files/${IMAGE_ID}/red-square.png`,
      redirectTargetUrl: redirectTarget.url,
      openSse: () => new SseStream(res, { 'x-request-id': requestId }),
      sendJson: (status, b, headers = {}) => sendJson(res, status, b, { 'x-request-id': requestId, ...headers }),
      sendRaw: (status, contentType, b, headers = {}) => sendRaw(res, status, contentType, b, { 'x-request-id': requestId, ...headers }),
      wait: (ms) =>
        new Promise((resolve) => {
          const timer = setTimeout(resolve, ms);
          res.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
        }),
      charge: () => void state.charge(key, bot.spec.displayName, bot.spec.points, chargeDetails(bot.spec, request)),
      held: () =>
        new Promise((resolve) => {
          const release = () => {
            held.delete(release);
            resolve();
          };
          held.add(release);
          res.once('close', release);
        }),
    };
    try {
      await bot.run(ctx);
    } catch (e) {
      if (!(e instanceof ClientGone)) throw e;
    }
  }

  function usage(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const key = authenticate(req, res);
    if (key === undefined) return;
    videos.settle();
    const account = state.account(key);
    if (url.pathname === '/usage/current_balance') return sendJson(res, 200, account ? balanceBody(account, Date.now()) : { current_point_balance: 0 });
    const rawLimit = url.searchParams.get('limit');
    const limit = rawLimit === null ? 20 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return badRequest(res, "'limit' must be an integer between 1 and 100");
    const after = url.searchParams.get('starting_after') ?? undefined;
    const page = state.page(key, limit, after);
    if (!page) return badRequest(res, "'starting_after' does not match any query_id in your history");
    sendJson(res, 200, page);
  }

  function serveFile(req: IncomingMessage, res: ServerResponse, id: string, name: string): void {
    const file = state.files.get(id);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      /* compare raw */
    }
    if (!file || file.name !== decoded) return sendJson(res, 404, errorBody('File not found', 'not_found_error'));
    if (!Buffer.isBuffer(file.content)) {
      res.writeHead(302, { location: file.content.redirect });
      return void res.end();
    }
    const headers = { 'cache-control': 'public, max-age=600', 'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.name)}` };
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'content-type': file.mimeType, 'content-length': String(file.content.length), ...headers });
      return void res.end();
    }
    sendRaw(res, 200, file.mimeType, file.content, headers);
  }

  function serveIcon(req: IncomingMessage, res: ServerResponse, rawId: string): void {
    let id = rawId;
    try {
      id = decodeURIComponent(rawId);
    } catch {
      /* compare raw */
    }
    const svg = icons.get(id);
    if (svg === undefined) return sendJson(res, 404, errorBody('Icon not found', 'not_found_error'));
    const headers = { 'cache-control': 'public, max-age=86400' };
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'content-type': 'image/svg+xml', 'content-length': String(Buffer.byteLength(svg)), ...headers });
      return void res.end();
    }
    sendRaw(res, 200, 'image/svg+xml', svg, headers);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const rec: RecordedRequest = { method, path: target, headers: flatHeaders(req), body: undefined };
    requests.push(rec);
    for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
    opts.log?.(`${method} ${target}`);
    if (method === 'OPTIONS') {
      res.writeHead(204);
      return void res.end();
    }
    const url = new URL(target, 'http://fake-poe.local');
    const path = url.pathname;
    const redirected =
      (redirects.account && method === 'GET' && path.startsWith('/usage/')) ||
      (redirects.models && method === 'GET' && path === '/v1/models') ||
      (redirects.upload && method === 'POST' && path === '/poe_api/file_upload_3RD_PARTY_POST') ||
      (redirects.videos && path.startsWith('/v1/videos'));
    if (redirected) {
      // 307 and 308 keep the method and the body: the redirects a careless client would follow with the key and the file.
      const location = `${redirectTarget.url}${target}`;
      return sendRaw(res, redirects.status ?? 307, 'text/plain; charset=utf-8', `Redirecting to ${location}\n`, { location });
    }
    const iconMatch = /^\/icons\/([^/]+)\.svg$/.exec(path);
    const botMatch = /^\/bot\/([^/]+)$/.exec(path);
    const fileMatch = /^\/files\/([^/]+)\/([^/]+)$/.exec(path);
    if (method === 'POST' && botMatch?.[1]) return botQuery(req, res, botMatch[1], rec);
    if (method === 'POST' && path === '/poe_api/file_upload_3RD_PARTY_POST') {
      return handleUpload(req, res, { state, baseUrl, maxBytes: maxUploadBytes, record: (b) => (rec.body = b) });
    }
    if (method === 'GET' && (path === '/oauth/authorize' || path === '/oauth/authorize/decision')) return oauth.authorize(res, url);
    if (method === 'POST' && path === '/token') return oauth.token(req, res, (b) => (rec.body = b));
    if (path.startsWith('/v1/videos')) {
      const handled = videos.handle(req, res, method, path, (b) => (rec.body = b));
      if (handled !== false) return handled === true ? undefined : handled;
    }
    if (method === 'GET' && path === '/_test/videos') return sendJson(res, 200, { requests: videoRequests(), jobs: videoJobs() });
    if (method === 'GET' && path === '/v1/models') return sendRaw(res, 200, 'application/json; charset=utf-8', modelsBody);
    if ((method === 'GET' || method === 'HEAD') && iconMatch?.[1]) return serveIcon(req, res, iconMatch[1]);
    if (method === 'GET' && (path === '/usage/current_balance' || path === '/usage/points_history')) return usage(req, res, url);
    if ((method === 'GET' || method === 'HEAD') && fileMatch?.[1] && fileMatch[2]) return serveFile(req, res, fileMatch[1], fileMatch[2]);
    sendJson(res, 404, errorBody(`Unknown endpoint: ${method} ${path}`, 'not_found_error'));
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      opts.log?.(`fake-poe internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      if (!res.headersSent) sendJson(res, 500, errorBody('Fake Poe internal error', 'api_error'));
      else res.destroy();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await redirectTarget.close();
    throw error;
  }
  baseUrl = `http://${urlHost(server.address() as AddressInfo)}:${(server.address() as AddressInfo).port}`;
  modelsBody = JSON.stringify({ object: 'list', data: specs().map((spec) => toApiModel(spec, baseUrl)) });

  const videoRequests = () => requests.filter((r) => r.method === 'POST' && r.path.split('?')[0] === '/v1/videos');
  const videoJobs = () => {
    videos.settle();
    return videos.jobs.map((job) => ({ ...job, ...jobState(job, videoNow()) }));
  };

  return {
    url: baseUrl,
    uploadBaseUrl: `${baseUrl}/poe_api`,
    requests,
    redirectTarget,
    setRedirects: (r) => {
      redirects = { ...r };
    },
    setOAuth: (options) => oauth.set(options),
    issuedKeys: () => state.issuedKeys(),
    expireIssuedKeys: () => state.expireIssuedKeys(),
    balance: () => state.balance(FAKE_POE_KEY),
    addHistory: (charges) => state.addHistory(FAKE_POE_KEY, charges),
    setBalance: (n) => state.setBalance(FAKE_POE_KEY, n),
    setAccount: (patch) => state.setAccount(FAKE_POE_KEY, patch),
    videoRequests,
    videoJobs,
    advanceVideoClock: (ms) => {
      videoClockOffset += ms;
      videos.settle();
    },
    releaseHeld: () => {
      const waiting = [...held];
      waiting.forEach((release) => release());
      return waiting.length;
    },
    reset: () => {
      [...held].forEach((release) => release());
      state.reset();
      videos.reset();
      videoClockOffset = 0;
      oauth.reset();
      requests.length = 0;
      redirectTarget.requests.length = 0;
      redirects = { ...opts.redirects };
    },
    close: async () => {
      await Promise.all([
        new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()));
          server.closeAllConnections();
        }),
        redirectTarget.close(),
      ]);
    },
  };
}
