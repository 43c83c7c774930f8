import browser from 'webextension-polyfill';

/**
 * Keeps the background alive while an answer streams. Chrome stops an idle service worker after 30 s and an open
 * fetch does not count as activity; Firefox suspends an idle event page likewise and open ports do not stop it. An
 * extension API call served by the browser process resets both timers, so one is made every 20 s while any run is open.
 */
const KEEP_ALIVE_INTERVAL_MS = 20_000;

let openRuns = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function runStarted(): void {
  openRuns += 1;
  timer ??= setInterval(() => void browser.runtime.getPlatformInfo(), KEEP_ALIVE_INTERVAL_MS);
}

export function runEnded(): void {
  openRuns = Math.max(0, openRuns - 1);
  if (openRuns === 0 && timer !== undefined) {
    clearInterval(timer);
    timer = undefined;
  }
}
