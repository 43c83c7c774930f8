// @vitest-environment happy-dom
/**
 * Asking for access to a server on this computer, as the pages do it: in the Save click itself (browsers only prompt in
 * a user gesture), saying why; refused, nothing is saved, the typed URL stays and a button asks again. And the banner
 * shown when the saved base URL cannot be reached: never allowed (a local server) vs taken away (Poe).
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountState } from '@/lib/messaging/contracts';

vi.mock('webextension-polyfill', () => import('./fake-page-browser').then((fake) => fake.polyfillModule));
const { pageBrowser, answerPrompt, mountPage, sent, snapshot } = await import('./fake-page-browser');
const { SettingsPanel } = await import('@/components/SettingsPanel');
const { HostAccessBanner } = await import('@/components/HostAccessBanner');

let root: HTMLElement;

const mount = (component: typeof SettingsPanel | typeof HostAccessBanner, account: AccountState) => mountPage(component, root, snapshot({ account }));

const text = () => root.textContent?.replace(/\s+/g, ' ') ?? '';
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
const sentBaseUrls = () => sent('setBaseUrl').map((command) => command.baseUrl);

async function typeBaseUrl(value: string) {
  const input = root.querySelector<HTMLInputElement>('input[name=base-url]')!;
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

beforeEach(() => {
  pageBrowser.reset();
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('Settings → base URL', () => {
  const account: AccountState = { hasKey: false, baseUrl: 'https://api.poe.com', hostAccess: true };

  it('asks for access in the Save click, says why meanwhile, and saves only once it is allowed', async () => {
    await mount(SettingsPanel, account);
    expect(text()).toContain('A server on this computer (127.0.0.1, localhost) needs your permission: your browser asks for it when you save.');
    await typeBaseUrl(' http://127.0.0.1:8787/ ');
    await act(() => {
      button('Save')!.click();
      // Asked within the click itself, nothing awaited first: the browser only prompts in a user gesture.
      expect(pageBrowser.requests.map((request) => request.origins)).toEqual([['http://127.0.0.1/*']]);
    });
    expect(text()).toContain("Poe Toolbar needs your permission to reach 127.0.0.1, where your local server runs. Answer your browser's question to save.");
    expect(button('Saving…')?.disabled).toBe(true);
    expect(sentBaseUrls()).toEqual([]);

    await answerPrompt(0, true);
    expect(sentBaseUrls()).toEqual([' http://127.0.0.1:8787/ ']);
    expect(text()).not.toContain('needs your permission to reach');
  });

  it('refused: says so, changes nothing, keeps the typed URL, and asks again on a click', async () => {
    await mount(SettingsPanel, account);
    await typeBaseUrl('http://localhost:9000');
    await act(() => button('Save')!.click());
    await answerPrompt(0, false);

    const alert = root.querySelector('[role=alert]');
    expect(alert?.textContent?.replace(/\s+/g, ' ')).toContain(
      'Your browser did not allow Poe Toolbar to reach localhost, so the base URL was not changed. Poe Toolbar needs your permission to reach localhost, where your local server runs.',
    );
    expect(root.querySelector<HTMLInputElement>('input[name=base-url]')!.value).toBe('http://localhost:9000');
    expect(sentBaseUrls()).toEqual([]);

    await act(() => button('Ask again')!.click());
    expect(pageBrowser.requests).toHaveLength(2);
    await answerPrompt(1, true);
    expect(sentBaseUrls()).toEqual(['http://localhost:9000']);
    expect(root.querySelector('[role=alert]')).toBeNull();
  });

  it('a URL the background refuses anyway asks the browser for nothing', async () => {
    await mount(SettingsPanel, account);
    await typeBaseUrl('https://example.com');
    await act(() => button('Save')!.click());
    expect(pageBrowser.requests).toEqual([]);
    expect(sentBaseUrls()).toEqual(['https://example.com']);
  });
});

describe('HostAccessBanner', () => {
  it('a local server never allowed: why access is needed, and a button that asks (again, once refused)', async () => {
    const store = await mount(HostAccessBanner, { hasKey: false, baseUrl: 'http://127.0.0.1:8787', hostAccess: false });
    expect(text()).toBe(
      'Poe Toolbar needs your permission to reach 127.0.0.1, where your local server runs. Nothing is sent there until you allow it.Allow access to 127.0.0.1',
    );
    await act(() => button('Allow access to 127.0.0.1')!.click());
    expect(pageBrowser.requests.map((request) => request.origins)).toEqual([['http://127.0.0.1/*']]);
    await answerPrompt(0, false);
    expect(text()).toContain('Your browser did not allow it. Poe Toolbar still cannot reach 127.0.0.1.');
    await act(() => button('Ask again for access to 127.0.0.1')!.click());
    await answerPrompt(1, true);
    expect(pageBrowser.posted.map((command) => command.type)).toEqual(expect.arrayContaining(['refreshModels']));
    expect(store.account.value?.hostAccess).toBe(false); // the background, not the page, says when access is back
  });

  it("Poe's own host taken away: says access was turned off", async () => {
    await mount(HostAccessBanner, { hasKey: true, keyHint: '…cdef', baseUrl: 'https://api.poe.com', hostAccess: false });
    expect(text()).toContain("Poe Toolbar's access to api.poe.com was turned off, so it cannot talk to Poe. Allow it again to keep chatting.");
    expect(button('Allow access to api.poe.com')).toBeDefined();
  });

  it('shows nothing while access is allowed', async () => {
    await mount(HostAccessBanner, { hasKey: false, baseUrl: 'http://127.0.0.1:8787', hostAccess: true });
    expect(text()).toBe('');
  });
});
