import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ALL_SITES_PERMISSION } from '../../lib/messaging/bubble-script';
import { LOOPBACK_HOST_PERMISSIONS } from '../../lib/messaging/loopback';
import { ensureLoopbackCopy } from '../../scripts/loopback-copy';

/** Every file of a build, by its path inside the build. */
function files(dir: string): Map<string, Buffer> {
  const all = new Map<string, Buffer>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else all.set(path.relative(dir, full), readFileSync(full));
    }
  };
  walk(dir);
  return all;
}

/** Every JavaScript file of a build, as one string. */
function scripts(dir: string): string {
  return [...files(dir)].filter(([name]) => name.endsWith('.js')).map(([, content]) => content.toString('utf8')).join('\n');
}

interface Manifest {
  host_permissions?: string[];
  optional_host_permissions?: string[];
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
const LOOPBACK = /127\.0\.0\.1|localhost/;
const POE_HOSTS = ['https://api.poe.com/*', 'https://www.quora.com/*', 'https://*.poecdn.net/*'];

test('the shipped builds carry no test hook; only the Firefox e2e build does', () => {
  for (const build of ['.output/chrome-mv3', '.output/firefox-mv3']) expect(scripts(build), build).not.toContain('poeToolbarMenuClicked');
  expect(scripts('.output/firefox-mv3-e2e')).toContain('poeToolbarMenuClicked');
});

/** What every manifest only offers: loopback (asked for with a local base URL) and all sites (the selection bubble). */
const OFFERED = [...LOOPBACK_HOST_PERMISSIONS, ALL_SITES_PERMISSION];

test('no build is granted loopback or all sites at install: they are optional, asked for in Settings', () => {
  for (const build of ['.output/chrome-mv3', '.output/firefox-mv3', '.output/chrome-mv3-e2e', '.output/firefox-mv3-e2e']) {
    const manifest = manifestOf(build);
    expect(manifest.host_permissions?.filter((pattern) => LOOPBACK.test(pattern)), build).toEqual([]);
    expect(manifest.optional_host_permissions, build).toEqual(OFFERED);
  }
  for (const build of ['.output/chrome-mv3', '.output/firefox-mv3', '.output/firefox-mv3-e2e']) expect(manifestOf(build).host_permissions, build).toEqual(POE_HOSTS);
  // Only the Chrome capture-test build adds <all_urls> (headless Chromium cannot grant activeTab).
  expect(manifestOf('.output/chrome-mv3-e2e').host_permissions).toEqual([...POE_HOSTS, '<all_urls>']);
});

test('the granted copies the Chromium tests and the demo load differ from their builds in the loopback grant alone', () => {
  for (const build of ['.output/chrome-mv3', '.output/chrome-mv3-e2e']) {
    const copy = ensureLoopbackCopy(build);
    const original = files(build);
    const granted = files(copy);
    expect([...granted.keys()].sort(), build).toEqual([...original.keys()].sort());
    for (const [name, content] of original) if (name !== 'manifest.json') expect(granted.get(name)?.equals(content), `${build}/${name}`).toBe(true);
    const { host_permissions: hosts, optional_host_permissions: optional, ...rest } = manifestOf(build);
    const { host_permissions: grantedHosts, optional_host_permissions: grantedOptional, ...grantedRest } = manifestOf(copy);
    expect(grantedRest, build).toEqual(rest);
    expect(grantedHosts, build).toEqual([...(hosts ?? []), ...LOOPBACK_HOST_PERMISSIONS]);
    expect(optional, build).toEqual(OFFERED);
    // All sites stay offered: the copy grants only what the fake Poe server needs.
    expect(grantedOptional, build).toEqual([ALL_SITES_PERMISSION]);
  }
});
