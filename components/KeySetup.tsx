import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { POE_API_KEY_URL } from '@/lib/messaging/rules';
import type { AccountState } from '@/lib/messaging/contracts';
import type { ChatStore } from './chat-store';
import { expiryTick, keyExpiry, keyStatusText } from './key-expiry';
import { SLOT, TextWithSlot } from './text-slot';
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
        {signIn.pending ? t('keySetup_waitingForPoe') : label}
      </button>
      {signIn.pending && (
        <p class="fine-print" role="status">
          {t('keySetup_finishSignIn')}
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
      <h2 id="key-title">{t('keySetup_title')}</h2>
      {signIn && (
        <>
          <p class="muted">{t('keySetup_signInIntro')}</p>
          <SignInButton store={store} signIn={signIn} label={t('keySetup_signIn')} />
          <p class="or" aria-hidden="true">
            <span>{t('keySetup_or')}</span>
          </p>
        </>
      )}
      <form class="key-form" onSubmit={submit} aria-label={t('keySetup_pasteFormLabel')}>
        <p class="muted">
          <TextWithSlot text={t('keySetup_pasteIntro', SLOT)}>
            <a href={POE_API_KEY_URL} target="_blank" rel="noopener noreferrer">
              poe.com/api_key
            </a>
          </TextWithSlot>
        </p>
        <label class="field">
          <span>{t('keySetup_keyLabel')}</span>
          <input
            type="password"
            name="api-key"
            autocomplete="off"
            spellcheck={false}
            value={key}
            onInput={(event) => setKey(event.currentTarget.value)}
            placeholder={t('keySetup_keyPlaceholder')}
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" class={signIn ? 'secondary' : 'primary'} disabled={pending || key.trim().length === 0}>
          {pending ? t('keySetup_checking') : t('keySetup_saveKey')}
        </button>
      </form>
      <p class="fine-print">
        {signIn ? t('keySetup_keyPromiseSignIn') : t('keySetup_keyPromise')}
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
          {info?.origin === 'signIn' ? t('keySetup_signOut') : t('keySetup_removeKey')}
        </button>
      </p>
      {account.signIn && (
        <SignInButton
          store={store}
          signIn={account.signIn}
          label={info?.origin === 'signIn' ? t('keySetup_signInAgainWithPoe') : t('keySetup_signInInstead')}
          keptNote={t('keySetup_keyUnchanged')}
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
      {signIn.pending ? t('keySetup_waitingForPoe') : t('keySetup_signInAgain')}
    </button>
  ) : (
    <button type="button" class="primary small" onClick={() => store.enterNewKey()}>
      {t('keySetup_enterNewKey')}
    </button>
  );
  return (
    <div class={`notice key-expiry ${expiry.kind}`} role={expiry.kind === 'expired' ? 'alert' : 'status'} data-testid="key-expiry">
      <p>
        {expiry.kind === 'expired'
          ? t('keySetup_signInExpired')
          : t('keySetup_signInEndsIn', expiry.left)}
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
