import browser from 'webextension-polyfill';
import type { EngineDeps } from '@/lib/chat/engine';
import type { VideoJobClient } from '@/lib/chat/video-job';
import type { ModelSummary } from '@/lib/messaging/contracts';
import { getStoredMedia, putStoredMedia } from '@/lib/messaging/media-store';
import { createVideoJob, downloadVideoContent, getVideoJob } from '@/lib/poe/videos';
import { hasNotificationPermission, notifyAboutConversation, onConversationNotificationClicked, videoNotificationText } from '@/lib/platform/notifications';
import { t } from '@/lib/i18n';
import { openSidePanel } from '@/lib/platform/side-panel';
import { setVideoAlarm } from '@/lib/platform/video-watch';
import type { StoredMessage } from '@/lib/storage/chat-db';

/** Work nobody waits for, logged by name when it fails (create-background.ts). */
type Detached = (what: string, work: Promise<unknown>) => void;

const modelFor = (models: readonly ModelSummary[], bot: string) => models.find((model) => model.id.toLowerCase() === bot.toLowerCase());

/**
 * Video models' answers as Videos API jobs (issue 15), from the background's parts: Poe's client, the cached model
 * list (which models are video models, and their names), the media store, real time, and the alarm backstop.
 */
export function videoJobDeps(models: () => Promise<ModelSummary[]>, detached: Detached, client?: VideoJobClient): NonNullable<EngineDeps['videoJobs']> {
  return {
    client: client ?? { create: createVideoJob, get: getVideoJob, download: downloadVideoContent },
    isVideoModel: async (bot) => modelFor(await models(), bot)?.videoJobs === true,
    displayName: async (bot) => modelFor(await models(), bot)?.displayName ?? bot,
    storeMedia: (media) => putStoredMedia(media),
    readMedia: (id) => getStoredMedia(id),
    wait: (ms, signal) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      }),
    onWatching: (watching) => detached('setting the video alarm', setVideoAlarm(watching)),
  };
}

export interface VideoNotificationContext {
  /** Whether a side panel, popup or tab of ours is open (then it shows the news itself). */
  pagesOpen(): boolean;
  conversationTitle(conversationId: string): Promise<string | undefined>;
  models(): Promise<ModelSummary[]>;
  /** Makes a page opened next show this conversation. */
  remember(conversationId: string): Promise<void>;
  detached: Detached;
}

/**
 * "Tell me when a video is ready": listens (synchronously, at start-up) for clicks on its notifications, and returns
 * what to call when an answer ends — a notification when its video job ended with no page open, where allowed.
 */
export function videoNotifications(context: VideoNotificationContext): (answer: StoredMessage) => void {
  const notify = async (answer: StoredMessage) => {
    const ended = answer.job?.status;
    if (context.pagesOpen() || !(ended === 'completed' || ended === 'failed' || ended === 'expired')) return;
    if (!(await hasNotificationPermission())) return;
    const title = (await context.conversationTitle(answer.conversationId)) ?? t('extName');
    const bot = modelFor(await context.models(), answer.bot)?.displayName ?? answer.bot;
    await notifyAboutConversation(answer.conversationId, title, videoNotificationText(bot, ended === 'completed', answer.error?.message));
  };
  // A click shows the conversation: in the side panel where the browser lets a notification open it, else in a tab.
  const show = (conversationId: string) => {
    const remembered = context.remember(conversationId);
    let opened: Promise<void>;
    try {
      // Synchronously, in the click's own turn: any await first would lose what gesture the browser grants it.
      opened = openSidePanel({ windowId: browser.windows.WINDOW_ID_CURRENT });
    } catch {
      opened = Promise.reject(new Error('no side panel'));
    }
    const inTab = async () => {
      await remembered;
      await browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html') });
    };
    context.detached('showing the conversation', opened.catch(inTab));
    context.detached('remembering the conversation', remembered);
  };
  let listening = onConversationNotificationClicked(show);
  // Chrome has the notifications namespace only once the permission is granted.
  browser.permissions.onAdded.addListener(() => {
    listening ||= onConversationNotificationClicked(show);
  });
  return (answer) => {
    if (answer.job) context.detached('telling that a video is ready', notify(answer));
  };
}
