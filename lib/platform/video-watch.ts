import browser from 'webextension-polyfill';

/**
 * Video jobs outlive the background (issue 15). The keep-alive holds it while a job is watched, but a browser may stop
 * it anyway (Chrome after 5 min in one event, a restart, a crash): this alarm wakes it every 30 s (Chrome's shortest
 * period) while a job is pending, and the waking background goes on watching. Cleared once no job is left.
 */
export const VIDEO_ALARM = 'poe-toolbar-video-jobs';
const PERIOD_MINUTES = 0.5;

export async function setVideoAlarm(watching: boolean): Promise<void> {
  if (watching) {
    // Created once: re-creating it would push its next firing further away each time.
    if (!(await browser.alarms.get(VIDEO_ALARM))) browser.alarms.create(VIDEO_ALARM, { periodInMinutes: PERIOD_MINUTES });
  } else {
    await browser.alarms.clear(VIDEO_ALARM);
  }
}

/** Registered synchronously at start-up: the alarm is what wakes a stopped background. */
export function onVideoAlarm(listener: () => void): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === VIDEO_ALARM) listener();
  });
}
