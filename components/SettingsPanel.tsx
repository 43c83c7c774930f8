import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatStore } from './chat-store';
import { PromptActionsSettings } from './PromptActionsSettings';
import { SpendingLimits } from './SpendingLimits';
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
          <span>Replace key</span>
          <input ref={input} type="password" name="new-key" autocomplete="off" value={newKey} onInput={(event) => setNewKey(event.currentTarget.value)} />
        </label>
        <button type="submit" class="secondary" disabled={pending || newKey.trim().length === 0}>
          {pending ? 'Checking…' : 'Replace'}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error.message} Your current key is unchanged.
        </p>
      )}
    </>
  );
}

/** The base URL (advanced): saving says so, or says what is wrong. */
function BaseUrl({ store }: { store: ChatStore }) {
  const account = store.account.value;
  const [baseUrl, setBaseUrl] = useState(account?.baseUrl ?? '');
  const pending = store.baseUrlPending.value;
  const result = store.baseUrlResult.value;
  return (
    <>
      <form
        class="field-row"
        onSubmit={(event) => {
          event.preventDefault();
          store.saveBaseUrl(baseUrl);
        }}
      >
        <label class="field">
          <span>Poe API base URL (advanced)</span>
          <input name="base-url" value={baseUrl} onInput={(event) => setBaseUrl(event.currentTarget.value)} />
        </label>
        <button type="submit" class="secondary" disabled={pending}>
          {pending ? 'Saving…' : 'Save'}
        </button>
      </form>
      <p class="fine-print">Changing it forgets the stored key, so a key is never sent to another host.</p>
      {result?.ok === true && !pending && (
        <p class="saved" role="status">
          Saved. Poe Toolbar now talks to {account?.baseUrl}.
        </p>
      )}
      {result?.ok === false && (
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
        <summary>Advanced settings</summary>
        <BaseUrl store={store} />
      </details>
    );
  }
  return (
    <section class="settings" aria-label="Settings">
      <ViewHeader store={store} title="Settings" />
      <h3>Poe API key</h3>
      <p class="key-line">
        <code data-testid="key-hint">{account.keyHint}</code>{' '}
        <button type="button" class="ghost small" onClick={() => store.removeKey()}>
          Remove key
        </button>
      </p>
      <ReplaceKey store={store} />
      <SpendingLimits store={store} />
      <PromptActionsSettings store={store} />
      <h3>Advanced</h3>
      <BaseUrl store={store} />
    </section>
  );
}
