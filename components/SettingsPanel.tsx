import { useState } from 'preact/hooks';
import type { ChatStore } from './chat-store';

/** The stored key (masked), its removal, and the advanced base URL. */
export function SettingsPanel({ store }: { store: ChatStore }) {
  const account = store.account.value;
  const [baseUrl, setBaseUrl] = useState(account?.baseUrl ?? '');
  if (!account) return null;
  const result = store.settingsResult.value;
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
    </details>
  );
}
