import { useState } from 'preact/hooks';
import type { PromptAction } from '@/lib/messaging/contracts';
import { DEFAULT_PROMPTS, inPageMenus } from '@/lib/messaging/prompt-library';
import { MAX_PROMPT_ACTIONS } from '@/lib/messaging/rules';
import type { ChatStore } from './chat-store';
import { displayName } from './bot-model';

/** The bot as the model list spells it (a prompt saved with another case still shows its bot selected). */
function listedBot(store: ChatStore, bot: string | undefined): string {
  if (!bot) return '';
  return store.models.value.find((model) => model.id.toLowerCase() === bot.toLowerCase())?.id ?? bot;
}

function PromptForm({ store, initial, onDone }: { store: ChatStore; initial?: PromptAction; onDone(): void }) {
  const [title, setTitle] = useState(initial?.title ?? '');
  const [template, setTemplate] = useState(initial?.template ?? '{selection}\n\n');
  const [bot, setBot] = useState(listedBot(store, initial?.bot));
  const [inMenu, setInMenu] = useState(initial ? inPageMenus(initial) : true);
  const valid = title.trim().length > 0 && template.trim().length > 0;
  const models = store.models.value;
  const unlisted = bot && !models.some((model) => model.id === bot);
  return (
    <form
      class="action-form"
      aria-label={initial ? `Edit ${initial.title}` : 'New prompt'}
      onSubmit={(event) => {
        event.preventDefault();
        if (!valid) return;
        const prompt: PromptAction = { id: initial?.id ?? crypto.randomUUID(), title: title.trim(), template, ...(bot ? { bot } : {}), inMenu };
        const list = store.promptActions.value;
        store.setPromptActions(initial ? list.map((each) => (each.id === initial.id ? prompt : each)) : [...list, prompt]);
        onDone();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onDone();
      }}
    >
      <label class="field">
        <span>Name</span>
        <input value={title} maxLength={100} onInput={(event) => setTitle(event.currentTarget.value)} placeholder="e.g. Fix grammar" />
      </label>
      <label class="field">
        <span>Prompt template</span>
        <textarea rows={4} value={template} onInput={(event) => setTemplate(event.currentTarget.value)} />
      </label>
      <p class="fine-print">
        Filled in from the tab you are on: {'{selection}'} the selected text, {'{page}'} the page (attached as a file),{' '}
        {'{url}'}, {'{title}'}, and {'{language}'} your translation language.
      </p>
      <label class="field">
        <span>Bot</span>
        <select value={bot} onChange={(event) => setBot(event.currentTarget.value)}>
          <option value="">The bot selected in the panel</option>
          {unlisted && <option value={bot}>{displayName(models, bot)}</option>}
          {models.map((model) => (
            <option key={model.id} value={model.id}>
              {model.displayName}
            </option>
          ))}
        </select>
      </label>
      <label class="switch-row">
        <span>Also in the page’s “Ask Poe” menu (sends at once)</span>
        <input type="checkbox" role="switch" class="param-switch" checked={inMenu} onChange={(event) => setInMenu(event.currentTarget.checked)} />
      </label>
      <div class="actions">
        <button type="button" class="ghost small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" class="primary small" disabled={!valid}>
          Save prompt
        </button>
      </div>
    </form>
  );
}

function PromptRow({ store, prompt, index, list, onEdit }: { store: ChatStore; prompt: PromptAction; index: number; list: PromptAction[]; onEdit(): void }) {
  const [confirming, setConfirming] = useState(false);
  const save = (next: PromptAction[]) => store.setPromptActions(next);
  const move = (by: number) => {
    const next = [...list];
    const [item] = next.splice(index, 1);
    if (item) next.splice(index + by, 0, item);
    save(next);
  };
  // The bot by its display name (Poe's list spells it; a saved id may be lower case), and whether the menu shows it.
  const meta = [prompt.bot ? displayName(store.models.value, prompt.bot) : '', inPageMenus(prompt) ? 'in the page menu' : ''].filter(Boolean).join(' · ');
  if (confirming) {
    return (
      <li class="confirming">
        <span class="action-title">Delete “{prompt.title}”?</span>
        <button type="button" class="ghost small" onClick={() => setConfirming(false)}>
          Cancel
        </button>
        <button type="button" class="secondary small" onClick={() => save(list.filter((each) => each.id !== prompt.id))}>
          Delete
        </button>
      </li>
    );
  }
  return (
    <li>
      <span class="action-text">
        <span class="action-title" title={prompt.template}>
          {prompt.title}
        </span>
        {meta && <span class="muted action-bot">{meta}</span>}
      </span>
      <button type="button" class="ghost small" aria-label={`Move ${prompt.title} up`} disabled={index === 0} onClick={() => move(-1)}>
        ↑
      </button>
      <button type="button" class="ghost small" aria-label={`Move ${prompt.title} down`} disabled={index === list.length - 1} onClick={() => move(1)}>
        ↓
      </button>
      <button type="button" class="ghost small" aria-label={`Edit ${prompt.title}`} onClick={onEdit}>
        Edit
      </button>
      <button type="button" class="ghost small" aria-label={`Delete ${prompt.title}`} onClick={() => setConfirming(true)}>
        Delete
      </button>
    </li>
  );
}

/** The saved prompts (issue 16): one list for `/` in the composer and the page's “Ask Poe” menu. */
export function PromptActionsSettings({ store }: { store: ChatStore }) {
  const [editing, setEditing] = useState<PromptAction | 'new' | undefined>();
  const list = store.promptActions.value;
  const missingDefaults = DEFAULT_PROMPTS.filter((prompt) => !list.some((each) => each.id === prompt.id));
  const full = list.length >= MAX_PROMPT_ACTIONS;
  return (
    <section class="prompt-actions" aria-label="Saved prompts">
      <h3>Saved prompts</h3>
      <p class="fine-print">Type / in the message box to use one. Those marked “in the page menu” are in the page’s “Ask Poe” menu too.</p>
      {list.length > 0 && (
        <ul aria-label="Your prompts">
          {list.map((prompt, index) =>
            editing !== 'new' && editing?.id === prompt.id ? (
              <li key={prompt.id} class="editing">
                <PromptForm store={store} initial={prompt} onDone={() => setEditing(undefined)} />
              </li>
            ) : (
              <PromptRow key={prompt.id} store={store} prompt={prompt} index={index} list={list} onEdit={() => setEditing(prompt)} />
            ),
          )}
        </ul>
      )}
      {editing === 'new' ? (
        <PromptForm store={store} onDone={() => setEditing(undefined)} />
      ) : (
        <div class="actions">
          <button type="button" class="secondary small" disabled={full} onClick={() => setEditing('new')}>
            Add prompt
          </button>
          {missingDefaults.length > 0 && !full && (
            <button type="button" class="ghost small" onClick={() => store.setPromptActions([...list, ...missingDefaults].slice(0, MAX_PROMPT_ACTIONS))}>
              Add the default prompts back
            </button>
          )}
        </div>
      )}
      {full && <p class="fine-print">At most {MAX_PROMPT_ACTIONS} prompts: delete one to add another.</p>}
    </section>
  );
}
