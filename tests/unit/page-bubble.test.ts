import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ChatEngine } from '@/lib/chat/engine';
import { PreferenceStore } from '@/lib/chat/preferences';
import { createUiDoor, type ConnectedPage, type PageBubbleControl, type UiCommandContext } from '@/lib/chat/ui-commands';
import { bubbleExcludeMatches, isBlockedSite, siteKey, siteLabel } from '@/lib/messaging/bubble-sites';
import type { BackgroundEvent, PageBubblePreferences, UiCommand } from '@/lib/messaging/contracts';
import { ALL_SITES_PERMISSION, BUBBLE_SCRIPT_FILE, BUBBLE_SCRIPT_ID } from '@/lib/messaging/page-door';
import { PageBubbleScript, type BubbleApis, type BubbleRegistration } from '@/lib/platform/page-bubble';

/** The browser's registration and grant, as Chrome keeps them: a duplicate id is refused, like the real API. */
function fakeApis(options: { granted?: boolean; required?: boolean; tabs?: { id?: number; url?: string }[] } = {}) {
  const registered = new Map<string, BubbleRegistration>();
  const injected: number[] = [];
  const calls: string[] = [];
  let granted = options.granted ?? false;
  const apis: BubbleApis = {
    scripting: {
      async registerContentScripts(scripts) {
        calls.push('register');
        for (const script of scripts) {
          if (registered.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
          registered.set(script.id, structuredClone(script));
        }
      },
      async unregisterContentScripts({ ids }) {
        calls.push('unregister');
        for (const id of ids) if (!registered.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
      },
      async getRegisteredContentScripts({ ids }) {
        return ids.flatMap((id) => (registered.has(id) ? [structuredClone(registered.get(id)!)] : []));
      },
      async executeScript({ target }) {
        injected.push(target.tabId);
        return [];
      },
    },
    permissions: {
      contains: async ({ origins }) => granted && origins.every((origin) => origin === ALL_SITES_PERMISSION),
      remove: async () => {
        if (options.required) throw new Error('You cannot remove required permissions.');
        const was = granted;
        granted = false;
        return was;
      },
    },
    // As the browser filters them: only tabs whose URL matches one of the patterns (here: http and https).
    tabs: { query: async ({ url }) => (options.tabs ?? []).filter((tab) => !tab.url || url.some((pattern) => tab.url!.startsWith(pattern.slice(0, pattern.indexOf('*'))))) },
  };
  return { apis, registered, injected, calls, grant: (value: boolean) => (granted = value), isGranted: () => granted };
}

const prefs = (bubble: Partial<PageBubblePreferences>): PageBubblePreferences => ({ enabled: false, blockedSites: [], suggestion: 'waiting', ...bubble });

describe('sites the bubble stays away from', () => {
  it('stores host names as the browser writes them: lower case, punycode, no trailing dot', () => {
    expect(siteKey('Mail.Example.COM.')).toBe('mail.example.com');
    expect(siteKey('bücher.de')).toBe('xn--bcher-kva.de');
    expect(siteKey('xn--bcher-kva.de')).toBe('xn--bcher-kva.de');
    expect(siteKey('127.0.0.1')).toBe('127.0.0.1');
    expect(siteKey('[::1]')).toBe('[::1]');
  });

  it('refuses what is not a host name: URLs, ports, wildcards, paths, credentials, blanks', () => {
    for (const bad of ['', '   ', 'https://example.com', 'example.com:8080', '*.example.com', 'example.com/path', 'user@example.com', 'a b.com', 'ex%41mple.com', 'x'.repeat(254)]) {
      expect(siteKey(bad), bad).toBeUndefined();
    }
  });

  it('shows international names in their own script', () => {
    expect(siteLabel('xn--bcher-kva.de')).toBe('bücher.de');
    expect(siteLabel(siteKey('münchen.例え.jp')!)).toBe('münchen.例え.jp');
    expect(siteLabel('example.com')).toBe('example.com');
    // Not valid punycode: shown as stored, never garbled.
    expect(siteLabel('xn--!!.com')).toBe('xn--!!.com');
  });

  it('excludes each name with its subdomains, each address alone, skipping invalid and repeated entries', () => {
    expect(bubbleExcludeMatches(['example.com', 'EXAMPLE.com', 'bücher.de', '127.0.0.1', '[::1]', 'https://bad.example/', '*.x.com', ''])).toEqual([
      '*://*.example.com/*',
      '*://*.xn--bcher-kva.de/*',
      '*://127.0.0.1/*',
      '*://[::1]/*',
    ]);
    expect(bubbleExcludeMatches([])).toEqual([]);
  });

  it('a blocked name covers its subdomains, not names that merely end the same', () => {
    expect(isBlockedSite('www.example.com', ['example.com'])).toBe(true);
    expect(isBlockedSite('example.com', ['example.com'])).toBe(true);
    expect(isBlockedSite('notexample.com', ['example.com'])).toBe(false);
    expect(isBlockedSite('example.com', ['www.example.com'])).toBe(false);
    expect(isBlockedSite('xn--bcher-kva.de', ['bücher.de'])).toBe(true);
    expect(isBlockedSite('1.127.0.0.1', ['127.0.0.1'])).toBe(false);
  });
});

describe('the bubble script registration', () => {
  it('is registered iff on and granted, with the blocked sites excluded, in every frame of http(s) pages', async () => {
    const fake = fakeApis({ granted: true });
    const script = new PageBubbleScript(fake.apis);
    expect(await script.sync(prefs({ enabled: false }))).toBe(false);
    expect(fake.registered.size).toBe(0);

    expect(await script.sync(prefs({ enabled: true, blockedSites: ['example.com'] }))).toBe(true);
    expect(fake.registered.get(BUBBLE_SCRIPT_ID)).toEqual({
      id: BUBBLE_SCRIPT_ID,
      js: [BUBBLE_SCRIPT_FILE],
      matches: [ALL_SITES_PERMISSION],
      excludeMatches: ['*://*.example.com/*'],
      allFrames: true,
      runAt: 'document_idle',
      persistAcrossSessions: true,
    });

    fake.grant(false);
    expect(await script.sync(prefs({ enabled: true }))).toBe(false);
    expect(fake.registered.size).toBe(0);
  });

  it('is idempotent: the same preference twice changes nothing; a changed list re-registers', async () => {
    const fake = fakeApis({ granted: true });
    const script = new PageBubbleScript(fake.apis);
    await script.sync(prefs({ enabled: true }));
    await script.sync(prefs({ enabled: true }));
    expect(fake.calls).toEqual(['register']);
    expect(fake.registered.get(BUBBLE_SCRIPT_ID)).not.toHaveProperty('excludeMatches');
    await script.sync(prefs({ enabled: true, blockedSites: ['a.com'] }));
    expect(fake.calls).toEqual(['register', 'unregister', 'register']);
    await script.sync(prefs({ enabled: false, blockedSites: ['a.com'] }));
    await script.sync(prefs({ enabled: false, blockedSites: ['a.com'] }));
    expect(fake.calls).toEqual(['register', 'unregister', 'register', 'unregister']);
  });

  it('changes asked at once are carried out one after another (no duplicate-id refusal), the last one winning', async () => {
    const fake = fakeApis({ granted: true });
    const script = new PageBubbleScript(fake.apis);
    const results = await Promise.all([
      script.sync(prefs({ enabled: true })),
      script.sync(prefs({ enabled: true, blockedSites: ['b.com'] })),
      script.sync(prefs({ enabled: true, blockedSites: ['c.com'] })),
    ]);
    expect(results).toEqual([true, true, true]);
    expect(fake.registered.get(BUBBLE_SCRIPT_ID)?.excludeMatches).toEqual(['*://*.c.com/*']);
  });

  it('a browser without registerContentScripts registers nothing and says so', async () => {
    const fake = fakeApis({ granted: true });
    const script = new PageBubbleScript({ ...fake.apis, scripting: { ...fake.apis.scripting!, registerContentScripts: undefined } });
    expect(await script.sync(prefs({ enabled: true }))).toBe(false);
  });

  it('a browser that lacks any of the registration calls, or scripting altogether, is asked nothing and nothing fails', async () => {
    for (const missing of ['getRegisteredContentScripts', 'unregisterContentScripts', 'executeScript'] as const) {
      const fake = fakeApis({ granted: true, tabs: [{ id: 1, url: 'https://example.org/' }] });
      fake.registered.set(BUBBLE_SCRIPT_ID, { id: BUBBLE_SCRIPT_ID } as BubbleRegistration);
      const script = new PageBubbleScript({ ...fake.apis, scripting: { ...fake.apis.scripting!, [missing]: undefined } });
      const expected = missing === 'executeScript';
      expect(await script.sync(prefs({ enabled: true })), missing).toBe(expected);
      await script.showInActiveTabs([]);
      expect(fake.injected, missing).toEqual(expected ? [] : [1]);
    }
    const none = fakeApis({ granted: true, tabs: [{ id: 1, url: 'https://example.org/' }] });
    const script = new PageBubbleScript({ ...none.apis, scripting: undefined });
    expect(await script.sync(prefs({ enabled: true }))).toBe(false);
    await script.showInActiveTabs([]);
    expect(none.calls).toEqual([]);
  });

  it('a registration call the browser has but that fails is not swallowed: sync rejects for the caller to report', async () => {
    const fake = fakeApis({ granted: true });
    const refused = new Error('Could not load file');
    const script = new PageBubbleScript({
      ...fake.apis,
      scripting: {
        ...fake.apis.scripting!,
        registerContentScripts: async () => {
          throw refused;
        },
      },
    });
    await expect(script.sync(prefs({ enabled: true }))).rejects.toBe(refused);
    // The queue goes on: the next change is carried out.
    expect(await script.sync(prefs({ enabled: false }))).toBe(false);
  });

  it('giving the access back is quiet when the build requires it', async () => {
    await new PageBubbleScript(fakeApis({ granted: true, required: true }).apis).dropAccess();
    const fake = fakeApis({ granted: true });
    await new PageBubbleScript(fake.apis).dropAccess();
    expect(fake.isGranted()).toBe(false);
  });

  it('reaches the tabs on screen now: http(s) pages only, never a blocked site', async () => {
    const fake = fakeApis({
      granted: true,
      tabs: [
        { id: 1, url: 'https://news.example.org/a' },
        { id: 2, url: 'https://mail.blocked.com/' },
        { id: 3, url: 'chrome://settings/' },
        { id: 4, url: 'http://127.0.0.1:8080/page' },
        { id: 5 },
      ],
    });
    await new PageBubbleScript(fake.apis).showInActiveTabs(['blocked.com']);
    expect(fake.injected.sort()).toEqual([1, 4]);
  });
});

describe('the bubble preferences', () => {
  beforeEach(() => fakeBrowser.reset());

  it('the suggestion shows after the first answer that arrived, once; any answer to it ends it for good', async () => {
    const store = new PreferenceStore();
    let told = 0;
    store.onChange(() => told++);
    expect((await store.pageBubble()).suggestion).toBe('waiting');
    await store.noteAnswerArrived();
    expect((await store.pageBubble()).suggestion).toBe('show');
    await store.noteAnswerArrived();
    expect(told).toBe(1); // later answers tell no page anything
    await store.dismissBubbleSuggestion();
    await store.noteAnswerArrived();
    expect((await store.pageBubble()).suggestion).toBe('dismissed');
  });

  it('turning it on (from Settings before any answer) answers the suggestion too', async () => {
    const store = new PreferenceStore();
    await store.setPageBubble(true);
    await store.noteAnswerArrived();
    expect(await store.pageBubble()).toEqual({ enabled: true, blockedSites: [], suggestion: 'dismissed' });
  });

  it('access taken back turns it off and says why; the user turning it on or off forgets why', async () => {
    const store = new PreferenceStore();
    await store.pageBubbleAccessRemoved();
    expect((await store.pageBubble()).offBecause).toBeUndefined(); // already off: nothing to explain
    await store.setPageBubble(true);
    await store.pageBubbleAccessRemoved();
    expect(await store.pageBubble()).toMatchObject({ enabled: false, offBecause: 'accessRemoved' });
    await store.setPageBubble(false);
    expect(await store.pageBubble()).not.toHaveProperty('offBecause');
  });

  it('"Not on this site" stores the host once, in its stored form; "Allow again" takes it off', async () => {
    const store = new PreferenceStore();
    await store.blockSite('Mail.Example.com');
    await store.blockSite('mail.example.com');
    await store.blockSite('bücher.de');
    await store.blockSite('not a host/');
    expect((await store.pageBubble()).blockedSites).toEqual(['mail.example.com', 'xn--bcher-kva.de']);
    await store.allowBubbleOnSite('xn--bcher-kva.de');
    expect((await store.pageBubble()).blockedSites).toEqual(['mail.example.com']);
    await store.allowBubbleOnSite('mail.example.com');
    expect((await store.pageBubble()).blockedSites).toEqual([]);
  });
});

describe('the bubble commands at the UI door', () => {
  beforeEach(() => fakeBrowser.reset());

  function door(fake: ReturnType<typeof fakeApis>) {
    const preferences = new PreferenceStore();
    const script = new PageBubbleScript(fake.apis);
    const pageBubble: PageBubbleControl = {
      hasAccess: () => script.hasAccess(),
      sync: async () => script.sync(await preferences.pageBubble()),
      dropAccess: () => script.dropAccess(),
      showInActiveTabs: async () => script.showInActiveTabs((await preferences.pageBubble()).blockedSites),
    };
    const engine = { ready: Promise.resolve() } as unknown as ChatEngine;
    const handle = createUiDoor({ engine, preferences, pageBubble } as unknown as UiCommandContext);
    const events: BackgroundEvent[] = [];
    const page: ConnectedPage = { conversationId: null, post: (event) => events.push(event) };
    let id = 0;
    const run = async (command: Record<string, unknown>) => {
      await handle({ ...command, requestId: `r${++id}` } as UiCommand, page);
      return events.at(-1);
    };
    return { run, preferences };
  }

  it('on: refused without the browser grant (nothing registered); registered with it; off: unregistered and access given back', async () => {
    const fake = fakeApis({ granted: false, tabs: [{ id: 7, url: 'https://example.org/' }] });
    const { run, preferences } = door(fake);
    expect(await run({ type: 'setPageBubble', enabled: true })).toMatchObject({ type: 'commandFailed', error: { kind: 'page' } });
    expect((await preferences.pageBubble()).enabled).toBe(false);
    expect(fake.registered.size).toBe(0);

    fake.grant(true);
    expect(await run({ type: 'setPageBubble', enabled: true })).toMatchObject({ type: 'done' });
    expect((await preferences.pageBubble()).enabled).toBe(true);
    expect(fake.registered.has(BUBBLE_SCRIPT_ID)).toBe(true);
    expect(fake.injected).toEqual([7]);

    expect(await run({ type: 'setPageBubble', enabled: false })).toMatchObject({ type: 'done' });
    expect(fake.registered.size).toBe(0);
    expect(fake.isGranted()).toBe(false);
  });

  it('a browser that refuses the registration leaves it off, saying so', async () => {
    const fake = fakeApis({ granted: true });
    fake.apis.scripting!.registerContentScripts = async () => {
      throw new Error("Could not load javascript 'content-scripts/bubble.js' for script.");
    };
    const { run, preferences } = door(fake);
    expect(await run({ type: 'setPageBubble', enabled: true })).toMatchObject({ type: 'commandFailed', error: { kind: 'page' } });
    expect((await preferences.pageBubble()).enabled).toBe(false);
  });

  it('access taken back in the browser while turning it on: off, and it says the access was removed (not a refusal)', async () => {
    const fake = fakeApis({ granted: true });
    // The command's own check still sees the grant; by the registration it is gone (about:addons, a loaded machine).
    let asked = 0;
    const contains = fake.apis.permissions.contains;
    fake.apis.permissions.contains = async (permissions) => (++asked === 1 ? contains(permissions) : false);
    const { run, preferences } = door(fake);
    expect(await run({ type: 'setPageBubble', enabled: true })).toMatchObject({ type: 'done' });
    expect(await preferences.pageBubble()).toMatchObject({ enabled: false, offBecause: 'accessRemoved' });
    expect(fake.registered.size).toBe(0);
  });

  it('"Allow again" re-registers without the site; the suggestion is dismissed by command', async () => {
    const fake = fakeApis({ granted: true });
    const { run, preferences } = door(fake);
    await preferences.blockSite('a.com');
    await preferences.blockSite('b.com');
    await run({ type: 'setPageBubble', enabled: true });
    expect(fake.registered.get(BUBBLE_SCRIPT_ID)?.excludeMatches).toEqual(['*://*.a.com/*', '*://*.b.com/*']);
    expect(await run({ type: 'allowBubbleOnSite', site: 'a.com' })).toMatchObject({ type: 'done' });
    expect(fake.registered.get(BUBBLE_SCRIPT_ID)?.excludeMatches).toEqual(['*://*.b.com/*']);
    await preferences.noteAnswerArrived();
    expect(await run({ type: 'dismissBubbleSuggestion' })).toMatchObject({ type: 'done' });
    expect((await preferences.pageBubble()).suggestion).toBe('dismissed');
  });
});
