import browser from 'webextension-polyfill';

/**
 * The browser's OAuth window (`identity.launchWebAuthFlow`), run from the background: it owns the key, and the popup
 * that asked would be closed by the window taking focus anyway. Neither browser asks for a user gesture here (Chrome
 * runs it from the service worker; Firefox from the event page). The `identity` permission is only in builds with a
 * client id (wxt.config.ts), so the API may be absent.
 *
 * Redirect URL (what the publisher registers at poe.com/api/clients): Chrome `https://<extension id>.chromiumapp.org/`,
 * Firefox `https://<sha1 of the add-on id>.extensions.allizom.org/`; the browser catches the navigation to it.
 */
export function webAuthAvailable(): boolean {
  return typeof browser.identity?.launchWebAuthFlow === 'function';
}

export function authRedirectUrl(): string {
  return browser.identity.getRedirectURL();
}

/** Where the sign-in window ended: the URL it was sent back to, or why it ended without one. */
export type WebAuthResult = { ok: true; url: string } | { ok: false; failure: 'cancelled' | 'unreachable' };

/**
 * Opens `url` in the browser's sign-in window. `cancelled`: the person closed the window (Chrome: "The user did not
 * approve access."; Firefox: "User cancelled or denied access."); `unreachable`: the page could not be loaded.
 */
export async function launchWebAuth(url: string): Promise<WebAuthResult> {
  try {
    const callback = await browser.identity.launchWebAuthFlow({ url, interactive: true });
    return callback ? { ok: true, url: callback } : { ok: false, failure: 'cancelled' };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { ok: false, failure: /approve|cancel|denied|closed/i.test(text) ? 'cancelled' : 'unreachable' };
  }
}
