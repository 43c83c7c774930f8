import { t } from '@/lib/i18n';
import type {
  AccountState,
  AttachedPage,
  AttachOffer,
  BackgroundEvent,
  BotParameters,
  ChatMessage,
  ConversationSummary,
  CostEstimate,
  ErrorInfo,
  HeldSend,
  ModelSummary,
  ParameterValue,
  PendingAttachment,
  Preferences,
  SearchResult,
  Spend,
  UiCommand,
  UiIntent,
  UsageEntry,
} from '@/lib/messaging/contracts';
import { composeMessage, type Quote } from '@/lib/messaging/quote';
import { DEFAULT_BOT, isInProgress, MIN_COMPARE_BOTS } from '@/lib/messaging/rules';
import { startTransfer, transferAfter, type Transfer, type TransferIntent } from './transfer-state';

/**
 * What a page (side panel, popup) shows, as a pure function of the background's events and the user's intents.
 * The background is the source of truth; the page keeps only its draft, and applies its own choices at once (a new
 * chat, a bot) so that what the user sees is what the next command carries. Each intent that needs the background
 * produces the command to send, with the request id the caller gave it.
 */

export type MainView = 'chat' | 'history' | 'usage' | 'settings';

/** The points history as far as this page has loaded it, newest first. */
export interface UsageView {
  entries: UsageEntry[];
  /** The cursor of the next (older) page; absent once Poe's 30 days are all loaded. */
  nextStartingAfter?: string;
  /** A page is on its way. */
  loading: boolean;
  /** Pages keep coming until the end ("Load all"). */
  loadingAll: boolean;
  error?: ErrorInfo;
}

export type ConversationCost = Omit<Extract<BackgroundEvent, { type: 'conversationCost' }>, 'type'>;

/** A file in the composer, already parked at the file door. */
export interface DraftAttachment extends PendingAttachment {
  /** Object URL for an image thumbnail (revoked when removed). */
  previewUrl?: string;
  /** "This page": the tab's text; `changed` once the tab navigated or closed (the chip offers Refresh). */
  page?: AttachedPage & { changed?: 'navigated' | 'closed' };
}

/** A selection quoted from a page, shown as a block above the question until Send words it (`composeMessage`). */
export interface DraftQuote extends Quote {
  id: string;
}

/** The "This page" button: reading a tab, or why it could not (`origin`: the site to ask access to). */
export interface PageAttachStatus {
  pending: boolean;
  error?: ErrorInfo;
  origin?: string;
  /** A lesser file the user may take instead (a video without captions: its title and description only). */
  offer?: AttachOffer;
}

/** A failure shown in the composer, with a lesser file offered instead when there is one. */
export type Notice = ErrorInfo & { offer?: AttachOffer };

/** A question on its way to the background, shown at once and given back to the composer if it cannot be sent. */
export interface PendingSend {
  requestId: string;
  /** Where it goes; `null` until the background names the new conversation. */
  conversationId: string | null;
  bot: string;
  text: string;
  attachments: DraftAttachment[];
  /** The draft it was made of, given back as it was if it cannot be sent. */
  question: string;
  quotes: DraftQuote[];
}

/** What a question took from the composer (the draft as written, its quotes and files), given back if it is refused. */
export type TakenDraft = Pick<PendingSend, 'question' | 'quotes' | 'attachments'>;

/** A command of this page still waiting for the background's answer, and what the page did meanwhile. */
type Waiting =
  /** A compare (issue 16): the draft it took, given back if it is refused (a held one is given back by its hold). */
  | { kind: 'compare'; draft: TakenDraft }
  | { kind: 'bot'; bot: string }
  | { kind: 'parameter'; bot: string; name: string; value: ParameterValue | null }
  | { kind: 'retry'; messageId: string }
  | { kind: 'search'; query: string }
  | { kind: 'key' }
  | { kind: 'baseUrl' }
  | { kind: 'delete'; conversationId: string }
  | { kind: 'confirmHeld'; heldRequestId: string }
  /** "This page" (`replaces`: the chip a refresh replaces). */
  | { kind: 'attachPage'; replaces?: string }
  | { kind: 'other' };

export interface PageState {
  account?: AccountState;
  preferences?: Preferences;
  models: ModelSummary[];
  modelsError?: ErrorInfo;
  /** The conversation list as far as it is loaded, newest first. */
  conversations: ConversationSummary[];
  /** Older conversations exist beyond the loaded ones. */
  moreConversations: boolean;
  loadingConversations: boolean;
  view: MainView;
  /** The conversation on screen (`null`: a new chat). */
  conversationId: string | null;
  /** The latest command of this page that changes what it shows; answers to older ones do not move the page. */
  viewRequest?: string;
  messages: ChatMessage[];
  /** Earlier messages of the conversation on screen exist beyond the loaded ones. */
  hasEarlier: boolean;
  loadingEarlier: boolean;
  draft: string;
  /** Selections quoted from pages, in the order they came, above the question. */
  quotes: DraftQuote[];
  attachments: DraftAttachment[];
  attachmentError?: string;
  pageAttach?: PageAttachStatus;
  sending: PendingSend[];
  /** Commands sent and not yet answered, by request id, in the order they were sent. */
  waiting: Record<string, Waiting>;
  /** The latest outcome of a key or base-URL change. */
  keyError?: ErrorInfo;
  baseUrlResult?: { ok: true } | { ok: false; error: ErrorInfo };
  /** A failure to show in the composer until its cause is gone or the user dismisses it. */
  notice?: Notice;
  searchQuery: string;
  searchResults?: SearchResult[];
  usage?: UsageView;
  /** What the answers of a conversation cost together (shown when it is the one on screen). */
  conversationCost?: ConversationCost;
  /** Bumped when something wants the composer focused (a page ask). */
  focusComposer: number;
  /** Bumped when the key field should be shown and focused ("Enter a new key"). */
  focusKeyEntry: number;
  /** The models and balance are refreshed once per page, not on every reconnect. */
  refreshedOnOpen: boolean;
  /** Commands that were waiting when the line to the background broke: the background that would answer is gone. */
  orphaned: string[];
  // ── Spending guard (issue 12): what the background says; the page keeps none of it on its own ──
  /** Sends the background holds for the user's OK. */
  held: HeldSend[];
  spend?: Spend;
  /** The background's estimate for the draft, answering the page's latest `estimate` command. */
  estimate?: { estimate: CostEstimate; wouldHold: boolean };
  estimateRequest?: string;
  /** Bumped when a page ask was held: the panel shows the held send. */
  focusHeld: number;
  /** Export or import (issue 16): the one running, or the outcome of the last one until dismissed. */
  transfer?: Transfer;
}

export type PageAction =
  | { type: 'event'; event: BackgroundEvent }
  /** The line to the background broke (the background stopped); it is made again at once. */
  | { type: 'disconnected' }
  | { type: 'newChat' }
  | { type: 'openConversation'; conversationId: string; bot?: string }
  | { type: 'chooseBot'; bot: string }
  | { type: 'setParameter'; bot: string; name: string; value: ParameterValue | null }
  | { type: 'send'; text: string }
  /** The draft (its quotes and files too) to 2–4 bots at once (issue 16). */
  | { type: 'compare'; text: string; bots: readonly string[] }
  | { type: 'stop' }
  | { type: 'retry'; messageId: string; bot?: string }
  | { type: 'editAndResend'; messageId: string; text: string }
  | { type: 'setDraft'; text: string }
  | { type: 'addAttachments'; attachments: DraftAttachment[]; error?: string; /** Focus moves to the composer (an answer's image used as input). */ focus?: true }
  | { type: 'removeAttachment'; pendingId: string }
  | { type: 'removeQuote'; id: string }
  /** "This page": attach the active tab's text (`tabId`: refresh that tab's chip). */
  | { type: 'attachPage'; tabId?: number }
  | { type: 'dismissPageError' }
  /** The offered lesser file goes into the draft (the notice that offered it goes away). */
  | { type: 'takeOffer'; offer: AttachOffer }
  | { type: 'showView'; view: MainView }
  /** The search field changed: shown at once, and asked for at once unless a search is already on its way. */
  | { type: 'search'; query: string }
  | { type: 'loadMoreConversations' }
  /** The next page of the points history (`all`: every page to the end of Poe's 30 days); the first one again after a failure. */
  | { type: 'loadMoreUsage'; all?: boolean }
  | { type: 'loadEarlier' }
  | { type: 'dismissNotice' }
  | { type: 'enterNewKey' }
  /** Ask the background what sending the draft would cost (the composer asks after the draft settles). */
  | { type: 'estimate' }
  /** "Send anyway" for a held send. */
  | { type: 'confirmHeld'; requestId: string }
  /** Drop a held send; `edit`: its question and files come back to the composer. */
  | { type: 'cancelHeld'; requestId: string; edit: boolean }
  /** Commands that change nothing on screen until the background answers (key, base URL, rename, delete…). */
  | { type: 'command'; command: UiIntent }
  /** Export a conversation or everything, import a backup, or put the outcome away (issue 16). */
  | { type: 'transfer'; intent: TransferIntent };

export interface Reduced {
  state: PageState;
  commands: UiCommand[];
}

export function initialPageState(draft = '', quotes: DraftQuote[] = []): PageState {
  return {
    models: [],
    conversations: [],
    moreConversations: false,
    loadingConversations: false,
    view: 'chat',
    conversationId: null,
    messages: [],
    hasEarlier: false,
    loadingEarlier: false,
    draft,
    quotes,
    attachments: [],
    sending: [],
    waiting: {},
    searchQuery: '',
    focusComposer: 0,
    focusKeyEntry: 0,
    refreshedOnOpen: false,
    orphaned: [],
    held: [],
    focusHeld: 0,
  };
}

/** The bot on screen: this page's latest choice until the background confirms it, then the background's. */
export function shownBot(state: PageState): string {
  let bot = state.preferences?.selectedBot ?? DEFAULT_BOT;
  for (const waiting of Object.values(state.waiting)) if (waiting.kind === 'bot') bot = waiting.bot;
  return bot;
}

/** The parameters on screen for a bot: the background's, with this page's unconfirmed changes on top. */
export function shownParameters(state: Pick<PageState, 'preferences' | 'waiting'>, bot: string): BotParameters {
  const values: BotParameters = { ...(state.preferences?.botParameters[bot] ?? {}) };
  for (const waiting of Object.values(state.waiting)) {
    if (waiting.kind !== 'parameter' || waiting.bot !== bot) continue;
    if (waiting.value === null) delete values[waiting.name];
    else values[waiting.name] = waiting.value;
  }
  return values;
}

/** Whether "Send anyway" was clicked for this hold and not yet answered (the button waits: one click is one send). */
export function isConfirming(state: Pick<PageState, 'waiting'>, heldRequestId: string): boolean {
  return Object.values(state.waiting).some((waiting) => waiting.kind === 'confirmHeld' && waiting.heldRequestId === heldRequestId);
}

/** Whether an answer is on its way in the conversation on screen. */
export function isAnswering(state: PageState): boolean {
  return state.messages.some((message) => isInProgress(message.status));
}

/** Questions on their way to the conversation on screen. */
export function sendingHere(state: PageState): PendingSend[] {
  return state.sending.filter((pending) => pending.conversationId === state.conversationId);
}

/** Whether a retry of this answer was asked for and not yet answered (its button hides: a double click asks once). */
export function isRetrying(state: Pick<PageState, 'waiting'>, messageId: string): boolean {
  return Object.values(state.waiting).some((waiting) => waiting.kind === 'retry' && waiting.messageId === messageId);
}

export function isWaitingFor(state: PageState, kind: Waiting['kind']): boolean {
  return Object.values(state.waiting).some((waiting) => waiting.kind === kind);
}

const withoutKey = <T>(record: Record<string, T>, key: string): Record<string, T> => {
  const { [key]: _removed, ...rest } = record;
  return rest;
};

/** Whether the draft holds anything: a page ask into an empty draft starts a new chat. */
export function draftIsEmpty(state: Pick<PageState, 'draft' | 'attachments' | 'quotes'>): boolean {
  return !state.draft.trim() && state.attachments.length === 0 && state.quotes.length === 0;
}

/** What Send would send: the quotes, then the question. */
export function draftMessage(state: Pick<PageState, 'draft' | 'quotes'>): string {
  return composeMessage(state.quotes, state.draft);
}

/** Appends text to a draft, on a new paragraph when the draft already has some. */
function appendToDraft(draft: string, text: string): string {
  if (!draft.trim()) return text;
  if (!text.trim()) return draft;
  return `${draft.replace(/\s+$/, '')}\n\n${text}`;
}

export function reducePage(state: PageState, action: PageAction, newRequestId: () => string): Reduced {
  const commands: UiCommand[] = [];
  /** Sends a command and remembers it is waiting. */
  const issue = (command: UiIntent, waiting: Waiting = { kind: 'other' }): string => {
    const requestId = newRequestId();
    commands.push({ ...command, requestId } as UiCommand);
    state = { ...state, waiting: { ...state.waiting, [requestId]: waiting } };
    return requestId;
  };
  const show = (conversationId: string | null): void => {
    const requestId = issue({ type: 'selectConversation', conversationId });
    state = {
      ...state,
      view: 'chat',
      conversationId,
      viewRequest: requestId,
      ...(conversationId === state.conversationId ? {} : { messages: [], hasEarlier: false, loadingEarlier: false }),
    };
  };

  switch (action.type) {
    case 'event':
      return onEvent(state, action.event, newRequestId);
    case 'disconnected':
      return { state: { ...state, orphaned: [...state.orphaned, ...Object.keys(state.waiting)] }, commands };
    case 'newChat':
      show(null);
      return { state, commands };
    case 'openConversation':
      show(action.conversationId);
      // The conversation's bot comes back with it, so the next question goes where the last one did.
      if (action.bot && action.bot !== shownBot(state)) issue({ type: 'selectBot', bot: action.bot }, { kind: 'bot', bot: action.bot });
      return { state, commands };
    case 'chooseBot':
      if (action.bot !== shownBot(state)) issue({ type: 'selectBot', bot: action.bot }, { kind: 'bot', bot: action.bot });
      return { state, commands };
    case 'setParameter':
      issue({ type: 'setBotParameter', bot: action.bot, name: action.name, value: action.value }, { kind: 'parameter', ...action });
      return { state, commands };
    case 'send': {
      const text = composeMessage(state.quotes, action.text);
      if (!text) return { state, commands };
      const bot = shownBot(state);
      const requestId = issue({
        type: 'send',
        conversationId: state.conversationId,
        bot,
        text,
        parameters: shownParameters(state, bot),
        attachments: pendingFiles(state.attachments),
      });
      const pending: PendingSend = {
        requestId,
        conversationId: state.conversationId,
        bot,
        text,
        attachments: state.attachments,
        question: action.text,
        quotes: state.quotes,
      };
      state = {
        ...state,
        sending: [...state.sending, pending],
        draft: '',
        quotes: [],
        attachments: [],
        attachmentError: undefined,
        notice: undefined,
        view: 'chat',
        // A question to a new conversation: the page follows it there unless the user moves on first.
        ...(state.conversationId === null ? { viewRequest: requestId } : {}),
      };
      return { state, commands };
    }
    case 'compare': {
      const text = composeMessage(state.quotes, action.text);
      if (!text.trim() || action.bots.length < MIN_COMPARE_BOTS) return { state, commands };
      const draft: TakenDraft = { question: action.text, quotes: state.quotes, attachments: state.attachments };
      issue({ type: 'compare', bots: [...action.bots], text, attachments: pendingFiles(state.attachments) }, { kind: 'compare', draft });
      // The files stay parked: the background takes them for every column (or a hold keeps them).
      state = { ...state, draft: '', quotes: [], attachments: [], attachmentError: undefined, notice: undefined };
      return { state, commands };
    }
    case 'stop':
      if (state.conversationId) issue({ type: 'stop', conversationId: state.conversationId });
      return { state, commands };
    case 'retry':
      if (state.conversationId && !isRetrying(state, action.messageId)) {
        const other = action.bot === undefined ? {} : { bot: action.bot };
        issue({ type: 'retry', conversationId: state.conversationId, messageId: action.messageId, ...other }, { kind: 'retry', messageId: action.messageId });
        state = { ...state, notice: undefined };
      }
      return { state, commands };
    case 'editAndResend':
      if (state.conversationId && action.text.trim()) {
        issue({ type: 'editAndResend', conversationId: state.conversationId, messageId: action.messageId, text: action.text.trim() });
        state = { ...state, notice: undefined };
      }
      return { state, commands };
    case 'setDraft':
      return { state: { ...state, draft: action.text }, commands };
    case 'addAttachments':
      return {
        state: {
          ...state,
          attachments: [...state.attachments, ...action.attachments],
          attachmentError: action.error,
          focusComposer: action.focus ? state.focusComposer + 1 : state.focusComposer,
        },
        commands,
      };
    case 'removeAttachment':
      return { state: { ...state, attachments: state.attachments.filter((each) => each.pendingId !== action.pendingId) }, commands };
    case 'removeQuote':
      return { state: { ...state, quotes: state.quotes.filter((each) => each.id !== action.id) }, commands };
    case 'attachPage': {
      if (state.pageAttach?.pending) return { state, commands };
      const replaces = action.tabId === undefined ? undefined : state.attachments.find((each) => each.page?.tabId === action.tabId)?.pendingId;
      issue({ type: 'attachPage', ...(action.tabId === undefined ? {} : { tabId: action.tabId }) }, { kind: 'attachPage', ...(replaces ? { replaces } : {}) });
      return { state: { ...state, pageAttach: { pending: true } }, commands };
    }
    case 'dismissPageError':
      return { state: { ...state, pageAttach: undefined }, commands };
    case 'takeOffer':
      return {
        state: {
          ...state,
          attachments: [...state.attachments, action.offer.attachment],
          notice: state.notice?.offer ? undefined : state.notice,
          pageAttach: state.pageAttach?.offer ? undefined : state.pageAttach,
          focusComposer: state.focusComposer + 1,
        },
        commands,
      };
    case 'showView':
      if (action.view === 'usage') {
        issue({ type: 'loadUsage' });
        // What was loaded before stays on screen until the fresh first page replaces it.
        state = { ...state, usage: { entries: state.usage?.entries ?? [], loading: true, loadingAll: false } };
      }
      return { state: { ...state, view: action.view }, commands };
    case 'loadMoreUsage': {
      const usage = state.usage;
      if (usage?.loading) return { state, commands };
      const fromStart = !usage || (usage.entries.length === 0 && usage.error !== undefined);
      if (!fromStart && !usage.nextStartingAfter) return { state, commands };
      const startingAfter = fromStart ? undefined : usage.nextStartingAfter;
      issue({ type: 'loadUsage', ...(startingAfter ? { startingAfter } : {}), ...(action.all ? { all: true } : {}) });
      const entries = fromStart ? [] : usage.entries;
      return {
        state: { ...state, usage: { entries, ...(startingAfter ? { nextStartingAfter: startingAfter } : {}), loading: true, loadingAll: action.all === true } },
        commands,
      };
    }
    case 'search':
      state = { ...state, searchQuery: action.query, ...(action.query.trim() ? {} : { searchResults: undefined }) };
      // One search on its way at a time: a paste or a first key is asked for at once; keys typed while it runs are
      // asked for together when it ends (see searchAgain), so what was typed past is never searched.
      if (action.query.trim() && !isWaitingFor(state, 'search')) issue({ type: 'searchConversations', query: action.query }, { kind: 'search', query: action.query });
      return { state, commands };
    case 'loadMoreConversations': {
      const oldest = state.conversations.at(-1);
      if (!state.moreConversations || state.loadingConversations || !oldest) return { state, commands };
      issue({ type: 'loadConversations', before: oldest.updatedAt });
      return { state: { ...state, loadingConversations: true }, commands };
    }
    case 'loadEarlier': {
      const first = state.messages[0];
      if (!state.hasEarlier || state.loadingEarlier || !first || !state.conversationId) return { state, commands };
      issue({ type: 'loadEarlierMessages', conversationId: state.conversationId, beforeSeq: first.seq });
      return { state: { ...state, loadingEarlier: true }, commands };
    }
    case 'dismissNotice':
      return { state: { ...state, notice: undefined }, commands };
    case 'estimate': {
      if (draftIsEmpty(state)) return { state: { ...state, estimate: undefined, estimateRequest: undefined }, commands };
      const bot = shownBot(state);
      const requestId = issue({
        type: 'estimate',
        conversationId: state.conversationId,
        bot,
        text: draftMessage(state),
        parameters: shownParameters(state, bot),
        attachments: pendingFiles(state.attachments),
      });
      return { state: { ...state, estimateRequest: requestId }, commands };
    }
    case 'confirmHeld': {
      const hold = state.held.find((each) => each.requestId === action.requestId);
      if (!hold || isConfirming(state, hold.requestId)) return { state, commands };
      // The answer goes where the held question was going: the page follows it there.
      if (hold.conversationId !== null && hold.conversationId !== state.conversationId) show(hold.conversationId);
      const requestId = issue({ type: 'confirmHeld', heldRequestId: hold.requestId }, { kind: 'confirmHeld', heldRequestId: hold.requestId });
      if (hold.conversationId === null) {
        state = {
          ...state,
          view: 'chat',
          viewRequest: requestId,
          ...(state.conversationId === null ? {} : { conversationId: null, messages: [], hasEarlier: false }),
        };
      }
      return { state: { ...state, notice: undefined }, commands };
    }
    case 'cancelHeld': {
      const hold = state.held.find((each) => each.requestId === action.requestId);
      if (!hold) return { state, commands };
      issue({ type: 'cancelHeld', heldRequestId: hold.requestId, keepFiles: action.edit });
      // Gone from the screen at once; the background's list follows.
      state = { ...state, held: state.held.filter((each) => each !== hold) };
      if (action.edit && (hold.action === 'send' || hold.action === 'compare')) {
        state = {
          ...state,
          view: 'chat',
          draft: appendToDraft(hold.text, state.draft),
          attachments: [...hold.attachments, ...state.attachments],
          focusComposer: state.focusComposer + 1,
        };
      }
      return { state, commands };
    }
    case 'enterNewKey':
      return { state: { ...state, view: 'settings', focusKeyEntry: state.focusKeyEntry + 1 }, commands };
    case 'transfer': {
      const transfer = startTransfer(state.transfer, action.intent, (command) => issue(command));
      return { state: { ...state, transfer }, commands };
    }
    case 'command': {
      const command = action.command;
      const waiting: Waiting =
        command.type === 'setKey'
          ? { kind: 'key' }
          : command.type === 'setBaseUrl'
            ? { kind: 'baseUrl' }
            : command.type === 'deleteConversation'
              ? { kind: 'delete', conversationId: command.conversationId }
              : { kind: 'other' };
      const kind = waiting.kind;
      issue(command, waiting);
      if (kind === 'key') state = { ...state, keyError: undefined };
      if (kind === 'baseUrl') state = { ...state, baseUrlResult: undefined };
      return { state, commands };
    }
  }
}

/** The draft's files as a command names them (the page's own details left out). */
export function pendingFiles(attachments: readonly DraftAttachment[]): PendingAttachment[] {
  return attachments.map(({ previewUrl: _preview, ...pending }) => pending);
}

/** A question that could not be sent goes back to the composer as it was written, before what was added since. */
function restored(state: PageState, pending: TakenDraft): Pick<PageState, 'draft' | 'quotes' | 'attachments'> {
  return {
    draft: appendToDraft(pending.question, state.draft),
    quotes: [...pending.quotes, ...state.quotes],
    attachments: [...pending.attachments, ...state.attachments],
  };
}

/** A search ended: if the field has changed since it was asked, ask for what the field holds now. */
function searchAgain(state: PageState, ended: Waiting | undefined, commands: UiCommand[], newRequestId: () => string): PageState {
  const query = state.searchQuery;
  if (ended?.kind !== 'search' || !query.trim() || query === ended.query || isWaitingFor(state, 'search')) return state;
  const requestId = newRequestId();
  commands.push({ type: 'searchConversations', query, requestId });
  return { ...state, waiting: { ...state.waiting, [requestId]: { kind: 'search', query } } };
}

function upsert(messages: ChatMessage[], message: ChatMessage): ChatMessage[] {
  const index = messages.findIndex((each) => each.id === message.id);
  if (index < 0) return [...messages, message];
  const next = messages.slice();
  next[index] = message;
  return next;
}

function onEvent(state: PageState, event: BackgroundEvent, newRequestId: () => string): Reduced {
  const commands: UiCommand[] = [];
  const transfer = transferAfter(state.transfer, event);
  if (transfer !== state.transfer) {
    // An export's or import's answer (or failure) is shown by the transfer, not as the composer's notice.
    return { state: { ...state, transfer, waiting: 'requestId' in event && event.requestId ? withoutKey(state.waiting, event.requestId) : state.waiting }, commands };
  }
  switch (event.type) {
    case 'snapshot': {
      let next = recoverOrphans(state, event.messages, newRequestId, commands);
      // A page that has asked to show something else since keeps what it asked for.
      const shown = next.viewRequest === undefined;
      next = {
        ...next,
        account: event.account,
        preferences: event.preferences,
        models: event.models.length > 0 ? event.models : next.models,
        conversations: event.conversations,
        moreConversations: event.moreConversations,
        loadingConversations: false,
        held: event.held,
        spend: event.spend,
        ...(shown ? { conversationId: event.conversationId, messages: event.messages, hasEarlier: event.hasEarlier, loadingEarlier: false } : {}),
      };
      if (!next.refreshedOnOpen) {
        // Once per page: the cached model list shows at once and a fresh one follows; the balance is refreshed.
        next = { ...next, refreshedOnOpen: true };
        commands.push({ type: 'refreshModels', requestId: newRequestId() });
        if (event.account.hasKey) commands.push({ type: 'refreshBalance', requestId: newRequestId() });
      }
      return { state: next, commands };
    }
    case 'account': {
      const keyChanged = state.account?.keyHint !== event.account.keyHint || state.account?.baseUrl !== event.account.baseUrl;
      // A removed or replaced key, or another Poe: the failures that came from the old one are gone with it.
      return { state: { ...state, account: event.account, ...(keyChanged ? { notice: undefined } : {}) }, commands };
    }
    case 'preferences':
      return { state: { ...state, preferences: event.preferences }, commands };
    case 'models':
      return { state: { ...state, models: event.models, modelsError: event.error }, commands };
    case 'conversations':
      return { state: withFirstPage(state, event.conversations, event.more), commands };
    case 'conversationPage': {
      const known = new Set(state.conversations.map((conversation) => conversation.id));
      return {
        state: {
          ...state,
          conversations: [...state.conversations, ...event.conversations.filter((conversation) => !known.has(conversation.id))],
          moreConversations: event.more,
          loadingConversations: false,
        },
        commands,
      };
    }
    case 'searchResults':
      return { state: event.query === state.searchQuery ? { ...state, searchResults: event.results } : state, commands };
    case 'earlierMessages': {
      if (event.conversationId !== state.conversationId) return { state, commands };
      const known = new Set(state.messages.map((message) => message.id));
      return {
        state: {
          ...state,
          messages: [...event.messages.filter((message) => !known.has(message.id)), ...state.messages],
          hasEarlier: event.hasEarlier,
          loadingEarlier: false,
        },
        commands,
      };
    }
    case 'usage': {
      const current = state.usage;
      const first = event.startingAfter === undefined;
      // A later page is added only where the page left off; an answer to an older request is dropped.
      if (!first && (!current || current.nextStartingAfter !== event.startingAfter)) return { state, commands };
      const known = new Set(first ? [] : current?.entries.map((entry) => entry.queryId));
      const entries = [...(first ? [] : (current?.entries ?? [])), ...event.entries.filter((entry) => !known.has(entry.queryId))];
      const continuing = event.continuing === true;
      const usage: UsageView = {
        entries,
        // A failed page keeps its cursor so "Try again" asks for the same page.
        ...(event.error ? (event.startingAfter ? { nextStartingAfter: event.startingAfter } : {}) : event.nextStartingAfter ? { nextStartingAfter: event.nextStartingAfter } : {}),
        loading: continuing,
        loadingAll: continuing && (current?.loadingAll ?? false),
        ...(event.error ? { error: event.error } : {}),
      };
      return { state: { ...state, usage }, commands };
    }
    case 'conversationCost': {
      // A compare's columns are followed too (issue 16): their costs are theirs, not the shown conversation's.
      if (event.conversationId !== state.conversationId) return { state, commands };
      const { type: _type, ...cost } = event;
      return { state: { ...state, conversationCost: cost }, commands };
    }
    case 'compareStarted':
    case 'compareColumn':
    case 'compareEstimate':
    case 'watched':
      // A compare's columns live in their own state (compare-state.ts).
      return { state, commands };
    case 'exportFile':
    case 'importResult':
      // Answers to a transfer this page no longer waits for (it was dismissed): nothing to show.
      return { state, commands };
    case 'estimate':
      // Only the answer to the latest ask describes the draft on screen.
      if (event.requestId !== state.estimateRequest) return { state, commands };
      return { state: { ...state, estimate: { estimate: event.estimate, wouldHold: event.wouldHold } }, commands };
    case 'held':
      return { state: { ...state, held: event.held }, commands };
    case 'spend':
      return { state: { ...state, spend: event.spend }, commands };
    case 'commandHeld': {
      // Not sent: the background holds it and lists it in `held`, with the question and its files; the page shows
      // it there instead of as a question on its way.
      let next: PageState = { ...state, waiting: withoutKey(state.waiting, event.requestId), view: 'chat' };
      if (next.viewRequest === event.requestId) next = { ...next, viewRequest: undefined };
      next = { ...next, sending: next.sending.filter((pending) => pending.requestId !== event.requestId), estimate: undefined };
      return { state: next, commands };
    }
    case 'conversation': {
      // Only the answer to this page's latest view change moves it; a deleted conversation moves it when it is on screen.
      const ours = event.requestId !== undefined && event.requestId === state.viewRequest;
      const moved = event.requestId === undefined && state.viewRequest === undefined;
      if (!ours && !moved) return { state, commands };
      const sending = state.sending.map((pending) =>
        pending.requestId === event.requestId ? { ...pending, conversationId: event.conversationId } : pending,
      );
      return {
        state: {
          ...state,
          conversationId: event.conversationId,
          messages: event.messages,
          hasEarlier: event.hasEarlier,
          loadingEarlier: false,
          viewRequest: undefined,
          sending,
        },
        commands,
      };
    }
    case 'message': {
      const message = event.message;
      let next: PageState = {
        ...state,
        sending: message.requestId ? state.sending.filter((pending) => pending.requestId !== message.requestId) : state.sending,
      };
      if (event.conversationId === state.conversationId) next = { ...next, messages: upsert(state.messages, message) };
      // A later successful answer: the failure shown in the composer is history.
      if (message.role === 'bot' && message.status === 'complete') next = { ...next, notice: undefined };
      return { state: next, commands };
    }
    case 'delta': {
      if (event.conversationId !== state.conversationId) return { state, commands };
      const index = state.messages.findIndex((message) => message.id === event.messageId);
      if (index < 0) return { state, commands };
      const current = state.messages[index]!;
      const text = event.replace !== undefined ? event.replace + (event.append ?? '') : current.text + (event.append ?? '');
      const messages = state.messages.slice();
      messages[index] = { ...current, text };
      return { state: { ...state, messages }, commands };
    }
    case 'pageAttach': {
      const waiting = state.waiting[event.requestId];
      if (waiting?.kind !== 'attachPage') return { state, commands };
      const result = event.result;
      if (!result.ok) {
        const { error, origin, offer } = result;
        return { state: { ...state, pageAttach: { pending: false, error, ...(origin ? { origin } : {}), ...(offer ? { offer } : {}) } }, commands };
      }
      const chip: DraftAttachment = { ...result.attachment, page: result.page };
      // A refresh takes the old chip's place; a second "This page" of the same tab replaces it too (attached once).
      const old = state.attachments.findIndex((each) => each.pendingId === waiting.replaces || each.page?.tabId === result.page.tabId);
      const attachments = state.attachments.slice();
      if (old >= 0) attachments[old] = chip;
      else attachments.push(chip);
      return { state: { ...state, attachments, pageAttach: undefined, focusComposer: state.focusComposer + 1 }, commands };
    }
    case 'promptFilled':
      // Issue 16: answered to the store's own promise (chat-store.ts fillPrompt); the state does not change.
      return { state, commands };
    case 'pageChanged': {
      const attachments = state.attachments.map((each) =>
        each.page?.tabId === event.tabId ? { ...each, page: { ...each.page, changed: event.closed ? ('closed' as const) : ('navigated' as const) } } : each,
      );
      return { state: { ...state, attachments }, commands };
    }
    case 'messagesRemoved':
      if (event.conversationId !== state.conversationId) return { state, commands };
      return { state: { ...state, messages: state.messages.filter((message) => !event.messageIds.includes(message.id)) }, commands };
    case 'handoff': {
      const handoff = event.handoff;
      if (handoff.kind === 'error') {
        return { state: { ...state, notice: { ...handoff.error, ...(handoff.offer ? { offer: handoff.offer } : {}) }, view: 'chat' }, commands };
      }
      if (handoff.kind === 'held') return { state: { ...state, view: 'chat', focusHeld: state.focusHeld + 1 }, commands };
      const requestId = newRequestId();
      if (handoff.kind === 'open') {
        commands.push({ type: 'selectConversation', conversationId: handoff.conversationId, requestId });
        return {
          state: { ...state, view: 'chat', conversationId: handoff.conversationId, viewRequest: requestId, messages: [], waiting: { ...state.waiting, [requestId]: { kind: 'other' } } },
          commands,
        };
      }
      // A page ask adds to what the user is writing; with nothing written it starts a new chat.
      const fresh = draftIsEmpty(state);
      let next: PageState = {
        ...state,
        view: 'chat',
        draft: appendToDraft(state.draft, handoff.text),
        quotes: handoff.quote ? [...state.quotes, { ...handoff.quote, id: newRequestId() }] : state.quotes,
        attachments: [...state.attachments, ...handoff.attachments],
        focusComposer: state.focusComposer + 1,
      };
      if (fresh && state.conversationId !== null) {
        commands.push({ type: 'selectConversation', conversationId: null, requestId });
        next = { ...next, conversationId: null, messages: [], viewRequest: requestId, waiting: { ...next.waiting, [requestId]: { kind: 'other' } } };
      }
      return { state: next, commands };
    }
    case 'done': {
      const waiting = state.waiting[event.requestId];
      let next: PageState = searchAgain({ ...state, waiting: withoutKey(state.waiting, event.requestId) }, waiting, commands, newRequestId);
      if (waiting?.kind === 'baseUrl') next = { ...next, baseUrlResult: { ok: true }, notice: undefined };
      if (waiting?.kind === 'key') next = { ...next, keyError: undefined, notice: undefined, view: next.view === 'settings' ? 'chat' : next.view };
      if (event.command === 'send') next = { ...next, sending: next.sending.filter((pending) => pending.requestId !== event.requestId) };
      if (waiting?.kind === 'delete') {
        // It may sit in an older page the background's first-page update does not cover.
        next = { ...next, conversations: next.conversations.filter((conversation) => conversation.id !== waiting.conversationId) };
      }
      return { state: next, commands };
    }
    case 'commandFailed': {
      const waiting = state.waiting[event.requestId];
      let next: PageState = searchAgain({ ...state, waiting: withoutKey(state.waiting, event.requestId) }, waiting, commands, newRequestId);
      if (next.viewRequest === event.requestId) next = { ...next, viewRequest: undefined };
      if (waiting?.kind === 'key') return { state: { ...next, keyError: event.error }, commands };
      if (waiting?.kind === 'baseUrl') return { state: { ...next, baseUrlResult: { ok: false, error: event.error } }, commands };
      if (event.command === 'loadConversations') next = { ...next, loadingConversations: false };
      if (event.command === 'loadEarlierMessages') next = { ...next, loadingEarlier: false };
      // A refused compare: nothing was asked, and the draft it took goes back to the composer.
      if (waiting?.kind === 'compare') next = { ...next, ...restored(next, waiting.draft) };
      const pending = next.sending.find((each) => each.requestId === event.requestId);
      if (pending) {
        // Nothing was sent: the question and its files go back to the composer.
        next = {
          ...next,
          sending: next.sending.filter((each) => each !== pending),
          ...restored(next, pending),
        };
      }
      return { state: { ...next, notice: event.error }, commands };
    }
  }
}

/**
 * After the background restarted: commands it never answered will not be answered. A question it stored is in the
 * snapshot; one it did not goes back to the composer (never lost, never asked twice). The page's unconfirmed bot and
 * parameter choices are sent again; anything else is dropped.
 */
function recoverOrphans(state: PageState, snapshotMessages: ChatMessage[], newRequestId: () => string, commands: UiCommand[]): PageState {
  if (state.orphaned.length === 0) return state;
  const stored = new Set(snapshotMessages.map((message) => message.requestId));
  let next: PageState = { ...state, orphaned: [] };
  for (const requestId of state.orphaned) {
    const waiting = next.waiting[requestId];
    next = { ...next, waiting: withoutKey(next.waiting, requestId) };
    if (next.viewRequest === requestId) next = { ...next, viewRequest: undefined };
    const pending = next.sending.find((each) => each.requestId === requestId);
    if (pending) {
      next = { ...next, sending: next.sending.filter((each) => each !== pending) };
      if (!stored.has(requestId)) {
        next = {
          ...next,
          ...restored(next, pending),
          notice: { kind: 'internal', message: t('pageState_sendLost') },
        };
      }
    }
    if (waiting?.kind === 'bot' || waiting?.kind === 'parameter') {
      const again = newRequestId();
      commands.push(
        waiting.kind === 'bot'
          ? { type: 'selectBot', bot: waiting.bot, requestId: again }
          : { type: 'setBotParameter', bot: waiting.bot, name: waiting.name, value: waiting.value, requestId: again },
      );
      next = { ...next, waiting: { ...next.waiting, [again]: waiting } };
    }
  }
  return next;
}

/**
 * The background's newest page of conversations (the list changed), with the older pages this page already loaded
 * kept below it, so a reader deep in the list is not thrown back to the top.
 */
function withFirstPage(state: PageState, first: ConversationSummary[], more: boolean): PageState {
  const ids = new Set(first.map((conversation) => conversation.id));
  const oldest = first.at(-1)?.updatedAt;
  const older = more && oldest !== undefined ? state.conversations.filter((conversation) => !ids.has(conversation.id) && conversation.updatedAt < oldest) : [];
  return { ...state, conversations: [...first, ...older], moreConversations: older.length > 0 ? state.moreConversations : more };
}
