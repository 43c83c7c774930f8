import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { hasNotificationPermission, removeNotificationPermission, requestNotificationPermission } from '@/lib/platform/notifications';

/**
 * Settings → "Tell me when a video is ready" (issue 15): on is the browser's `notifications` permission, asked for in
 * the click (browsers ask only in a user gesture) and given back when turned off. The background notifies only while
 * no panel or popup is open.
 */
export function VideoNotifySetting() {
  const [granted, setGranted] = useState<boolean | undefined>(undefined);
  const [refused, setRefused] = useState(false);
  useEffect(() => {
    void hasNotificationPermission().then(setGranted);
  }, []);
  if (granted === undefined) return null;
  return (
    <section class="video-notify-settings" aria-labelledby="video-notify-heading">
      <h3 id="video-notify-heading">{t('videoNotifySetting_title')}</h3>
      <label class="switch-row">
        <span>{t('videoNotifySetting_switch')}</span>
        <input
          type="checkbox"
          role="switch"
          class="param-switch"
          name="video-notify"
          checked={granted}
          aria-describedby="video-notify-why"
          onChange={(event) => {
            event.currentTarget.checked = granted;
            // Asked synchronously in the click: an await before it would lose the user gesture.
            const asked = granted ? removeNotificationPermission().then((removed) => !removed) : requestNotificationPermission();
            void asked.then((now) => {
              setRefused(!granted && !now);
              setGranted(now);
            });
          }}
        />
      </label>
      <p class="fine-print" id="video-notify-why">
        {t('videoNotifySetting_help')}
      </p>
      {refused && (
        <p class="error" role="alert">
          {t('videoNotifySetting_refused')}
        </p>
      )}
    </section>
  );
}
