import { useEffect, useMemo, useState } from 'preact/hooks';
import { AccountBar, type MainView } from './AccountBar';
import { createChatStore } from './chat-store';
import { Composer } from './Composer';
import { HistoryPanel } from './HistoryPanel';
import { HostAccessBanner } from './HostAccessBanner';
import { KeySetup } from './KeySetup';
import { MessageList } from './MessageList';
import { OpenInSidePanel } from './OpenInSidePanel';
import { ParameterControls } from './ParameterControls';
import { SettingsPanel } from './SettingsPanel';
import { UsagePanel } from './UsagePanel';
import './theme.css';

/** The whole chat surface, shared by the side panel and the popup. */
export function ChatApp({ surface }: { surface: 'sidepanel' | 'popup' }) {
  const store = useMemo(() => createChatStore(surface), [surface]);
  const [view, setView] = useState<MainView>('chat');
  useEffect(() => store.start(), [store]);
  const account = store.account.value;
  const showChat = () => setView('chat');
  return (
    <main class={`app ${surface}`}>
      {!account ? (
        <p class="muted loading">Connecting…</p>
      ) : !account.hasKey ? (
        <>
          <HostAccessBanner store={store} />
          <KeySetup store={store} />
          <SettingsPanel store={store} />
        </>
      ) : (
        <>
          <AccountBar store={store} view={view} onView={setView} />
          <HostAccessBanner store={store} />
          {view === 'history' && <HistoryPanel store={store} onClose={showChat} />}
          {view === 'usage' && <UsagePanel store={store} onOpenConversation={showChat} />}
          {view === 'chat' && <MessageList store={store} />}
          <ParameterControls store={store} />
          <Composer store={store} autoFocus={surface === 'popup'} />
          <footer class="app-footer">
            <SettingsPanel store={store} />
            {surface === 'popup' && <OpenInSidePanel />}
          </footer>
        </>
      )}
    </main>
  );
}
