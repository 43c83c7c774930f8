import type { FunctionComponent } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { Surface } from '@/lib/messaging/contracts';
import { AccountBar } from './AccountBar';
import { createChatStore, type ChatStore } from './chat-store';
import { Composer } from './Composer';
import { pageBaseUrl } from './images';
import { KeyExpiryNotice, KeySetup } from './KeySetup';
import { lazyView } from './lazy-view';
import { MessageList } from './MessageList';
import { OpenInSidePanel } from './OpenInSidePanel';
import { ParameterControls } from './ParameterControls';
import { conversationInHash, useTabAddress } from './tab-address';
import './theme.css';
import './guard.css';

const HistoryPanel = lazyView(() => import('./HistoryPanel').then((m) => m.HistoryPanel));
const UsagePanel = lazyView(() => import('./UsagePanel').then((m) => m.UsagePanel));
const SettingsPanel = lazyView(() => import('./SettingsPanel').then((m) => m.SettingsPanel));
// Shown only when the browser withholds access: fetched after the first paint, like the views.
const HostAccessBanner = lazyView(() => import('./HostAccessBanner').then((m) => m.HostAccessBanner), 'nothing');
// A compare's columns (issue 16): fetched when the first compare starts.
const CompareView = lazyView(() => import('./CompareView').then((m) => m.CompareView));
const GuardSuggestion = lazyView(() => import('./SpendingLimits').then((m) => m.GuardSuggestion), 'nothing');

/** The full tab is wide enough for the history beside the chat from this width on. */
const DOCKED_HISTORY = '(min-width: 900px)';

function useMediaQuery(query: string, enabled: boolean): boolean {
  const [matches, setMatches] = useState(() => enabled && matchMedia(query).matches);
  useEffect(() => {
    if (!enabled) return;
    const list = matchMedia(query);
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query, enabled]);
  return matches;
}

/** The whole chat surface, shared by the side panel, the popup and the full tab. */
export function ChatApp({
  surface,
  aboveComposer: AboveComposer,
}: {
  surface: Exclude<Surface, 'options'>;
  /** What a surface shows above its composer in the chat view (the side panel: the bubble suggestion, issue 13). */
  aboveComposer?: FunctionComponent<{ store: ChatStore }>;
}) {
  const tab = surface === 'tab';
  const store = useMemo(() => createChatStore(surface, tab ? conversationInHash(location.hash) : undefined), [surface, tab]);
  useTabAddress(store, tab);
  const docked = useMediaQuery(DOCKED_HISTORY, tab);
  useEffect(() => store.start(), [store]);
  const account = store.account.value;
  useEffect(() => {
    pageBaseUrl.value = account?.baseUrl;
  }, [account?.baseUrl]);
  const storeView = store.view.value;
  // With the history docked beside the chat, the main column never shows it twice.
  const view = docked && storeView === 'history' ? 'chat' : storeView;
  const signedIn = account?.hasKey === true;
  return (
    <main class={`app ${surface}${docked && signedIn ? ' docked' : ''}`}>
      {docked && signedIn && (
        <aside class="tab-sidebar" aria-label={t('chatApp_conversations')}>
          <HistoryPanel store={store} docked />
        </aside>
      )}
      <div class="app-main">
      {!account ? (
        <p class="muted loading">{t('chatApp_connecting')}</p>
      ) : !account.hasKey ? (
        <>
          <HostAccessBanner store={store} />
          <KeySetup store={store} />
          <SettingsPanel store={store} />
        </>
      ) : (
        <>
          <AccountBar store={store} surface={surface} docked={docked} />
          <HostAccessBanner store={store} />
          <KeyExpiryNotice store={store} />
          {view === 'history' && <HistoryPanel store={store} />}
          {view === 'usage' && <UsagePanel store={store} />}
          {view === 'settings' && <SettingsPanel store={store} />}
          {view === 'chat' && <GuardSuggestion store={store} />}
          {view === 'chat' && (store.compare.value ? <CompareView store={store} /> : <MessageList store={store} />)}
          {view !== 'settings' && (
            <>
              {view === 'chat' && AboveComposer && <AboveComposer store={store} />}
              <ParameterControls store={store} />
              <Composer store={store} autoFocus={surface === 'popup'} />
              {surface === 'popup' && (
                <footer class="app-footer">
                  <OpenInSidePanel />
                </footer>
              )}
            </>
          )}
        </>
      )}
      </div>
    </main>
  );
}
