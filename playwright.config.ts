import { defineConfig } from '@playwright/test';

/** The built extension in headless Chromium against the fake Poe server. */
export default defineConfig({
  testDir: 'tests/e2e',
  // Builds .output/chrome-mv3 and .output/chrome-mv3-e2e when missing or older than the sources (fresh under npm test).
  globalSetup: './scripts/build-if-stale.ts',
  // Two cores on CI: one browser at a time keeps timings honest.
  workers: 1,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
});
