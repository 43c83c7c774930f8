import type { ComponentChildren } from 'preact';
import { t } from '@/lib/i18n';
import type { ErrorInfo } from '@/lib/messaging/contracts';
import { POE_BUY_POINTS_URL, POE_SUBSCRIBE_URL } from '@/lib/messaging/rules';
import type { ChatStore } from './chat-store';
import { marked } from './HiddenMarks';
import { showFreeBots } from './ModelPicker';

/**
 * A failure in plain words with the way out, chosen by kind in this one place: a revoked key offers "Enter a new
 * key", no points links to buying points. `onDismiss` adds a close button (for notices that are not history).
 */
export function ErrorNotice({ error, store, onDismiss, children }: { error: ErrorInfo; store: ChatStore; onDismiss?: () => void; children?: ComponentChildren }) {
  const account = store.account.value;
  const signedIn = account?.keyInfo?.origin === 'signIn' && account.signIn !== undefined;
  return (
    <div class={`error error-${error.kind}`} role="alert">
      {/* A bot's own error text can carry anything: its hidden characters are shown. */}
      <span class="error-text">{marked(error.message)}</span>
      {error.kind === 'auth' &&
        (signedIn ? (
          // A signed-in key that Poe stopped accepting has expired or was revoked: signing in again makes a new one.
          <button type="button" class="secondary small" onClick={() => store.signInWithPoe()}>
            {t('errorNotice_signInAgain')}
          </button>
        ) : (
          <button type="button" class="secondary small" onClick={() => store.enterNewKey()}>
            {t('errorNotice_newKey')}
          </button>
        ))}
      {error.kind === 'insufficient_points' && (
        <a class="button-link small" href={POE_BUY_POINTS_URL} target="_blank" rel="noopener noreferrer">
          {t('errorNotice_buyPoints')}
        </a>
      )}
      {error.kind === 'subscription_required' && (
        <>
          <a class="button-link small" href={POE_SUBSCRIBE_URL} target="_blank" rel="noopener noreferrer">
            {t('errorNotice_upgrade')}
          </a>
          <button type="button" class="secondary small" onClick={showFreeBots}>
            {t('errorNotice_showFreeBots')}
          </button>
        </>
      )}
      {/* A way out only the caller knows (e.g. a lesser file offered instead). */}
      {children}
      {onDismiss && (
        <button type="button" class="ghost small dismiss" aria-label={t('errorNotice_dismiss')} onClick={onDismiss}>
          ✕
        </button>
      )}
    </div>
  );
}
