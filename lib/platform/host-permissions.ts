import browser from 'webextension-polyfill';
import { uploadBaseUrlFor } from '@/lib/messaging/base-url';

/**
 * Host access can be taken away: Firefox lets people revoke an add-on's site permissions (and may not grant MV3
 * host permissions at install), Chrome's "site access" menu can restrict it. Without it every request to Poe fails,
 * so the pages check and, on a click, ask again.
 */
export function poeOrigins(baseUrl: string): string[] {
  const origins = new Set<string>();
  for (const url of [baseUrl, uploadBaseUrlFor(baseUrl)]) {
    try {
      const { protocol, hostname } = new URL(url);
      origins.add(`${protocol}//${hostname}/*`);
    } catch {
      // An unparsable URL is refused elsewhere; nothing to ask for.
    }
  }
  return [...origins];
}

export async function hasPoeAccess(baseUrl: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: poeOrigins(baseUrl) });
  } catch {
    return true;
  }
}

/** Must be called synchronously from a click: browsers only ask for permissions in a user gesture. */
export function requestPoeAccess(baseUrl: string): Promise<boolean> {
  return browser.permissions.request({ origins: poeOrigins(baseUrl) });
}
