import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConversationSummary, SearchResult } from '@/lib/messaging/contracts';
import type { ChatStore } from './chat-store';
import { displayName } from './MessageList';
import { ViewHeader } from './ViewHeader';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function ConversationRow({ conversation, store, children }: { conversation: ConversationSummary; store: ChatStore; children?: ComponentChildren }) {
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
        {children}
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

/** The matched text around a search hit, the matched words marked. */
function Snippet({ result }: { result: SearchResult }) {
  const parts: (string | { mark: string })[] = [];
  let at = 0;
  for (const [start, end] of result.highlights) {
    if (start < at || end <= start) continue;
    parts.push(result.snippet.slice(at, start), { mark: result.snippet.slice(start, end) });
    at = end;
  }
  parts.push(result.snippet.slice(at));
  return (
    <span class="history-snippet">
      {parts.map((part) => (typeof part === 'string' ? part : <mark>{part.mark}</mark>))}
    </span>
  );
}

/** Loads the next page of the list when its end scrolls into view (and on a click, for keyboards). */
function MoreConversations({ store }: { store: ChatStore }) {
  const sentinel = useRef<HTMLLIElement>(null);
  useEffect(() => {
    const element = sentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) store.loadMoreConversations();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [store]);
  return (
    <li ref={sentinel} class="history-more">
      <button type="button" class="ghost small" onClick={() => store.loadMoreConversations()}>
        Show older conversations
      </button>
    </li>
  );
}

/** Every conversation, newest first, a page at a time: search, open, rename, delete. */
export function HistoryPanel({ store }: { store: ChatStore }) {
  const searching = store.searchQuery.value.trim().length > 0;
  const results = searching ? store.searchResults.value : undefined;
  const conversations = store.conversations.value;
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
      {searching ? (
        results === undefined ? (
          <p class="muted empty" role="status">
            Searching…
          </p>
        ) : results.length === 0 ? (
          <p class="muted empty">No conversation matches.</p>
        ) : (
          <ul aria-label="Search results">
            {results.map((result) => (
              <ConversationRow key={result.conversation.id} conversation={result.conversation} store={store}>
                <Snippet result={result} />
              </ConversationRow>
            ))}
          </ul>
        )
      ) : conversations.length === 0 ? (
        <p class="muted empty">No conversations yet.</p>
      ) : (
        <ul>
          {conversations.map((conversation) => (
            <ConversationRow key={conversation.id} conversation={conversation} store={store} />
          ))}
          {store.moreConversations.value && <MoreConversations store={store} />}
        </ul>
      )}
    </section>
  );
}
