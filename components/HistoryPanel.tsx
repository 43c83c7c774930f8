import { useState } from 'preact/hooks';
import type { ConversationSummary } from '@/lib/messaging/contracts';
import type { ChatStore } from './chat-store';
import { displayName } from './MessageList';
import { ViewHeader } from './ViewHeader';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function ConversationRow({ conversation, store }: { conversation: ConversationSummary; store: ChatStore }) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(conversation.title);
  const current = store.conversationId.value === conversation.id;
  if (editing) {
    return (
      <li class="history-row editing">
        <form
          class="rename-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (title.trim()) store.renameConversation(conversation.id, title.trim());
            setEditing(false);
          }}
        >
          <label class="visually-hidden" for={`rename-${conversation.id}`}>
            New title
          </label>
          <input
            id={`rename-${conversation.id}`}
            value={title}
            onInput={(event) => setTitle(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setEditing(false);
            }}
            autoFocus
          />
          <button type="button" class="ghost small" onClick={() => setEditing(false)}>
            Cancel
          </button>
          <button type="submit" class="secondary small">
            Save
          </button>
        </form>
      </li>
    );
  }
  return (
    <li class={`history-row${current ? ' current' : ''}`}>
      <button type="button" class="history-open" onClick={() => store.openConversation(conversation.id, conversation.bot)}>
        <span class="history-title">{conversation.title}</span>
        <span class="history-meta">
          {displayName(store.models.value, conversation.bot)} · {dateFormat.format(conversation.updatedAt)}
        </span>
      </button>
      <span class="row-actions">
        <button type="button" class="ghost small" aria-label={`Rename “${conversation.title}”`} onClick={() => setEditing(true)}>
          Rename
        </button>
        <button
          type="button"
          class="ghost small"
          aria-label={`Delete “${conversation.title}”`}
          onClick={() => {
            if (confirm(`Delete “${conversation.title}”?`)) store.deleteConversation(conversation.id);
          }}
        >
          Delete
        </button>
      </span>
    </li>
  );
}

/** Every conversation, newest first: search, open, rename, delete. */
export function HistoryPanel({ store }: { store: ChatStore }) {
  const searching = store.searchQuery.value.trim().length > 0;
  const conversations = (searching ? store.searchResults.value : undefined) ?? store.conversations.value;
  return (
    <section class="history" aria-label="Chat history">
      <ViewHeader store={store} title="History" />
      <input
        type="search"
        class="history-search"
        aria-label="Search conversations"
        placeholder="Search titles and messages"
        value={store.searchQuery.value}
        onInput={(event) => store.search(event.currentTarget.value)}
      />
      {conversations.length === 0 ? (
        <p class="muted empty">{searching ? 'No conversation matches.' : 'No conversations yet.'}</p>
      ) : (
        <ul>
          {conversations.map((conversation) => (
            <ConversationRow key={conversation.id} conversation={conversation} store={store} />
          ))}
        </ul>
      )}
    </section>
  );
}
