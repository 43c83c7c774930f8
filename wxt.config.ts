import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { LOOPBACK_HOST_PERMISSIONS } from './lib/messaging/loopback';
import { ALL_SITES_PERMISSION } from './lib/messaging/bubble-script';

/** Hosts the extension talks to: Poe's API and Poe's upload endpoint (served from quora.com). */
const POE_HOSTS = ['https://api.poe.com/*', 'https://www.quora.com/*'];
/**
 * Poe's CDN, where bots' images, audio and video live: pages show them without it, but Download, Copy image and "Use
 * as input" read their bytes, and a cross-origin fetch of them needs host access (issue 15).
 */
const POE_CDN_HOSTS = ['https://*.poecdn.net/*'];

/**
 * Sign in with Poe (protocol §9) needs the publisher's own OAuth client id, registered at poe.com/api/clients with
 * the build's redirect URLs: Chrome `https://<extension id>.chromiumapp.org/`, Firefox
 * `https://<sha1 hex of the gecko id>.extensions.allizom.org/` (both from `identity.getRedirectURL()`). Set it with
 * WXT_POE_OAUTH_CLIENT_ID (environment or a .env file) when building. Without one, the build offers only the key form
 * and does not ask for the `identity` permission it would not use. The e2e build uses the fake Poe's test client.
 */
export const E2E_OAUTH_CLIENT_ID = 'poe-toolbar-e2e';
function oauthClientId(mode: string): string {
  return process.env.WXT_POE_OAUTH_CLIENT_ID?.trim() || (mode === 'e2e' ? E2E_OAUTH_CLIENT_ID : '');
}

export default defineConfig({
  modules: [],
  vite: ({ mode }) => ({
    plugins: [preact()],
    define: { __POE_OAUTH_CLIENT_ID__: JSON.stringify(oauthClientId(mode)) },
    // No modulepreload helper: extension pages read their chunks from disk, and it would add 2 KB to every first paint.
    build: { modulePreload: false },
  }),
  zip: { artifactTemplate: '{{name}}-{{version}}-{{browser}}-{{manifestVersion}}.zip' },
  manifest: ({ browser, mode }) => ({
    // From public/_locales (issue 16): the store and the extension list show them in the browser's language.
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // offscreen (Chrome only): the PDF reader page runs pdf.js there (issue 14); Firefox reads in its event page's DOM.
    // alarms: wakes a stopped background while a video job is pending on Poe, so it goes on watching it (issue 15).
    permissions: [
      'storage', 'scripting', 'activeTab', 'contextMenus', 'alarms',
      ...(browser === 'firefox' ? [] : ['offscreen']),
      ...(oauthClientId(mode) ? ['identity'] : []),
    ],
    // Descriptions from the catalogue (public/_locales): Chrome and Firefox both fill __MSG_…__ in commands.
    commands: {
      ...(browser === 'firefox'
        ? { _execute_sidebar_action: { suggested_key: { default: 'Alt+Shift+P' }, description: '__MSG_commands_openSidebar__' } }
        : { 'open-side-panel': { suggested_key: { default: 'Alt+Shift+P' }, description: '__MSG_commands_openSidePanel__' } }),
      'ask-selection': { suggested_key: { default: 'Alt+Shift+A' }, description: '__MSG_commands_askSelection__' },
      'capture-region': { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_commands_captureRegion__' },
    },
    // The Chrome "e2e" build (`wxt build --mode e2e`, only for the capture tests) adds <all_urls>: headless Chromium
    // cannot grant activeTab the way a real click does, and captureVisibleTab needs one or the other. The Firefox e2e
    // build keeps the shipped permissions (it only adds the menu hook its tests call, see entrypoints/background).
    host_permissions: [...POE_HOSTS, ...POE_CDN_HOSTS, ...(mode === 'e2e' && browser !== 'firefox' ? ['<all_urls>'] : [])],
    // A local server (127.0.0.1, localhost: the offline demo's fake Poe, or the user's own) is only offered: Settings
    // asks for it when the user saves such a base URL. The demo and the Chromium tests load a copy of the build that
    // has it granted (scripts/loopback-copy.ts); the Firefox tests grant it through Settings like a user.
    // All sites (http and https) are only offered too: Settings asks for them when the user turns on "Show Poe on text
    // selection", and gives them back when it is turned off (issue 13).
    optional_host_permissions: [...LOOPBACK_HOST_PERMISSIONS, ALL_SITES_PERMISSION],
    // "Tell me when a video is ready" (Settings, issue 15) asks for it in the user's click.
    optional_permissions: ['notifications'],
    action: { default_title: 'Poe Toolbar' },
    // Images: no plain http in <img>, so no image can fire a request at a loopback or LAN service. Poe's CDN loads
    // directly; https images of other hosts load after a click on their placeholder (which a CSP cannot express, so
    // https: stays); a local Poe server's own images, and http images clicked to load, are fetched as bytes and shown
    // from blob: URLs (lib/markdown/image-bytes.ts). Audio and video likewise: https: plays directly, and http media
    // of the local server plays from blob: URLs (components/media-bytes.ts), so no <audio>/<video> reaches a LAN service.
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'; img-src 'self' data: blob: https:; media-src 'self' blob: https:",
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'poe-toolbar@poe-toolbar.dev',
              strict_min_version: '142.0',
              // Honest about what leaves the browser, and only to Poe, on the user's command: the API key (to
              // authenticate) and website content (selections, page text, images, screenshots the user asks about).
              data_collection_permissions: { required: ['authenticationInfo', 'websiteContent'], optional: [] },
            },
          },
        }
      : {}),
  }),
});
