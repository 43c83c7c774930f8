import { useState } from 'preact/hooks';
import type { ChatStore } from './chat-store';
import { PromptActionsSettings } from './PromptActionsSettings';

/** The stored key (masked), its removal, and the advanced base URL. */
export function SettingsPanel({ store }: { store: ChatStore }) {
  const account = store.account.value;
  const [baseUrl, setBaseUrl] = useState(account?.baseUrl ?? '');
  const [newKey, setNewKey] = useState('');
  if (!account) return null;
  const result = store.settingsResult.value;
  const keyResult = store.keyResult.value;
  return (
    <details class="settings">
      <summary>Settings</summary>
      {account.hasKey && (
        <p class="key-line">
          API key <code data-testid="key-hint">{account.keyHint}</code>{' '}
          <button type="button" class="ghost small" onClick={() => store.send({ type: 'removeKey' })}>
            Remove key
          </button>
        </p>
      )}
      {account.hasKey && (
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
            <input type="password" name="new-key" autocomplete="off" value={newKey} onInput={(event) => setNewKey(event.currentTarget.value)} />
          </label>
          <button type="submit" class="secondary" disabled={keyResult.pending || newKey.trim().length === 0}>
            {keyResult.pending ? 'Checking…' : 'Replace'}
          </button>
        </form>
      )}
      {account.hasKey && keyResult.error && (
        <p class="error" role="alert">
          {keyResult.error.message} Your current key is unchanged.
        </p>
      )}
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
        <button type="submit" class="secondary" disabled={result.pending}>
          Save
        </button>
      </form>
      <p class="fine-print">Changing it forgets the stored key, so a key is never sent to another host.</p>
      {result.error && (
        <p class="error" role="alert">
          {result.error.message}
        </p>
      )}
      {account.hasKey && <PromptActionsSettings store={store} />}
    </details>
  );
}
