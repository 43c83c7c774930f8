import { useState } from 'preact/hooks';
import { requestAllSitesAccess } from '@/lib/platform/host-permissions';
import type { ChatStore } from './chat-store';

/**
 * Turning the selection bubble on: the browser's question about all sites is asked in the click itself (browsers only
 * prompt in a user gesture), and the command goes to the background only when the answer is yes. `state` is this
 * page's feedback on its own question; whether the bubble is on is the background's (the preferences).
 */
export function useTurnOnBubble(store: ChatStore) {
  const [state, setState] = useState<'asking' | 'refused' | undefined>(undefined);
  const [flipped, setFlipped] = useState(false);
  return {
    state,
    /** The user used this control (its failures are shown here). */
    flipped,
    turnOff(): void {
      setFlipped(true);
      store.pageBubbleCommand({ type: 'setPageBubble', enabled: false });
    },
    turnOn(): void {
      setFlipped(true);
      setState('asking');
      // Nothing awaited before the request: the click's gesture must still be there.
      void requestAllSitesAccess().then((granted) => {
        setState(granted ? undefined : 'refused');
        if (granted) store.pageBubbleCommand({ type: 'setPageBubble', enabled: true });
      });
    },
    reset: () => setState(undefined),
  };
}

/**
 * The bubble's state for its views: the preference, and why a switch the user flipped here did not take (rare: the
 * access was taken back between the question and the command, or the browser refused the registration). That comes
 * as the page's notice; it is shown here too, since Settings has no composer to show it under.
 */
export function useBubbleState(store: ChatStore, flipped: boolean) {
  const notice = store.notice.value;
  return { bubble: store.pageBubble.value, error: flipped && notice?.kind === 'page' ? notice : undefined };
}
