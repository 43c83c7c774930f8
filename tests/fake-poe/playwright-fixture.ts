import { startFakePoe, type FakePoe } from './server';

/**
 * One fake Poe server per Playwright worker, shared by the Chromium and Firefox suites (tests reset it). Retry-After
 * is 1 s so the 429 tests stay quick.
 */
export const fakePoeWorkerFixture: [(args: object, use: (server: FakePoe) => Promise<void>) => Promise<void>, { scope: 'worker' }] = [
  // Playwright reads the first parameter's pattern to find dependencies: it must stay `{}`.
  async ({}, use) => {
    const server = await startFakePoe({ retryAfterSeconds: 1 });
    await use(server);
    await server.close();
  },
  { scope: 'worker' },
];
