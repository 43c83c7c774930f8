import browser from 'webextension-polyfill';
import { t } from '@/lib/i18n';

/**
 * "Tell me when a video is ready" (issue 15): the `notifications` permission is only offered by the manifest. Settings
 * asks for it in the user's click and gives it back when turned off; the background shows a notification only while
 * it is granted.
 */
const NOTIFICATIONS = { permissions: ['notifications'] } as const;
/** Notification ids carry the conversation they are about. */
const PREFIX = 'poe-toolbar-video:';

export async function hasNotificationPermission(): Promise<boolean> {
  try {
    return await browser.permissions.contains({ permissions: [...NOTIFICATIONS.permissions] });
  } catch {
    return false;
  }
}

/** Must be called synchronously from a click. A browser that cannot ask counts as a refusal. */
export function requestNotificationPermission(): Promise<boolean> {
  return browser.permissions.request({ permissions: [...NOTIFICATIONS.permissions] }).catch(() => false);
}

export function removeNotificationPermission(): Promise<boolean> {
  return browser.permissions.remove({ permissions: [...NOTIFICATIONS.permissions] }).catch(() => false);
}

/** A finished video job's notification text: ready, or not made (with the reason when there is one). */
export function videoNotificationText(bot: string, completed: boolean, reason?: string): string {
  if (completed) return t('notifications_videoReady', bot);
  return reason ? t('notifications_videoFailedReason', bot, reason) : t('notifications_videoFailed', bot);
}

/** Shows a notification about a conversation's video (replacing an older one about the same conversation). */
export async function notifyAboutConversation(conversationId: string, title: string, message: string): Promise<void> {
  await browser.notifications.create(`${PREFIX}${conversationId}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title,
    message,
  });
}

/**
 * Registered synchronously at start-up (a click can wake the background), and again when a permission is granted if
 * it could not be at first: Chrome has the namespace only while the permission is. `listener` gets the clicked
 * notification's conversation. Returns whether it is now listening.
 */
export function onConversationNotificationClicked(listener: (conversationId: string) => void): boolean {
  if (!browser.notifications?.onClicked) return false;
  browser.notifications.onClicked.addListener((id) => {
    if (!id.startsWith(PREFIX)) return;
    listener(id.slice(PREFIX.length));
    void browser.notifications.clear(id);
  });
  return true;
}
