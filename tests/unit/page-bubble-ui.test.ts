// @vitest-environment happy-dom
/**
 * Turning the selection bubble on, as the pages do it: the browser is asked for access to all sites in the click
 * itself, and the command goes to the background only when it says yes. Refused: kept off, said so, "Ask again".
 * (Chromium under Playwright cannot answer the prompt, so the refusal is tested here; the e2e tests the grant.)
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackgroundEvent, PageBubblePreferences } from '@/lib/messaging/contracts';

const browserFake = vi.hoisted(() => {
  const listeners: ((raw: unknown) => void)[] = [];
  return {
    listeners,
    posted: [] as { type: string; [key: string]: unknown }[],
    requests: [] as { origins: string[]; answer: (granted: boolean) => void }[],
    emit: (event: unknown) => listeners.forEach((listen) => listen(event)),
  };
});

vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      connect: () => ({
        onMessage: { addListener: (listen: (raw: unknown) => void) => browserFake.listeners.push(listen) },
        onDisconnect: { addListener: () => undefined },
        postMessage: (command: { type: string }) => browserFake.posted.push(command),
      }),
    },
    permissions: {
      request: ({ origins }: { origins: string[] }) =>
        new Promise<boolean>((resolve) => browserFake.requests.push({ origins, answer: resolve })),
      contains: async () => true,
    },
  },
}));

const { createChatStore } = await import('@/components/chat-store');
const { PageBubbleSettings, PageBubbleSuggestion } = await import('@/components/PageBubbleSettings');

let root: HTMLElement;

async function mount(component: typeof PageBubbleSettings, pageBubble: PageBubblePreferences) {
  const store = createChatStore('sidepanel');
  store.start();
  const snapshot: BackgroundEvent = {
    type: 'snapshot',
    account: { hasKey: true, baseUrl: 'https://api.poe.com', hostAccess: true },
    preferences: {
      selectedBot: 'Claude-Sonnet-4',
      botParameters: {},
      recentBots: [],
      promptActions: [],
      guard: { dailyBudget: null, answerCeiling: null, allowedBots: [], suggestion: 'dismissed' }, pageBubble, translation: { into: null, lastUsed: null },
    },
    models: [],
    conversations: [],
    moreConversations: false,
    conversationId: null,
    messages: [],
    hasEarlier: false,
    held: [],
    spend: { dailyBudget: null, answerCeiling: null, level: 'ok' },
  };
  await act(() => {
    browserFake.emit(snapshot);
    render(h(component, { store }), root);
  });
  return store;
}

/** The browser answers the permission prompt; the page's promise callbacks run before this resolves. */
async function answer(index: number, granted: boolean) {
  await act(async () => {
    browserFake.requests[index]!.answer(granted);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

const text = () => root.textContent?.replace(/\s+/g, ' ') ?? '';
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
const sent = (type: string) => browserFake.posted.filter((command) => command.type === type);
const off: PageBubblePreferences = { enabled: false, blockedSites: [], suggestion: 'waiting' };

beforeEach(() => {
  browserFake.listeners.length = 0;
  browserFake.posted.length = 0;
  browserFake.requests.length = 0;
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('Settings → On web pages', () => {
  it('asks for all sites in the click; refused, it stays off, says so and asks again; allowed, the command goes', async () => {
    await mount(PageBubbleSettings, off);
    expect(text()).toContain('nothing is sent until you pick an action');
    const toggle = root.querySelector<HTMLInputElement>('input[role=switch]')!;
    expect(toggle.checked).toBe(false);
    await act(() => {
      toggle.click();
      // Within the click, nothing awaited first.
      expect(browserFake.requests.map((request) => request.origins)).toEqual([['*://*/*']]);
    });
    expect(toggle.checked).toBe(false); // the switch shows what the background says, not the click
    expect(text()).toContain("Answer your browser's question to turn it on.");
    await answer(0, false);
    expect(text()).toContain('Your browser did not allow access to all sites, so the button stays off.');
    expect(sent('setPageBubble')).toEqual([]);
    await act(() => button('Ask again')!.click());
    await answer(1, true);
    expect(sent('setPageBubble')).toMatchObject([{ enabled: true }]);
    expect(text()).not.toContain('did not allow');
  });

  it('a switch the background could not turn on says why, here', async () => {
    await mount(PageBubbleSettings, off);
    await act(() => root.querySelector<HTMLInputElement>('input[role=switch]')!.click());
    await answer(0, true);
    const [command] = sent('setPageBubble');
    await act(() =>
      browserFake.emit({
        type: 'commandFailed',
        requestId: command!.requestId,
        command: 'setPageBubble',
        error: { kind: 'page', message: 'Your browser would not add the button to pages, so it stays off.' },
      }),
    );
    expect(text()).toContain('Your browser would not add the button to pages, so it stays off.');
    expect(root.querySelector<HTMLInputElement>('input[role=switch]')!.checked).toBe(false);
  });

  it('says why it is off when the access was taken back in the browser', async () => {
    await mount(PageBubbleSettings, { ...off, offBecause: 'accessRemoved' });
    expect(text()).toContain("access to all sites was removed in your browser's settings");
  });

  it('lists blocked sites readably, and Allow again names the stored site', async () => {
    await mount(PageBubbleSettings, { ...off, enabled: true, blockedSites: ['xn--bcher-kva.de', 'mail.example.com'] });
    expect([...root.querySelectorAll('.blocked-site')].map((item) => item.textContent)).toEqual(['bücher.de', 'mail.example.com']);
    await act(() => root.querySelector<HTMLButtonElement>('button[aria-label="Allow again on bücher.de"]')!.click());
    expect(sent('allowBubbleOnSite')).toMatchObject([{ site: 'xn--bcher-kva.de' }]);
  });

  it('turning it off asks the browser nothing', async () => {
    await mount(PageBubbleSettings, { ...off, enabled: true });
    await act(() => root.querySelector<HTMLInputElement>('input[role=switch]')!.click());
    expect(browserFake.requests).toEqual([]);
    expect(sent('setPageBubble')).toMatchObject([{ enabled: false }]);
  });
});

describe('the one-time suggestion', () => {
  it('shows only when the background says so; refused, it offers to ask again; No thanks dismisses', async () => {
    await mount(PageBubbleSuggestion, off);
    expect(text()).toBe('');
    render(null, root);
    await mount(PageBubbleSuggestion, { ...off, suggestion: 'show' });
    expect(text()).toContain('Show a Poe button when you select text on a page?');
    await act(() => button('Turn on')!.click());
    expect(browserFake.requests).toHaveLength(1);
    await answer(0, false);
    expect(text()).toContain('Your browser did not allow it.');
    expect(sent('setPageBubble')).toEqual([]);
    await act(() => button('No thanks')!.click());
    expect(sent('dismissBubbleSuggestion')).toHaveLength(1);
  });
});
