import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t, tCount, type MessageKey } from '@/lib/i18n';
import { isInProgress, WAITING_NOTICE_AFTER_MS } from '@/lib/messaging/rules';
import type { ChatStore, MessageView } from './chat-store';
import { ErrorNotice } from './ErrorNotice';
import type { PendingSend } from './page-state';
import { formatDuration, useNow } from './use-now';
import { CopyButton } from './CopyButton';
import { CostDetails } from './CostDetails';
import { costText } from './cost-format';
import './usage.css';
import { FileList, MessageBody } from './MessageBody';
import { lazyView } from './lazy-view';
import { pageImageTrust } from './images';
import { videosAbout, type VideoLinks } from './video-links';
import { displayName } from './bot-model';
import { marked } from './HiddenMarks';
import { VersionSwitcher } from './VersionSwitcher';
import { RegenerateWith } from './RegenerateWith';
import { dropLeadingBom, showHidden } from '@/lib/markdown/visible-text';

// Only an answer from a video model has a job: its status loads when one is on screen, not in the first paint.
const VideoJobStatus = lazyView(() => import('./VideoJobStatus').then((m) => m.VideoJobStatus), 'nothing');

/** A bot answer's files and media (issue 15): a chunk loaded after the first paint, when an answer has some. */
const BotFiles = lazyView(() => import('./BotFiles').then((loaded) => loaded.BotFiles), 'nothing');

const STATUS_LABEL: Record<string, MessageKey> = {
  streaming: 'messageList_statusStreaming',
  stopped: 'messageList_statusStopped',
  incomplete: 'messageList_statusIncomplete',
  interrupted: 'messageList_statusInterrupted',
};

/** Rate-limited or failed before any output: one live countdown to the next attempt. */
function RetryCountdown({ until, message }: { until: number; message: string }) {
  const now = useNow(true);
  return (
    <p class="notice" role="status">
      {t('messageList_retrying', message, formatDuration(until - now))}
    </p>
  );
}

/**
 * Nothing from Poe yet (a reasoning model may think for minutes): after a short while, say how long it has been,
 * with Stop at hand.
 */
function Waiting({ since, store }: { since: number; store: ChatStore }) {
  const now = useNow(true);
  const waited = now - since;
  return (
    <div class="status-line waiting" role="status">
      <span>{waited >= WAITING_NOTICE_AFTER_MS ? t('messageList_waitingFor', formatDuration(waited)) : t('messageList_waiting')}</span>
      {waited >= WAITING_NOTICE_AFTER_MS && (
        <button type="button" class="ghost small" onClick={() => store.stop()}>
          {t('common_stop')}
        </button>
      )}
    </div>
  );
}

function EditForm({ view, store, onDone, later }: { view: MessageView; store: ChatStore; onDone(): void; later: number }) {
  const [text, setText] = useState(view.text.value);
  return (
    <form
      class="edit-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) store.editAndResend(view.id, text.trim());
        onDone();
      }}
    >
      <label class="visually-hidden" for={`edit-${view.id}`}>
        {t('messageList_editLabel')}
      </label>
      <textarea id={`edit-${view.id}`} value={text} onInput={(event) => setText(event.currentTarget.value)} rows={3} />
      {later > 0 && <p class="fine-print">{t('messageList_editKeepsVersion')}</p>}
      <div class="actions">
        <button type="button" class="ghost small" onClick={onDone}>
          {t('common_cancel')}
        </button>
        <button type="submit" class="primary small">
          {t('messageList_saveAndResend')}
        </button>
      </div>
    </form>
  );
}

function Message({ view, store, latest, later, video }: { view: MessageView; store: ChatStore; latest: boolean; later: number; video?: { url: string; durationSeconds?: number } | undefined }) {
  const [editing, setEditing] = useState(false);
  const info = view.info.value;
  if (editing) return <EditForm view={view} store={store} onDone={() => setEditing(false)} later={later} />;
  const botName = displayName(store.models.value, info.bot);
  const ended = !isInProgress(info.status);
  const failed = ended && info.status !== 'complete' && info.status !== 'stopped';
  const retrying = store.isRetrying(info.id);
  // Nothing is lost: the answer and what followed it stay as a version (‹ 1/2 ›).
  const regenerate = () => store.retry(info.id);
  const versions = info.versions && info.versions.count > 1 ? info.versions : undefined;
  // A video job says where it is itself; the stream's "Waiting for Poe…" and status labels are not its words.
  const job = info.role === 'bot' ? info.job : undefined;
  const waitingSince = job ? undefined : info.status === 'pending' ? info.createdAt : info.status === 'retrying' && info.retryAt !== undefined && info.retryAt <= Date.now() ? info.retryAt : undefined;
  return (
    <article class={`message ${info.role} status-${info.status}`} data-status={info.status} aria-label={info.role === 'user' ? t('messageList_you') : botName}>
      {info.role === 'bot' && (
        <div class="author">
          {botName}
        </div>
      )}
      {info.attachments && <FileList files={info.attachments} />}
      <MessageBody view={view} video={video && videoLinks(video, store)} />
      {/* Mounted once there are files or the answer is finished: while it streams, its text re-renders nothing here. */}
      {info.role === 'bot' && (info.files?.length || ended) ? (
        <BotFiles view={view} bot={botName} store={store} trust={pageImageTrust} FileList={FileList} />
      ) : null}
      {info.status === 'retrying' && info.retryAt !== undefined && info.retryAt > Date.now() && info.error && (
        <RetryCountdown until={info.retryAt} message={info.error.message} />
      )}
      {waitingSince !== undefined && <Waiting since={waitingSince} store={store} />}
      {job && <VideoJobStatus job={job} ended={ended} onCheckAgain={() => store.checkVideoJob(info.id)} />}
      {info.role === 'bot' && !job && STATUS_LABEL[info.status] && <div class="status-line">{t(STATUS_LABEL[info.status]!)}</div>}
      {info.error && ended && <ErrorNotice error={info.error} store={store} />}
      {info.role === 'bot' && info.pointsCost !== undefined && (
        <div class="answer-cost">
          <CostDetails points={info.pointsCost} usd={info.pointsCostUsd} breakdown={info.pointsBreakdown} />
        </div>
      )}
      {latest && ended && info.suggestedReplies && info.suggestedReplies.length > 0 && (
        <div class="chips">
          {info.suggestedReplies.map((reply) => (
            <button type="button" class="chip" onClick={() => store.ask(reply)}>
              {marked(reply)}
            </button>
          ))}
        </div>
      )}
      <div class="actions">
        {versions && <VersionSwitcher store={store} messageId={info.id} index={versions.index} count={versions.count} />}
        {failed && info.role === 'bot' && !retrying && (
          <button type="button" class="ghost small" onClick={() => store.retry(info.id)}>
            {t('common_retry')}
          </button>
        )}
        {/* Copy gives what is shown: hidden characters as their markers (see visible-text.ts), like a selection copied. */}
        {info.role === 'bot' && ended && view.text.value.length > 0 && <CopyButton text={showHidden(dropLeadingBom(view.text.value))} />}
        {(info.status === 'complete' || info.status === 'stopped') && info.role === 'bot' && !retrying && (
          <button type="button" class="ghost small" onClick={regenerate}>
            {t('messageList_regenerate')}
          </button>
        )}
        {(info.status === 'complete' || info.status === 'stopped') && info.role === 'bot' && !retrying && !store.isAnswering.value && (
          <RegenerateWith store={store} messageId={info.id} bot={info.bot} />
        )}
        {info.role === 'user' && !store.isAnswering.value && (
          <button type="button" class="ghost small" onClick={() => setEditing(true)}>
            {t('messageList_edit')}
          </button>
        )}
      </div>
    </article>
  );
}

function videoLinks(video: { url: string; durationSeconds?: number }, store: ChatStore): VideoLinks {
  return { ...video, seek: (seconds) => store.seekVideo(video.url, seconds) };
}

/** What the conversation's answers cost together (all of them, also those not loaded), once Poe has priced one. */
function ConversationCost({ store }: { store: ChatStore }) {
  const cost = store.conversationCost.value;
  if (!cost) return null;
  return (
    <p class="conversation-cost">
      {t('messageList_conversationCost', costText(cost.points, cost.usd))}
      <span class="muted">
        {' '}
        {tCount({ one: 'messageList_answersPriced_one', other: 'messageList_answersPriced_other' }, cost.answers)}
      </span>
    </p>
  );
}

/** A question on its way to the background (uploading its files, or about to be stored). */
function SendingMessage({ pending }: { pending: PendingSend }) {
  return (
    <article class="message user sending" aria-label={t('messageList_you')} data-status="sending">
      {pending.attachments.length > 0 && (
        <FileList files={pending.attachments.map(({ name, contentType, size }) => ({ url: '', name, contentType, size }))} />
      )}
      <div class="text plain">{marked(dropLeadingBom(pending.text))}</div>
      <div class="status-line" role="status">
        {pending.attachments.length === 1
          ? t('messageList_uploadingFile', showHidden(pending.attachments[0]!.name))
          : pending.attachments.length > 1
            ? tCount({ one: 'messageList_uploadingFiles_one', other: 'messageList_uploadingFiles_other' }, pending.attachments.length)
            : t('messageList_sending')}
      </div>
    </article>
  );
}

/** Stands for the menu's name in the empty conversation's hint, which shows it in bold wherever the language puts it. */
const MENU_MARK = '\u0001';

/** `text` with `mark` shown as `strong`, in bold. */
function withStrong(text: string, mark: string, strong: string) {
  const at = text.indexOf(mark);
  if (at < 0) return text;
  return (
    <>
      {text.slice(0, at)}
      <strong>{strong}</strong>
      {text.slice(at + mark.length)}
    </>
  );
}

/** Keys that scroll the conversation when it has focus. */
const SCROLL_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' ']);
/** A scroll this soon after the reader's wheel, key, touch or drag is theirs. */
const READER_SCROLL_MS = 1000;

/** The conversation; follows the answer as it grows only while the reader is already at the bottom. */
export function MessageList({ store }: { store: ChatStore }) {
  const list = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const lastTop = useRef(0);
  /** When the reader last did something that scrolls (wheel, keys, touch, the scrollbar): only they unpin. */
  const readerScrolled = useRef(-Infinity);
  const readerIsScrolling = () => {
    readerScrolled.current = performance.now();
  };
  const [awayFromBottom, setAwayFromBottom] = useState(false);
  const messages = store.messages.value;
  const videos = videosAbout(messages);
  const sending = store.sending.value;
  const conversationId = store.conversationId.value;
  const toBottom = () => {
    const element = list.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    lastTop.current = element.scrollTop;
    pinned.current = true;
    setAwayFromBottom(false);
  };

  // A question the user just sent, or another conversation opened: show its end, wherever the reader was. Before
  // paint, so a conversation opens at its end with no jump.
  useLayoutEffect(toBottom, [sending.length, conversationId]);

  // Earlier messages arrived above: keep what the reader was looking at where it was.
  const firstId = messages[0]?.id;
  const before = useRef<{ firstId?: string; height: number }>({ height: 0 });
  useLayoutEffect(() => {
    const element = list.current;
    if (!element) return;
    const previous = before.current;
    if (previous.firstId && previous.firstId !== firstId && messages.some((view) => view.id === previous.firstId) && !pinned.current) {
      element.scrollTop += element.scrollHeight - previous.height;
      lastTop.current = element.scrollTop;
    }
    before.current = { ...(firstId ? { firstId } : {}), height: element.scrollHeight };
  });

  useEffect(() => {
    // Text arrives, markdown renders in animation frames, images load later still: follow the content's growth
    // while the reader is at the bottom.
    const element = list.current;
    if (!element) return;
    const follow = new ResizeObserver(() => {
      if (pinned.current) element.scrollTop = element.scrollHeight;
      else if (element.scrollHeight - element.scrollTop - element.clientHeight < 24) {
        // The content shrank to the reader's view (another version shown, messages removed): nothing is below.
        pinned.current = true;
        setAwayFromBottom(false);
      }
    });
    const observeChildren = () => [...element.children].forEach((child) => follow.observe(child));
    observeChildren();
    // The list itself shrinks when something appears beside it after the first paint (the composer growing, a chip,
    // a suggestion loaded lazily): a reader at the bottom stays there.
    follow.observe(element);
    const added = new MutationObserver(observeChildren);
    added.observe(element, { childList: true });
    return () => {
      follow.disconnect();
      added.disconnect();
    };
  }, []);

  return (
    <div class="messages-frame">
      <div
        class="messages"
        ref={list}
        role="log"
        aria-live="polite"
        onWheel={readerIsScrolling}
        onTouchMove={readerIsScrolling}
        onPointerDown={readerIsScrolling}
        onPointerMove={(event) => event.buttons !== 0 && readerIsScrolling()}
        onKeyDown={(event) => SCROLL_KEYS.has(event.key) && readerIsScrolling()}
        onScroll={(event) => {
          // Only the reader scrolling up unpins. Content changing size moves the scroll position too (answers above
          // rendered or laid out for the first time, scroll anchoring): that must not stop following the end.
          const element = event.currentTarget;
          if (element.scrollHeight - element.scrollTop - element.clientHeight < 24) pinned.current = true;
          else if (element.scrollTop < lastTop.current - 2 && performance.now() - readerScrolled.current < READER_SCROLL_MS) pinned.current = false;
          lastTop.current = element.scrollTop;
          setAwayFromBottom(!pinned.current);
          // Near the top of a long conversation: its earlier messages are fetched before the reader gets there.
          if (element.scrollTop < element.clientHeight && store.hasEarlier.peek()) store.loadEarlier();
        }}
      >
        {messages.length === 0 && sending.length === 0 ? (
          <div class="empty muted">
            <p>{t('messageList_emptyTitle')}</p>
            <p class="fine-print">{withStrong(t('messageList_emptyHint', MENU_MARK), MENU_MARK, t('messageList_askPoeMenu'))}</p>
          </div>
        ) : (
          <>
            {store.hasEarlier.value && (
              <button type="button" class="ghost small load-earlier" onClick={() => store.loadEarlier()}>
                {store.loadingEarlier.value ? t('messageList_loadingEarlier') : t('messageList_showEarlier')}
              </button>
            )}
            {messages.map((view, index) => (
              <Message
                key={view.id}
                view={view}
                store={store}
                latest={index === messages.length - 1}
                later={messages.length - 1 - index}
                // peek: a message's role never changes; reading it must not re-render the list on every status change.
                video={view.info.peek().role === 'bot' ? videos[index] : undefined}
              />
            ))}
            {sending.map((pending) => (
              <SendingMessage key={pending.requestId} pending={pending} />
            ))}
            <ConversationCost store={store} />
          </>
        )}
      </div>
      {awayFromBottom && (
        <button type="button" class="jump-latest secondary small" onClick={toBottom}>
          {t('messageList_jumpToLatest')}
        </button>
      )}
    </div>
  );
}
