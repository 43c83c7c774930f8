import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { t, uiLocale } from '@/lib/i18n';
import { hasHidden, showHidden } from '@/lib/markdown/visible-text';
import type { AttachOffer, BackgroundEvent, ChatMessage, ModelSummary, ParameterValue, PromptAction, Surface, UiIntent } from '@/lib/messaging/contracts';
import { deletePendingUpload, getPendingUpload, putPendingUpload } from '@/lib/messaging/file-door';
import { quoteSchema } from '@/lib/messaging/quote';
import { MAX_ATTACHMENTS, MAX_COMPARE_BOTS, MAX_UPLOAD_BYTES, MIN_COMPARE_BOTS } from '@/lib/messaging/rules';
import * as z from 'zod/mini';
import { BackgroundConnection } from './connection';
import { comparedConversations, reduceCompare, restoredCompare, storedCompare, type CompareState } from './compare-state';
import { ConversationDrafts } from './conversation-drafts';
import { saveTextFile } from './save-file';
import type { TransferIntent } from './transfer-state';
import {
  initialPageState,
  isAnswering,
  isConfirming,
  isRetrying,
  isWaitingFor,
  draftIsEmpty,
  pendingFiles,
  draftMessage,
  reducePage,
  sendingHere,
  shownBot,
  shownParameters,
  type DraftAttachment,
  type DraftQuote,
  type MainView,
  type PageAction,
  type PageState,
} from './page-state';

/** A size in megabytes for people, in the UI language ("26.0 MB"). */
function megabytes(bytes: number, digits: number): string {
  const format = new Intl.NumberFormat(uiLocale(), { style: 'unit', unit: 'megabyte', minimumFractionDigits: digits, maximumFractionDigits: digits });
  return format.format(bytes / 1024 / 1024);
}

export type { ParameterValue } from '@/lib/messaging/contracts';
/** What filling a saved prompt gave: its text, or why it could not be filled. */
export type PromptFillResult = Extract<BackgroundEvent, { type: 'promptFilled' }>['result'];

/**
 * Bot names and descriptions come from Poe's bot list, which bot creators fill in: every view shows them with bidi
 * controls and invisible characters as markers (visible-text.ts). Worked out once per list; a list with none is
 * passed on as it is.
 */
const modelsShown = new WeakMap<readonly ModelSummary[], ModelSummary[]>();
function shownModels(models: ModelSummary[]): ModelSummary[] {
  let shown = modelsShown.get(models);
  if (!shown) {
    const hidden = (model: ModelSummary) => hasHidden(model.displayName) || hasHidden(model.description ?? '');
    shown = models.some(hidden)
      ? models.map((model) =>
          hidden(model)
            ? { ...model, displayName: showHidden(model.displayName), ...(model.description !== undefined ? { description: showHidden(model.description) } : {}) }
            : model,
        )
      : models;
    modelsShown.set(models, shown);
  }
  return shown;
}

/**
 * A message as components see it: its own signals, so a streamed delta re-renders one bubble, not the list — and
 * not even the bubble: `info` (everything but the text) keeps its identity while only the text grows, so only what
 * reads `text` (the markdown renderer) hears of a delta.
 */
export interface MessageView {
  id: string;
  info: ReadonlySignal<Omit<ChatMessage, 'text'>>;
  text: ReadonlySignal<string>;
}

/** Same elements (arrays) or same own properties (plain objects), compared with ===. */
export function shallowEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => item === b[index]);
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** The two differ in their text at most. */
function sameApartFromText(a: ChatMessage, b: ChatMessage): boolean {
  return a === b || shallowEqual({ ...a, text: '' }, { ...b, text: '' });
}

/** Not secret: the unsent message, so closing the popup loses nothing. The only state a page keeps of its own. */
const DRAFT_KEY = 'poe-toolbar:draft';
/** Which conversation the draft was written in ('' for a new chat): a page reopened on another one moves it there. */
const DRAFT_FOR_KEY = 'poe-toolbar:draft-for';
/** The draft's quoted selections, kept like its text (read back validated: localStorage is ours, but old or edited). */
const QUOTES_KEY = 'poe-toolbar:draft-quotes';
/** The compare on screen (issue 16), per surface: a reopened panel shows it again and follows its columns. */
const COMPARE_KEY = 'poe-toolbar:compare';
const storedQuotesSchema = z.array(z.object({ ...quoteSchema.shape, id: z.string().check(z.maxLength(100)) }));

function readQuotes(): DraftQuote[] {
  try {
    const parsed = storedQuotesSchema.safeParse(JSON.parse(localStorage.getItem(QUOTES_KEY) ?? '[]'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/**
 * A page's store: the pure reducer of `page-state.ts` plus thin effects (the port, the draft in localStorage, files
 * parked at the file door, object URLs). Components read signals and call intent methods; they never build commands.
 */
export function createChatStore(
  surface: Surface,
  /** The conversation to show first (the full tab's address), instead of the one pages showed last. */
  firstConversation?: string | null,
) {
  const state = signal<PageState>(initialPageState(localStorage.getItem(DRAFT_KEY) ?? '', readQuotes()));
  const newRequestId = () => crypto.randomUUID();
  const drafts = new ConversationDrafts();
  /** `fillPrompt` requests waiting for their `promptFilled` answer (issue 16). */
  const filling = new Map<string, (result: PromptFillResult) => void>();

  /** The compare on screen (issue 16), kept per surface for a reopened page. */
  const compareKey = `${COMPARE_KEY}:${surface}`;
  const compare = signal<CompareState | null>(restoredCompare(localStorage.getItem(compareKey)));
  let keptCompare = storedCompare(compare.peek());
  /** Keeps the compare's columns (not their text) for a reopened page, whenever they change. */
  const keepCompare = (next: CompareState | null) => {
    const kept = storedCompare(next);
    if (kept === keptCompare) return;
    keptCompare = kept;
    if (kept) localStorage.setItem(compareKey, kept);
    else localStorage.removeItem(compareKey);
  };
  /** The bots chosen for the next compare: none, Compare is off; one, it waits for a second. */
  const compareBots = signal<string[]>([]);
  /** The latest estimate of the draft as a compare (asked by the compare bar), by request id. */
  const compareEstimate = signal<Extract<BackgroundEvent, { type: 'compareEstimate' }> | undefined>(undefined);
  let compareEstimateRequest: string | undefined;
  const closeCompare = () => {
    if (!compare.peek()) return;
    compare.value = null;
    keepCompare(null);
    connection.send({ type: 'watch', requestId: newRequestId(), conversationIds: [] });
  };

  function dispatch(action: PageAction): void {
    const before = state.value;
    // Opening a conversation or a new chat leaves the compare (its columns stay in History).
    if (action.type === 'openConversation' || action.type === 'newChat') closeCompare();
    // Issue 16: switching conversations takes the composer's text along with the conversation it was written for.
    if (action.type === 'openConversation' || action.type === 'newChat') {
      const to = action.type === 'newChat' ? null : action.conversationId;
      const restored = drafts.switch(before.conversationId, to, before.draft);
      if (restored !== undefined && restored !== before.draft) dispatch({ type: 'setDraft', text: restored });
    }
    if (action.type === 'command' && action.command.type === 'deleteConversation') drafts.forget(action.command.conversationId);
    apply(action);
  }

  /**
   * The text on screen belongs to the conversation it was written in. A page opened again may show another one (the
   * last one shown elsewhere, a bookmarked tab): at its first snapshot the text goes back to its own conversation's
   * kept drafts and the shown one's comes out, as a switch in History would do.
   */
  function keepDraftWithItsConversation(before: PageState, next: PageState): void {
    const shown = next.conversationId ?? '';
    if (before.refreshedOnOpen && next.conversationId === before.conversationId) return;
    const writtenIn = localStorage.getItem(DRAFT_FOR_KEY);
    localStorage.setItem(DRAFT_FOR_KEY, shown);
    if (before.refreshedOnOpen || writtenIn === null || writtenIn === shown) return;
    const restored = drafts.switch(writtenIn || null, next.conversationId, next.draft);
    if (restored !== undefined && restored !== next.draft) apply({ type: 'setDraft', text: restored });
  }

  /** The reducer and its effects. */
  function apply(action: PageAction): void {
    const before = state.value;
    const { state: next, commands } = reducePage(before, action, newRequestId);
    state.value = next;
    if (next.draft !== before.draft) {
      if (next.draft) localStorage.setItem(DRAFT_KEY, next.draft);
      else localStorage.removeItem(DRAFT_KEY);
    }
    if (next.refreshedOnOpen) keepDraftWithItsConversation(before, next);
    if (next.quotes !== before.quotes) {
      if (next.quotes.length > 0) localStorage.setItem(QUOTES_KEY, JSON.stringify(next.quotes));
      else localStorage.removeItem(QUOTES_KEY);
    }
    // A refreshed "This page" chip replaced the old text: its file at the file door goes.
    if (action.type === 'event' && action.event.type === 'pageAttach' && next.attachments !== before.attachments) {
      const kept = new Set(next.attachments.map((each) => each.pendingId));
      for (const old of before.attachments) if (old.page && !kept.has(old.pendingId)) void deletePendingUpload(old.pendingId);
    }
    // An export this page asked for arrived: save it (the file goes to the browser's downloads).
    if (action.type === 'event' && action.event.type === 'exportFile' && before.transfer && 'requestId' in before.transfer && before.transfer.requestId === action.event.requestId) {
      saveTextFile(action.event.fileName, action.event.mimeType, action.event.text);
    }
    for (const command of commands) connection.send(command);
  }

  /** A `fillPrompt` answer (or its refusal) goes to the promise that asked; nothing else hears of it. */
  const answerFill = (requestId: string, result: PromptFillResult): boolean => {
    const resolve = filling.get(requestId);
    if (!resolve) return false;
    filling.delete(requestId);
    resolve(result);
    return true;
  };

  const connection = new BackgroundConnection({
    onEvent: (event) => {
      const compared = reduceCompare(compare.peek(), event);
      if (compared !== compare.peek()) {
        compare.value = compared;
        if (event.type === 'compareStarted' || event.type === 'compareColumn') keepCompare(compared);
      }
      if (event.type === 'snapshot' && compared) {
        // After a reconnect the background knows nothing of this page: it follows the columns again.
        connection.send({ type: 'watch', requestId: newRequestId(), conversationIds: comparedConversations(compared) });
      }
      if (event.type === 'compareEstimate') {
        if (event.requestId === compareEstimateRequest) compareEstimate.value = event;
        return;
      }
      if (event.type === 'promptFilled' && answerFill(event.requestId, event.result)) return;
      if (event.type === 'commandFailed' && answerFill(event.requestId, { ok: false, error: event.error })) return;
      dispatch({ type: 'event', event });
    },
    onDisconnect: () => {
      // The background restarted: these will not be answered.
      for (const requestId of [...filling.keys()]) {
        answerFill(requestId, { ok: false, error: { kind: 'page', message: t('chatStore_fillLost') } });
      }
      dispatch({ type: 'disconnected' });
    },
    // A reconnecting page says what it shows; a fresh one lets the background choose (the conversation shown last).
    hello: (first) => ({
      type: 'hello',
      requestId: newRequestId(),
      surface,
      ...(first ? (firstConversation === undefined ? {} : { conversationId: firstConversation }) : { conversationId: state.peek().conversationId }),
    }),
  });

  /**
   * A part of the state as a signal that changes only when that part does: a pick that builds a new array or object
   * each time (a filter, a pair) keeps its previous value while the contents are the same, so a streamed delta does
   * not re-render components that never show the text.
   */
  const slice = <T>(pick: (current: PageState) => T) => {
    let previous: { value: T } | undefined;
    return computed(() => {
      const next = pick(state.value);
      if (previous && shallowEqual(previous.value, next)) return previous.value;
      previous = { value: next };
      return next;
    });
  };
  // What the parameters shown and the retry buttons depend on; deltas change neither.
  const pending = slice((current) => ({ preferences: current.preferences, waiting: current.waiting }));

  // One signal per message, kept while the message is on screen: only the bubble whose message changed re-renders.
  const byId = slice((current) => new Map(current.messages.map((message) => [message.id, message])));
  const views = new Map<string, MessageView>();
  const messageIds = computed(() => state.value.messages.map((message) => message.id).join('\n'));
  const messages = computed(() => {
    const ids = messageIds.value ? messageIds.value.split('\n') : [];
    for (const id of views.keys()) if (!ids.includes(id)) views.delete(id);
    return ids.map((id) => {
      let view = views.get(id);
      if (!view) {
        let last = byId.peek().get(id)!;
        let meta = last;
        const message = computed(() => (last = byId.value.get(id) ?? last));
        const info = computed(() => (sameApartFromText(message.value, meta) ? meta : (meta = message.value)));
        view = { id, info, text: computed(() => message.value.text) };
        views.set(id, view);
      }
      return view;
    });
  });

  const pendingPreviews = (attachments: readonly DraftAttachment[]) => {
    for (const attachment of attachments) if (attachment.previewUrl) URL.revokeObjectURL(attachment.previewUrl);
  };

  return {
    state,
    account: slice((current) => current.account),
    models: slice((current) => shownModels(current.models)),
    modelsError: slice((current) => current.modelsError),
    conversations: slice((current) => current.conversations),
    moreConversations: slice((current) => current.moreConversations),
    hasEarlier: slice((current) => current.hasEarlier),
    loadingEarlier: slice((current) => current.loadingEarlier),
    conversationId: slice((current) => current.conversationId),
    messages,
    view: slice((current) => current.view),
    selectedBot: slice(shownBot),
    recentBots: slice((current) => current.preferences?.recentBots ?? []),
    promptActions: slice((current) => current.preferences?.promptActions ?? []),
    isAnswering: slice(isAnswering),
    sending: slice(sendingHere),
    draft: slice((current) => current.draft),
    quotes: slice((current) => current.quotes),
    /** Nothing written, quoted or attached. */
    draftEmpty: slice(draftIsEmpty),
    /** The message Send would send (the quotes, then the question). */
    draftMessage: slice(draftMessage),
    pageAttach: slice((current) => current.pageAttach),
    translation: slice((current) => current.preferences?.translation),
    surface,
    attachments: slice((current) => current.attachments),
    attachmentError: slice((current) => current.attachmentError),
    notice: slice((current) => current.notice),
    keyPending: slice((current) => isWaitingFor(current, 'key')),
    keyError: slice((current) => current.keyError),
    baseUrlPending: slice((current) => isWaitingFor(current, 'baseUrl')),
    baseUrlResult: slice((current) => current.baseUrlResult),
    searchQuery: slice((current) => current.searchQuery),
    searchResults: slice((current) => current.searchResults),
    usage: slice((current) => current.usage),
    /** What the answers of the conversation on screen cost together; undefined before any is priced. */
    conversationCost: slice((current) =>
      current.conversationCost && current.conversationCost.conversationId === current.conversationId && current.conversationCost.answers > 0
        ? current.conversationCost
        : undefined,
    ),
    focusComposer: slice((current) => current.focusComposer),
    focusKeyEntry: slice((current) => current.focusKeyEntry),
    // ── Spending guard (issue 12) ──
    held: slice((current) => current.held),
    spend: slice((current) => current.spend),
    estimate: slice((current) => current.estimate),
    transferState: slice((current) => current.transfer),
    guardPreferences: slice((current) => current.preferences?.guard),
    focusHeld: slice((current) => current.focusHeld),
    isConfirming: (heldRequestId: string) => isConfirming(pending.value, heldRequestId),
    /** Asks the background what the draft on screen would cost. */
    requestEstimate: () => dispatch({ type: 'estimate' }),
    confirmHeld: (requestId: string) => dispatch({ type: 'confirmHeld', requestId }),
    cancelHeld: (requestId: string, edit: boolean) => dispatch({ type: 'cancelHeld', requestId, edit }),
    setSpendingLimits: (dailyBudget: number | null, answerCeiling: number | null) =>
      dispatch({ type: 'command', command: { type: 'setSpendingLimits', dailyBudget, answerCeiling } }),
    dismissGuardSuggestion: () => dispatch({ type: 'command', command: { type: 'dismissGuardSuggestion' } }),
    forgetAllowedBot: (bot: string) => dispatch({ type: 'command', command: { type: 'forgetAllowedBot', bot } }),
    // ── The selection bubble (issue 13) ──
    pageBubble: slice((current) => current.preferences?.pageBubble),
    /**
     * Its commands, one door for the three (this store is in every first paint; the bubble's views are loaded later).
     * `setPageBubble` on: only after the browser granted access to all sites in the user's click.
     */
    pageBubbleCommand: (command: Extract<UiIntent, { type: 'setPageBubble' | 'allowBubbleOnSite' | 'dismissBubbleSuggestion' }>) =>
      dispatch({ type: 'command', command }),

    start: () => connection.connect(),
    /** Parameter values chosen for a bot (only those the user changed from the defaults). */
    parametersFor: (bot: string) => shownParameters(pending.value, bot),
    isRetrying: (messageId: string) => isRetrying(pending.value, messageId),

    newChat: () => dispatch({ type: 'newChat' }),
    openConversation: (conversationId: string, bot?: string) => dispatch({ type: 'openConversation', conversationId, ...(bot ? { bot } : {}) }),
    chooseBot: (bot: string) => dispatch({ type: 'chooseBot', bot }),
    setParameter: (bot: string, name: string, value: ParameterValue | undefined) =>
      dispatch({ type: 'setParameter', bot, name, value: value ?? null }),
    // ── Compare (issue 16) ──
    compare,
    compareBots,
    /** Compare on with the bot on screen (the picker adds the others), or off (which closes a compare on screen too). */
    toggleCompare: () => {
      if (compareBots.peek().length === 0) {
        compareBots.value = [shownBot(state.peek())];
        return;
      }
      // Off: back to the chat as it was, so a question typed next goes where the user sees it going.
      compareBots.value = [];
      closeCompare();
    },
    addCompareBot: (bot: string) => {
      const bots = compareBots.peek();
      if (bots.length < MAX_COMPARE_BOTS && !bots.some((each) => each.toLowerCase() === bot.toLowerCase())) compareBots.value = [...bots, bot];
    },
    removeCompareBot: (bot: string) => {
      compareBots.value = compareBots.peek().filter((each) => each !== bot);
    },
    /**
     * The draft (its quotes and files too) to every chosen bot at once, each in a new conversation; the columns replace
     * the chat. A refused compare gives the draft back.
     */
    askCompare: (text: string) => dispatch({ type: 'compare', text, bots: compareBots.peek() }),
    compareEstimate,
    /** Asks what comparing `text` and the draft's files with the chosen bots would cost; the answer replaces `compareEstimate`. */
    estimateCompare: (text: string) => {
      const bots = compareBots.peek();
      if (bots.length < MIN_COMPARE_BOTS) {
        compareEstimateRequest = undefined;
        compareEstimate.value = undefined;
        return;
      }
      compareEstimateRequest = newRequestId();
      connection.send({ type: 'estimateCompare', requestId: compareEstimateRequest, bots, text, attachments: pendingFiles(state.peek().attachments) });
    },
    stopColumn: (conversationId: string) => connection.send({ type: 'stop', requestId: newRequestId(), conversationId }),
    retryColumn: (conversationId: string, messageId: string) => connection.send({ type: 'retry', requestId: newRequestId(), conversationId, messageId }),
    /** "Continue with this one": the column becomes the conversation on screen, with its bot; compare is off. */
    continueWith: (conversationId: string, bot: string) => {
      compareBots.value = [];
      dispatch({ type: 'openConversation', conversationId, bot });
    },
    closeCompare,
    /** A new question in the conversation on screen (or a new one), to the bot on screen, with its parameters and files. */
    ask: (text: string) => dispatch({ type: 'send', text }),
    stop: () => dispatch({ type: 'stop' }),
    retry: (messageId: string) => dispatch({ type: 'retry', messageId }),
    /** "Regenerate with…": the answer asked again of another bot (a new version of it). */
    retryWith: (messageId: string, bot: string) => dispatch({ type: 'retry', messageId, bot }),
    /** Shows version `to` (0-based) of a regenerated or edited message, with its own continuation. */
    switchVersion: (messageId: string, to: number) => {
      const conversationId = state.value.conversationId;
      if (conversationId) dispatch({ type: 'command', command: { type: 'switchVersion', conversationId, messageId, to } });
    },
    /** "Check again": the background watches a stopped video job on Poe once more. */
    checkVideoJob: (messageId: string) => {
      const conversationId = state.value.conversationId;
      if (conversationId) dispatch({ type: 'command', command: { type: 'checkVideoJob', conversationId, messageId } });
    },
    editAndResend: (messageId: string, text: string) => dispatch({ type: 'editAndResend', messageId, text }),
    setDraft: (text: string) => dispatch({ type: 'setDraft', text }),
    removeQuote: (id: string) => dispatch({ type: 'removeQuote', id }),
    /** "This page": the active tab's text; with a tab id, that tab's chip read again. */
    attachPage: (tabId?: number) => dispatch({ type: 'attachPage', ...(tabId === undefined ? {} : { tabId }) }),
    dismissPageError: () => dispatch({ type: 'dismissPageError' }),
    takeOffer: (offer: AttachOffer) => dispatch({ type: 'takeOffer', offer }),
    /** A timestamp clicked in an answer about a video: the background seeks it in its tab, or opens it there. */
    seekVideo: (url: string, seconds: number) => dispatch({ type: 'command', command: { type: 'seekVideo', url, seconds } }),
    setTranslation: (into: string | null) => dispatch({ type: 'command', command: { type: 'setTranslation', into } }),
    showView: (view: MainView) => dispatch({ type: 'showView', view }),
    search: (query: string) => dispatch({ type: 'search', query }),
    loadMoreConversations: () => dispatch({ type: 'loadMoreConversations' }),
    /** The next page of the usage view's history; `all`: every page to the end of Poe's 30 days. */
    loadMoreUsage: (all = false) => dispatch({ type: 'loadMoreUsage', all }),
    loadEarlier: () => dispatch({ type: 'loadEarlier' }),
    dismissNotice: () => dispatch({ type: 'dismissNotice' }),
    /** "Enter a new key": shows the key field, focused. */
    enterNewKey: () => dispatch({ type: 'enterNewKey' }),
    submitKey: (key: string) => dispatch({ type: 'command', command: { type: 'setKey', key } }),
    removeKey: () => dispatch({ type: 'command', command: { type: 'removeKey' } }),
    /** Sign in with Poe: the background opens Poe's window; the outcome arrives in the account state. */
    signInWithPoe: () => dispatch({ type: 'command', command: { type: 'signInWithPoe' } }),
    refreshBalance: () => dispatch({ type: 'command', command: { type: 'refreshBalance' } }),
    refreshModels: () => dispatch({ type: 'command', command: { type: 'refreshModels' } }),
    saveBaseUrl: (baseUrl: string) => dispatch({ type: 'command', command: { type: 'setBaseUrl', baseUrl } }),
    setPromptActions: (actions: PromptAction[]) => dispatch({ type: 'command', command: { type: 'setPromptActions', actions } }),
    /** Issue 16: a saved prompt's text with its variables filled from the active tab (by the background), or why not. */
    fillPrompt(promptId: string): Promise<PromptFillResult> {
      const requestId = newRequestId();
      const answer = new Promise<PromptFillResult>((resolve) => filling.set(requestId, resolve));
      connection.send({ type: 'fillPrompt', requestId, promptId });
      return answer;
    },
    renameConversation: (conversationId: string, title: string) =>
      dispatch({ type: 'command', command: { type: 'renameConversation', conversationId, title } }),
    deleteConversation: (conversationId: string) => dispatch({ type: 'command', command: { type: 'deleteConversation', conversationId } }),
    transfer: (intent: TransferIntent) => dispatch({ type: 'transfer', intent }),

    /** Parks files at the file door and shows them as chips; refuses what cannot be sent, saying why. */
    async addFiles(files: readonly File[], options: { focus?: boolean } = {}) {
      const added: DraftAttachment[] = [];
      let error: string | undefined;
      for (const file of files) {
        if (state.value.attachments.length + added.length >= MAX_ATTACHMENTS) {
          error = t('chatStore_tooManyFiles', MAX_ATTACHMENTS);
          break;
        }
        if (file.size > MAX_UPLOAD_BYTES) {
          error = t('chatStore_fileTooLarge', file.name, megabytes(file.size, 1), megabytes(MAX_UPLOAD_BYTES, 0));
          continue;
        }
        const name = file.name || `pasted-${Date.now()}.${file.type.split('/')[1] ?? 'bin'}`;
        const pendingId = await putPendingUpload(file, name);
        added.push({
          pendingId,
          name,
          contentType: file.type || 'application/octet-stream',
          size: file.size,
          ...(file.type.startsWith('image/') ? { previewUrl: URL.createObjectURL(file) } : {}),
        });
      }
      dispatch({ type: 'addAttachments', attachments: added, ...(error ? { error } : {}), ...(options.focus ? { focus: true } : {}) });
    },
    removeAttachment(pendingId: string) {
      pendingPreviews(state.value.attachments.filter((item) => item.pendingId === pendingId));
      dispatch({ type: 'removeAttachment', pendingId });
      void deletePendingUpload(pendingId);
    },
    /** A thumbnail for an image a web page handed over (it was parked by the background). */
    /** A thumbnail for a draft's image: its bytes, or the https image the user asked about on a page (never http). */
    async previewFor(pendingId: string): Promise<string | undefined> {
      const stored = await getPendingUpload(pendingId);
      if (stored && 'url' in stored) return /^https:\/\//i.test(stored.url) ? stored.url : undefined;
      return stored && stored.blob.type.startsWith('image/') ? URL.createObjectURL(stored.blob) : undefined;
    },
  };
}

export type ChatStore = ReturnType<typeof createChatStore>;
