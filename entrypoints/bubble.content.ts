import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { Bubble, type BubblePort } from '@/lib/capture/bubble/bubble';
import { startOnce } from '@/lib/capture/bubble/once';

/**
 * The opt-in selection bubble (issue 13). Declared for no page (`registration: 'runtime'`): Settings registers it with
 * `scripting.registerContentScripts` (BUBBLE_SCRIPT_ID) only while the user has it on. Thin: it mounts the bubble
 * and hands it the port of the page door; it puts nothing on `window` and posts nothing to the page.
 */
export default defineContentScript({
  registration: 'runtime',
  noScriptStartedPostMessage: true,
  main() {
    if (!/^https?:$/.test(location.protocol)) return;
    // Injected by the registration and again by turning it on in the tab on screen: one bubble per frame.
    startOnce(globalThis, () => {
      const bubble = new Bubble(document, {
        connect: (name) => browser.runtime.connect({ name }) as unknown as BubblePort,
        continueInPanel: (requestId) => browser.runtime.sendMessage({ type: 'poe-toolbar-continue', requestId }) as Promise<{ opened: boolean }>,
        video: (action) => browser.runtime.sendMessage({ type: 'poe-toolbar-video', action }) as Promise<{ opened: boolean }>,
      });
      bubble.start();
      return bubble;
    });
  },
});
