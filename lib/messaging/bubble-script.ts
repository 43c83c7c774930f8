/**
 * How the selection bubble gets into pages (issue 13), written here without imports because wxt.config.ts reads it
 * and the background must not pull the page door's schemas in for a few strings; lib/messaging/page-door.ts exports
 * them with the rest of the bubble's contract.
 *
 * `entrypoints/bubble.content.ts` (registration 'runtime', so the manifest declares it nowhere) is built to
 * {@link BUBBLE_SCRIPT_FILE} and registered with `scripting.registerContentScripts` under {@link BUBBLE_SCRIPT_ID} only
 * while the user has it on, for the sites of {@link ALL_SITES_PERMISSION}: every http and https site, only offered by
 * the manifest (`optional_host_permissions`) and asked for in the Settings click that turns it on.
 */
export const BUBBLE_SCRIPT_ID = 'poe-toolbar-bubble';
/** The element the bubble puts in a page to hold its closed shadow root (one per frame). */
export const BUBBLE_HOST_TAG = 'poe-toolbar-bubble';
export const BUBBLE_SCRIPT_FILE = 'content-scripts/bubble.js';
export const ALL_SITES_PERMISSION = '*://*/*';
