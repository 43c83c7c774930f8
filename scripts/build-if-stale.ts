/**
 * Playwright global setup shared by both end-to-end suites: (re)builds the extension the suite loads when that build is
 * missing or older than any source file, so `npm run test:e2e` / `npm run test:firefox` never test a stale build.
 * Under `npm test` the builds were just made, so nothing is rebuilt.
 *
 * - Chromium suite (playwright.config.ts): `.output/chrome-mv3` (`wxt build`) and `.output/chrome-mv3-e2e`
 *   (`wxt build --mode e2e`), then their granted copies `.output/chrome-mv3-loopback` and
 *   `.output/chrome-mv3-e2e-loopback` (the same files, loopback access granted in the manifest: Chromium under
 *   Playwright cannot accept the permission prompt; see scripts/loopback-copy.ts). Most tests load those.
 * - Firefox suite (playwright.firefox.config.ts): `.output/firefox-mv3-e2e` (`wxt build -b firefox --mv3 --mode e2e`:
 *   the shipped Firefox build plus the hook its context-menu test calls), unless FIREFOX_BUILD points the suite at
 *   another build (then that one is used as it is).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import { ensureLoopbackCopy } from './loopback-copy';

/** What a build is made from. */
const SOURCES = ['lib', 'components', 'entrypoints', 'public', 'assets', 'wxt.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];

interface Build {
  outDir: string;
  args: string[];
}

export const CHROME_BUILDS: readonly Build[] = [
  { outDir: '.output/chrome-mv3', args: ['wxt', 'build'] },
  { outDir: '.output/chrome-mv3-e2e', args: ['wxt', 'build', '--mode', 'e2e'] },
];
export const FIREFOX_BUILDS: readonly Build[] = [
  { outDir: '.output/firefox-mv3-e2e', args: ['wxt', 'build', '-b', 'firefox', '--mv3', '--mode', 'e2e'] },
];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file shows as a newer directory
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

/** Why `build` must be (re)made, or undefined when it is up to date with `sourcesMtime`. */
export function staleReason(root: string, build: Build, sourcesMtime: number): string | undefined {
  const manifest = path.join(root, build.outDir, 'manifest.json');
  if (!existsSync(manifest)) return `${build.outDir} is missing`;
  if (statSync(manifest).mtimeMs < sourcesMtime) return `${build.outDir} is older than the sources`;
  return undefined;
}

export function buildIfStale(root: string, builds: readonly Build[]): void {
  const sourcesMtime = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  for (const build of builds) {
    const reason = staleReason(root, build, sourcesMtime);
    if (!reason) continue;
    console.log(`${reason}: npx ${build.args.join(' ')}`);
    const result = spawnSync('npx', build.args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`npx ${build.args.join(' ')} failed (exit ${result.status ?? result.signal}).`);
  }
}

export default function globalSetup(config: FullConfig): void {
  const root = config.configFile ? path.dirname(config.configFile) : process.cwd();
  const firefox = config.projects.some((project) => project.testDir.split(path.sep).includes('firefox'));
  if (firefox && process.env.FIREFOX_BUILD) return; // a build chosen by hand is tested as it is
  buildIfStale(root, firefox ? FIREFOX_BUILDS : CHROME_BUILDS);
  if (!firefox) for (const build of CHROME_BUILDS) ensureLoopbackCopy(path.join(root, build.outDir));
}
