import { defineConfig } from '@playwright/test';

/** The built extension in headless Chromium against the fake Poe server. */
export default defineConfig({
  testDir: 'tests/e2e',
  // Builds .output/chrome-mv3 and .output/chrome-mv3-e2e when missing or older than the sources (fresh under npm test).
  globalSetup: './scripts/build-if-stale.ts',
  // One browser at a time on CI's two cores. Two workers were tried (issue 16): on a loaded machine the suite took as
  // long (35 min against 31), every test's waits stretched, and CI's machine may still be busy after a session.
  workers: 1,
  // Generous ceilings, not retries: on a loaded 2-core machine a browser test can take several times its usual
  // 5–15 s. Every wait is for the exact thing it needs, so a longer ceiling only tolerates slowness, never a wrong result.
  timeout: 120_000,
  expect: { timeout: 25_000 },
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
});
