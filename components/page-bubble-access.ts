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
  return {
    state,
    turnOn(): void {
      setState('asking');
      // Nothing awaited before the request: the click's gesture must still be there.
      void requestAllSitesAccess().then((granted) => {
        setState(granted ? undefined : 'refused');
        if (granted) store.setPageBubble(true);
      });
    },
    reset: () => setState(undefined),
  };
}
