/**
 * Sign in with Poe on the fake server (protocol §9): `GET /oauth/authorize` (Poe's consent page, or an immediate
 * answer), its decision, and `POST /token`. Codes are single use, bound to the client, the redirect URI and the PKCE
 * challenge, and short-lived; a key issued here works on every endpoint of the account until it expires.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson, sendRaw } from './http';
import { randomId } from './state';

export interface OAuthOptions {
  /**
   * How `/oauth/authorize` answers a valid request: `consent` (default) shows Poe's consent page with Allow and Deny;
   * `approve` and `deny` answer at once as if the user had clicked.
   */
  authorize?: 'consent' | 'approve' | 'deny';
  /** `api_key_expires_in` of keys issued (seconds; null: no expiry). Default 30 days. The consent page can change it. */
  expiresIn?: number | null;
  /** Sends back a `state` other than the one received (a forged or stale callback). */
  wrongState?: boolean;
  /** This many token requests answer `server_error` (500) before they work again; the code is not used up. */
  tokenServerErrors?: number;
  /** How long a code can be exchanged (default 10 min; 0: codes are stale at once, so `invalid_grant`). */
  codeLifetimeMs?: number;
}

const DEFAULTS: Required<OAuthOptions> = {
  authorize: 'consent',
  expiresIn: 30 * 24 * 60 * 60,
  wrongState: false,
  tokenServerErrors: 0,
  codeLifetimeMs: 10 * 60 * 1000,
};

interface PendingConsent {
  clientId: string;
  redirectUri: string;
  challenge: string;
  state: string | null;
}

interface IssuedCode extends PendingConsent {
  issuedAt: number;
  expiresIn: number | null;
  used: boolean;
}

const html = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>body{font:15px system-ui;max-width:420px;margin:40px auto;padding:0 16px}button{font:inherit;padding:8px 16px;margin-right:8px}</style></head><body>${body}</body></html>`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function isAcceptableRedirect(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost'));
  } catch {
    return false;
  }
}

export class FakeOAuth {
  private options: Required<OAuthOptions> = { ...DEFAULTS };
  private readonly consents = new Map<string, PendingConsent>();
  private readonly codes = new Map<string, IssuedCode>();

  /** `issueKey`: makes a key of the primary account that expires after that many seconds (null: never). */
  constructor(private readonly issueKey: (expiresInSeconds: number | null) => string) {}

  set(options: OAuthOptions): void {
    this.options = { ...DEFAULTS, ...options };
  }

  reset(): void {
    this.options = { ...DEFAULTS };
    this.consents.clear();
    this.codes.clear();
  }

  /** GET /oauth/authorize and GET /oauth/authorize/decision. */
  authorize(res: ServerResponse, url: URL): void {
    if (url.pathname === '/oauth/authorize/decision') return this.decide(res, url);
    const params = url.searchParams;
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    // Without a client or a redirect URI that can be trusted, OAuth says not to redirect: Poe shows its own error page.
    if (!clientId || !isAcceptableRedirect(redirectUri)) {
      return sendRaw(res, 400, 'text/html; charset=utf-8', html('Sign-in error', '<h1>Invalid sign-in request</h1><p>Unknown client or redirect URI.</p>'));
    }
    const state = params.get('state');
    const fail = (error: string, description: string) => this.redirect(res, redirectUri, { error, error_description: description }, state);
    if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    if (params.get('scope') !== 'apikey:create') return fail('invalid_scope', 'scope must be apikey:create');
    const challenge = params.get('code_challenge') ?? '';
    if (params.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return fail('invalid_request', 'PKCE with code_challenge_method=S256 is required');
    }
    const consent: PendingConsent = { clientId, redirectUri, challenge, state };
    if (this.options.authorize === 'approve') return this.approve(res, consent, this.options.expiresIn);
    if (this.options.authorize === 'deny') return fail('access_denied', 'The user denied the request');
    const id = randomId(24);
    this.consents.set(id, consent);
    // Poe lets the user choose the key's lifetime; the first choice is what this server was told to issue.
    const choice = (seconds: number | null, label: string) => `<option value="${seconds ?? 'never'}">${label}</option>`;
    sendRaw(
      res,
      200,
      'text/html; charset=utf-8',
      html(
        'Sign in with Poe',
        `<h1>Allow ${escapeHtml(clientId)} to use your Poe account?</h1>
<p>It will get an API key that can spend your points.</p>
<form action="/oauth/authorize/decision" method="get">
<input type="hidden" name="consent" value="${id}">
<label>Key expires <select name="expires_in">${choice(this.options.expiresIn, 'as set by the app')}${choice(7 * 86400, 'in 7 days')}${choice(30 * 86400, 'in 30 days')}${choice(null, 'never')}</select></label>
<p><button name="decision" value="allow">Allow</button><button name="decision" value="deny">Deny</button></p>
</form>`,
      ),
    );
  }

  private decide(res: ServerResponse, url: URL): void {
    const id = url.searchParams.get('consent') ?? '';
    const consent = this.consents.get(id);
    if (!consent) return sendRaw(res, 400, 'text/html; charset=utf-8', html('Sign-in error', '<h1>This sign-in has expired</h1>'));
    this.consents.delete(id);
    if (url.searchParams.get('decision') !== 'allow') {
      return this.redirect(res, consent.redirectUri, { error: 'access_denied', error_description: 'The user denied the request' }, consent.state);
    }
    const raw = url.searchParams.get('expires_in');
    this.approve(res, consent, raw === 'never' ? null : raw && Number.isFinite(Number(raw)) ? Number(raw) : this.options.expiresIn);
  }

  private approve(res: ServerResponse, consent: PendingConsent, expiresIn: number | null): void {
    const code = randomId(32);
    this.codes.set(code, { ...consent, issuedAt: Date.now(), expiresIn, used: false });
    this.redirect(res, consent.redirectUri, { code }, consent.state);
  }

  private redirect(res: ServerResponse, redirectUri: string, params: Record<string, string>, state: string | null): void {
    const target = new URL(redirectUri);
    for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
    if (state !== null) target.searchParams.set('state', this.options.wrongState ? `${state}-not-yours` : state);
    res.writeHead(302, { location: target.toString() });
    res.end();
  }

  /** POST /token. `record` receives the parsed form (for tests to inspect). */
  async token(req: IncomingMessage, res: ServerResponse, record: (body: unknown) => void): Promise<void> {
    const body = await readBody(req, 64 * 1024);
    if (!body.ok) return;
    const form = new URLSearchParams(body.bytes.toString('utf8'));
    record(Object.fromEntries(form));
    const error = (status: number, code: string, description: string) => sendJson(res, status, { error: code, error_description: description });
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
      return error(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
    }
    if (form.get('grant_type') !== 'authorization_code') return error(400, 'unsupported_grant_type', 'grant_type must be authorization_code');
    const [clientId, code, redirectUri, verifier] = ['client_id', 'code', 'redirect_uri', 'code_verifier'].map((name) => form.get(name) ?? '');
    if (!clientId || !code || !redirectUri || !verifier) return error(400, 'invalid_request', 'client_id, code, redirect_uri and code_verifier are required');
    if (this.options.tokenServerErrors > 0) {
      this.options.tokenServerErrors -= 1;
      return error(500, 'server_error', 'Something went wrong on our side. Please try again.');
    }
    const issued = this.codes.get(code);
    if (!issued || issued.used || Date.now() - issued.issuedAt >= this.options.codeLifetimeMs) {
      return error(400, 'invalid_grant', 'The authorization code is invalid, expired or already used');
    }
    if (issued.clientId !== clientId || issued.redirectUri !== redirectUri) {
      return error(400, 'invalid_grant', 'The authorization code was issued to another client or redirect URI');
    }
    const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url');
    if (challenge !== issued.challenge) return error(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
    issued.used = true;
    sendJson(res, 200, { api_key: this.issueKey(issued.expiresIn), api_key_expires_in: issued.expiresIn });
  }
}
