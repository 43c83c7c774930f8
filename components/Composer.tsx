import { effect } from '@preact/signals';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ChatStore } from './chat-store';
import { CompareToggle, compareBlocker } from './compare-toggle';
import type { SlashQuery } from './prompt-menu';

/** The `/` prompt menu (issue 16): its view and logic load just after the first paint, like the composer's other parts. */
type PromptKit = typeof import('./PromptMenu');
const PROMPT_MENU_ID = 'prompt-menu';
const promptOptionId = (index: number) => `${PROMPT_MENU_ID}-option-${index}`;
import { lazyView } from './lazy-view';
import { Icon } from './icons';
import { ErrorNotice } from './ErrorNotice';

// The guard's parts of the composer load just after the first paint: the chat shows first, the estimate a moment later.
const CostEstimate = lazyView(() => import('./CostEstimate').then((m) => m.CostEstimate), 'nothing');
const SpendWarning = lazyView(() => import('./CostEstimate').then((m) => m.SpendWarning), 'nothing');
const AttachmentChips = lazyView(() => import('./AttachmentChips').then((m) => m.AttachmentChips), 'nothing');
const HeldSends = lazyView(() => import('./HeldSends').then((m) => m.HeldSends), 'nothing');
/** The bots chosen for a compare (issue 16): fetched when Compare is first turned on, or pointed at. */
const CompareBar = lazyView(() => import('./CompareBar').then((m) => m.CompareBar), 'nothing');
// Chat with this page (issue 13): the quoted selections and "This page", also after the first paint.
const DraftQuotes = lazyView(() => import('./DraftQuotes').then((m) => m.DraftQuotes), 'nothing');
const ThisPageButton = lazyView(() => import('./ThisPage').then((m) => m.ThisPageButton), 'nothing');
const ThisPageError = lazyView(() => import('./ThisPage').then((m) => m.ThisPageError), 'nothing');
const OfferButton = lazyView(() => import('./ThisPage').then((m) => m.OfferButton), 'nothing');

/** Resolves when "This page" has settled: true when the tab's text is attached. */
function pageAttached(store: ChatStore): Promise<boolean> {
  return new Promise((resolve) => {
    const stop = effect(() => {
      const status = store.pageAttach.value;
      if (status?.pending) return;
      queueMicrotask(() => stop());
      resolve(!status?.error);
    });
  });
}

/**
 * Sizes the composer to its draft; an empty one goes back to its rows, or as many as its hint needs to be read whole
 * (a longer language, a narrow panel).
 */
function fitToDraft(element: HTMLTextAreaElement): void {
  element.style.height = '';
  if (!element.value) {
    if (!element.placeholder) return;
    const natural = element.clientHeight;
    // Measured as if typed (Firefox leaves a placeholder out of scrollHeight); no input event fires meanwhile.
    element.value = element.placeholder;
    const needed = element.scrollHeight;
    element.value = '';
    if (needed > natural) element.style.height = `${needed + 2}px`;
    return;
  }
  element.style.height = 'auto';
  element.style.height = `${element.scrollHeight + 2}px`;
}

/** Enter sends, Shift+Enter adds a line, Esc stops the answer; paste or drop files to attach them. */
export function Composer({ store, autoFocus }: { store: ChatStore; autoFocus?: boolean }) {
  const account = store.account.value;
  const answering = store.isAnswering.value;
  const text = store.draft.value;
  const quoted = store.quotes.value.length > 0;
  const notice = store.notice.value;
  const disabledReason = !account?.hasKey ? t('composer_needsKey') : undefined;
  // A quote alone is a question too ("what about this?"); Send words the quotes and the text together.
  const canSend = !disabledReason && (text.trim().length > 0 || quoted);
  const input = useRef<HTMLTextAreaElement>(null);
  const focusRequest = store.focusComposer.value;
  useEffect(() => {
    // A handoff prepared a draft: put the caret after it, ready for the question.
    const element = input.current;
    if (!element || focusRequest === 0) return;
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
  }, [focusRequest]);

  // The box grows with the draft (a long question) up to its CSS max-height (40% of the panel), then scrolls; empty
  // (after a send) it is its two rows, whatever width the placeholder wraps at. A draft is fitted again when the
  // panel's width changes, since its lines wrap anew.
  const placeholder = disabledReason ?? (quoted ? t('composer_placeholderQuote') : t('composer_placeholder'));
  useLayoutEffect(() => {
    if (input.current) fitToDraft(input.current);
  }, [text, placeholder]);
  useEffect(() => {
    const element = input.current;
    if (!element) return;
    let width = element.clientWidth;
    const observer = new ResizeObserver(() => {
      if (element.clientWidth === width) return;
      width = element.clientWidth;
      fitToDraft(element);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // ── `/` opens the saved prompts (issue 16) ──
  const [kit, setKit] = useState<PromptKit>();
  useEffect(() => {
    void import('./PromptMenu').then(setKit);
  }, []);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  /** Where the `/` of a menu closed with Esc (or chosen from) stands: it stays closed until another `/` is typed. */
  const [dismissed, setDismissed] = useState<number | undefined>();
  const [filling, setFilling] = useState(false);
  const [promptNote, setPromptNote] = useState<string | undefined>();
  const typed = kit?.promptMenuLogic.slashQuery(text, caret);
  const query = typed && typed.start !== dismissed ? typed : undefined;
  const matches = query && kit ? kit.promptMenuLogic.filterPrompts(store.promptActions.value, query.query) : [];
  const menuOpen = kit !== undefined && query !== undefined && matches.length > 0 && !disabledReason;
  useEffect(() => setActive(0), [query?.query, query?.start]);
  const noteCaret = (element: HTMLTextAreaElement) => {
    setCaret(element.selectionStart ?? element.value.length);
    if (dismissed !== undefined && !kit?.promptMenuLogic.slashQuery(element.value, element.selectionStart ?? 0)) setDismissed(undefined);
  };
  const choose = async (index: number, at: SlashQuery) => {
    const prompt = matches[index];
    if (!prompt || !kit || filling) return;
    setFilling(true);
    setPromptNote(undefined);
    // `{page}`: the tab's text goes as the "This page" attachment, not pasted into the draft; the prompt goes in only
    // once it is attached (why not, if not, is said by "This page" itself, with its way out).
    const withPage = prompt.template.includes('{page}');
    if (withPage) store.attachPage();
    const [result, attached] = await Promise.all([store.fillPrompt(prompt.id), withPage ? pageAttached(store) : true]);
    setFilling(false);
    if (!attached) return;
    if (!result.ok) {
      // Nothing half-filled goes into the draft: the `/query` stays as typed and the menu open (select some text,
      // choose again), and the note says what is missing.
      setPromptNote(result.error.message);
      return;
    }
    setDismissed(at.start);
    const next = kit.promptMenuLogic.insertPrompt(store.draft.peek(), at, result.text);
    store.setDraft(next.text);
    // A prompt saved with its own bot goes to that bot, as it does from the page menu (the picker shows the change).
    if (prompt.bot) store.chooseBot(prompt.bot);
    requestAnimationFrame(() => {
      const element = input.current;
      if (!element) return;
      element.focus();
      element.setSelectionRange(next.caret, next.caret);
      setCaret(next.caret);
    });
  };

  const comparing = store.compareBots.value.length > 0;
  const compareBlocked = comparing ? compareBlocker(store) : undefined;
  const submit = () => {
    if (comparing) {
      if (!compareBlocked && canSend) store.askCompare(text);
    } else if (canSend) store.ask(text);
  };
  const takeFiles = (files: FileList | null | undefined) => {
    const list = files ? [...files] : [];
    if (list.length > 0) void store.addFiles(list);
    return list.length > 0;
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      onDragOver={(event) => {
        if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
      }}
      onDrop={(event) => {
        if (takeFiles(event.dataTransfer?.files)) event.preventDefault();
      }}
    >
      <HeldSends store={store} />
      {comparing && <CompareBar store={store} />}
      <SpendWarning store={store} />
      <DraftQuotes store={store} />
      <AttachmentChips store={store} />
      {/* Also in the popup: a `/` prompt with {page} attaches the tab there too. */}
      <ThisPageError store={store} />
      {store.attachmentError.value && (
        <p class="error" role="alert">
          {store.attachmentError.value}
        </p>
      )}
      {promptNote && (
        <p class="error prompt-note" role="alert">
          <span>{promptNote}</span>
          <button type="button" class="ghost small" aria-label={t('errorNotice_dismiss')} onClick={() => setPromptNote(undefined)}>
            <Icon name="close" size={14} />
          </button>
        </p>
      )}
      {notice && (
        <ErrorNotice error={notice} store={store} onDismiss={() => store.dismissNotice()}>
          {notice.offer && <OfferButton offer={notice.offer} store={store} />}
        </ErrorNotice>
      )}
      {menuOpen && query && (
        <kit.PromptMenu
          id={PROMPT_MENU_ID}
          optionId={promptOptionId}
          prompts={matches}
          active={active}
          busy={filling}
          onActive={setActive}
          onChoose={(index) => void choose(index, query)}
        />
      )}
      <div class="composer-row">
        <label class="visually-hidden" for="composer-input">
          {t('composer_messageLabel')}
        </label>
        {/* The combobox (ARIA 1.1 pattern: a textarea may not carry the role or aria-expanded itself) holds the
            textarea and controls the `/` prompt menu; the textarea keeps the focus and names the active option. */}
        <div
          class="composer-input"
          role="combobox"
          aria-label={t('composer_promptsHint')}
          aria-haspopup="listbox"
          aria-expanded={menuOpen}
          aria-controls={PROMPT_MENU_ID}
        >
        <textarea
          id="composer-input"
          ref={input}
          rows={2}
          value={text}
          autoFocus={autoFocus}
          disabled={disabledReason !== undefined}
          placeholder={placeholder}
          aria-autocomplete="list"
          aria-controls={menuOpen ? PROMPT_MENU_ID : undefined}
          aria-activedescendant={menuOpen ? promptOptionId(active) : undefined}
          onInput={(event) => {
            store.setDraft(event.currentTarget.value);
            noteCaret(event.currentTarget);
            if (promptNote) setPromptNote(undefined);
          }}
          onKeyUp={(event) => {
            if (event.key.startsWith('Arrow') || event.key === 'Home' || event.key === 'End') noteCaret(event.currentTarget);
          }}
          onClick={(event) => noteCaret(event.currentTarget)}
          onPaste={(event) => {
            if (takeFiles(event.clipboardData?.files)) event.preventDefault();
          }}
          onKeyDown={(event) => {
            if (menuOpen && query) {
              const outcome = kit.promptMenuLogic.menuKey(event.key, active, matches.length, { shift: event.shiftKey, composing: event.isComposing });
              if (outcome.kind !== 'ignore') event.preventDefault();
              if (outcome.kind === 'move') setActive(outcome.active);
              else if (outcome.kind === 'choose') void choose(outcome.index, query);
              else if (outcome.kind === 'close') setDismissed(query.start);
              if (outcome.kind !== 'ignore') return;
            }
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              submit();
            } else if (event.key === 'Escape' && answering) {
              store.stop();
            }
          }}
        />
        </div>
        <div class="composer-buttons">
          <label class="attach-button" title={t('composer_attachFiles')}>
            <span class="visually-hidden">{t('composer_attachFiles')}</span>
            <input
              type="file"
              multiple
              class="visually-hidden"
              disabled={disabledReason !== undefined}
              onChange={(event) => {
                takeFiles(event.currentTarget.files);
                event.currentTarget.value = '';
              }}
            />
            <Icon name="paperclip" size={18} />
          </label>
          {answering ? (
            <button type="button" class="secondary" onClick={() => store.stop()}>
              {t('common_stop')}
            </button>
          ) : (
            <button type="submit" class="primary" disabled={!canSend || (comparing && compareBlocked !== undefined)}>
              {t('common_send')}
            </button>
          )}
        </div>
      </div>
      {!disabledReason && (
        <div class="composer-foot">
          {store.surface === 'sidepanel' && <ThisPageButton store={store} />}
          <CompareToggle store={store} onPreload={() => CompareBar.preload()} />
          <CostEstimate store={store} />
        </div>
      )}
    </form>
  );
}
