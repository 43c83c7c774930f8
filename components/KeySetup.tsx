import { useState } from 'preact/hooks';
import { POE_API_KEY_URL } from '@/lib/messaging/rules';
import type { ChatStore } from './chat-store';

/** First run: paste a Poe API key. It is checked against Poe before it is kept. */
export function KeySetup({ store }: { store: ChatStore }) {
  const [key, setKey] = useState('');
  const pending = store.keyPending.value;
  const error = store.keyError.value;
  const submit = (event: Event) => {
    event.preventDefault();
    if (key.trim()) store.submitKey(key.trim());
  };
  return (
    <form class="card key-setup" onSubmit={submit} aria-labelledby="key-title">
      <h2 id="key-title">Connect your Poe account</h2>
      <p class="muted">
        Paste your Poe API key. Get one at{' '}
        <a href={POE_API_KEY_URL} target="_blank" rel="noopener noreferrer">
          poe.com/api_key
        </a>
        .
      </p>
      <label class="field">
        <span>Poe API key</span>
        <input
          type="password"
          name="api-key"
          autocomplete="off"
          spellcheck={false}
          value={key}
          onInput={(event) => setKey(event.currentTarget.value)}
          placeholder="Paste your key"
        />
      </label>
      {error && (
        <p class="error" role="alert">
          {error.message}
        </p>
      )}
      <button type="submit" class="primary" disabled={pending || key.trim().length === 0}>
        {pending ? 'Checking…' : 'Save key'}
      </button>
      <p class="fine-print">
        The key stays in this browser, readable only by Poe Toolbar's background, and is sent only to Poe. It can spend
        your whole point balance: remove it here whenever you like.
      </p>
    </form>
  );
}
