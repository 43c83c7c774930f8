/**
 * The browser as an extension page sees it, for tests of pages that ask for a permission in a click: the port to the
 * background (what the page posts, and events the test pushes to it) and the permission prompt, which the test answers.
 * It stands in for `webextension-polyfill`:
 *
 *     vi.mock('webextension-polyfill', () => import('./fake-page-browser').then((fake) => fake.polyfillModule));
 *     const { pageBrowser, answerPrompt, mountPage } = await import('./fake-page-browser');
 *
 * Components are imported after that (dynamically), so they get the fake; `pageBrowser.reset()` in `beforeEach`.
 */
import { h, render, type ComponentType } from 'preact';
import { act } from 'preact/test-utils';
import type { AccountState, BackgroundEvent, PageBubblePreferences } from '@/lib/messaging/contracts';
import type { ChatStore } from '@/components/chat-store';
import { catalogueMessage } from './setup/i18n';

const listeners: ((raw: unknown) => void)[] = [];

export const pageBrowser = {
  /** Every command the page posted to the background, in order. */
  posted: [] as { type: string; [key: string]: unknown }[],
  /** Every permission prompt the page opened, unanswered until {@link answerPrompt}. */
  requests: [] as { origins: string[]; answer: (granted: boolean) => void }[],
  /** The background sends the page an event. */
  emit: (event: unknown) => listeners.forEach((listen) => listen(event)),
  reset() {
    listeners.length = 0;
    this.posted.length = 0;
    this.requests.length = 0;
  },
};

/** The module `webextension-polyfill` as the page uses it. */
export const polyfillModule = {
  default: {
    runtime: {
      connect: () => ({
        onMessage: { addListener: (listen: (raw: unknown) => void) => listeners.push(listen) },
        onDisconnect: { addListener: () => undefined },
        postMessage: (command: { type: string }) => pageBrowser.posted.push(command),
      }),
    },
    // The page's words, in English as an English browser shows them.
    i18n: { getMessage: catalogueMessage, getUILanguage: () => 'en' },
    permissions: {
      request: ({ origins }: { origins: string[] }) => new Promise<boolean>((resolve) => pageBrowser.requests.push({ origins, answer: resolve })),
      contains: async () => true,
    },
  },
};

/** The commands of one type the page posted. */
export const sent = (type: string) => pageBrowser.posted.filter((command) => command.type === type);

/** The browser answers the `index`-th permission prompt; the page's promise callbacks run before this resolves. */
export async function answerPrompt(index: number, granted: boolean): Promise<void> {
  await act(async () => {
    pageBrowser.requests[index]!.answer(granted);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

const SIGNED_IN: AccountState = { hasKey: true, baseUrl: 'https://api.poe.com', hostAccess: true };
const BUBBLE_OFF: PageBubblePreferences = { enabled: false, blockedSites: [], suggestion: 'waiting' };

/** A background snapshot of an empty chat with this account and these bubble preferences. */
export function snapshot({ account = SIGNED_IN, pageBubble = BUBBLE_OFF }: { account?: AccountState; pageBubble?: PageBubblePreferences }): BackgroundEvent {
  return {
    type: 'snapshot',
    account,
    preferences: {
      selectedBot: 'Claude-Sonnet-4',
      botParameters: {},
      recentBots: [],
      promptActions: [],
      guard: { dailyBudget: null, answerCeiling: null, allowedBots: [], suggestion: 'dismissed' },
      pageBubble,
      translation: { into: null, lastUsed: null },
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
}

/** Renders `component` into `root` with a side panel's store that has received `event` from the background. */
export async function mountPage(component: ComponentType<{ store: ChatStore }>, root: HTMLElement, event: BackgroundEvent): Promise<ChatStore> {
  // Imported here, not above: the store imports `webextension-polyfill`, which is this module.
  const { createChatStore } = await import('@/components/chat-store');
  const store = createChatStore('sidepanel');
  store.start();
  await act(() => {
    pageBrowser.emit(event);
    render(h(component, { store }), root);
  });
  return store;
}
