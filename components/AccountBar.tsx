import type { ChatStore } from './chat-store';

const numberFormat = new Intl.NumberFormat();

/** The bot picker and the point balance, always in view. */
export function AccountBar({
  store,
  historyOpen,
  onToggleHistory,
}: {
  store: ChatStore;
  historyOpen: boolean;
  onToggleHistory(): void;
}) {
  const account = store.account.value;
  if (!account) return null;
  const models = store.models.value;
  const known = models.some((model) => model.id === account.selectedBot);
  return (
    <header class="account-bar">
      <label class="bot-picker">
        <span class="visually-hidden">Bot</span>
        <select
          name="bot"
          value={account.selectedBot}
          onChange={(event) => store.send({ type: 'selectBot', bot: event.currentTarget.value })}
        >
          {!known && <option value={account.selectedBot}>{account.selectedBot}</option>}
          {models.map((model) => (
            <option key={model.id} value={model.id}>
              {model.displayName}
            </option>
          ))}
        </select>
      </label>
      <span class="balance" data-testid="balance" title="Poe points left">
        {account.balance !== undefined
          ? `${numberFormat.format(account.balance)} points`
          : account.balanceError
            ? 'Balance unavailable'
            : '…'}
      </span>
      <button type="button" class="ghost" aria-pressed={historyOpen} onClick={onToggleHistory}>
        History
      </button>
      <button
        type="button"
        class="ghost"
        onClick={() => {
          store.send({ type: 'selectConversation', conversationId: null });
          if (historyOpen) onToggleHistory();
        }}
      >
        New chat
      </button>
    </header>
  );
}
