import { createBackground } from './create-background';

export default defineBackground(() => {
  const { onMenuClicked } = createBackground();
  // Firefox cannot dispatch a menu click from a test (Chrome can: onClicked.dispatch); the e2e build's Firefox tests
  // reach the same listener through runtime.getBackgroundPage(). The shipped build has no such hook.
  if (import.meta.env.MODE === 'e2e') (globalThis as { poeToolbarMenuClicked?: typeof onMenuClicked }).poeToolbarMenuClicked = onMenuClicked;
});
