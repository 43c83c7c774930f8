import { computed } from '@preact/signals';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { isInProgress, type AttachmentInfo, type ChatMessage } from '@/lib/messaging/contracts';
import { displayName } from './bot-model';
import { BotAvatar } from './BotAvatar';
import type { ChatStore, MessageView } from './chat-store';
import { columnAnswer, type CompareColumn } from './compare-state';
import { CopyButton } from './CopyButton';
import { formatPoints } from './cost-format';
import { ErrorNotice } from './ErrorNotice';
import { Icon } from './icons';
import { FileList, MessageBody } from './MessageBody';
import './compare.css';

type ColumnStatus = 'starting' | 'waiting' | 'answering' | 'done' | 'stopped' | 'failed';

function columnStatus(column: CompareColumn, answer: ChatMessage | undefined): ColumnStatus {
  if (column.error) return 'failed';
  if (!answer) return 'starting';
  if (answer.status === 'pending' || answer.status === 'retrying') return 'waiting';
  if (isInProgress(answer.status)) return 'answering';
  if (answer.status === 'complete') return 'done';
  if (answer.status === 'stopped') return 'stopped';
  return 'failed';
}

const STATUS_TEXT: Record<ColumnStatus, () => string> = {
  starting: () => t('compare_statusStarting'),
  waiting: () => t('compare_statusWaiting'),
  answering: () => t('compare_statusAnswering'),
  done: () => t('compare_statusDone'),
  stopped: () => t('compare_statusStopped'),
  failed: () => t('compare_statusFailed'),
};

/** One column's answer as the markdown renderer reads it: the same view shape as the chat's messages. */
function AnswerBody({ store, index, id }: { store: ChatStore; index: number; id: string }) {
  const view = useMemo<MessageView>(() => {
    let last: ChatMessage | undefined;
    const message = computed(() => {
      const found = store.compare.value?.columns[index]?.messages.find((each) => each.id === id);
      return (last = found ?? last)!;
    });
    return { id, info: message, text: computed(() => message.value.text) };
  }, [store, index, id]);
  return <MessageBody view={view} />;
}

function Column({ store, column, index, shown }: { store: ChatStore; column: CompareColumn; index: number; shown: boolean }) {
  const answer = columnAnswer(column);
  const status = columnStatus(column, answer);
  const name = displayName(store.models.value, column.bot);
  const error = column.error ?? (status === 'failed' ? answer?.error : undefined);
  const conversationId = column.conversationId;
  return (
    <section class={`compare-column status-${status}`} id={`compare-column-${index}`} aria-label={name} data-shown={shown}>
      <header class="compare-column-head">
        <BotAvatar name={name} size={22} />
        <span class="compare-column-name">{name}</span>
        <span class={`compare-status ${status}`} role="status">
          {STATUS_TEXT[status]()}
        </span>
      </header>
      <div class="compare-answer">
        {answer && <AnswerBody store={store} index={index} id={answer.id} />}
        {error && <ErrorNotice error={error} store={store} />}
      </div>
      <footer class="compare-column-foot">
        {column.cost && <span class="compare-cost muted">{formatPoints(column.cost.points)}</span>}
        {conversationId && answer && (status === 'answering' || status === 'waiting') && (
          <button type="button" class="secondary small" onClick={() => store.stopColumn(conversationId)}>
            {t('common_stop')}
          </button>
        )}
        {conversationId && answer && status === 'failed' && (
          <button type="button" class="ghost small" onClick={() => store.retryColumn(conversationId, answer.id)}>
            {t('common_retry')}
          </button>
        )}
        {answer && (status === 'done' || status === 'stopped') && answer.text.length > 0 && <CopyButton text={answer.text} />}
        {conversationId && (status === 'done' || status === 'stopped' || status === 'failed') && (
          <button type="button" class="primary small compare-continue" onClick={() => store.continueWith(conversationId, column.bot)}>
            {t('compare_continue')}
          </button>
        )}
      </footer>
    </section>
  );
}

/**
 * A compare on screen (issue 16): the question, then one column per bot, each with its own stream, status, Stop,
 * cost and "Continue with this one". Side by side where there is room (the full tab); at panel width one column at a
 * time, swiped sideways (scroll snapping) or chosen with the tabs above.
 */
export function CompareView({ store }: { store: ChatStore }) {
  const compare = store.compare.value;
  const scroller = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(0);
  // A new compare starts at its first column.
  useEffect(() => {
    setShown(0);
    scroller.current?.scrollTo({ left: 0 });
  }, [compare?.requestId]);
  if (!compare) return null;
  /** Where column `index` starts in the scroller's content (columns are laid out side by side, a gap apart). */
  const columnLeft = (element: HTMLElement, index: number) =>
    ((element.children[index] as HTMLElement | undefined)?.offsetLeft ?? 0) - ((element.children[0] as HTMLElement | undefined)?.offsetLeft ?? 0);
  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    let nearest = 0;
    for (let index = 1; index < element.children.length; index++) {
      if (Math.abs(columnLeft(element, index) - element.scrollLeft) < Math.abs(columnLeft(element, nearest) - element.scrollLeft)) nearest = index;
    }
    if (nearest !== shown) setShown(nearest);
  };
  const showColumn = (index: number) => {
    setShown(index);
    const element = scroller.current;
    if (element) element.scrollTo({ left: columnLeft(element, index), behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  };
  return (
    <div class="compare-view">
      <div class="compare-head">
        <Icon name="columns" size={16} />
        <p class="compare-question" title={compare.text}>
          {compare.text}
        </p>
        <button type="button" class="ghost small icon-only" aria-label={t('compare_close')} title={t('compare_close')} onClick={() => store.closeCompare()}>
          <Icon name="close" size={14} />
        </button>
      </div>
      <FileList files={questionFiles(compare.columns)} />
      <div class="compare-tabs" role="group" aria-label={t('compare_tabsLabel')}>
        {compare.columns.map((column, index) => {
          const status = columnStatus(column, columnAnswer(column));
          return (
            <button
              key={index}
              type="button"
              class={`compare-tab status-${status}`}
              aria-current={index === shown ? 'true' : undefined}
              aria-controls={`compare-column-${index}`}
              onClick={() => showColumn(index)}
            >
              <span class="compare-tab-name">{displayName(store.models.value, column.bot)}</span>
              <span class={`compare-dot ${status}`} aria-hidden="true" />
              <span class="visually-hidden">{STATUS_TEXT[status]()}</span>
            </button>
          );
        })}
      </div>
      <div class="compare-columns" ref={scroller} onScroll={onScroll}>
        {compare.columns.map((column, index) => (
          <Column key={index} store={store} column={column} index={index} shown={index === shown} />
        ))}
      </div>
    </div>
  );
}

/** The files the question carried (every column was asked with the same), as the first column to hold its question has them. */
function questionFiles(columns: readonly CompareColumn[]): readonly AttachmentInfo[] {
  for (const column of columns) {
    const files = column.messages.find((message) => message.role === 'user')?.attachments;
    if (files && files.length > 0) return files;
  }
  return [];
}
