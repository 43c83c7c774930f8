import { useState } from 'preact/hooks';
import type { PromptAction } from '@/lib/messaging/contracts';
import type { ChatStore } from './chat-store';
import { displayName } from './bot-model';

function ActionForm({ store, initial, onDone }: { store: ChatStore; initial?: PromptAction; onDone(): void }) {
  const [title, setTitle] = useState(initial?.title ?? '');
  const [template, setTemplate] = useState(initial?.template ?? '{selection}\n\n');
  const [bot, setBot] = useState(initial?.bot ?? '');
  const valid = title.trim().length > 0 && template.trim().length > 0;
  return (
    <form
      class="action-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!valid) return;
        const action: PromptAction = { id: initial?.id ?? crypto.randomUUID(), title: title.trim(), template, ...(bot ? { bot } : {}) };
        const list = store.promptActions.value;
        store.setPromptActions(initial ? list.map((each) => (each.id === initial.id ? action : each)) : [...list, action]);
        onDone();
      }}
    >
      <label class="field">
        <span>Action name</span>
        <input value={title} onInput={(event) => setTitle(event.currentTarget.value)} placeholder="e.g. Fix grammar" />
      </label>
      <label class="field">
        <span>Prompt template</span>
        <textarea rows={3} value={template} onInput={(event) => setTemplate(event.currentTarget.value)} />
      </label>
      <p class="fine-print">Use {'{selection}'}, {'{url}'} and {'{title}'}. With {'{selection}'} the action shows only when text is selected.</p>
      <label class="field">
        <span>Bot</span>
        <select value={bot} onChange={(event) => setBot(event.currentTarget.value)}>
          <option value="">The bot selected in the panel</option>
          {store.models.value.map((model) => (
            <option key={model.id} value={model.id}>
              {model.displayName}
            </option>
          ))}
        </select>
      </label>
      <div class="actions">
        <button type="button" class="ghost small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" class="primary small" disabled={!valid}>
          Save action
        </button>
      </div>
    </form>
  );
}

/** The user's own "Ask Poe" menu actions: add, edit, reorder, delete. */
export function PromptActionsSettings({ store }: { store: ChatStore }) {
  const [editing, setEditing] = useState<PromptAction | 'new' | undefined>();
  const list = store.promptActions.value;
  const save = (next: PromptAction[]) => store.setPromptActions(next);
  const move = (index: number, by: number) => {
    const next = [...list];
    const [item] = next.splice(index, 1);
    if (item) next.splice(index + by, 0, item);
    save(next);
  };
  return (
    <section class="prompt-actions" aria-label="Menu actions">
      <h3>Menu actions</h3>
      <p class="fine-print">Your own prompts in the page's “Ask Poe” menu; they send at once.</p>
      {list.length > 0 && (
        <ul aria-label="Your actions">
          {list.map((action, index) => (
            <li key={action.id}>
              <span class="action-title">{action.title}</span>
              <span class="muted action-bot">{action.bot ? displayName(store.models.value, action.bot) : 'selected bot'}</span>
              <button type="button" class="ghost small" aria-label={`Move ${action.title} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                ↑
              </button>
              <button type="button" class="ghost small" aria-label={`Move ${action.title} down`} disabled={index === list.length - 1} onClick={() => move(index, 1)}>
                ↓
              </button>
              <button type="button" class="ghost small" aria-label={`Edit ${action.title}`} onClick={() => setEditing(action)}>
                Edit
              </button>
              <button type="button" class="ghost small" aria-label={`Delete ${action.title}`} onClick={() => save(list.filter((each) => each.id !== action.id))}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      {editing ? (
        <ActionForm store={store} {...(editing === 'new' ? {} : { initial: editing })} onDone={() => setEditing(undefined)} />
      ) : (
        <button type="button" class="secondary small" onClick={() => setEditing('new')}>
          Add action
        </button>
      )}
    </section>
  );
}
