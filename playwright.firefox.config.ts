import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in real Firefox ESR (the MV3 build plus its one test hook, `.output/firefox-mv3-e2e`), driven with puppeteer-core over
 * WebDriver BiDi from the Playwright test runner. The first global setup (scripts/build-if-stale.ts) builds it
 * (`wxt build -b firefox --mv3 --mode e2e`) when it is missing or older than the sources; under `npm test` it is already fresh.
 */
export default defineConfig({
  testDir: 'tests/firefox',
  testMatch: '*.spec.ts',
  // Not the Chromium suite's test-results/: each run empties its output folder.
  outputDir: 'test-results/firefox',
  globalSetup: ['./scripts/build-if-stale.ts', './tests/firefox/global-setup.ts'],
  // One Firefox per worker. Files that need other prefs (the event-page idle timeout) get their own worker; two run
  // at once so the long keep-alive test overlaps the rest.
  workers: 2,
  // Generous ceilings, not retries (see playwright.config.ts).
  timeout: 120_000,
  expect: { timeout: 25_000 },
  retries: 0,
  reporter: [['list']],
});
