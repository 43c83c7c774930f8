import browser from 'webextension-polyfill';
import { bubbleExcludeMatches, isBlockedSite } from '@/lib/messaging/bubble-sites';
import type { PageBubblePreferences } from '@/lib/messaging/contracts';
import { ALL_SITES_PERMISSION, BUBBLE_SCRIPT_FILE, BUBBLE_SCRIPT_ID } from '@/lib/messaging/bubble-script';

/**
 * The selection bubble's way into pages (issue 13): nothing is declared in the manifest. While the user has it on and
 * the browser grants access to all sites, the bubble script is registered with `scripting.registerContentScripts`
 * (Chrome 96+, Firefox 102+ in MV3), so pages loaded from then on get it; otherwise it is not registered and no page
 * gets a byte of it.
 */

const ALL_SITES = { origins: [ALL_SITES_PERMISSION] };

/** The registration, as Chrome and Firefox take it: every frame of http(s) pages, once they have loaded. */
export function bubbleRegistration(blockedSites: readonly string[]) {
  const excludeMatches = bubbleExcludeMatches(blockedSites);
  return {
    id: BUBBLE_SCRIPT_ID,
    js: [BUBBLE_SCRIPT_FILE],
    matches: [ALL_SITES_PERMISSION],
    // Chrome refuses an empty list in some versions; none is the same as no exclusions.
    ...(excludeMatches.length > 0 ? { excludeMatches } : {}),
    allFrames: true,
    runAt: 'document_idle' as const,
    // The background registers it again at every start-up anyway (sync is idempotent); persisting spares pages loaded
    // before the worker wakes.
    persistAcrossSessions: true,
  };
}
export type BubbleRegistration = ReturnType<typeof bubbleRegistration>;

/** The browser APIs the registration uses (the real ones in the background, fakes in tests); a browser may lack any. */
export interface BubbleApis {
  scripting?: {
    registerContentScripts?(scripts: BubbleRegistration[]): Promise<void>;
    unregisterContentScripts?(filter: { ids: string[] }): Promise<void>;
    getRegisteredContentScripts?(filter: { ids: string[] }): Promise<Partial<BubbleRegistration>[]>;
    executeScript?(injection: { target: { tabId: number; allFrames: boolean }; files: string[] }): Promise<unknown>;
  };
  permissions: {
    contains(permissions: typeof ALL_SITES): Promise<boolean>;
    remove(permissions: typeof ALL_SITES): Promise<boolean>;
  };
  tabs: { query(query: { active: true; url: string[] }): Promise<{ id?: number; url?: string }[]> };
}

type Registration = Required<Pick<NonNullable<BubbleApis['scripting']>, 'registerContentScripts' | 'getRegisteredContentScripts' | 'unregisterContentScripts'>>;

/**
 * The registration calls, only where the browser has all three (Chrome 96+, Firefox 102+): elsewhere nothing can be
 * registered, and there is nothing to do or to report.
 */
function registrationApi(scripting: BubbleApis['scripting']): Registration | undefined {
  if (
    typeof scripting?.registerContentScripts !== 'function' ||
    typeof scripting.getRegisteredContentScripts !== 'function' ||
    typeof scripting.unregisterContentScripts !== 'function'
  )
    return undefined;
  return scripting as Registration;
}

/** What a registration does, comparable whichever browser reported it (leading slashes, missing empty lists). */
const shapeOf = (script: Partial<BubbleRegistration>) =>
  JSON.stringify([script.js?.map((file) => file.replace(/^\//, '')), script.matches, [...(script.excludeMatches ?? [])].sort(), script.allFrames]);

/**
 * Keeps the registration in step with the preference and the browser's grant. Every change goes through `sync`,
 * one after another (two registrations of one id at once would fail), and `sync` only changes what differs.
 */
export class PageBubbleScript {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly apis: BubbleApis = browser as unknown as BubbleApis) {}

  hasAccess(): Promise<boolean> {
    return this.apis.permissions.contains(ALL_SITES).catch(() => false);
  }

  /**
   * Registered iff on and granted; returns whether it is registered now. A browser without the registration calls
   * resolves false and is asked nothing. Refusals from a browser that has them (a file missing from the build, an API
   * that throws) reject, for the caller to report, and leave it unregistered rather than half-registered.
   */
  sync(preferences: PageBubblePreferences): Promise<boolean> {
    const next = this.queue.then(() => this.apply(preferences));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async apply({ enabled, blockedSites }: PageBubblePreferences): Promise<boolean> {
    const scripting = registrationApi(this.apis.scripting);
    if (!scripting) return false;
    const wanted = enabled && (await this.hasAccess()) ? bubbleRegistration(blockedSites) : undefined;
    const [registered] = await scripting.getRegisteredContentScripts({ ids: [BUBBLE_SCRIPT_ID] });
    if (registered && wanted && shapeOf(registered) === shapeOf(wanted)) return true;
    if (registered) await scripting.unregisterContentScripts({ ids: [BUBBLE_SCRIPT_ID] });
    if (!wanted) return false;
    await scripting.registerContentScripts([wanted]);
    return true;
  }

  /**
   * Gives up the access to all sites (turning the bubble off). A browser that granted it at install (a build that
   * requires it, such as the test build) refuses: then there is nothing to give back.
   */
  async dropAccess(): Promise<void> {
    await this.apis.permissions.remove(ALL_SITES).catch(() => false);
  }

  /**
   * The bubble in the tabs on screen right now (the active tab of each window), so turning it on works without a
   * reload there. Other tabs get it when they next load; a tab the script cannot run in (a web store, a blocked site)
   * is skipped.
   */
  async showInActiveTabs(blockedSites: readonly string[]): Promise<void> {
    const executeScript = this.apis.scripting?.executeScript;
    if (typeof executeScript !== 'function') return;
    const inject = executeScript.bind(this.apis.scripting);
    const tabs = await this.apis.tabs.query({ active: true, url: ['http://*/*', 'https://*/*'] }).catch(() => []);
    await Promise.all(
      tabs.map(({ id, url }) =>
        id === undefined || !url || isBlockedSite(new URL(url).hostname, blockedSites)
          ? undefined
          : inject({ target: { tabId: id, allFrames: true }, files: [`/${BUBBLE_SCRIPT_FILE}`] }).catch(() => undefined),
      ),
    );
  }
}
