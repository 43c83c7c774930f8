import { useEffect, useState } from 'preact/hooks';
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
      <h3 id="video-notify-heading">Video models</h3>
      <label class="switch-row">
        <span>Tell me when a video is ready</span>
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
        A video can take minutes. Poe Toolbar keeps watching it with the panel closed, and with this on your browser shows a
        notification when it is ready (or could not be made). Your browser asks to let Poe Toolbar show notifications.
      </p>
      {refused && (
        <p class="error" role="alert">
          Your browser did not allow notifications. Videos still finish and wait in their conversation.
        </p>
      )}
    </section>
  );
}
