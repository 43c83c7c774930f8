import { t } from '@/lib/i18n';
import { PoeError } from '@/lib/poe';

/**
 * Nothing goes to a host the browser does not let Poe Toolbar reach: not the key, not a question, not even a model
 * list. A loopback server is only reachable once the user allowed it (Settings asks when its URL is saved), and the
 * user can take Poe's own hosts away again; pages then show how to allow it (components/HostAccessBanner.tsx).
 */
export function noHostAccessError(baseUrl: string): PoeError {
  let host = baseUrl;
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    // Shown as it is.
  }
  return new PoeError('forbidden', t('chatErrors_hostNotAllowed', host), {
    retryable: false,
  });
}
