import { useState } from 'preact/hooks';
import { t, uiLocale } from '@/lib/i18n';
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
      aria-label={initial ? t('promptActionsSettings_editTitle', initial.title) : t('promptActionsSettings_newPrompt')}
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
        <span>{t('promptActionsSettings_name')}</span>
        <input value={title} maxLength={100} onInput={(event) => setTitle(event.currentTarget.value)} placeholder={t('promptActionsSettings_namePlaceholder')} />
      </label>
      <label class="field">
        <span>{t('promptActionsSettings_template')}</span>
        <textarea rows={4} value={template} onInput={(event) => setTemplate(event.currentTarget.value)} />
      </label>
      <p class="fine-print">{t('promptActionsSettings_templateHelp')}</p>
      <label class="field">
        <span>{t('promptActionsSettings_bot')}</span>
        <select value={bot} onChange={(event) => setBot(event.currentTarget.value)}>
          <option value="">{t('promptActionsSettings_panelBot')}</option>
          {unlisted && <option value={bot}>{displayName(models, bot)}</option>}
          {models.map((model) => (
            <option key={model.id} value={model.id}>
              {model.displayName}
            </option>
          ))}
        </select>
      </label>
      <label class="switch-row">
        <span>{t('promptActionsSettings_inMenu')}</span>
        <input type="checkbox" role="switch" class="param-switch" checked={inMenu} onChange={(event) => setInMenu(event.currentTarget.checked)} />
      </label>
      <div class="actions">
        <button type="button" class="ghost small" onClick={onDone}>
          {t('common_cancel')}
        </button>
        <button type="submit" class="primary small" disabled={!valid}>
          {t('promptActionsSettings_savePrompt')}
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
  const meta = [prompt.bot ? displayName(store.models.value, prompt.bot) : '', inPageMenus(prompt) ? t('promptActionsSettings_inPageMenu') : ''].filter(Boolean).join(' · ');
  if (confirming) {
    return (
      <li class="confirming">
        <span class="action-title">{t('promptActionsSettings_confirmDelete', prompt.title)}</span>
        <button type="button" class="ghost small" onClick={() => setConfirming(false)}>
          {t('common_cancel')}
        </button>
        <button type="button" class="secondary small" onClick={() => save(list.filter((each) => each.id !== prompt.id))}>
          {t('common_delete')}
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
      <button type="button" class="ghost small" aria-label={t('promptActionsSettings_moveUp', prompt.title)} disabled={index === 0} onClick={() => move(-1)}>
        ↑
      </button>
      <button type="button" class="ghost small" aria-label={t('promptActionsSettings_moveDown', prompt.title)} disabled={index === list.length - 1} onClick={() => move(1)}>
        ↓
      </button>
      <button type="button" class="ghost small" aria-label={t('promptActionsSettings_editTitle', prompt.title)} onClick={onEdit}>
        {t('promptActionsSettings_edit')}
      </button>
      <button type="button" class="ghost small" aria-label={t('promptActionsSettings_deleteTitle', prompt.title)} onClick={() => setConfirming(true)}>
        {t('common_delete')}
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
    <section class="prompt-actions" aria-label={t('promptActionsSettings_title')}>
      <h3>{t('promptActionsSettings_title')}</h3>
      <p class="fine-print">{t('promptActionsSettings_intro')}</p>
      {list.length > 0 && (
        <ul aria-label={t('promptActionsSettings_yourPrompts')}>
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
            {t('promptActionsSettings_add')}
          </button>
          {missingDefaults.length > 0 && !full && (
            <button type="button" class="ghost small" onClick={() => store.setPromptActions([...list, ...missingDefaults].slice(0, MAX_PROMPT_ACTIONS))}>
              {t('promptActionsSettings_addDefaults')}
            </button>
          )}
        </div>
      )}
      {full && <p class="fine-print">{t('promptActionsSettings_full', new Intl.NumberFormat(uiLocale()).format(MAX_PROMPT_ACTIONS))}</p>}
    </section>
  );
}
