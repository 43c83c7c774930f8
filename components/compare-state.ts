import * as z from 'zod/mini';
import { t } from '@/lib/i18n';
import type { BackgroundEvent, ChatMessage } from '@/lib/messaging/contracts';
import { errorInfoSchema, type ErrorInfo } from '@/lib/messaging/errors';
import { MAX_COMPARE_BOTS, MAX_MESSAGE_CHARS } from '@/lib/messaging/rules';

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
      return withColumn(state, index, (column) => ({
        ...column,
        messages: [...event.messages].sort((a, b) => a.seq - b.seq),
        ...(event.gone ? { error: { kind: 'not_found', message: t('compare_columnGone') } } : {}),
      }));
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

/** What a page remembers of its compare (not the messages: the background has those), so a reopened panel shows it again. */
const storedCompareSchema = z.object({
  requestId: z.string().check(z.maxLength(100)),
  text: z.string().check(z.maxLength(MAX_MESSAGE_CHARS)),
  columns: z
    .array(z.object({ bot: z.string().check(z.maxLength(200)), conversationId: z.optional(z.string().check(z.maxLength(100))), error: z.optional(errorInfoSchema) }))
    .check(z.minLength(1), z.maxLength(MAX_COMPARE_BOTS)),
});

/** The compare as it is kept in the page's storage; null when there is none. */
export function storedCompare(state: CompareState | null): string | null {
  if (!state) return null;
  const columns = state.columns.map(({ bot, conversationId, error }) => ({ bot, ...(conversationId ? { conversationId } : {}), ...(error ? { error } : {}) }));
  return JSON.stringify({ requestId: state.requestId, text: state.text, columns });
}

/** A kept compare read back (validated: the storage is ours, but may be old or edited), its messages to be watched afresh. */
export function restoredCompare(stored: string | null): CompareState | null {
  if (!stored) return null;
  try {
    const parsed = storedCompareSchema.safeParse(JSON.parse(stored));
    return parsed.success ? { ...parsed.data, columns: parsed.data.columns.map((column) => ({ ...column, messages: [] })) } : null;
  } catch {
    return null;
  }
}
