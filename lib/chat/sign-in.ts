import { t } from '@/lib/i18n';
import { PoeError, buildAuthorizeUrl, cancelledError, createPkce, createState, exchangeCode, oauthEndpoints, parseCallback, type IssuedKey } from '@/lib/poe';
import type { ErrorInfo, StoredKeyInfo } from '@/lib/messaging/contracts';
import { toAccountErrorInfo } from './errors';

/** Where the browser's sign-in window ended (lib/platform/web-auth.ts). */
export type WebAuthResult = { ok: true; url: string } | { ok: false; failure: 'cancelled' | 'unreachable' };

export interface SignInDeps {
  /** The publisher's OAuth client id, built in. */
  clientId: string;
  /** The browser's redirect URL for this extension (what the publisher registered). */
  redirectUrl: () => string;
  /** Opens the consent page in the browser's sign-in window. */
  launch: (url: string) => Promise<WebAuthResult>;
  readBaseUrl: () => Promise<string>;
  /** Checks the new key against Poe and stores it, as a pasted key is (AccountService.setKey). */
  storeKey: (key: string, info: StoredKeyInfo) => Promise<{ ok: true } | { ok: false; error: ErrorInfo }>;
  /** A sign-in started or ended: pages are told, and the background is kept alive while the window is open. */
  onChange: (pending: boolean) => void;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Poe says a `server_error` from the token endpoint is safe to retry: twice more, after these pauses. */
export const TOKEN_RETRY_DELAYS_MS = [1_000, 3_000] as const;

/**
 * Sign in with Poe, run by the background: PKCE and state are made here and never leave it except to Poe; the code
 * is exchanged here; the key is checked and stored like a pasted one. One sign-in at a time. Never throws: the
 * outcome is the stored key, or `status().error`, which pages show.
 */
export class PoeSignIn {
  private running: Promise<void> | undefined;
  private error: ErrorInfo | undefined;

  constructor(private readonly deps: SignInDeps) {}

  status(): { pending: boolean; error?: ErrorInfo } {
    return { pending: this.running !== undefined, ...(this.error ? { error: this.error } : {}) };
  }

  /** A key was stored or removed another way: the last sign-in failure is history. */
  clearError(): void {
    this.error = undefined;
  }

  /** Opens Poe's consent window; a second call while it is open waits for the same sign-in. */
  signIn(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
      this.deps.onChange(false);
    });
    return this.running;
  }

  private async run(): Promise<void> {
    this.error = undefined;
    this.deps.onChange(true);
    try {
      const baseUrl = await this.deps.readBaseUrl();
      const issued = await this.obtainKey(baseUrl);
      // The user pointed Poe Toolbar at another Poe while the window was open: this key belongs to the old one.
      if ((await this.deps.readBaseUrl()) !== baseUrl) {
        throw new PoeError('aborted', t('signIn_baseUrlChanged'), { retryable: false });
      }
      const now = (this.deps.now ?? Date.now)();
      const info: StoredKeyInfo = {
        origin: 'signIn',
        ...(issued.expiresInSeconds !== null ? { expiresAt: now + issued.expiresInSeconds * 1000 } : {}),
      };
      const stored = await this.deps.storeKey(issued.apiKey, info);
      if (!stored.ok) this.error = stored.error;
    } catch (error) {
      this.error = toAccountErrorInfo(error);
    }
  }

  private async obtainKey(baseUrl: string): Promise<IssuedKey> {
    const { authorizeUrl, tokenUrl } = oauthEndpoints(baseUrl);
    const { verifier, challenge } = await createPkce();
    const state = createState();
    const redirectUri = this.deps.redirectUrl();
    const result = await this.deps.launch(buildAuthorizeUrl({ authorizeUrl, clientId: this.deps.clientId, redirectUri, challenge, state }));
    if (!result.ok) {
      if (result.failure === 'cancelled') throw cancelledError();
      throw new PoeError('network', t('signIn_pageNotOpened'), { retryable: false });
    }
    const { code } = parseCallback(result.url, state);
    const exchange = () =>
      exchangeCode({ tokenUrl, clientId: this.deps.clientId, code, redirectUri, verifier, ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}) });
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (const delay of TOKEN_RETRY_DELAYS_MS) {
      try {
        return await exchange();
      } catch (error) {
        if (!(error instanceof PoeError && error.kind === 'server')) throw error;
        await sleep(delay);
      }
    }
    return exchange();
  }
}
