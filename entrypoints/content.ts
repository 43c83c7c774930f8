import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createContentApi, installContentApi } from '@/lib/capture/content-api';

/**
 * The page-side hand: reads the selection and the page's text, fetches same-origin links, draws the region picker.
 * Not declared for any page (`registration: 'runtime'`, no `matches`, so no host permission is added either): the
 * background injects it on demand (activeTab + scripting) into one frame and calls `globalThis.__poeToolbarContent`.
 * It never sees the API key and sends only the region picker's outcome.
 */
export default defineContentScript({
  registration: 'runtime',
  // Don't announce ourselves to the page with window.postMessage (WXT's legacy "script started" signal).
  noScriptStartedPostMessage: true,
  main() {
    installContentApi(globalThis, () =>
      createContentApi({
        doc: document,
        send: (message) => {
          browser.runtime.sendMessage(message).catch(() => {
            // The background is gone or the extension was reloaded: nobody is waiting for this answer.
          });
        },
        fetch: (input, init) => globalThis.fetch(input, init),
        isAlive: () => {
          try {
            return browser.runtime?.id != null;
          } catch {
            return false;
          }
        },
      }),
    );
  },
});
