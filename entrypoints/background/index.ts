import { PoeSignIn } from '@/lib/chat/sign-in';
import { authRedirectUrl, launchWebAuth, webAuthAvailable } from '@/lib/platform/web-auth';
import { createBackground, type SignInWiring } from './create-background';

/** Sign in with Poe's client id, put in at build time by wxt.config.ts (empty: the key form only). */
declare const __POE_OAUTH_CLIENT_ID__: string;

/** A constant at build time: without a client id the bundler drops Sign in with Poe altogether. */
const makeSignIn = __POE_OAUTH_CLIENT_ID__
  ? (wiring: SignInWiring) =>
      // The identity permission comes with the client id; an API still missing means the key form only.
      webAuthAvailable() ? new PoeSignIn({ ...wiring, clientId: __POE_OAUTH_CLIENT_ID__, launch: launchWebAuth, redirectUrl: authRedirectUrl }) : undefined
  : undefined;

export default defineBackground(() => {
  const { onMenuClicked } = createBackground(makeSignIn ? { makeSignIn } : {});
  // Firefox cannot dispatch a menu click from a test (Chrome can: onClicked.dispatch); the e2e build's Firefox tests
  // reach the same listener through runtime.getBackgroundPage(). The shipped build has no such hook.
  if (import.meta.env.MODE === 'e2e') (globalThis as { poeToolbarMenuClicked?: typeof onMenuClicked }).poeToolbarMenuClicked = onMenuClicked;
});
