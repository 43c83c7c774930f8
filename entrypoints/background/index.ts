import { createBackground } from './create-background';

/** Sign in with Poe's client id, put in at build time by wxt.config.ts (empty: the key form only). */
declare const __POE_OAUTH_CLIENT_ID__: string;

export default defineBackground(() => {
  const { onMenuClicked } = createBackground({ oauthClientId: __POE_OAUTH_CLIENT_ID__ });
  // Firefox cannot dispatch a menu click from a test (Chrome can: onClicked.dispatch); the e2e build's Firefox tests
  // reach the same listener through runtime.getBackgroundPage(). The shipped build has no such hook.
  if (import.meta.env.MODE === 'e2e') (globalThis as { poeToolbarMenuClicked?: typeof onMenuClicked }).poeToolbarMenuClicked = onMenuClicked;
});
