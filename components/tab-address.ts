import { useEffect } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ChatStore } from './chat-store';

/**
 * The full tab's address names its conversation (`app.html#c=<id>`), so a conversation can be bookmarked, shared
 * between windows and reached with Back and Forward.
 */

const PREFIX = '#c=';

/** The conversation an address names; null for none (a new chat). */
export function conversationInHash(hash: string): string | null {
  if (!hash.startsWith(PREFIX)) return null;
  try {
    const id = decodeURIComponent(hash.slice(PREFIX.length));
    return id.length > 0 && id.length <= 100 ? id : null;
  } catch {
    return null;
  }
}

export const hashFor = (conversationId: string | null): string => (conversationId ? `${PREFIX}${encodeURIComponent(conversationId)}` : '');

/** The full tab's address for a conversation (what "Open in a tab" opens). */
export const tabUrl = (extensionRoot: string, conversationId: string | null): string => `${extensionRoot}app.html${hashFor(conversationId)}`;

/** Keeps the address and the tab's title in step with the conversation shown, and follows Back, Forward and edits. */
export function useTabAddress(store: ChatStore, enabled: boolean): void {
  const conversationId = store.conversationId.value;
  // Until the first snapshot the page shows nothing yet: the address keeps the conversation it asked for.
  const shown = store.account.value !== undefined;
  const title = store.conversations.value.find((each) => each.id === conversationId)?.title;
  useEffect(() => {
    if (!enabled) return;
    document.title = title ? t('tabAddress_title', title) : t('extName');
  }, [enabled, title]);
  useEffect(() => {
    if (!enabled || !shown || conversationInHash(location.hash) === conversationId) return;
    // A new entry for each conversation opened, so Back returns to the previous one.
    history.pushState(null, '', `${location.pathname}${location.search}${hashFor(conversationId)}`);
  }, [enabled, shown, conversationId]);
  useEffect(() => {
    if (!enabled) return;
    const follow = () => {
      const wanted = conversationInHash(location.hash);
      if (wanted === store.conversationId.peek()) return;
      if (wanted) store.openConversation(wanted);
      else store.newChat();
    };
    addEventListener('popstate', follow);
    addEventListener('hashchange', follow);
    return () => {
      removeEventListener('popstate', follow);
      removeEventListener('hashchange', follow);
    };
  }, [enabled, store]);
}
