import type { UiCommand } from '@/lib/messaging/contracts';
import type { HandoffQueue } from '@/lib/toolbar/handoff';
import type { AccountService } from './account-service';
import type { ChatEngine, UiClient } from './engine';

export interface UiCommandContext {
  engine: ChatEngine;
  account: AccountService;
  handoff: HandoffQueue;
  /** Every connected page. */
  clients: ReadonlySet<UiClient>;
  pushAccount(): Promise<void>;
}

/** A connected page, with what the background must undo when it goes. */
export interface ConnectedPage extends UiClient {
  leaveHandoff?: () => void;
}

/** Carries out one validated command from one of our pages. */
export async function handleUiCommand(command: UiCommand, page: ConnectedPage, context: UiCommandContext): Promise<void> {
  const { engine, account } = context;
  await engine.ready;
  switch (command.type) {
    case 'hello': {
      const conversations = await engine.conversations();
      const wanted = command.conversationId ?? null;
      page.conversationId = wanted && conversations.some((c) => c.id === wanted) ? wanted : null;
      page.post({
        type: 'snapshot',
        account: await account.state(),
        models: await account.cachedModels(),
        conversations,
        conversationId: page.conversationId,
        messages: await engine.messages(page.conversationId),
      });
      // Requests from web pages go to side panels; one waiting for this panel arrives now.
      if (command.surface === 'sidepanel' && !page.leaveHandoff) page.leaveHandoff = context.handoff.panelConnected(page);
      return;
    }
    case 'setKey': {
      const result = await account.setKey(command.key);
      page.post({ type: 'keyResult', ...result });
      await context.pushAccount();
      return;
    }
    case 'removeKey':
      await account.removeKey();
      await context.pushAccount();
      return;
    case 'refreshBalance':
      await account.refreshBalance();
      await context.pushAccount();
      return;
    case 'refreshModels': {
      const result = await account.refreshModels();
      for (const each of context.clients) each.post({ type: 'models', ...result });
      return;
    }
    case 'setBaseUrl': {
      const result = await account.setBaseUrl(command.baseUrl);
      page.post({ type: 'settingsResult', ...result });
      await context.pushAccount();
      return;
    }
    case 'selectBot':
      await account.selectBot(command.bot);
      await context.pushAccount();
      return;
    case 'selectConversation':
      await engine.select(page, command.conversationId);
      return;
    case 'renameConversation':
      await engine.rename(command.conversationId, command.title);
      return;
    case 'deleteConversation':
      await engine.delete(command.conversationId);
      return;
    case 'searchConversations':
      page.post({ type: 'searchResults', query: command.query, conversations: await engine.search(command.query) });
      return;
    case 'loadUsage': {
      const { entries, error } = await account.recentUsage();
      page.post({ type: 'usage', entries: await engine.describeUsage(entries), ...(error ? { error } : {}) });
      return;
    }
    case 'send':
      await account.selectBot(command.bot);
      await engine.send(page, command);
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
