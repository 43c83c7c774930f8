import { useState } from 'preact/hooks';
import type { ChatStore } from './chat-store';

/** Enter sends, Shift+Enter adds a line, Esc stops the answer. */
export function Composer({ store }: { store: ChatStore }) {
  const [text, setText] = useState('');
  const account = store.account.value;
  const answering = store.isAnswering.value;
  const disabledReason = !account?.hasKey ? 'Add your Poe API key to start chatting.' : undefined;

  const submit = () => {
    const message = text.trim();
    if (!message || !account || disabledReason) return;
    store.ask(account.selectedBot, message);
    setText('');
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label class="visually-hidden" for="composer-input">
        Message
      </label>
      <textarea
        id="composer-input"
        rows={2}
        value={text}
        disabled={disabledReason !== undefined}
        placeholder={disabledReason ?? `Message ${account?.selectedBot ?? ''}`}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          } else if (event.key === 'Escape' && answering) {
            store.stop();
          }
        }}
      />
      {answering ? (
        <button type="button" class="secondary" onClick={() => store.stop()}>
          Stop
        </button>
      ) : (
        <button type="submit" class="primary" disabled={disabledReason !== undefined || text.trim().length === 0}>
          Send
        </button>
      )}
    </form>
  );
}
