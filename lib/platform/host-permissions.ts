import browser from 'webextension-polyfill';
import { uploadBaseUrlFor } from '@/lib/messaging/base-url';
import { ALL_SITES_PERMISSION } from '@/lib/messaging/bubble-script';

/**
 * The origins a base URL needs: its own and its upload host's. Poe's are granted at install but can be taken away
 * (Firefox lets people revoke an add-on's site permissions, Chrome's "site access" menu can restrict it); a server on
 * this computer (loopback) is only offered by the manifest and must be asked for. Without access the background sends
 * nothing there, and the pages ask, on a click.
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

/**
 * Access to every site, for the selection bubble (issue 13). Must be called synchronously from a click, like
 * {@link requestPoeAccess}. A browser that cannot ask (or fails to) counts as a refusal.
 */
export function requestAllSitesAccess(): Promise<boolean> {
  return browser.permissions.request({ origins: [ALL_SITES_PERMISSION] }).catch(() => false);
}

/**
 * Access to one web site (an origin such as `https://example.com`), asked in the user's click from an extension page
 * ("This page" was refused). Resolves false when the user or the manifest's optional permissions do not allow it.
 */
export function requestSiteAccess(origin: string): Promise<boolean> {
  return browser.permissions.request({ origins: [`${origin}/*`] }).catch(() => false);
}
