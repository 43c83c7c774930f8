import type { Runtime } from 'webextension-polyfill';

/**
 * True when a port or message comes from one of our own extension pages (side panel, popup, options), not from a
 * content script, a web page or another extension. Content scripts share our extension id but their `url` is the
 * web page's, so the URL check is what tells them apart.
 */
export function isFromExtensionPage(sender: Runtime.MessageSender | undefined, extensionId: string, extensionOrigin: string): boolean {
  if (!sender || sender.id !== extensionId) return false;
  const url = sender.url ?? '';
  return url.startsWith(extensionOrigin);
}
