/**
 * The "granted copy" of a Chromium build: the build's files unchanged (byte-identical JavaScript), in a sibling
 * directory `<build>-loopback` whose manifest.json moves the loopback hosts from `optional_host_permissions` to
 * `host_permissions`, as if the user had already allowed them.
 *
 * Why: the shipped manifest only offers access to a server on this computer, and Poe Toolbar asks for it when the user
 * saves a loopback base URL (Settings). A person answers that prompt; Chromium under Playwright cannot (there is no
 * way to accept an extension's permission prompt from a test), yet the offline demo (`npm start`), the Chromium
 * end-to-end suite and the benches all talk to the fake Poe server on 127.0.0.1. They load this copy, so what they run
 * is the shipped code with only the grant differing. (Firefox grants optional permissions without a prompt under the
 * pref `extensions.webextOptionalPermissionPrompts`, so its suite uses the real request flow instead.)
 *
 * Made by the Playwright global setup (scripts/build-if-stale.ts) and by `npm start`; remade whenever the build is
 * newer than the copy.
 */
import { cpSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LOOPBACK_HOST_PERMISSIONS } from '../lib/messaging/loopback';

interface Manifest {
  host_permissions?: string[];
  optional_host_permissions?: string[];
  [key: string]: unknown;
}

/** Where the granted copy of `buildDir` lives: next to it, `-loopback` appended. */
export function loopbackCopyDir(buildDir: string): string {
  return `${path.resolve(buildDir)}-loopback`;
}

/** The manifest of the granted copy: the build's own, with the loopback hosts granted instead of optional. */
export function grantLoopback(manifest: Manifest): Manifest {
  const granted: Manifest = { ...manifest, host_permissions: [...new Set([...(manifest.host_permissions ?? []), ...LOOPBACK_HOST_PERMISSIONS])] };
  const optional = (manifest.optional_host_permissions ?? []).filter((pattern) => !LOOPBACK_HOST_PERMISSIONS.includes(pattern));
  if (optional.length > 0) granted.optional_host_permissions = optional;
  else delete granted.optional_host_permissions;
  return granted;
}

/**
 * Makes (or refreshes, when the build is newer) the granted copy of `buildDir` and returns its path. The copy is
 * assembled beside it and moved into place whole, so an interrupted copy is never taken for a finished one.
 */
export function ensureLoopbackCopy(buildDir: string): string {
  const source = path.resolve(buildDir);
  const target = loopbackCopyDir(source);
  const sourceManifest = path.join(source, 'manifest.json');
  const targetManifest = path.join(target, 'manifest.json');
  if (!existsSync(sourceManifest)) throw new Error(`${source} has no build (no manifest.json): build it first.`);
  if (existsSync(targetManifest) && statSync(targetManifest).mtimeMs >= statSync(sourceManifest).mtimeMs) return target;
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(source, partial, { recursive: true });
  const manifest = JSON.parse(readFileSync(sourceManifest, 'utf8')) as Manifest;
  writeFileSync(path.join(partial, 'manifest.json'), JSON.stringify(grantLoopback(manifest)));
  rmSync(target, { recursive: true, force: true });
  renameSync(partial, target);
  return target;
}
