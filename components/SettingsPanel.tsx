import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { isLoopbackUrl, normaliseBaseUrl } from '@/lib/messaging/base-url';
import type { ChatStore } from './chat-store';
import { accessReason, hostOf, useAccessRequest } from './HostAccessBanner';
import { KeyStatus } from './KeySetup';
import { PageBubbleSettings } from './PageBubbleSettings';
import { PromptActionsSettings } from './PromptActionsSettings';
import { SpendingLimits } from './SpendingLimits';
import { TranslationSetting } from './TranslationSetting';
import { VideoNotifySetting } from './VideoNotifySetting';
import { ViewHeader } from './ViewHeader';

/** The key field that replaces the stored key; focused when an answer said the key was rejected. */
function ReplaceKey({ store }: { store: ChatStore }) {
  const [newKey, setNewKey] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const focus = store.focusKeyEntry.value;
  useEffect(() => {
    if (focus > 0) input.current?.focus();
  }, [focus]);
  const pending = store.keyPending.value;
  const error = store.keyError.value;
  return (
    <>
      <form
        class="field-row"
        onSubmit={(event) => {
          event.preventDefault();
          if (newKey.trim()) store.submitKey(newKey.trim());
          setNewKey('');
        }}
      >
        <label class="field">
          <span>{t('settingsPanel_replaceKey')}</span>
          <input ref={input} type="password" name="new-key" autocomplete="off" value={newKey} onInput={(event) => setNewKey(event.currentTarget.value)} />
        </label>
        <button type="submit" class="secondary" disabled={pending || newKey.trim().length === 0}>
          {pending ? t('keySetup_checking') : t('settingsPanel_replace')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error.message} {t('keySetup_keyUnchanged')}
        </p>
      )}
    </>
  );
}

/**
 * The base URL (advanced): saving says so, or says what is wrong. Saving first asks the browser for access to the
 * URL's hosts, in the click itself (browsers only prompt in a user gesture): a server on this computer is only
 * reachable once the user allows it. Refused, nothing is saved, the typed URL stays, and a button asks again.
 */
function BaseUrl({ store }: { store: ChatStore }) {
  const account = store.account.value;
  const [baseUrl, setBaseUrl] = useState(account?.baseUrl ?? '');
  const access = useAccessRequest();
  const pending = store.baseUrlPending.value;
  const result = store.baseUrlResult.value;
  const typed = normaliseBaseUrl(baseUrl);
  const save = () => {
    // A URL the background refuses anyway needs no access: it is sent as typed, to be told what is wrong with it.
    if (!typed) {
      access.reset();
      store.saveBaseUrl(baseUrl);
      return;
    }
    access.ask(typed, () => store.saveBaseUrl(baseUrl));
  };
  return (
    <>
      <form
        class="field-row"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <label class="field">
          <span>{t('settingsPanel_baseUrl')}</span>
          <input
            name="base-url"
            value={baseUrl}
            onInput={(event) => {
              setBaseUrl(event.currentTarget.value);
              if (access.state === 'refused') access.reset();
            }}
          />
        </label>
        <button type="submit" class="secondary" disabled={pending || access.state === 'asking'}>
          {pending || access.state === 'asking' ? t('settingsPanel_saving') : t('common_save')}
        </button>
      </form>
      <p class="fine-print">
        {t('settingsPanel_baseUrlHelp')}
      </p>
      {access.state === 'asking' && typed && isLoopbackUrl(typed) && (
        <p class="notice" role="status">
          {accessReason(typed)} {t('settingsPanel_answerToSave')}
        </p>
      )}
      {access.state === 'refused' && typed && (
        <div class="error host-access" role="alert">
          <p>
            {t('settingsPanel_baseUrlRefused', hostOf(typed))} {accessReason(typed)}
          </p>
          <button type="button" class="secondary small" onClick={save}>
            {t('settingsPanel_askAgain')}
          </button>
        </div>
      )}
      {result?.ok === true && !pending && access.state === undefined && (
        <p class="saved" role="status">
          {t('settingsPanel_baseUrlSaved', account?.baseUrl ?? '')}
        </p>
      )}
      {result?.ok === false && access.state === undefined && (
        <p class="error" role="alert">
          {result.error.message}
        </p>
      )}
    </>
  );
}

/** Settings, a view of its own: the stored key (masked), its replacement or removal, menu actions, the base URL. */
export function SettingsPanel({ store }: { store: ChatStore }) {
  const account = store.account.value;
  if (!account) return null;
  if (!account.hasKey) {
    return (
      <details class="advanced-settings">
        <summary>{t('settingsPanel_advancedSettings')}</summary>
        <BaseUrl store={store} />
      </details>
    );
  }
  return (
    <section class="settings" aria-label={t('settingsPanel_title')}>
      <ViewHeader store={store} title={t('settingsPanel_title')} />
      <h3>{t('keySetup_keyLabel')}</h3>
      <KeyStatus store={store} />
      <ReplaceKey store={store} />
      <SpendingLimits store={store} />
      <PromptActionsSettings store={store} />
      <PageBubbleSettings store={store} />
      <TranslationSetting store={store} />
      <VideoNotifySetting />
      <h3>{t('settingsPanel_advanced')}</h3>
      <BaseUrl store={store} />
    </section>
  );
}
