/** `npm run fake-poe [-- --port N]`: runs the fake Poe server until Ctrl-C. Port: --port, FAKE_POE_PORT, or 8787. */
import { VIDEO_MODELS } from './video-models';
import { FAKE_POE_BROKE_KEY, FAKE_POE_FREE_KEY, FAKE_POE_KEY, SCRIPTED_BOT_NAMES, startFakePoe } from './server';

function portFromArgs(argv: readonly string[]): number {
  const at = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  const raw = at < 0 ? process.env.FAKE_POE_PORT : argv[at]?.includes('=') ? argv[at]?.split('=')[1] : argv[at + 1];
  const port = raw === undefined || raw === '' ? 8787 : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid port: ${raw}`);
    process.exit(2);
  }
  return port;
}

const quiet = process.argv.includes('--quiet');
const poe = await startFakePoe({
  port: portFromArgs(process.argv.slice(2)),
  host: process.env.FAKE_POE_HOST ?? '127.0.0.1',
  seedHistory: 30,
  // A demo account with something in every balance field: plan and add-on points, a monthly grant, auto-recharge on.
  account: {
    planPoints: 3500,
    addonPoints: 1500,
    autoRecharge: { enabled: true, status: 'enabled', thresholdPoints: 1000, refillPoints: 10_000, lastFailureTime: null },
  },
  log: quiet ? undefined : (line) => console.log(`${new Date().toISOString().slice(11, 23)} ${line}`),
});

console.log(`Fake Poe server: ${poe.url}`);
console.log(`Demo API key:    ${FAKE_POE_KEY}`);
console.log(`Broke key (402): ${FAKE_POE_BROKE_KEY}`);
console.log(`Free account:    ${FAKE_POE_FREE_KEY} (paid bots answer 403; Free-Bot works)`);
console.log(`Upload base URL: ${poe.uploadBaseUrl}`);
console.log(`Redirect target: ${poe.redirectTarget.url} (Redirect-Bot points here)`);
console.log(`Scripted bots:   ${SCRIPTED_BOT_NAMES.join(', ')}`);
console.log(`Video models:    ${VIDEO_MODELS.map((m) => m.spec.displayName).join(', ')} (Videos API jobs; GET /_test/videos lists them)`);
console.log('Press Ctrl-C to stop.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    poe.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
