import { describe, expect, it } from 'vitest';
import {
  PoeError,
  base64Url,
  buildAuthorizeUrl,
  codeChallenge,
  createPkce,
  createState,
  exchangeCode,
  oauthEndpoints,
  parseCallback,
} from '@/lib/poe';

/** RFC 7636 Appendix B: the verifier made from these 32 bytes, and its S256 challenge. */
const RFC_BYTES = new Uint8Array([
  116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132,
  141, 121,
]);
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE (S256)', () => {
  it('matches the RFC 7636 test vector', async () => {
    expect(base64Url(RFC_BYTES)).toBe(RFC_VERIFIER);
    expect(await codeChallenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
    expect(await createPkce(() => RFC_BYTES)).toEqual({ verifier: RFC_VERIFIER, challenge: RFC_CHALLENGE });
  });

  it('makes 43-character base64url verifiers from 32 fresh random bytes each time', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { verifier, challenge } = await createPkce();
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
      seen.add(verifier);
    }
    expect(seen.size).toBe(50);
    expect(createState()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(createState()).not.toBe(createState());
  });
});

describe('authorize and token endpoints', () => {
  it('signs in on poe.com for the real API and on a local Poe server itself', () => {
    expect(oauthEndpoints('https://api.poe.com')).toEqual({ authorizeUrl: 'https://poe.com/oauth/authorize', tokenUrl: 'https://api.poe.com/token' });
    expect(oauthEndpoints('http://127.0.0.1:8080/')).toEqual({ authorizeUrl: 'http://127.0.0.1:8080/oauth/authorize', tokenUrl: 'http://127.0.0.1:8080/token' });
  });

  it('builds the authorize URL with every parameter Poe requires', () => {
    const url = new URL(
      buildAuthorizeUrl({ authorizeUrl: 'https://poe.com/oauth/authorize', clientId: 'client 1', redirectUri: 'https://abc.chromiumapp.org/', challenge: RFC_CHALLENGE, state: 's&1' }),
    );
    expect(url.origin + url.pathname).toBe('https://poe.com/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client 1',
      redirect_uri: 'https://abc.chromiumapp.org/',
      response_type: 'code',
      scope: 'apikey:create',
      code_challenge: RFC_CHALLENGE,
      code_challenge_method: 'S256',
      state: 's&1',
    });
  });
});

describe('the callback', () => {
  const redirect = 'https://abc.chromiumapp.org/';
  const failure = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof PoeError) return error;
    }
    throw new Error('expected a PoeError');
  };

  it('gives the code when the state is the one sent', () => {
    expect(parseCallback(`${redirect}?code=abc&state=xyz`, 'xyz')).toEqual({ code: 'abc' });
  });

  it('rejects a callback whose state is not this sign-in’s, even one carrying a code', () => {
    for (const url of [`${redirect}?code=abc&state=other`, `${redirect}?code=abc`, `${redirect}?error=access_denied&state=other`]) {
      const error = failure(() => parseCallback(url, 'xyz'));
      expect(error.kind).toBe('protocol');
      expect(error.message).toMatch(/did not belong to this sign-in.*nothing was stored/);
    }
  });

  it('says "You cancelled sign-in" for access_denied', () => {
    const error = failure(() => parseCallback(`${redirect}?error=access_denied&error_description=User+said+no&state=xyz`, 'xyz'));
    expect(error.kind).toBe('aborted');
    expect(error.message).toMatch(/^You cancelled sign-in\./);
  });

  it('explains a refused request with Poe’s own words, cut short and without controls', () => {
    const long = `bad\u0007scope ${'x'.repeat(500)}`;
    const error = failure(() => parseCallback(`${redirect}?error=invalid_scope&error_description=${encodeURIComponent(long)}&state=xyz`, 'xyz'));
    expect(error.kind).toBe('invalid_input');
    expect(error.message).toContain('(invalid_scope)');
    expect(error.message).toContain('Poe said: “bad scope xxx');
    expect(error.message).not.toContain('\u0007');
    expect(error.message.length).toBeLessThan(450);
  });

  it('refuses a callback with neither code nor error', () => {
    expect(failure(() => parseCallback(`${redirect}?state=xyz`, 'xyz')).message).toMatch(/no sign-in code/);
  });
});

describe('the token exchange', () => {
  const request = { tokenUrl: 'https://api.poe.com/token', clientId: 'c1', code: 'code1', redirectUri: 'https://abc.chromiumapp.org/', verifier: RFC_VERIFIER };
  const answering = (status: number, body: unknown, seen?: { init?: RequestInit; url?: string }) =>
    (async (url: string, init: RequestInit) => {
      if (seen) Object.assign(seen, { url, init });
      return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
  const failed = async (status: number, body: unknown) => {
    try {
      await exchangeCode({ ...request, fetch: answering(status, body) });
    } catch (error) {
      if (error instanceof PoeError) return error;
    }
    throw new Error('expected a PoeError');
  };

  it('posts the form Poe expects, follows no redirect, and reads the key and its expiry', async () => {
    const seen: { init?: RequestInit; url?: string } = {};
    const issued = await exchangeCode({ ...request, fetch: answering(200, { api_key: 'k-123', api_key_expires_in: 2592000 }, seen) });
    expect(issued).toEqual({ apiKey: 'k-123', expiresInSeconds: 2592000 });
    expect(seen.url).toBe('https://api.poe.com/token');
    expect(seen.init?.method).toBe('POST');
    expect(seen.init?.redirect).toBe('manual');
    expect((seen.init?.headers as Record<string, string>)['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(String(seen.init?.body)))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'c1',
      code: 'code1',
      redirect_uri: 'https://abc.chromiumapp.org/',
      code_verifier: RFC_VERIFIER,
    });
  });

  it('reads a key that never expires', async () => {
    expect(await exchangeCode({ ...request, fetch: answering(200, { api_key: 'k', api_key_expires_in: null }) })).toEqual({ apiKey: 'k', expiresInSeconds: null });
  });

  it('maps each OAuth error to a message with a way out', async () => {
    const grant = await failed(400, { error: 'invalid_grant', error_description: 'code used' });
    expect(grant).toMatchObject({ kind: 'auth', retryable: false });
    expect(grant.message).toMatch(/expired or was already used\. Please sign in again/);
    const server = await failed(500, { error: 'server_error' });
    expect(server).toMatchObject({ kind: 'server', retryable: true });
    expect(server.message).toMatch(/try again in a moment/);
    expect((await failed(400, { error: 'invalid_request', error_description: 'Too many requests' })).message).toMatch(/Wait a minute.*Poe said: “Too many requests”/);
    expect((await failed(400, { error: 'unsupported_grant_type' })).message).toMatch(/Paste an API key instead/);
    expect(await failed(502, '<html>Bad gateway</html>')).toMatchObject({ kind: 'server', retryable: true });
  });

  it('never keeps a malformed answer, which could hold a key', async () => {
    const error = await failed(200, { api_key: 42, secret: 'k-should-not-appear' });
    expect(error.kind).toBe('protocol');
    expect(`${error.message} ${error.detail}`).not.toContain('k-should-not-appear');
  });

  it('says Poe could not be reached when the request fails', async () => {
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(exchangeCode({ ...request, fetch: offline })).rejects.toMatchObject({ kind: 'network', message: expect.stringMatching(/finish signing in/) });
  });
});
