import { useEffect, useMemo } from 'preact/hooks';
import { AccountBar } from './AccountBar';
import { createChatStore } from './chat-store';
import { Composer } from './Composer';
import { KeySetup } from './KeySetup';
import { MessageList } from './MessageList';
import { SettingsPanel } from './SettingsPanel';
import './theme.css';

/** The whole chat surface, shared by the side panel and the popup. */
export function ChatApp({ surface }: { surface: 'sidepanel' | 'popup' }) {
  const store = useMemo(createChatStore, []);
  useEffect(() => store.start(), [store]);
  const account = store.account.value;
  return (
    <main class={`app ${surface}`}>
      {!account ? (
        <p class="muted loading">Connecting…</p>
      ) : !account.hasKey ? (
        <>
          <KeySetup store={store} />
          <SettingsPanel store={store} />
        </>
      ) : (
        <>
          <AccountBar store={store} />
          <MessageList store={store} />
          <Composer store={store} />
          <SettingsPanel store={store} />
        </>
      )}
    </main>
  );
}
