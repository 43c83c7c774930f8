import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { isLoopbackUrl } from '@/lib/messaging/base-url';
import { requestPoeAccess } from '@/lib/platform/host-permissions';
import type { ChatStore } from './chat-store';
import { SLOT, TextWithSlot } from './text-slot';

export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname;
  } catch {
    return baseUrl;
  }
}

/** Why Poe Toolbar needs the browser's permission for a base URL, in one sentence (without the host's markup). */
export function accessReason(baseUrl: string): string {
  const host = hostOf(baseUrl);
  return isLoopbackUrl(baseUrl)
    ? t('hostAccessBanner_loopbackReason', host)
    : t('hostAccessBanner_notAllowedReason', host);
}

/**
 * Asking the browser for access to a base URL's hosts. `ask` must be called synchronously in a click (browsers only
 * prompt in a user gesture). `state` is only this page's feedback on its own question (the prompt is open, the answer
 * was no); whether access is granted is the browser's, and the background reports it (`account.hostAccess`).
 */
export function useAccessRequest() {
  const [state, setState] = useState<'asking' | 'refused' | undefined>(undefined);
  return {
    state,
    ask(baseUrl: string, onGranted: () => void): void {
      setState('asking');
      // Synchronous in the click, nothing awaited first: permission prompts need the user's gesture.
      requestPoeAccess(baseUrl).then(
        (granted) => {
          setState(granted ? undefined : 'refused');
          if (granted) onGranted();
        },
        () => setState('refused'),
      );
    },
    reset: () => setState(undefined),
  };
}

/**
 * Shown when the browser does not let Poe Toolbar reach the base URL: a server on this computer whose access was
 * never allowed (or was taken back), or Poe itself after the user turned its site access off. One click asks.
 */
export function HostAccessBanner({ store }: { store: ChatStore }) {
  const account = store.account.value;
  const access = useAccessRequest();
  if (!account || account.hostAccess) return null;
  const host = hostOf(account.baseUrl);
  const loopback = isLoopbackUrl(account.baseUrl);
  return (
    <div class="notice host-access" role="alert">
      {loopback ? (
        <p>
          <TextWithSlot text={t('hostAccessBanner_loopback', SLOT)}>
            <strong>{host}</strong>
          </TextWithSlot>
        </p>
      ) : (
        <p>
          <TextWithSlot text={t('hostAccessBanner_turnedOff', SLOT)}>
            <strong>{host}</strong>
          </TextWithSlot>
        </p>
      )}
      {access.state === 'refused' && <p>{t('hostAccessBanner_refused', host)}</p>}
      <button
        type="button"
        class="primary small"
        disabled={access.state === 'asking'}
        onClick={() =>
          access.ask(account.baseUrl, () => {
            store.refreshBalance();
            store.refreshModels();
          })
        }
      >
        {access.state === 'refused' ? t('hostAccessBanner_askAgain', host) : t('hostAccessBanner_allow', host)}
      </button>
    </div>
  );
}
