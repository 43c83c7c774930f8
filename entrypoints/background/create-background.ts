import { t } from '@/lib/i18n';
import browser, { type Menus, type Runtime, type Tabs } from 'webextension-polyfill';
import { AccountService } from '@/lib/chat/account-service';
import { DailySpend } from '@/lib/chat/daily-spend';
import { ChatEngine } from '@/lib/chat/engine';
import { toErrorInfo } from '@/lib/chat/errors';
import { noHostAccessError } from '@/lib/chat/host-access';
import { recordAnswerCost } from '@/lib/chat/points-cost';
import { PreferenceStore } from '@/lib/chat/preferences';
import type { PoeSignIn, SignInDeps } from '@/lib/chat/sign-in';
import { HeldError, SendGuard } from '@/lib/chat/send-guard';
import { createUiDoor, type ConnectedPage } from '@/lib/chat/ui-commands';
import { uploadPendingAttachments } from '@/lib/chat/uploads';
import type { VideoJobClient } from '@/lib/chat/video-job';
import { CaptureThrottle, CropError, cropCapture } from '@/lib/capture/crop';
import { uploadBaseUrlFor } from '@/lib/messaging/base-url';
import { contentMessageSchema } from '@/lib/messaging/content-contracts';
import { UI_PORT_NAME, uiCommandSchema, type BackgroundEvent, type ErrorInfo, type Preferences } from '@/lib/messaging/contracts';
import { attachPendingFallback, deletePendingUpload, deleteStalePendingUploads, putPendingUpload } from '@/lib/messaging/file-door';
import { isFromExtensionPage } from '@/lib/messaging/sender';
import { getPointsHistory, PoeError, type streamBotResponse } from '@/lib/poe';
import { deleteConversationMedia, deleteStoredMedia } from '@/lib/messaging/media-store';
import { onVideoAlarm } from '@/lib/platform/video-watch';
import { hasPoeAccess } from '@/lib/platform/host-permissions';
import { runEnded, runStarted } from '@/lib/platform/keep-alive';
import { callContent } from '@/lib/platform/page-scripting';
import { PageBubbleScript } from '@/lib/platform/page-bubble';
import { openSidePanel } from '@/lib/platform/side-panel';
import { PdfReaderHost } from '@/lib/platform/pdf-reader-host';
import { ChatRepository, openChatDb } from '@/lib/storage/chat-db';
import { BackupService } from '@/lib/chat/backup-service';
import { readApiKey } from '@/lib/storage/key-vault';
import { baseUrlSetting, heldSendsSetting, lastConversationSetting } from '@/lib/storage/settings';
import { HandoffQueue } from '@/lib/toolbar/handoff';
import { rebuildMenus } from '@/lib/toolbar/menu';
import { PageAsks } from '@/lib/toolbar/page-asks';
import { PageDoor } from '@/lib/toolbar/page-door';
import { PageAttach } from '@/lib/toolbar/page-attach';
import { fillPrompt } from '@/lib/toolbar/prompt-fill';
import { translationLanguages } from '@/lib/messaging/languages';
import { PageReadError } from '@/lib/toolbar/page-read-error';
import { readTabPdf } from '@/lib/toolbar/pdf-read';
import { VideoReader } from '@/lib/toolbar/video-reader';
import { seekVideo } from '@/lib/toolbar/video-seek';
import { videoJobDeps, videoNotifications } from './video-jobs';

/** What tests replace; the real thing is used for everything left out. */
export interface BackgroundDeps {
  repository?: ChatRepository;
  stream?: typeof streamBotResponse;
  /** The Videos API (issue 15); default lib/poe/videos.ts. */
  videoClient?: VideoJobClient;
  /** The browser's language (quick actions translate into it). */
  locale?: string;
  /**
   * Makes Sign in with Poe from the background's own parts, in builds with a client id (entrypoints/background/index.ts
   * decides at build time, so a build without one does not carry the code); absent: the key form only.
   */
  makeSignIn?: (wiring: SignInWiring) => PoeSignIn | undefined;
}

/** What Sign in with Poe takes from the background; the client id and the browser's window come from the build. */
export type SignInWiring = Pick<SignInDeps, 'readBaseUrl' | 'storeKey' | 'onChange'>;

/** The port half of a connected page, as the background uses it. */
export type PagePort = Pick<Runtime.Port, 'name' | 'sender' | 'postMessage' | 'disconnect' | 'onMessage' | 'onDisconnect'>;

/** Names the app in backup files (their `app` field). */
const BACKUP_APP_NAME = 'Poe Toolbar';

/** A page ask failed: say what happened and what to do (a crop's reason is the user's to act on: shown as it is). */
function pageFailure(error: unknown): ErrorInfo {
  if (error instanceof PoeError) return toErrorInfo(error);
  if (error instanceof PageReadError || error instanceof CropError) return { kind: 'page', message: error.message };
  const text = error instanceof Error ? error.message : '';
  if (/permission|cannot access|missing host/i.test(text)) {
    return {
      kind: 'page',
      message: t('background_pageNotAllowed'),
    };
  }
  return {
    kind: 'page',
    message: t('background_pageUnreadable'),
  };
}

/**
 * The background: wires browser events to the chat engine, the UI door, page asks and menus. Every listener is
 * registered synchronously, as MV3 requires for events that wake a stopped background.
 */
export function createBackground(deps: BackgroundDeps = {}) {
  const locale = deps.locale ?? browser.i18n.getUILanguage();
  const clients = new Set<ConnectedPage>();
  let signIn: PoeSignIn | undefined;
  const account = new AccountService(hasPoeAccess, () => signIn?.status());
  const preferences = new PreferenceStore();
  const handoff = new HandoffQueue();
  /** Work nobody waits for: a failure is logged by name (never the error: it could carry the key), never left unhandled. */
  const detached = (what: string, work: Promise<unknown>) => {
    work.catch(() => console.error(`Poe Toolbar: ${what} failed`));
  };
  const broadcast = (event: BackgroundEvent) => {
    for (const client of clients) client.post(event);
  };
  const pushAccount = async () => broadcast({ type: 'account', account: await account.state() });
  // Sign in with Poe only where the build has a client id and the browser the identity API (the permission comes with it).
  signIn = deps.makeSignIn?.({
    readBaseUrl: () => baseUrlSetting.getValue(),
    storeKey: (key, info) => account.setKey(key, info),
    onChange: (pending) => {
      // The consent window can stay open for minutes: the background must not be stopped under it.
      if (pending) runStarted();
      else runEnded();
      void pushAccount();
    },
  });
  const repository = deps.repository ?? new ChatRepository(openChatDb());

  // ── Spending guard (issue 12) ──
  let historyOwner = '';
  const spend = new DailySpend({
    page: async (startingAfter) => {
      const apiKey = await readApiKey();
      if (!apiKey) throw new PoeError('auth', t('poeErrors_addKey'));
      const baseUrl = await baseUrlSetting.getValue();
      if (!(await hasPoeAccess(baseUrl))) throw noHostAccessError(baseUrl);
      // Another key or another Poe: what was counted belongs to another account.
      const owner = `${baseUrl}\n${apiKey}`;
      if (owner !== historyOwner) {
        historyOwner = owner;
        spend.forget();
      }
      return getPointsHistory({ apiKey, baseUrl, limit: 100, ...(startingAfter ? { startingAfter } : {}) });
    },
    now: Date.now,
  });
  const guard = new SendGuard({
    guard: () => preferences.guard(),
    allowBot: (bot) => preferences.allowBot(bot),
    models: () => account.cachedModels(),
    history: (conversationId) => repository.listMessages(conversationId),
    spend,
    store: heldSendsSetting,
    broadcast,
  });

  const videoEnded = videoNotifications({
    pagesOpen: () => clients.size > 0,
    conversationTitle: async (conversationId) => (await repository.getConversation(conversationId))?.title,
    models: () => account.cachedModels(),
    remember: (conversationId) => lastConversationSetting.setValue(conversationId),
    detached,
  });
  const engine = new ChatEngine({
    repository,
    guard,
    ...(deps.stream ? { stream: deps.stream } : {}),
    readApiKey,
    readBaseUrl: () => baseUrlSetting.getValue(),
    hasHostAccess: hasPoeAccess,
    // Video models (issue 15): Videos API jobs, watched by the background whatever pages are open.
    videoJobs: videoJobDeps(() => account.cachedModels(), detached, deps.videoClient),
    deleteMedia: deleteConversationMedia,
    deleteStoredFiles: deleteStoredMedia,
    uploadAttachments: async (pending, bot, options) => {
      const apiKey = await readApiKey();
      if (!apiKey) throw new PoeError('auth', t('poeErrors_addKey'));
      const baseUrl = await baseUrlSetting.getValue();
      // poeOrigins(baseUrl) covers the upload host too.
      if (!(await hasPoeAccess(baseUrl))) throw noHostAccessError(baseUrl);
      const models = await account.cachedModels();
      return uploadPendingAttachments(pending, { apiKey, uploadBaseUrl: uploadBaseUrlFor(baseUrl), bot, models, ...options });
    },
    rememberConversation: (conversationId) => detached('remembering the conversation', lastConversationSetting.setValue(conversationId)),
    onRunningChange: (running) => (running ? runStarted() : runEnded()),
    onAnswerSettled: (answer) => {
      if (answer.error?.kind === 'auth') account.keyRejected(answer.error);
      else detached('refreshing the balance', account.refreshBalance().then(pushAccount));
      if (answer.error?.kind === 'auth') detached('updating the account', pushAccount());
      // A bot that does not exist stays out of Recent.
      if (answer.error?.kind !== 'not_found') detached('noting a recent bot', preferences.noteRecentBot(answer.bot));
      videoEnded(answer);
      // A video's answer has no text, but it was charged all the same.
      if (answer.text.length === 0 && !answer.job?.id) return;
      detached('noting an answer for the bubble suggestion', preferences.noteAnswerArrived());
      detached('noting an ended answer for the spending guard', guard.answerEnded(answer));
      detached('recording what an answer cost', recordAnswerCost(answer, {
        find: (each) => account.pointsEntryFor(each),
        record: (conversationId, messageId, entry) => engine.recordPointsCost(conversationId, messageId, entry),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      }));
    },
  });

  // A stopped background woken by the alarm goes on watching its video jobs (the engine's start-up does the rest).
  onVideoAlarm(() => detached('watching video jobs', engine.ready.then(() => engine.recoverUnfinished())));

  // What the menus show: the user's actions and the Translate item's languages; rebuilt when either changes.
  let menuShown = '';
  const menuFacts = (current: Preferences) => JSON.stringify([current.promptActions, current.translation]);
  const refreshMenus = async (given?: Preferences) => {
    const current = given ?? (await preferences.get());
    menuShown = menuFacts(current);
    await rebuildMenus(browser.contextMenus, current.promptActions, locale, current.translation);
  };
  // ── The selection bubble (issue 13): registered iff on and the browser grants access to all sites ──
  const bubbleScript = new PageBubbleScript();
  const syncBubble = async () => {
    // Access taken back in the browser's own settings turns it off; Settings says why.
    if ((await preferences.pageBubble()).enabled && !(await bubbleScript.hasAccess())) await preferences.pageBubbleAccessRemoved();
    return bubbleScript.sync(await preferences.pageBubble());
  };
  const pageBubble = {
    hasAccess: () => bubbleScript.hasAccess(),
    sync: syncBubble,
    dropAccess: () => bubbleScript.dropAccess(),
    showInActiveTabs: async () => bubbleScript.showInActiveTabs((await preferences.pageBubble()).blockedSites),
  };
  let bubbleShape = '';

  preferences.onChange((changed) => {
    broadcast({ type: 'preferences', preferences: changed });
    const shape = JSON.stringify([changed.pageBubble.enabled, changed.pageBubble.blockedSites]);
    if (shape !== bubbleShape) {
      bubbleShape = shape;
      detached('updating the page button', syncBubble());
      // Bubbles already in pages where it may no longer be leave now, not at their next reload.
      pageDoor.pageBubbleChanged(changed.pageBubble);
    }
    if (menuFacts(changed) !== menuShown) refreshMenus(changed).catch(() => console.error('Poe Toolbar: the menus could not be rebuilt'));
  });

  const captureThrottle = new CaptureThrottle();
  const pdfReader = new PdfReaderHost();
  const videoReader = new VideoReader({ callContent, putPending: putPendingUpload, languages: [locale] });
  const videoSeek = {
    seek: (url: string, seconds: number) =>
      seekVideo(
        {
          shownIn: (each) => videoReader.shownIn(each),
          // Only tabs the extension may read show their address (the one a transcript came from, through activeTab).
          tabs: () => browser.tabs.query({}),
          seekIn: (tabId, at, key) => callContent({ tabId, frameId: 0 }, 'seekVideo', at, key),
          focus: async (tabId, windowId) => {
            await browser.tabs.update(tabId, { active: true });
            if (windowId !== undefined) await browser.windows.update(windowId, { focused: true });
          },
          open: async (at) => void (await browser.tabs.create({ url: at })),
        },
        url,
        seconds,
      ),
  };
  const pageAsks = new PageAsks({
    handoff,
    startConversation: async (bot, text, attachments) => {
      try {
        const { conversationId } = await engine.send({
          requestId: crypto.randomUUID(),
          conversationId: null,
          bot,
          text,
          attachments,
          parameters: await preferences.parametersFor(bot),
          origin: 'web',
        });
        return { conversationId };
      } catch (error) {
        // A page ask never passes the guard by itself: it waits in the side panel for the user's OK.
        if (error instanceof HeldError) return { heldRequestId: error.held.requestId };
        throw error;
      }
    },
    selectedBot: async () => (await preferences.get()).selectedBot,
    promptActions: async () => (await preferences.get()).promptActions,
    translation: () => preferences.translation(),
    callContent,
    captureVisible: async (windowId) => {
      await captureThrottle.next();
      return browser.tabs.captureVisibleTab(windowId, { format: 'png' });
    },
    crop: cropCapture,
    putPending: putPendingUpload,
    readPdf: async (tab) => {
      // Reading a long PDF can outlast the background's idle timer.
      runStarted();
      try {
        return await readTabPdf(
          {
            putPending: (blob, name) => putPendingUpload(blob, name),
            attachFallback: attachPendingFallback,
            deletePending: deletePendingUpload,
            readText: (pendingId) => pdfReader.read(pendingId),
          },
          tab,
        );
      } finally {
        runEnded();
      }
    },
    readVideo: (target, srcUrl) => videoReader.read(target, srcUrl),
    tabUrl: async (tabId) => (await browser.tabs.get(tabId)).url,
    locale,
  });

  // "This page" in the side panel: the tab of the window the user last used, read on their click.
  const pageAttach = new PageAttach({
    activeTab: async () => {
      const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      return tab?.id !== undefined ? { id: tab.id } : undefined;
    },
    readPage: (tabId) => pageAsks.readPage({ tabId, frameId: 0 }),
  });
  // Issue 16: `/` prompts in the composer, filled from that same tab.
  const promptFill = {
    fill: (promptId: string) =>
      fillPrompt(
        {
          promptActions: async () => (await preferences.get()).promptActions,
          activeTab: async () => {
            const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
            return tab?.id !== undefined ? { id: tab.id, ...(tab.title ? { title: tab.title } : {}), ...(tab.url ? { url: tab.url } : {}) } : undefined;
          },
          readSelection: (tabId) => callContent({ tabId, frameId: 0 }, 'readSelection'),
          language: async () => translationLanguages(locale, await preferences.translation()).into,
        },
        promptId,
      ),
  };
  browser.tabs.onUpdated.addListener((tabId, change) => pageAttach.onTabUpdated(tabId, change));
  browser.tabs.onRemoved.addListener((tabId) => pageAttach.onTabRemoved(tabId));

  detached('clearing abandoned files', deleteStalePendingUploads());
  // Site access granted (Settings, the banner, browser menus) or revoked: pages show or hide their "allow access" banner.
  browser.permissions.onAdded.addListener(() => detached('updating the account', pushAccount()));
  browser.permissions.onRemoved.addListener(() => {
    detached('updating the account', pushAccount());
    detached('updating the page button', syncBubble());
  });

  // Menus persist across restarts; rebuilding them on install/start-up and when the user's actions change keeps them
  // in step with the preferences without duplicate-id errors.
  const rebuild = () => {
    refreshMenus().catch(() => console.error('Poe Toolbar: the menus could not be rebuilt'));
    detached('updating the page button', syncBubble());
  };
  browser.runtime.onInstalled.addListener(rebuild);
  browser.runtime.onStartup.addListener(rebuild);

  const reportPageFailure = (error: unknown) => {
    console.error('Poe Toolbar: a page request failed');
    const offer = error instanceof PageReadError ? error.offer : undefined;
    handoff.deliver({ kind: 'error', error: pageFailure(error), ...(offer ? { offer } : {}) });
  };

  const onMenuClicked = (info: Menus.OnClickData, tab: Tabs.Tab | undefined) => {
    // The panel must be opened synchronously in the click handler: any await first would lose the user gesture.
    if (tab?.id !== undefined) openSidePanel({ tabId: tab.id }).catch(() => undefined);
    pageAsks.onMenuClick(info, tab).catch(reportPageFailure);
  };
  browser.contextMenus.onClicked.addListener(onMenuClicked);

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'ask-selection' && command !== 'capture-region' && command !== 'open-side-panel') return;
    openSidePanel({ ...(tab?.id !== undefined ? { tabId: tab.id } : {}) }).catch(() => undefined);
    if (!tab?.id) return;
    const info = { menuItemId: command === 'ask-selection' ? 'ask-selection' : 'capture-region', editable: false, frameId: 0, modifiers: [] };
    if (command !== 'open-side-panel') pageAsks.onMenuClick(info, tab).catch(reportPageFailure);
  });

  // ── The page door (issue 13): the opt-in selection bubble's port and its "Continue in side panel" ──
  const pageDoor = new PageDoor({
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    locale,
    preferences: () => preferences.get(),
    send: async (turn, client) => engine.send({ ...turn, conversationId: null, parameters: await preferences.parametersFor(turn.bot), origin: 'web' }, client),
    held: (error) => (error instanceof HeldError ? { requestId: error.held.requestId } : undefined),
    connect: (client) => engine.connect(client),
    stop: (conversationId) => engine.stop(conversationId),
    blockSite: (host) => preferences.blockSite(host),
    noteTranslatedInto: (code) => preferences.noteTranslatedInto(code),
    openPanel: (tabId) => openSidePanel({ tabId }),
    handoff: (each) => handoff.deliver(each),
    video: (action, target) => pageAsks.videoAction(action, target).catch(reportPageFailure),
  });
  browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => pageDoor.onMessage(raw, sender));

  // Content scripts may send only the region picker's outcome, and only from a tab that was asked to pick a region.
  browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || sender.tab?.id === undefined || sender.frameId !== 0) return undefined;
    const parsed = contentMessageSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    void pageAsks.onRegionMessage(parsed.data, sender.tab.id).catch(reportPageFailure);
    return undefined;
  });

  const backup = new BackupService({
    repository,
    engine,
    models: () => account.cachedModels(),
    // The backup file's own field (which app wrote it), not UI text: the same in every language.
    app: () => `${BACKUP_APP_NAME} ${browser.runtime.getManifest().version}`,
  });
  const door = createUiDoor({
    engine,
    backup,
    account,
    ...(signIn ? { signIn } : {}),
    preferences,
    guard,
    handoff,
    pageAttach,
    promptFill,
    clients,
    pushAccount,
    lastConversation: () => lastConversationSetting.getValue(),
    pageBubble,
    videoSeek,
  });

  /** A page connected: only our own pages may drive the background; content scripts and other extensions are turned away. */
  const acceptPort = (port: PagePort) => {
    if (pageDoor.accept(port)) return;
    if (port.name !== UI_PORT_NAME || !isFromExtensionPage(port.sender, browser.runtime.id, browser.runtime.getURL('/'))) {
      port.disconnect();
      return;
    }
    let open = true;
    const page: ConnectedPage = {
      conversationId: null,
      // A page can close at any moment; what it would have been told is simply dropped, never thrown.
      post: (event) => {
        if (!open) return;
        try {
          port.postMessage(event);
        } catch {
          open = false;
        }
      },
    };
    clients.add(page);
    const leaveEngine = engine.connect(page);
    port.onDisconnect.addListener(() => {
      open = false;
      clients.delete(page);
      leaveEngine();
      page.leaveHandoff?.();
      pageAttach.forget(page);
      page.usage?.abort();
    });
    port.onMessage.addListener((raw: unknown) => {
      const parsed = uiCommandSchema.safeParse(raw);
      // The door never rejects: every command is answered, and its failures are caught there.
      if (parsed.success) void door(parsed.data, page);
    });
  };
  browser.runtime.onConnect.addListener(acceptPort);

  return { engine, acceptPort, onMenuClicked, clients, pageDoor };
}
