import { useEffect, useMemo, useState } from 'preact/hooks';
import { AccountBar } from './AccountBar';
import { createChatStore } from './chat-store';
import { Composer } from './Composer';
import { HistoryPanel } from './HistoryPanel';
import { KeySetup } from './KeySetup';
import { MessageList } from './MessageList';
import { SettingsPanel } from './SettingsPanel';
import './theme.css';

/** The whole chat surface, shared by the side panel and the popup. */
export function ChatApp({ surface }: { surface: 'sidepanel' | 'popup' }) {
  const store = useMemo(createChatStore, []);
  const [showHistory, setShowHistory] = useState(false);
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
          <AccountBar store={store} historyOpen={showHistory} onToggleHistory={() => setShowHistory(!showHistory)} />
          {showHistory ? <HistoryPanel store={store} onClose={() => setShowHistory(false)} /> : <MessageList store={store} />}
          <Composer store={store} />
          <SettingsPanel store={store} />
        </>
      )}
    </main>
  );
}
