import type { BackgroundEvent, ChatMessage } from '@/lib/messaging/contracts';
import type { ErrorInfo } from '@/lib/messaging/errors';

/**
 * A compare on screen (issue 16): one question, 2–4 columns, each a conversation of its own in the background. A pure
 * reducer of background events, like page-state.ts; the page's store keeps it beside the conversation on screen.
 */
export interface CompareColumn {
  bot: string;
  /** Known once the background announced the column (`compareColumn`). */
  conversationId?: string;
  /** The question and the answer (and whatever follows, if the column is continued elsewhere), oldest first. */
  messages: ChatMessage[];
  /** What this column's answers cost, once Poe's points history lists them. */
  cost?: { points: number; usd?: number };
  /** The column could not start (nothing was asked of this bot). */
  error?: ErrorInfo;
}

export interface CompareState {
  requestId: string;
  text: string;
  columns: CompareColumn[];
}

/** The column following `conversationId`, by index. */
export function columnOf(state: CompareState, conversationId: string): number {
  return state.columns.findIndex((column) => column.conversationId === conversationId);
}

function withColumn(state: CompareState, index: number, change: (column: CompareColumn) => CompareColumn): CompareState {
  const column = state.columns[index];
  if (!column) return state;
  const columns = state.columns.slice();
  columns[index] = change(column);
  return { ...state, columns };
}

function upsert(messages: readonly ChatMessage[], message: ChatMessage): ChatMessage[] {
  const index = messages.findIndex((each) => each.id === message.id);
  const next = index < 0 ? [...messages, message] : messages.map((each, at) => (at === index ? message : each));
  return next.sort((a, b) => a.seq - b.seq);
}

/** The compare after `event`; the same object when the event is not about it. */
export function reduceCompare(state: CompareState | null, event: BackgroundEvent): CompareState | null {
  if (event.type === 'compareStarted') {
    return { requestId: event.requestId, text: event.text, columns: event.bots.map((bot) => ({ bot, messages: [] })) };
  }
  if (!state) return state;
  if (event.type === 'compareColumn') {
    if (event.requestId !== state.requestId) return state;
    return withColumn(state, event.index, (column) => ({
      ...column,
      ...(event.conversationId ? { conversationId: event.conversationId } : {}),
      ...(event.error ? { error: event.error } : {}),
    }));
  }
  if (!('conversationId' in event) || typeof event.conversationId !== 'string') return state;
  const index = columnOf(state, event.conversationId);
  if (index < 0) return state;
  switch (event.type) {
    case 'watched':
      return withColumn(state, index, (column) => ({ ...column, messages: [...event.messages].sort((a, b) => a.seq - b.seq) }));
    case 'message':
      return withColumn(state, index, (column) => ({ ...column, messages: upsert(column.messages, event.message) }));
    case 'delta':
      return withColumn(state, index, (column) => ({
        ...column,
        messages: column.messages.map((message) =>
          message.id === event.messageId
            ? { ...message, text: event.replace !== undefined ? event.replace + (event.append ?? '') : message.text + (event.append ?? '') }
            : message,
        ),
      }));
    case 'messagesRemoved':
      return withColumn(state, index, (column) => ({ ...column, messages: column.messages.filter((message) => !event.messageIds.includes(message.id)) }));
    case 'conversationCost':
      return withColumn(state, index, (column) => ({
        ...column,
        ...(event.answers > 0 ? { cost: { points: event.points, ...(event.usd !== undefined ? { usd: event.usd } : {}) } } : {}),
      }));
    default:
      return state;
  }
}

/** The column's answer: the first bot message (what the compare asked), if it has come. */
export function columnAnswer(column: CompareColumn): ChatMessage | undefined {
  return column.messages.find((message) => message.role === 'bot');
}

/** The conversations a compare follows, for `watch` after a reconnect. */
export function comparedConversations(state: CompareState | null): string[] {
  return state ? state.columns.flatMap((column) => (column.conversationId ? [column.conversationId] : [])) : [];
}
