import browser, { type Runtime } from 'webextension-polyfill';
import { AccountService } from '@/lib/chat/account-service';
import { ChatSession } from '@/lib/chat/chat-session';
import { UI_PORT_NAME, uiCommandSchema, type BackgroundEvent, type UiCommand } from '@/lib/messaging/contracts';
import { isFromExtensionPage } from '@/lib/messaging/sender';
import { runEnded, runStarted } from '@/lib/platform/keep-alive';
import { readApiKey } from '@/lib/storage/key-vault';
import { baseUrlSetting } from '@/lib/storage/settings';

export default defineBackground(() => {
  const ports = new Set<Runtime.Port>();
  const broadcast = (event: BackgroundEvent) => {
    for (const port of ports) port.postMessage(event);
  };
  const account = new AccountService();
  const pushAccount = async () => broadcast({ type: 'account', account: await account.state() });

  const session = new ChatSession({
    readApiKey,
    readBaseUrl: () => baseUrlSetting.getValue(),
    emit: broadcast,
    onRunningChange: (running) => (running ? runStarted() : runEnded()),
    onAnswerSettled: () => void account.refreshBalance().then(pushAccount),
  });

  async function handle(command: UiCommand, port: Runtime.Port): Promise<void> {
    switch (command.type) {
      case 'hello': {
        port.postMessage({
          type: 'snapshot',
          account: await account.state(),
          messages: session.snapshot(),
          models: account.cachedModels(),
        } satisfies BackgroundEvent);
        return;
      }
      case 'setKey': {
        const result = await account.setKey(command.key);
        port.postMessage({ type: 'keyResult', ...result } satisfies BackgroundEvent);
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
        broadcast({ type: 'models', ...result });
        return;
      }
      case 'setBaseUrl': {
        const result = await account.setBaseUrl(command.baseUrl);
        port.postMessage({ type: 'settingsResult', ...result } satisfies BackgroundEvent);
        await pushAccount();
        return;
      }
      case 'selectBot':
        await account.selectBot(command.bot);
        await pushAccount();
        return;
      case 'send':
        await account.selectBot(command.bot);
        await session.send(command.bot, command.text, command.parameters);
        return;
      case 'stop':
        session.stop();
        return;
      case 'retry':
        await session.retry();
        return;
      case 'newChat':
        session.clear();
        return;
    }
  }

  browser.runtime.onConnect.addListener((port) => {
    // Only our own pages may drive the background; content scripts and other extensions are turned away.
    if (port.name !== UI_PORT_NAME || !isFromExtensionPage(port.sender, browser.runtime.id, browser.runtime.getURL('/'))) {
      port.disconnect();
      return;
    }
    ports.add(port);
    port.onDisconnect.addListener(() => ports.delete(port));
    port.onMessage.addListener((raw: unknown) => {
      const parsed = uiCommandSchema.safeParse(raw);
      if (!parsed.success) return;
      handle(parsed.data, port).catch((error: unknown) => {
        // Never log the command itself: a setKey command carries the key.
        console.error(`Poe Toolbar: the '${parsed.data.type}' command failed`, error instanceof Error ? error.name : 'error');
      });
    });
  });
});
