import browser from 'webextension-polyfill';
import { AccountService } from '@/lib/chat/account-service';
import { ChatEngine, type UiClient } from '@/lib/chat/engine';
import { UI_PORT_NAME, uiCommandSchema, type BackgroundEvent, type UiCommand } from '@/lib/messaging/contracts';
import { isFromExtensionPage } from '@/lib/messaging/sender';
import { runEnded, runStarted } from '@/lib/platform/keep-alive';
import { ChatRepository, openChatDb } from '@/lib/storage/chat-db';
import { readApiKey } from '@/lib/storage/key-vault';
import { baseUrlSetting, uploadBaseUrlFor } from '@/lib/storage/settings';
import { deleteStalePendingUploads } from '@/lib/storage/pending-uploads';
import { uploadPendingAttachments } from '@/lib/chat/uploads';
import { PoeError } from '@/lib/poe';

export default defineBackground(() => {
  const clients = new Set<UiClient>();
  const account = new AccountService();
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
      void account.pointsEntryFor(answer).then((entry) => {
        if (entry) void engine.recordPointsCost(answer.conversationId, answer.id, entry);
      });
    },
  });

  async function handle(command: UiCommand, client: UiClient): Promise<void> {
    await engine.ready;
    switch (command.type) {
      case 'hello': {
        const conversations = await engine.conversations();
        const wanted = command.conversationId ?? null;
        client.conversationId = wanted && conversations.some((c) => c.id === wanted) ? wanted : null;
        client.post({
          type: 'snapshot',
          account: await account.state(),
          models: await account.cachedModels(),
          conversations,
          conversationId: client.conversationId,
          messages: await engine.messages(client.conversationId),
        });
        return;
      }
      case 'setKey': {
        const result = await account.setKey(command.key);
        client.post({ type: 'keyResult', ...result });
        await pushAccount();
        return;
      }
      case 'removeKey':
        await account.removeKey();
        await pushAccount();
        return;
      case 'refreshBalance':
        await account.refreshBalance();
        await pushAccount();
        return;
      case 'refreshModels': {
        const result = await account.refreshModels();
        for (const each of clients) each.post({ type: 'models', ...result });
        return;
      }
      case 'setBaseUrl': {
        const result = await account.setBaseUrl(command.baseUrl);
        client.post({ type: 'settingsResult', ...result });
        await pushAccount();
        return;
      }
      case 'selectBot':
        await account.selectBot(command.bot);
        await pushAccount();
        return;
      case 'selectConversation':
        await engine.select(client, command.conversationId);
        return;
      case 'searchConversations':
        client.post({ type: 'searchResults', query: command.query, conversations: await engine.search(command.query) });
        return;
      case 'loadUsage': {
        const { entries, error } = await account.recentUsage();
        client.post({ type: 'usage', entries: await engine.describeUsage(entries), ...(error ? { error } : {}) });
        return;
      }
      case 'renameConversation':
        await engine.rename(command.conversationId, command.title);
        return;
      case 'deleteConversation':
        await engine.delete(command.conversationId);
        return;
      case 'send':
        await account.selectBot(command.bot);
        await engine.send(client, command);
        return;
      case 'stop':
        engine.stop(command.conversationId);
        return;
      case 'retry':
        await engine.retry(command.conversationId, command.messageId);
        return;
      case 'editAndResend':
        await engine.editAndResend(command.conversationId, command.messageId, command.text);
        return;
    }
  }

  void deleteStalePendingUploads();

  browser.runtime.onConnect.addListener((port) => {
    // Only our own pages may drive the background; content scripts and other extensions are turned away.
    if (port.name !== UI_PORT_NAME || !isFromExtensionPage(port.sender, browser.runtime.id, browser.runtime.getURL('/'))) {
      port.disconnect();
      return;
    }
    const client: UiClient = { conversationId: null, post: (event: BackgroundEvent) => port.postMessage(event) };
    clients.add(client);
    const disconnect = engine.connect(client);
    port.onDisconnect.addListener(() => {
      clients.delete(client);
      disconnect();
    });
    port.onMessage.addListener((raw: unknown) => {
      const parsed = uiCommandSchema.safeParse(raw);
      if (!parsed.success) return;
      handle(parsed.data, client).catch((error: unknown) => {
        // Never log the command or the error object: a setKey command carries the key.
        console.error(`Poe Toolbar: the '${parsed.data.type}' command failed`);
        client.post({
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
