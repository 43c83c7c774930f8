import { useState } from 'preact/hooks';
import type { ConversationSummary } from '@/lib/messaging/contracts';
import type { ChatStore } from './chat-store';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function ConversationRow({ conversation, store, onOpen }: { conversation: ConversationSummary; store: ChatStore; onOpen(): void }) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(conversation.title);
  const current = store.conversationId.value === conversation.id;
  if (editing) {
    return (
      <li class="history-row">
        <form
          class="field-row"
          onSubmit={(event) => {
            event.preventDefault();
            if (title.trim()) store.send({ type: 'renameConversation', conversationId: conversation.id, title: title.trim() });
            setEditing(false);
          }}
        >
          <label class="visually-hidden" for={`rename-${conversation.id}`}>
            New title
          </label>
          <input id={`rename-${conversation.id}`} value={title} onInput={(event) => setTitle(event.currentTarget.value)} autoFocus />
          <button type="submit" class="secondary small">
            Save
          </button>
        </form>
      </li>
    );
  }
  return (
    <li class={`history-row${current ? ' current' : ''}`}>
      <button
        type="button"
        class="history-open"
        onClick={() => {
          store.send({ type: 'selectConversation', conversationId: conversation.id });
          onOpen();
        }}
      >
        <span class="history-title">{conversation.title}</span>
        <span class="history-meta">
          {conversation.bot} · {dateFormat.format(conversation.updatedAt)}
        </span>
      </button>
      <button type="button" class="ghost small" aria-label={`Rename “${conversation.title}”`} onClick={() => setEditing(true)}>
        Rename
      </button>
      <button
        type="button"
        class="ghost small"
        aria-label={`Delete “${conversation.title}”`}
        onClick={() => {
          if (confirm(`Delete “${conversation.title}”?`)) store.send({ type: 'deleteConversation', conversationId: conversation.id });
        }}
      >
        Delete
      </button>
    </li>
  );
}

/** Every conversation, newest first: open, rename, delete. */
export function HistoryPanel({ store, onClose }: { store: ChatStore; onClose(): void }) {
  const searching = store.searchQuery.value.trim().length > 0;
  const conversations = (searching ? store.searchResults.value : undefined) ?? store.conversations.value;
  return (
    <section class="history" aria-label="Chat history">
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
            <ConversationRow key={conversation.id} conversation={conversation} store={store} onOpen={onClose} />
          ))}
        </ul>
      )}
    </section>
  );
}
