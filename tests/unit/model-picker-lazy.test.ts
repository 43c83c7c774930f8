// @vitest-environment happy-dom
/**
 * The open bot list is its own chunk, fetched after the first paint. A person who opens the picker before it has
 * arrived loses nothing: the click opens it once it arrives, and letters typed on the trigger meanwhile become its
 * search. The chunk's arrival is held back here by a gate on the mocked module.
 */
import { signal } from '@preact/signals';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { ChatStore } from '@/components/chat-store';
import type { ModelSummary } from '@/lib/messaging/contracts';

let openGate!: () => void;
const gate = new Promise<void>((resolve) => (openGate = resolve));
let popoverLoaded = false;
vi.mock('@/components/ModelPickerPopover', async (importOriginal) => {
  await gate;
  popoverLoaded = true;
  return importOriginal();
});
const { ModelPicker } = await import('@/components/ModelPicker');

const model = (id: string): ModelSummary =>
  ({ id, displayName: id, inputModalities: ['text'], outputModalities: ['text'], priceClass: 'paid' }) as ModelSummary;
const chosen: string[] = [];
const store = {
  models: signal([model('GPT-5.4'), model('Echo-Bot'), model('Claude-Sonnet-4.5')]),
  recentBots: signal<string[]>([]),
  selectedBot: signal('GPT-5.4'),
  modelsError: signal(undefined),
  chooseBot: (bot: string) => chosen.push(bot),
} as unknown as ChatStore;

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const trigger = () => root.querySelector<HTMLButtonElement>('button.picker-trigger')!;
const search = () => root.querySelector<HTMLInputElement>('input[role=combobox]');
const press = (key: string) => trigger().dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));

it('keys typed on the trigger before the list has arrived open it with them as the search', async () => {
  await act(() => render(h(ModelPicker, { store }), root));
  expect(trigger().textContent).toContain('GPT-5.4');
  expect(popoverLoaded).toBe(false);

  trigger().focus();
  await act(() => {
    press('e');
  });
  await act(() => {
    press('c');
  });
  expect(trigger().getAttribute('aria-expanded')).toBe('true');
  expect(search()).toBeNull(); // still on its way

  openGate();
  await vi.waitFor(() => expect(search()).not.toBeNull());
  expect(search()?.value).toBe('ec');
  expect(document.activeElement).toBe(search());
  const options = [...root.querySelectorAll('[role=option] .picker-option-name')].map((option) => option.textContent);
  expect(options[0]).toBe('Echo-Bot');

  // Once arrived, a click opens it at once, at the current bot.
  await act(() => {
    search()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
  });
  expect(search()).toBeNull();
  await act(() => trigger().click());
  expect(search()?.value).toBe('');
  expect(root.querySelector('[role=option][aria-selected=true] .picker-option-name')?.textContent).toBe('GPT-5.4');
});
