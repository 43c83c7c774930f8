import { useEffect, useRef, useState } from 'preact/hooks';
import { isInProgress } from '@/lib/messaging/contracts';
import type { ChatStore, MessageView } from './chat-store';
import { CopyButton } from './CopyButton';
import { FileList, MessageBody, unreferencedFiles } from './MessageBody';

const STATUS_LABEL: Record<string, string> = {
  pending: 'Waiting for Poe…',
  streaming: 'Answering…',
  stopped: 'Stopped',
  incomplete: 'Incomplete',
  interrupted: 'Interrupted',
  error: 'Error',
};

function RetryCountdown({ until, message }: { until: number; message: string }) {
  const seconds = Math.max(0, Math.ceil((until - Date.now()) / 1000));
  return (
    <p class="notice" role="status">
      {message} Retrying in {seconds} s…
    </p>
  );
}

function EditForm({ view, store, onDone }: { view: MessageView; store: ChatStore; onDone(): void }) {
  const [text, setText] = useState(view.text.value);
  return (
    <form
      class="edit-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) store.editAndResend(view.id, text.trim());
        onDone();
      }}
    >
      <label class="visually-hidden" for={`edit-${view.id}`}>
        Edit message
      </label>
      <textarea id={`edit-${view.id}`} value={text} onInput={(event) => setText(event.currentTarget.value)} rows={3} />
      <div class="actions">
        <button type="button" class="ghost small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" class="primary small">
          Save and resend
        </button>
      </div>
    </form>
  );
}

function Message({ view, store }: { view: MessageView; store: ChatStore }) {
  const [editing, setEditing] = useState(false);
  const info = view.info.value;
  if (editing) return <EditForm view={view} store={store} onDone={() => setEditing(false)} />;
  const botName = store.models.value.find((model) => model.id === info.bot)?.displayName ?? info.bot;
  const failed = !isInProgress(info.status) && info.status !== 'complete';
  return (
    <article class={`message ${info.role} status-${info.status}`} data-status={info.status} aria-label={info.role === 'user' ? 'You' : botName}>
      {info.role === 'bot' && (
        <div class="author">
          {botName}
          {info.pointsCost !== undefined && <span class="cost"> · {info.pointsCost} points</span>}
        </div>
      )}
      {info.attachments && <FileList files={info.attachments} />}
      <MessageBody view={view} />
      {info.role === 'bot' && <FileList files={unreferencedFiles(info.files, view.text.value)} />}
      {info.status === 'retrying' && info.retryAt !== undefined && info.error && (
        <RetryCountdown until={info.retryAt} message={info.error.message} />
      )}
      {info.role === 'bot' && STATUS_LABEL[info.status] && info.status !== 'error' && (
        <div class="status-line">{STATUS_LABEL[info.status]}</div>
      )}
      {info.error && info.status !== 'retrying' && (
        <p class="error" role="alert">
          {info.error.message}
        </p>
      )}
      {info.suggestedReplies && info.suggestedReplies.length > 0 && (
        <div class="chips">
          {info.suggestedReplies.map((reply) => (
            <button type="button" class="chip" onClick={() => store.ask(info.bot, reply)}>
              {reply}
            </button>
          ))}
        </div>
      )}
      <div class="actions">
        {failed && info.role === 'bot' && (
          <button type="button" class="ghost small" onClick={() => store.retry(info.id)}>
            Retry
          </button>
        )}
        {info.role === 'bot' && view.text.value.length > 0 && !isInProgress(info.status) && (
          <CopyButton text={view.text.value} />
        )}
        {info.status === 'complete' && info.role === 'bot' && (
          <button type="button" class="ghost small" onClick={() => store.retry(info.id)}>
            Regenerate
          </button>
        )}
        {info.role === 'user' && !store.isAnswering.value && (
          <button type="button" class="ghost small" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
      </div>
    </article>
  );
}

/** The conversation; follows the answer as it grows only while the reader is already at the bottom. */
export function MessageList({ store }: { store: ChatStore }) {
  const list = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const messages = store.messages.value;
  const lastText = messages.at(-1)?.text.value;

  useEffect(() => {
    const element = list.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [messages.length, lastText]);

  useEffect(() => {
    // Markdown renders in animation frames after the text arrives, and images load later still: follow the content's
    // growth too, while the reader is at the bottom.
    const element = list.current;
    if (!element) return;
    const follow = new ResizeObserver(() => {
      if (pinned.current) element.scrollTop = element.scrollHeight;
    });
    const observeChildren = () => [...element.children].forEach((child) => follow.observe(child));
    observeChildren();
    const added = new MutationObserver(observeChildren);
    added.observe(element, { childList: true });
    return () => {
      follow.disconnect();
      added.disconnect();
    };
  }, []);

  return (
    <div
      class="messages"
      ref={list}
      role="log"
      aria-live="polite"
      onScroll={(event) => {
        const element = event.currentTarget;
        pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
      }}
    >
      {messages.length === 0 ? (
        <div class="empty muted">
          <p>Ask anything — your answer streams in here.</p>
          <p class="fine-print">
            Or right-click any page, selection, image or link and choose <strong>Ask Poe</strong>. Alt+Shift+S captures a
            region of the page.
          </p>
        </div>
      ) : (
        messages.map((view) => <Message key={view.id} view={view} store={store} />)
      )}
    </div>
  );
}
