import { useState } from 'preact/hooks';
import { POE_API_KEY_URL } from '@/lib/messaging/rules';
import type { AccountState } from '@/lib/messaging/contracts';
import type { ChatStore } from './chat-store';
import { expiryTick, keyExpiry, keyStatusText } from './key-expiry';
import { useNow } from './use-now';

/**
 * The "Sign in with Poe" button (only in builds with a client id: `account.signIn` is then present), what is
 * happening while Poe's window is open, and why the last sign-in failed.
 */
function SignInButton({
  store,
  signIn,
  label,
  keptNote,
  quiet = false,
}: {
  store: ChatStore;
  signIn: NonNullable<AccountState['signIn']>;
  label: string;
  keptNote?: string;
  /** A secondary button at its own width (Settings, while the key is good). */
  quiet?: boolean;
}) {
  const error = signIn.error;
  // The user's own "no" is not a failure: said plainly, not in red.
  const cancelled = error?.kind === 'aborted';
  return (
    <div class={`sign-in${quiet ? ' quiet' : ''}`}>
      <button type="button" class={quiet ? 'secondary' : 'primary'} disabled={signIn.pending} onClick={() => store.signInWithPoe()}>
        {signIn.pending ? 'Waiting for Poe…' : label}
      </button>
      {signIn.pending && (
        <p class="fine-print" role="status">
          Finish signing in with Poe in the window that opened. Closing that window cancels.
        </p>
      )}
      {!signIn.pending && error && (
        <p class={cancelled ? 'notice' : 'error'} role={cancelled ? 'status' : 'alert'} data-testid="sign-in-outcome">
          {error.message}
          {keptNote ? ` ${keptNote}` : ''}
        </p>
      )}
    </div>
  );
}

/** First run: sign in with Poe where the build can, or paste a Poe API key. A pasted key is checked before it is kept. */
export function KeySetup({ store }: { store: ChatStore }) {
  const [key, setKey] = useState('');
  const pending = store.keyPending.value;
  const error = store.keyError.value;
  const signIn = store.account.value?.signIn;
  const submit = (event: Event) => {
    event.preventDefault();
    if (key.trim()) store.submitKey(key.trim());
  };
  return (
    <section class="card key-setup" aria-labelledby="key-title">
      <h2 id="key-title">Connect your Poe account</h2>
      {signIn && (
        <>
          <p class="muted">Sign in with your Poe account: Poe makes a key for Poe Toolbar, and you choose how long it lasts.</p>
          <SignInButton store={store} signIn={signIn} label="Sign in with Poe" />
          <p class="or" aria-hidden="true">
            <span>or</span>
          </p>
        </>
      )}
      <form class="key-form" onSubmit={submit} aria-label="Paste an API key">
        <p class="muted">
          Paste your Poe API key. Get one at{' '}
          <a href={POE_API_KEY_URL} target="_blank" rel="noopener noreferrer">
            poe.com/api_key
          </a>
          .
        </p>
        <label class="field">
          <span>Poe API key</span>
          <input
            type="password"
            name="api-key"
            autocomplete="off"
            spellcheck={false}
            value={key}
            onInput={(event) => setKey(event.currentTarget.value)}
            placeholder="Paste your key"
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" class={signIn ? 'secondary' : 'primary'} disabled={pending || key.trim().length === 0}>
          {pending ? 'Checking…' : 'Save key'}
        </button>
      </form>
      <p class="fine-print">
        The key stays in this browser, readable only by Poe Toolbar's background, and is sent only to Poe. It can spend
        your whole point balance: remove it here whenever you like{signIn ? ', and see or revoke signed-in keys at poe.com/api/keys' : ''}.
      </p>
    </section>
  );
}

/** Settings: how the stored key came and when it expires ("Signed in with Poe · key expires in 29 days"), and the way to renew it. */
export function KeyStatus({ store }: { store: ChatStore }) {
  const account = store.account.value;
  const info = account?.keyInfo;
  const tick = expiryTick(info, Date.now());
  const now = useNow(tick !== undefined, tick);
  if (!account) return null;
  const expiry = keyExpiry(info, now);
  return (
    <>
      {/* Where a key can only be pasted, "Pasted API key" would say nothing. */}
      {(info?.origin === 'signIn' || account.signIn) && (
        <p class={`key-status${expiry.kind === 'expired' ? ' expired' : ''}`} data-testid="key-status">
          {keyStatusText(info, now)}
        </p>
      )}
      <p class="key-line">
        <code data-testid="key-hint">{account.keyHint}</code>{' '}
        <button type="button" class="ghost small" onClick={() => store.removeKey()}>
          {info?.origin === 'signIn' ? 'Sign out' : 'Remove key'}
        </button>
      </p>
      {account.signIn && (
        <SignInButton
          store={store}
          signIn={account.signIn}
          label={info?.origin === 'signIn' ? 'Sign in with Poe again' : 'Sign in with Poe instead'}
          keptNote="Your current key is unchanged."
          quiet={expiry.kind !== 'soon' && expiry.kind !== 'expired'}
        />
      )}
    </>
  );
}

/**
 * Poe gives no refresh token: from a few days before a signed-in key lapses, and once it has, every view says so with
 * the one way out, signing in again.
 */
export function KeyExpiryNotice({ store }: { store: ChatStore }) {
  const account = store.account.value;
  const info = account?.keyInfo;
  const tick = expiryTick(info, Date.now());
  const now = useNow(tick !== undefined, tick);
  const expiry = keyExpiry(info, now);
  if (!account || (expiry.kind !== 'soon' && expiry.kind !== 'expired')) return null;
  const signIn = account.signIn;
  const again = signIn ? (
    <button type="button" class="primary small" disabled={signIn.pending} onClick={() => store.signInWithPoe()}>
      {signIn.pending ? 'Waiting for Poe…' : 'Sign in again'}
    </button>
  ) : (
    <button type="button" class="primary small" onClick={() => store.enterNewKey()}>
      Enter a new key
    </button>
  );
  return (
    <div class={`notice key-expiry ${expiry.kind}`} role={expiry.kind === 'expired' ? 'alert' : 'status'} data-testid="key-expiry">
      <p>
        {expiry.kind === 'expired'
          ? 'Your Poe sign-in has expired, so Poe no longer accepts Poe Toolbar’s key. Sign in again to keep chatting.'
          : `Your Poe sign-in ends in ${expiry.left}. Sign in again now to keep chatting without a break.`}
      </p>
      {again}
      {signIn?.error && !signIn.pending && (
        <p class="error" role="alert">
          {signIn.error.message}
        </p>
      )}
    </div>
  );
}
