// @vitest-environment happy-dom
/**
 * Turning the selection bubble on, as the pages do it: the browser is asked for access to all sites in the click
 * itself, and the command goes to the background only when it says yes. Refused: kept off, said so, "Ask again".
 * (Chromium under Playwright cannot answer the prompt, so the refusal is tested here; the e2e tests the grant.)
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageBubblePreferences } from '@/lib/messaging/contracts';

vi.mock('webextension-polyfill', () => import('./fake-page-browser').then((fake) => fake.polyfillModule));
const { pageBrowser, answerPrompt, mountPage, sent, snapshot } = await import('./fake-page-browser');
const { PageBubbleSettings, PageBubbleSuggestion } = await import('@/components/PageBubbleSettings');

let root: HTMLElement;

const mount = (component: typeof PageBubbleSettings, pageBubble: PageBubblePreferences) => mountPage(component, root, snapshot({ pageBubble }));

const text = () => root.textContent?.replace(/\s+/g, ' ') ?? '';
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
const off: PageBubblePreferences = { enabled: false, blockedSites: [], suggestion: 'waiting' };

beforeEach(() => {
  pageBrowser.reset();
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
      expect(pageBrowser.requests.map((request) => request.origins)).toEqual([['*://*/*']]);
    });
    expect(toggle.checked).toBe(false); // the switch shows what the background says, not the click
    expect(text()).toContain("Answer your browser's question to turn it on.");
    await answerPrompt(0, false);
    expect(text()).toContain('Your browser did not allow access to all sites, so the button stays off.');
    expect(sent('setPageBubble')).toEqual([]);
    await act(() => button('Ask again')!.click());
    await answerPrompt(1, true);
    expect(sent('setPageBubble')).toMatchObject([{ enabled: true }]);
    expect(text()).not.toContain('did not allow');
  });

  it('a switch the background could not turn on says why, here', async () => {
    await mount(PageBubbleSettings, off);
    await act(() => root.querySelector<HTMLInputElement>('input[role=switch]')!.click());
    await answerPrompt(0, true);
    const [command] = sent('setPageBubble');
    await act(() =>
      pageBrowser.emit({
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
    expect(pageBrowser.requests).toEqual([]);
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
    expect(pageBrowser.requests).toHaveLength(1);
    await answerPrompt(0, false);
    expect(text()).toContain('Your browser did not allow it.');
    expect(sent('setPageBubble')).toEqual([]);
    await act(() => button('No thanks')!.click());
    expect(sent('dismissBubbleSuggestion')).toHaveLength(1);
  });
});
