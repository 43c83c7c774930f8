/**
 * Loopback: a Poe-compatible server on the user's own computer (the fake Poe server of the tests and the offline
 * demo, or one of the user's). Written once here, without imports, because wxt.config.ts and the scripts read it too.
 *
 * The shipped manifest only *offers* access to these hosts (`optional_host_permissions`): Poe Toolbar asks for it when
 * the user saves such a base URL, in that click, and sends nothing there until the browser allows it.
 */
export const LOOPBACK_HOSTNAMES: readonly string[] = ['127.0.0.1', 'localhost'];

/** The manifest's match patterns for them, either scheme (a loopback base URL may be http or https). */
export const LOOPBACK_HOST_PERMISSIONS: readonly string[] = LOOPBACK_HOSTNAMES.map((hostname) => `*://${hostname}/*`);

export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.includes(hostname);
}
