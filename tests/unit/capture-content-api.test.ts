// @vitest-environment happy-dom
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createContentApi, installContentApi } from '@/lib/capture/content-api';
import { CONTENT_API_VERSION, type PoeToolbarContentApi } from '@/lib/messaging/content-contracts';
import { REGION_PICKER_TAG } from '@/lib/capture/region-picker';
import { contentMessageSchema, type ContentMessage } from '@/lib/messaging/content-contracts';

const clearGlobal = () => Reflect.deleteProperty(globalThis, '__poeToolbarContent');

beforeEach(() => {
  clearGlobal();
  document.title = 'Api page';
  document.body.innerHTML = '<nav>Menu</nav><main><p>Hello <b>there</b>.</p><pre id="m">a\nb</pre></main>';
});
afterEach(() => {
  clearGlobal();
  for (const host of document.querySelectorAll(REGION_PICKER_TAG)) host.remove();
  vi.restoreAllMocks();
});

function api(overrides: Partial<Parameters<typeof createContentApi>[0]> = {}) {
  const sent: ContentMessage[] = [];
  const instance = createContentApi({
    doc: document,
    send: (message) => sent.push(message),
    fetch: vi.fn(async () => new Response('<title>Linked</title><p>Linked text.</p>', { headers: { 'content-type': 'text/html' } })),
    isAlive: () => true,
    ...overrides,
  });
  return { instance, sent };
}

test('the API object is frozen and its methods read this document', async () => {
  const { instance } = api();
  expect(Object.isFrozen(instance)).toBe(true);
  const range = document.createRange();
  range.selectNodeContents(document.getElementById('m')!);
  getSelection()!.removeAllRanges();
  getSelection()!.addRange(range);
  expect(instance.readSelection()).toEqual({ text: 'a\nb', title: 'Api page', url: location.href });
  const page = instance.extractPage();
  expect(page.text).toContain('Hello there.');
  expect(page.text).not.toContain('Menu');
  expect(await instance.readLink('/linked.html')).toEqual({ title: 'Linked', text: 'Linked text.' });
  expect(await instance.readLink('https://elsewhere.test/')).toEqual({});
});

test('pickRegion returns at once and sends one valid region.selected message; a second call while open adds no overlay', async () => {
  const { instance, sent } = api();
  expect(instance.pickRegion()).toBeUndefined();
  instance.pickRegion();
  expect(document.querySelectorAll(REGION_PICKER_TAG)).toHaveLength(1);
  const host = document.querySelector(REGION_PICKER_TAG)!;
  const event = (type: string, x: number, y: number) =>
    new PointerEvent(type, { clientX: x, clientY: y, pointerId: 1, isPrimary: true, button: 0, pointerType: 'mouse', bubbles: true });
  host.dispatchEvent(event('pointerdown', 70, 80));
  host.dispatchEvent(event('pointermove', 170, 130));
  host.dispatchEvent(event('pointerup', 170, 130));
  await vi.waitFor(() => expect(sent).toHaveLength(1), { timeout: 2_000 });
  expect(sent[0]).toEqual({ type: 'region.selected', rect: { x: 70, y: 80, width: 100, height: 50 }, viewport: { width: innerWidth, height: innerHeight } });
  expect(contentMessageSchema.parse(sent[0])).toEqual(sent[0]);

  instance.pickRegion();
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
  expect(sent[1]).toEqual({ type: 'region.cancelled' });
  expect(contentMessageSchema.safeParse(sent[1]).success).toBe(true);
});

test('pickRegion answers region.cancelled when no overlay can be drawn', () => {
  const { instance, sent } = api();
  vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(() => {
    throw new DOMException('Not supported', 'NotSupportedError');
  });
  instance.pickRegion();
  expect(sent).toEqual([{ type: 'region.cancelled' }]);
  vi.restoreAllMocks();
  instance.pickRegion();
  expect(document.querySelectorAll(REGION_PICKER_TAG)).toHaveLength(1);
});

test('installing twice keeps the first live copy; a dead or older copy is replaced', () => {
  const first = api().instance;
  const create = vi.fn(() => first);
  expect(installContentApi(globalThis, create)).toBe(first);
  const second = vi.fn(() => api().instance);
  expect(installContentApi(globalThis, second)).toBe(first);
  expect(second).not.toHaveBeenCalled();
  expect(globalThis.__poeToolbarContent).toBe(first);
  expect(Object.keys(globalThis)).not.toContain('__poeToolbarContent');

  const dead = api({ isAlive: () => false }).instance;
  clearGlobal();
  installContentApi(globalThis, () => dead);
  const fresh = api().instance;
  expect(installContentApi(globalThis, () => fresh)).toBe(fresh);

  const older = { ...fresh, version: CONTENT_API_VERSION - 1 } as PoeToolbarContentApi;
  clearGlobal();
  installContentApi(globalThis, () => older);
  const newer = api().instance;
  expect(installContentApi(globalThis, () => newer)).toBe(newer);
});

test('the content script entrypoint installs the API once, however often it is injected, and sends through runtime messages', async () => {
  fakeBrowser.reset();
  const received: unknown[] = [];
  fakeBrowser.runtime.onMessage.addListener((message) => {
    received.push(message);
  });
  const { default: definition } = await import('@/entrypoints/content');
  expect(definition.registration).toBe('runtime');
  expect('matches' in definition).toBe(false);
  await definition.main({} as never);
  const installed = globalThis.__poeToolbarContent;
  expect(installed).toBeDefined();
  await definition.main({} as never);
  expect(globalThis.__poeToolbarContent).toBe(installed);
  expect(installed?.isAlive()).toBe(true);

  installed!.pickRegion();
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
  await vi.waitFor(() => expect(received).toEqual([{ type: 'region.cancelled' }]));
});
