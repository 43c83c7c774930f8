import { requestPoeAccess } from '@/lib/platform/host-permissions';
import type { ChatStore } from './chat-store';

/** Shown when the browser no longer lets Poe Toolbar reach Poe; one click asks for access again. */
export function HostAccessBanner({ store }: { store: ChatStore }) {
  const account = store.account.value;
  if (!account || account.hostAccess) return null;
  const host = new URL(account.baseUrl).hostname;
  return (
    <div class="notice host-access" role="alert">
      <p>
        Poe Toolbar is not allowed to reach <strong>{host}</strong> any more, so it cannot talk to Poe. Allow it again to
        keep chatting.
      </p>
      <button
        type="button"
        class="primary small"
        onClick={() => {
          // Synchronous in the click: permission prompts need the user's gesture.
          void requestPoeAccess(account.baseUrl).then((granted) => {
            if (granted) store.refreshBalance();
          });
        }}
      >
        Allow access to {host}
      </button>
    </div>
  );
}
