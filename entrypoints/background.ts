import browser, { type Menus, type Runtime, type Tabs } from 'webextension-polyfill';
import { AccountService } from '@/lib/chat/account-service';
import { ChatEngine } from '@/lib/chat/engine';
import { handleUiCommand, type ConnectedPage } from '@/lib/chat/ui-commands';
import { uploadPendingAttachments } from '@/lib/chat/uploads';
import { CaptureThrottle, cropCapture } from '@/lib/capture/crop';
import { contentMessageSchema } from '@/lib/messaging/content-contracts';
import { UI_PORT_NAME, uiCommandSchema, type BackgroundEvent } from '@/lib/messaging/contracts';
import { isFromExtensionPage } from '@/lib/messaging/sender';
import { PoeError } from '@/lib/poe';
import { runEnded, runStarted } from '@/lib/platform/keep-alive';
import { callContent } from '@/lib/platform/page-scripting';
import { openSidePanel } from '@/lib/platform/side-panel';
import { ChatRepository, openChatDb } from '@/lib/storage/chat-db';
import { readApiKey } from '@/lib/storage/key-vault';
import { deleteStalePendingUploads, putPendingUpload } from '@/lib/storage/pending-uploads';
import { baseUrlSetting, botParametersSetting, promptActionsSetting, selectedBotSetting, uploadBaseUrlFor } from '@/lib/storage/settings';
import { HandoffQueue } from '@/lib/toolbar/handoff';
import { rebuildMenus } from '@/lib/toolbar/menu';
import { PageAsks } from '@/lib/toolbar/page-asks';

/** How long to wait before looking for an answer's charge in the points history a second time. */
const POINTS_HISTORY_RECHECK_MS = 4_000;

export default defineBackground(() => {
  const clients = new Set<ConnectedPage>();
  const account = new AccountService();
  const handoff = new HandoffQueue();
  const pushAccount = async () => {
    const state = await account.state();
    for (const client of clients) client.post({ type: 'account', account: state });
  };

  const engine = new ChatEngine({
    repository: new ChatRepository(openChatDb()),
    readApiKey,
    readBaseUrl: () => baseUrlSetting.getValue(),
    uploadAttachments: async (pending) => {
      const apiKey = await readApiKey();
      if (!apiKey) throw new PoeError('auth', 'Add your Poe API key first.');
      return uploadPendingAttachments(pending, { apiKey, uploadBaseUrl: uploadBaseUrlFor(await baseUrlSetting.getValue()) });
    },
    onRunningChange: (running) => (running ? runStarted() : runEnded()),
    onAnswerSettled: (answer) => {
      void account.refreshBalance().then(pushAccount);
      if (answer.text.length === 0) return;
      // Poe may list the charge a moment after the answer ends: look once more a few seconds later.
      const recordCost = async () => {
        const entry =
          (await account.pointsEntryFor(answer)) ??
          (await new Promise((resolve) => setTimeout(resolve, POINTS_HISTORY_RECHECK_MS)).then(() => account.pointsEntryFor(answer)));
        if (entry) await engine.recordPointsCost(answer.conversationId, answer.id, entry);
      };
      void recordCost();
    },
  });

  const captureThrottle = new CaptureThrottle();
  const pageAsks = new PageAsks({
    handoff,
    startConversation: async (bot, text) =>
      engine.startConversation({ bot, text, parameters: (await botParametersSetting.getValue())[bot] ?? {} }),
    selectedBot: () => selectedBotSetting.getValue(),
    promptActions: () => promptActionsSetting.getValue(),
    callContent,
    captureVisible: async (windowId) => {
      await captureThrottle.next();
      return browser.tabs.captureVisibleTab(windowId, { format: 'png' });
    },
    crop: cropCapture,
    putPending: putPendingUpload,
    locale: browser.i18n.getUILanguage(),
  });

  void deleteStalePendingUploads();
  // Site access granted or revoked (browser menus, about:addons): pages show or hide their "allow access" banner.
  browser.permissions.onAdded.addListener(() => void pushAccount());
  browser.permissions.onRemoved.addListener(() => void pushAccount());

  // Menus persist across restarts; rebuilding them on install/start-up and when the user's actions change keeps them
  // in step with the settings without duplicate-id errors.
  const refreshMenus = async () => rebuildMenus(browser.contextMenus, await promptActionsSetting.getValue(), browser.i18n.getUILanguage());
  browser.runtime.onInstalled.addListener(() => void refreshMenus());
  browser.runtime.onStartup.addListener(() => void refreshMenus());
  promptActionsSetting.watch(() => void refreshMenus());

  const reportPageFailure = (error: unknown) => {
    const message =
      error instanceof PoeError ? error.message : 'Poe Toolbar could not read this page. Some pages (the browser’s own, web stores) cannot be read by extensions.';
    console.error('Poe Toolbar: a page request failed');
    handoff.deliver({ kind: 'error', message });
  };

  const onMenuClicked = (info: Menus.OnClickData, tab: Tabs.Tab | undefined) => {
    // The panel must be opened synchronously in the click handler: any await first would lose the user gesture.
    if (tab?.id !== undefined) openSidePanel({ tabId: tab.id }).catch(() => undefined);
    pageAsks.onMenuClick(info, tab).catch(reportPageFailure);
  };
  browser.contextMenus.onClicked.addListener(onMenuClicked);
  // Firefox cannot dispatch a menu click from a test (Chrome can: onClicked.dispatch); its tests reach the same
  // listener through runtime.getBackgroundPage(), which only our own extension pages can call.
  (globalThis as { poeToolbarMenuClicked?: typeof onMenuClicked }).poeToolbarMenuClicked = onMenuClicked;

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'ask-selection' && command !== 'capture-region' && command !== 'open-side-panel') return;
    openSidePanel({ ...(tab?.id !== undefined ? { tabId: tab.id } : {}) }).catch(() => undefined);
    if (!tab?.id) return;
    const info = { menuItemId: command === 'ask-selection' ? 'ask-selection' : 'capture-region', editable: false, frameId: 0, modifiers: [] };
    if (command !== 'open-side-panel') pageAsks.onMenuClick(info, tab).catch(reportPageFailure);
  });

  // Content scripts may send only the region picker's outcome, and only from a tab that was asked to pick a region.
  browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || sender.tab?.id === undefined || sender.frameId !== 0) return undefined;
    const parsed = contentMessageSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    void pageAsks.onRegionMessage(parsed.data, sender.tab.id).catch(reportPageFailure);
    return undefined;
  });

  browser.runtime.onConnect.addListener((port) => {
    // Only our own pages may drive the background; content scripts and other extensions are turned away.
    if (port.name !== UI_PORT_NAME || !isFromExtensionPage(port.sender, browser.runtime.id, browser.runtime.getURL('/'))) {
      port.disconnect();
      return;
    }
    const page: ConnectedPage = { conversationId: null, post: (event: BackgroundEvent) => port.postMessage(event) };
    clients.add(page);
    const leaveEngine = engine.connect(page);
    port.onDisconnect.addListener(() => {
      clients.delete(page);
      leaveEngine();
      page.leaveHandoff?.();
    });
    port.onMessage.addListener((raw: unknown) => {
      const parsed = uiCommandSchema.safeParse(raw);
      if (!parsed.success) return;
      handleUiCommand(parsed.data, page, { engine, account, handoff, clients, pushAccount }).catch((error: unknown) => {
        // Never log the command or the error object: a setKey command carries the key.
        console.error(`Poe Toolbar: the '${parsed.data.type}' command failed`);
        page.post({
          type: 'commandFailed',
          command: parsed.data.type,
          error:
            error instanceof PoeError
              ? { kind: error.kind, message: error.message }
              : { kind: 'internal', message: 'Something went wrong in Poe Toolbar. Please try again.' },
        });
      });
    });
  });
});
