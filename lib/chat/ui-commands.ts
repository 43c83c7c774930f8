import { t } from '@/lib/i18n';
import type { BackgroundEvent, PendingAttachment, UiCommand } from '@/lib/messaging/contracts';
import type { AccountService } from './account-service';
import type { BackupService } from './backup-service';
import type { ChatEngine, UiClient } from './engine';
import { RefusedError, toErrorInfo } from './errors';
import type { PreferenceStore } from './preferences';
import { RequestLog } from './request-log';
import type { PoeSignIn } from './sign-in';

/** 30 pages of 50: 1,500 charges, more than 30 days of heavy use; a guard against a history that never ends. */
const MAX_USAGE_PAGES = 30;
import { HeldError, type SendGuard } from './send-guard';
import { deletePendingUpload } from '@/lib/messaging/file-door';

/** A connected page, with what the background must undo when it goes. */
export interface ConnectedPage extends UiClient {
  leaveHandoff?: () => void;
  /** The page's search still running: a newer query from the page stops it. */
  search?: AbortController;
  /** The points history being paged through for this page's usage view ("load all"). */
  usage?: AbortController;
}

export interface UiCommandContext {
  engine: ChatEngine;
  account: AccountService;
  preferences: PreferenceStore;
  /** Sign in with Poe; absent in builds without a client id. */
  signIn?: Pick<PoeSignIn, 'signIn' | 'clearError'>;
  /** The spending guard (issue 12). */
  guard: SendGuard;
  /** Requests from web pages waiting for a side panel (lib/toolbar's HandoffQueue). */
  handoff: { panelConnected(page: ConnectedPage): () => void };
  /** Every connected page. */
  clients: ReadonlySet<UiClient>;
  /** "This page" (issue 13): reads a tab for a page's draft; absent where no tab can be read. */
  pageAttach?: { attach(requestId: string, tabId: number | undefined, page: ConnectedPage): Promise<void> };
  /** Issue 16: fills a saved prompt chosen with `/` from the active tab (lib/toolbar/prompt-fill.ts). */
  promptFill?: { fill(promptId: string): Promise<Extract<BackgroundEvent, { type: 'promptFilled' }>['result']> };
  /** Timestamps in answers about a video (issue 14): seek it where it is shown, or open it at that time. */
  videoSeek?: { seek(url: string, seconds: number): Promise<void> };
  /** Export and import (issue 16). */
  backup: Pick<BackupService, 'exportConversation' | 'exportHistory' | 'importBackup'>;
  /** The conversation pages showed last (for a freshly opened page). */
  lastConversation(): Promise<string | null>;
  pushAccount(): Promise<void>;
  /** The selection bubble's registration in pages (issue 13; lib/platform/page-bubble.ts, wired by the background). */
  pageBubble: PageBubbleControl;
}

/** What the UI door needs of the bubble's registration. */
export interface PageBubbleControl {
  /** Whether the browser grants access to all sites now. */
  hasAccess(): Promise<boolean>;
  /** Registers or unregisters the bubble to match the stored preference; resolves with whether it is registered. */
  sync(): Promise<boolean>;
  /** Gives the access to all sites back to the browser. */
  dropAccess(): Promise<void>;
  /** The bubble in the tabs on screen now, without a reload. */
  showInActiveTabs(): Promise<void>;
}

type Handler<T extends UiCommand['type']> = (
  command: Extract<UiCommand, { type: T }>,
  page: ConnectedPage,
  context: UiCommandContext,
) => Promise<void>;

const broadcast = (context: UiCommandContext, event: BackgroundEvent) => {
  for (const client of context.clients) client.post(event);
};

/**
 * A compare the guard let go (issue 16): each bot asked in a new conversation of its own, all at once, with its saved
 * parameters and the draft's files. The page is told of the compare, then of each column before anything of it is
 * posted, and follows them all; a column that could not start says why, and the others go on.
 *
 * The columns share the draft's files at the file door. Each column uploads them for its own bot, exactly as a send
 * to that bot would (a PDF may go as the PDF to one bot and as its text to another, or be refused by a third), so one
 * upload cannot be reused; and a send lets its files go once uploaded, which would take them from under the columns
 * still reading them. So the columns keep them, and the compare lets them go once every column has settled: each file
 * is read by every column and deleted once, without copying megabytes per column.
 */
async function startCompare(
  plan: { bots: readonly string[]; text: string; attachments?: readonly PendingAttachment[] },
  requestId: string,
  page: ConnectedPage,
  context: UiCommandContext,
): Promise<void> {
  const attachments = plan.attachments ?? [];
  page.watching = new Set();
  page.post({ type: 'compareStarted', requestId, bots: [...plan.bots], text: plan.text });
  const parameters = await Promise.all(plan.bots.map((bot) => context.preferences.parametersFor(bot)));
  const asked = await Promise.allSettled(
    plan.bots.map((bot, index) =>
      context.engine.send(
        { requestId: `${requestId}:${index}`, conversationId: null, bot, text: plan.text, parameters: parameters[index] ?? {}, attachments, origin: 'page' },
        undefined,
        {
          confirmed: true,
          keepPendingFiles: true,
          onNewConversation: (conversationId) => {
            page.watching = new Set([...(page.watching ?? []), conversationId]);
            page.post({ type: 'compareColumn', requestId, index, bot, conversationId });
          },
        },
      ),
    ),
  );
  // The compare is over as a command (a column that failed has no draft to go back to): its files leave the door.
  await Promise.all(attachments.map((file) => deletePendingUpload(file.pendingId).catch(() => undefined)));
  asked.forEach((result, index) => {
    if (result.status === 'rejected') page.post({ type: 'compareColumn', requestId, index, bot: plan.bots[index]!, error: toErrorInfo(result.reason) });
  });
}

/**
 * What each command does. Every handler does what its command says, never what the background last believed the
 * page was showing; it resolves when the command is carried out (for a send: when the question is stored and its
 * answer started, not when the answer ends).
 */
const handlers: { [T in UiCommand['type']]: Handler<T> } = {
  async hello(command, page, context) {
    const { engine, account, preferences } = context;
    // A page that reconnects says what it showed; a freshly opened one shows what pages showed last.
    const wanted = command.conversationId === undefined ? await context.lastConversation() : command.conversationId;
    const shown = wanted && (await engine.conversationExists(wanted)) ? wanted : null;
    page.conversationId = shown;
    // Held sends are read back from storage.session when the background starts: the snapshot waits for them.
    await context.guard.ready;
    const [accountState, preferenceState, models, list, spend] = await Promise.all([
      account.state(),
      preferences.get(),
      account.cachedModels(),
      engine.conversations(),
      context.guard.spendNow(),
    ]);
    const cost = shown ? await engine.conversationCost(shown) : undefined;
    // Messages last, posted at once: text streamed after this read reaches the page as deltas after the snapshot.
    const view = await engine.messages(shown);
    page.post({
      type: 'snapshot',
      account: accountState,
      preferences: preferenceState,
      models,
      conversations: list.conversations,
      moreConversations: list.more,
      conversationId: shown,
      messages: view.messages,
      hasEarlier: view.hasEarlier,
      held: context.guard.held(),
      spend,
    });
    if (cost) page.post(cost);
    // Today's spending as Poe's history has it now (only read when a daily budget is set).
    if (preferenceState.guard.dailyBudget !== null) void context.guard.pushSpend();
  },
  async setKey(command, _page, context) {
    const result = await context.account.setKey(command.key);
    if (result.ok) context.signIn?.clearError();
    await context.pushAccount();
    if (!result.ok) throw new RefusedError(result.error.kind, result.error.message);
  },
  async removeKey(_command, _page, context) {
    await context.account.removeKey();
    context.signIn?.clearError();
    await context.pushAccount();
  },
  async signInWithPoe(_command, _page, context) {
    if (!context.signIn) throw new RefusedError('invalid_input', t('chatErrors_noSignIn'));
    // Carried out when the window has closed; how it went (a new key, or why not) reaches pages in the account state.
    await context.signIn.signIn();
    await context.pushAccount();
  },
  async refreshBalance(_command, _page, context) {
    await context.account.refreshBalance();
    await context.pushAccount();
  },
  async refreshModels(_command, _page, context) {
    broadcast(context, { type: 'models', ...(await context.account.refreshModels()) });
  },
  async setBaseUrl(command, _page, context) {
    const result = await context.account.setBaseUrl(command.baseUrl);
    if (!result.ok) throw new RefusedError(result.error.kind, result.error.message);
    await context.pushAccount();
    broadcast(context, { type: 'models', ...(await context.account.refreshModels()) });
  },
  async selectBot(command, _page, context) {
    await context.preferences.selectBot(command.bot);
  },
  async setBotParameter(command, _page, context) {
    await context.preferences.setParameter(command.bot, command.name, command.value);
  },
  async setPromptActions(command, _page, context) {
    await context.preferences.setPromptActions(command.actions);
  },
  async selectConversation(command, page, context) {
    await context.engine.select(page, command.conversationId, command.requestId);
  },
  async renameConversation(command, _page, context) {
    await context.engine.rename(command.conversationId, command.title);
  },
  async deleteConversation(command, _page, context) {
    await context.engine.delete(command.conversationId);
  },
  async searchConversations(command, page, context) {
    // The page shows results for what is in its field now: an older query still running is stopped and answers nothing.
    page.search?.abort();
    const search = new AbortController();
    page.search = search;
    const results = await context.engine.search(command.query, search.signal);
    if (search.signal.aborted) return;
    page.search = undefined;
    page.post({ type: 'searchResults', query: command.query, results });
  },
  async loadConversations(command, page, context) {
    page.post({ type: 'conversationPage', before: command.before, ...(await context.engine.conversations(command.before)) });
  },
  async loadEarlierMessages(command, page, context) {
    const { conversationId, beforeSeq } = command;
    page.post({ type: 'earlierMessages', conversationId, ...(await context.engine.messages(conversationId, beforeSeq)) });
  },
  async loadUsage(command, page, context) {
    // A newer request from this page (a reload, another "load all") replaces one still paging.
    page.usage?.abort();
    const paging = new AbortController();
    page.usage = paging;
    let startingAfter = command.startingAfter;
    for (let pages = 0; ; pages++) {
      const { entries, nextStartingAfter, error } = await context.account.usagePage(startingAfter);
      if (paging.signal.aborted) return;
      // "All" stops at Poe's end of history, or at a bound no 30 days of use should reach.
      const continuing = command.all === true && nextStartingAfter !== undefined && !error && pages + 1 < MAX_USAGE_PAGES;
      page.post({
        type: 'usage',
        entries: await context.engine.describeUsage(entries),
        ...(startingAfter ? { startingAfter } : {}),
        ...(nextStartingAfter ? { nextStartingAfter } : {}),
        ...(continuing ? { continuing } : {}),
        ...(error ? { error } : {}),
      });
      if (!continuing) break;
      startingAfter = nextStartingAfter;
    }
    if (page.usage === paging) page.usage = undefined;
  },
  async send(command, page, context) {
    // The page acted with this bot on screen: other pages follow it, while the send goes on. Both are awaited
    // together: awaiting the preference first left a refused send (a busy or deleted conversation) rejected with no
    // handler until the preference was written — an unhandled rejection in the worker. The command's outcome is the
    // send's; a preference that could not be written does not make a sent question look unsent.
    const [sent] = await Promise.allSettled([context.engine.send(command, page), context.preferences.selectBot(command.bot)]);
    if (sent.status === 'rejected') throw sent.reason;
  },
  async compare(command, page, context) {
    const { requestId, bots, text, attachments } = command;
    const parameters = await Promise.all(bots.map((bot) => context.preferences.parametersFor(bot)));
    await context.guard.checkCompare({ requestId, bots, text, attachments, parameters });
    await startCompare({ bots, text, attachments }, requestId, page, context);
  },
  async estimateCompare(command, page, context) {
    const parameters = await Promise.all(command.bots.map((bot) => context.preferences.parametersFor(bot)));
    const { bots, text, attachments } = command;
    page.post({ type: 'compareEstimate', requestId: command.requestId, ...(await context.guard.previewCompare({ bots, text, attachments, parameters })) });
  },
  async watch(command, page, context) {
    page.watching = new Set(command.conversationIds);
    for (const conversationId of command.conversationIds) {
      if (!(await context.engine.conversationExists(conversationId))) page.post({ type: 'watched', conversationId, messages: [], gone: true });
      else page.post({ type: 'watched', conversationId, messages: (await context.engine.messages(conversationId)).messages });
    }
  },
  async stop(command, _page, context) {
    context.engine.stop(command.conversationId);
  },
  async checkVideoJob(command, _page, context) {
    await context.engine.checkVideoJob(command.conversationId, command.messageId);
  },
  async retry(command, _page, context) {
    // "Regenerate with…" another bot: asked with that bot's saved parameters, as a send from the composer would be.
    const other = command.bot === undefined ? {} : { bot: command.bot, parameters: await context.preferences.parametersFor(command.bot) };
    await context.engine.retry(command.conversationId, command.messageId, command.requestId, other);
  },
  async switchVersion(command, _page, context) {
    await context.engine.switchVersion(command.conversationId, command.messageId, command.to);
  },
  async editAndResend(command, _page, context) {
    await context.engine.editAndResend(command.conversationId, command.messageId, command.text, command.requestId);
  },
  // ── Spending guard (issue 12) ──
  async estimate(command, page, context) {
    const { requestId, type: _type, ...draft } = command;
    page.post({ type: 'estimate', requestId, ...(await context.guard.preview(draft)) });
  },
  async confirmHeld(command, page, context) {
    const hold = await context.guard.take(command.heldRequestId, { confirmed: true });
    if (!hold) throw new RefusedError('invalid_input', t('chatErrors_holdGone'));
    const confirmed = { confirmed: true };
    try {
      const plan = hold.plan;
      // The confirmation's own request id names the run: a page that moves to a new conversation follows it.
      if (plan.kind === 'send') await context.engine.send({ ...plan.turn, requestId: command.requestId, origin: hold.view.origin }, page, confirmed);
      else if (plan.kind === 'retry') {
        const other = plan.bot === undefined ? {} : { bot: plan.bot, ...(plan.parameters ? { parameters: plan.parameters } : {}) };
        await context.engine.retry(plan.conversationId, plan.messageId, command.requestId, { ...confirmed, ...other });
      }
      else if (plan.kind === 'compare') await startCompare(plan, command.requestId, page, context);
      else await context.engine.editAndResend(plan.conversationId, plan.messageId, plan.text, command.requestId, confirmed);
    } catch (error) {
      // Nothing was sent (a file that failed to upload, a busy conversation): it waits again, nothing is lost.
      await context.guard.putBack(hold);
      throw error;
    }
  },
  async cancelHeld(command, _page, context) {
    const hold = await context.guard.take(command.heldRequestId, { confirmed: false });
    if (hold && !command.keepFiles) for (const file of hold.view.attachments) await deletePendingUpload(file.pendingId).catch(() => undefined);
  },
  async setSpendingLimits(command, _page, context) {
    await context.preferences.setSpendingLimits(command.dailyBudget, command.answerCeiling);
    await context.guard.pushSpend();
  },
  async dismissGuardSuggestion(_command, _page, context) {
    await context.preferences.dismissGuardSuggestion();
  },
  async forgetAllowedBot(command, _page, context) {
    await context.preferences.forgetAllowedBot(command.bot.toLowerCase());
  },
  // ── The selection bubble (issue 13) ──
  async setPageBubble(command, _page, context) {
    const { preferences, pageBubble } = context;
    if (!command.enabled) {
      await preferences.setPageBubble(false);
      await pageBubble.sync();
      await pageBubble.dropAccess();
      return;
    }
    // The page asked in the click; the background trusts only what the browser says now.
    if (!(await pageBubble.hasAccess())) {
      throw new RefusedError('page', t('chatErrors_bubbleNoAccess'));
    }
    await preferences.setPageBubble(true);
    const registered = await pageBubble.sync().catch(() => false);
    if (!registered && !(await pageBubble.hasAccess())) {
      // The access was taken back in the browser while this ran: off, and Settings says that (not "would not add").
      await preferences.pageBubbleAccessRemoved();
      return;
    }
    if (!registered) {
      await preferences.setPageBubble(false);
      await pageBubble.sync().catch(() => undefined);
      throw new RefusedError('page', t('chatErrors_bubbleNotAdded'));
    }
    await pageBubble.showInActiveTabs().catch(() => undefined);
  },
  async allowBubbleOnSite(command, _page, context) {
    await context.preferences.allowBubbleOnSite(command.site);
    await context.pageBubble.sync();
  },
  async dismissBubbleSuggestion(_command, _page, context) {
    await context.preferences.dismissBubbleSuggestion();
  },
  // ── Chat with this page (issue 13) ──
  async attachPage(command, page, context) {
    if (!context.pageAttach) throw new RefusedError('page', t('chatErrors_cannotReadTabs'));
    // The outcome (the text, or why not) goes to this page in a `pageAttach` event; the command itself is done.
    await context.pageAttach.attach(command.requestId, command.tabId, page);
  },
  async fillPrompt(command, page, context) {
    if (!context.promptFill) throw new RefusedError('page', t('chatErrors_cannotReadTabs'));
    // The filled text (or why not) goes to this page in a `promptFilled` event; the command itself is done.
    page.post({ type: 'promptFilled', requestId: command.requestId, result: await context.promptFill.fill(command.promptId) });
  },
  async seekVideo(command, _page, context) {
    if (!context.videoSeek) throw new RefusedError('page', t('chatErrors_cannotReachTabs'));
    await context.videoSeek.seek(command.url, command.seconds);
  },
  async setTranslation(command, _page, context) {
    await context.preferences.setTranslation(command.into);
  },
  async exportConversation(command, page, context) {
    const file = await context.backup.exportConversation(command.conversationId, command.format);
    page.post({ type: 'exportFile', requestId: command.requestId, ...file });
  },
  async exportHistory(command, page, context) {
    page.post({ type: 'exportFile', requestId: command.requestId, ...(await context.backup.exportHistory()) });
  },
  async importBackup(command, page, context) {
    page.post({ type: 'importResult', requestId: command.requestId, report: await context.backup.importBackup(command.text, command.onExisting) });
  },
};

/**
 * The UI door, behind validation and the sender check: carries out one command from one of our pages and answers
 * `done` or `commandFailed` with its request id. A repeated request id is one action: it is answered, not redone.
 * A command goes on even when its page has gone (posting to a closed page is a no-op).
 */
export function createUiDoor(context: UiCommandContext) {
  type Outcome = Extract<BackgroundEvent, { type: 'done' | 'commandFailed' | 'commandHeld' }>;
  const log = new RequestLog<Outcome>();

  const carryOut = async (command: Exclude<UiCommand, { type: 'hello' }>, page: ConnectedPage): Promise<Outcome> => {
    try {
      await context.engine.ready;
      await (handlers[command.type] as Handler<typeof command.type>)(command, page, context);
      return { type: 'done', requestId: command.requestId, command: command.type };
    } catch (error) {
      if (error instanceof HeldError) return { type: 'commandHeld', requestId: command.requestId, command: command.type };
      // Never log the command or the error object: a setKey command carries the key.
      const info = toErrorInfo(error);
      if (info.kind === 'internal') console.error(`Poe Toolbar: the '${command.type}' command failed`);
      return { type: 'commandFailed', requestId: command.requestId, command: command.type, error: info };
    }
  };

  /** Never rejects: whatever a command does, the worker is left with no unhandled rejection. */
  return async function handle(command: UiCommand, page: ConnectedPage): Promise<void> {
    if (command.type === 'hello') {
      // Not an action: a page may greet as often as it reconnects. A greeting that fails is answered like a command.
      try {
        await context.engine.ready;
        await handlers.hello(command, page, context);
        if (command.surface === 'sidepanel' && !page.leaveHandoff) page.leaveHandoff = context.handoff.panelConnected(page);
      } catch (error) {
        console.error("Poe Toolbar: the 'hello' command failed");
        page.post({ type: 'commandFailed', requestId: command.requestId, command: command.type, error: toErrorInfo(error) });
      }
      return;
    }
    page.post(await log.once(command.requestId, () => carryOut(command, page)).outcome);
  };
}
