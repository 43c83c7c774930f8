import { POE_BUY_POINTS_URL } from '@/lib/messaging/rules';
import type { ChatStore } from './chat-store';
import { displayName } from './MessageList';
import { marked } from './HiddenMarks';
import { ViewHeader } from './ViewHeader';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
const numberFormat = new Intl.NumberFormat();

/** What recent answers cost, from Poe's points history, with the conversation each charge paid for. */
export function UsagePanel({ store }: { store: ChatStore }) {
  const usage = store.usage.value;
  const balance = store.account.value?.balance;
  return (
    <section class="usage" aria-label="Recent usage">
      <ViewHeader store={store} title="Recent usage" />
      {balance !== undefined && <p class="muted">{numberFormat.format(balance)} points left.</p>}
      {!usage ? (
        <p class="muted">Loading…</p>
      ) : usage.error ? (
        <p class="error" role="alert">
          {usage.error.message}
        </p>
      ) : usage.entries.length === 0 ? (
        <p class="muted">No charges in the last 30 days.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Bot</th>
              <th scope="col" class="num">
                Points
              </th>
            </tr>
          </thead>
          <tbody>
            {usage.entries.map((entry) => (
              <tr key={entry.queryId}>
                <td>{timeFormat.format(entry.creationTime)}</td>
                <td>
                  {displayName(store.models.value, entry.bot)}
                  {entry.conversationId && (
                    <button
                      type="button"
                      class="link-button"
                      onClick={() => store.openConversation(entry.conversationId!)}
                    >
                      {marked(entry.conversationTitle ?? '')}
                    </button>
                  )}
                </td>
                <td class="num">{numberFormat.format(entry.costPoints)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="fine-print">
        <a href={POE_BUY_POINTS_URL} target="_blank" rel="noopener noreferrer">
          Manage your Poe points and API key
        </a>
      </p>
    </section>
  );
}
