import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t, uiLocale } from '@/lib/i18n';
import { showHidden } from '@/lib/markdown/visible-text';
import type { ConversationSummary, SearchResult } from '@/lib/messaging/contracts';
import type { ChatStore } from './chat-store';
import { displayName } from './bot-model';
import { marked } from './HiddenMarks';
import { HistoryTransfer } from './HistoryTransfer';
import { Icon } from './icons';
import { ViewHeader } from './ViewHeader';
import './history.css';

let dateFormat: Intl.DateTimeFormat | undefined;
/** A row's date and time in the UI language (made once, on the first row drawn). */
const formatDate = (time: number) => (dateFormat ??= new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' })).format(time);

/** What every row shows alike, worked out once per list rather than once per row. */
interface RowContext {
  store: ChatStore;
  /** The conversation the chat view shows. */
  currentId: string | null;
  /** The bot's display name (a lookup in the model list, remembered per bot). */
  botName: (bot: string) => string;
  editingId: string | null;
  setEditing: (conversationId: string | null) => void;
  /** The row showing its actions (Rename, Export, Delete) in place of its ⋯ button. */
  menuId: string | null;
  setMenu: (conversationId: string | null) => void;
  /** The row showing its export choices (Markdown, JSON) in place of its actions. */
  exportingId: string | null;
  setExporting: (conversationId: string | null) => void;
}

function useRowContext(store: ChatStore): RowContext {
  const models = store.models.value;
  const botName = useMemo(() => {
    const names = new Map<string, string>();
    return (bot: string) => {
      let name = names.get(bot);
      if (name === undefined) names.set(bot, (name = displayName(models, bot)));
      return name;
    };
  }, [models]);
  // One row open at a time, in one of three ways: its actions, its rename form, its export choices.
  const [open, setOpen] = useState<{ id: string; as: 'menu' | 'rename' | 'export' } | null>(null);
  const opener = (as: 'menu' | 'rename' | 'export') => (id: string | null) => setOpen(id === null ? null : { id, as });
  const openAs = (as: 'menu' | 'rename' | 'export') => (open?.as === as ? open.id : null);
  return {
    store,
    currentId: store.conversationId.value,
    botName,
    menuId: openAs('menu'),
    setMenu: opener('menu'),
    editingId: openAs('rename'),
    setEditing: opener('rename'),
    exportingId: openAs('export'),
    setExporting: opener('export'),
  };
}

function RenameForm({ conversation, context }: { conversation: ConversationSummary; context: RowContext }) {
  const [title, setTitle] = useState(conversation.title);
  const close = () => context.setEditing(null);
  return (
    <li class="history-row editing">
      <form
        class="rename-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (title.trim()) context.store.renameConversation(conversation.id, title.trim());
          close();
        }}
      >
        <label class="visually-hidden" for={`rename-${conversation.id}`}>
          {t('historyPanel_renameLabel')}
        </label>
        <input
          id={`rename-${conversation.id}`}
          value={title}
          onInput={(event) => setTitle(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') close();
          }}
          autoFocus
        />
        <button type="button" class="ghost small" onClick={close}>
          {t('common_cancel')}
        </button>
        <button type="submit" class="secondary small">
          {t('common_save')}
        </button>
      </form>
    </li>
  );
}

/** Focus goes to the first button of what replaced a row's button, so the keyboard stays where the user was. */
function useFirstFocus<T extends HTMLElement>() {
  const first = useRef<T>(null);
  useEffect(() => first.current?.focus(), []);
  return first;
}

/** A row's actions, shown in place of its ⋯ button: titles keep the row's width the rest of the time. */
function RowActions({ conversation, title, context }: { conversation: ConversationSummary; title: string; context: RowContext }) {
  const close = () => context.setMenu(null);
  const first = useFirstFocus<HTMLButtonElement>();
  return (
    <span class="row-actions open" role="group" aria-label={t('historyPanel_actionsFor', title)} onKeyDown={(event) => event.key === 'Escape' && close()}>
      <button ref={first} type="button" class="ghost small" aria-label={t('historyPanel_renameTitle', title)} onClick={() => context.setEditing(conversation.id)}>
        {t('common_rename')}
      </button>
      <button type="button" class="ghost small" aria-label={t('historyPanel_exportTitle', title)} onClick={() => context.setExporting(conversation.id)}>
        {t('common_export')}
      </button>
      <button
        type="button"
        class="ghost small"
        aria-label={t('historyPanel_deleteTitle', title)}
        onClick={() => {
          if (confirm(t('historyPanel_confirmDelete', title))) context.store.deleteConversation(conversation.id);
          close();
        }}
      >
        {t('common_delete')}
      </button>
      <button type="button" class="icon-button small" aria-label={t('historyPanel_closeActions')} onClick={close}>
        <Icon name="close" size={14} />
      </button>
    </span>
  );
}

/** A row's export choices: a file to read (Markdown) or to import again (JSON). */
function ExportChoices({ conversation, title, context }: { conversation: ConversationSummary; title: string; context: RowContext }) {
  const close = () => context.setExporting(null);
  const first = useFirstFocus<HTMLButtonElement>();
  const exportAs = (format: 'markdown' | 'json') => {
    context.store.transfer({ type: 'exportConversation', conversationId: conversation.id, format });
    close();
  };
  return (
    <span class="row-actions export-choices" role="group" aria-label={t('historyPanel_exportAs', title)}>
      <button ref={first} type="button" class="ghost small" onClick={() => exportAs('markdown')}>
        {t('historyPanel_markdown')}
      </button>
      <button type="button" class="ghost small" onClick={() => exportAs('json')}>
        {t('historyPanel_json')}
      </button>
      <button type="button" class="ghost small" aria-label={t('historyPanel_cancelExport')} onClick={close} onKeyDown={(event) => event.key === 'Escape' && close()}>
        {t('common_cancel')}
      </button>
    </span>
  );
}

/** One conversation: no hooks and no lookups of its own, so a list of them renders in one quick pass. */
function ConversationRow({ conversation, context, children }: { conversation: ConversationSummary; context: RowContext; children?: ComponentChildren }) {
  const { store } = context;
  if (context.editingId === conversation.id) return <RenameForm conversation={conversation} context={context} />;
  // Plain text for the buttons' names and confirm(); the row shows the title with its markers styled.
  const title = showHidden(conversation.title);
  return (
    <li class={`history-row${context.currentId === conversation.id ? ' current' : ''}`}>
      <button type="button" class="history-open" onClick={() => store.openConversation(conversation.id, conversation.bot)}>
        <span class="history-title">{marked(conversation.title)}</span>
        <span class="history-meta">
          {context.botName(conversation.bot)} · {formatDate(conversation.updatedAt)}
        </span>
        {children}
      </button>
      {context.exportingId === conversation.id ? (
        <ExportChoices conversation={conversation} title={title} context={context} />
      ) : context.menuId === conversation.id ? (
        <RowActions conversation={conversation} title={title} context={context} />
      ) : (
        <span class="row-actions">
          <button
            type="button"
            class="ghost small row-more"
            aria-label={t('historyPanel_actionsFor', title)}
            title={t('historyPanel_rowMoreTitle')}
            aria-expanded="false"
            onClick={() => context.setMenu(conversation.id)}
          >
            <Icon name="more" />
          </button>
        </span>
      )}
    </li>
  );
}

/** The matched text around a search hit, the matched words marked. */
export function Snippet({ result }: { result: SearchResult }) {
  // The highlights' offsets are into the snippet as stored: cut it there first, then show each part's hidden
  // characters (a marker is longer than the character it stands for).
  const snippet = result.snippet;
  const parts: (string | { mark: string })[] = [];
  let at = 0;
  for (const [start, end] of result.highlights) {
    if (start < at || end <= start) continue;
    parts.push(snippet.slice(at, start), { mark: snippet.slice(start, end) });
    at = end;
  }
  parts.push(snippet.slice(at));
  return (
    <span class="history-snippet">
      {parts.map((part) => (typeof part === 'string' ? marked(part) : <mark>{marked(part.mark)}</mark>))}
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
        {t('historyPanel_showOlder')}
      </button>
    </li>
  );
}

/** Rows drawn in the view's first frame: a screenful. The rest follow once it is painted. */
const FIRST_ROWS = 16;

/** How many rows to draw: a screenful when the view opens, every row from the frame after (so it opens as fast as an empty one). */
function useRowsAfterFirstPaint(): number {
  const [limit, setLimit] = useState(FIRST_ROWS);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A task queued from an animation frame runs after that frame is painted.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setLimit(Infinity));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return limit;
}

/** Every conversation, newest first, a page at a time: search, open, rename, delete. */
export function HistoryPanel({ store, docked = false }: { store: ChatStore; /** Beside the chat in the full tab: no way back, it is always there. */ docked?: boolean }) {
  const searching = store.searchQuery.value.trim().length > 0;
  const results = searching ? store.searchResults.value : undefined;
  const conversations = store.conversations.value;
  const context = useRowContext(store);
  const rows = useRowsAfterFirstPaint();
  return (
    <section class="history" aria-label={t('historyPanel_label')}>
      {docked ? (
        <div class="view-header">
          <h2>{t('historyPanel_title')}</h2>
        </div>
      ) : (
        <ViewHeader store={store} title={t('historyPanel_title')} />
      )}
      <HistoryTransfer store={store} />
      <input
        type="search"
        class="history-search"
        aria-label={t('historyPanel_searchLabel')}
        placeholder={t('historyPanel_searchPlaceholder')}
        value={store.searchQuery.value}
        onInput={(event) => store.search(event.currentTarget.value)}
      />
      {searching ? (
        results === undefined ? (
          <p class="muted empty" role="status">
            {t('historyPanel_searching')}
          </p>
        ) : results.length === 0 ? (
          <p class="muted empty">{t('historyPanel_noMatches')}</p>
        ) : (
          <ul class="history-results" aria-label={t('historyPanel_results')}>
            {results.map((result) => (
              <ConversationRow key={result.conversation.id} conversation={result.conversation} context={context}>
                <Snippet result={result} />
              </ConversationRow>
            ))}
          </ul>
        )
      ) : conversations.length === 0 ? (
        <p class="muted empty">{t('historyPanel_empty')}</p>
      ) : (
        <ul>
          {conversations.slice(0, rows).map((conversation) => (
            <ConversationRow key={conversation.id} conversation={conversation} context={context} />
          ))}
          {/* Not before every row is drawn: at the end of a first screenful it would load the next page at once. */}
          {store.moreConversations.value && rows >= conversations.length && <MoreConversations store={store} />}
        </ul>
      )}
    </section>
  );
}
