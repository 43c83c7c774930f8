// @vitest-environment happy-dom
/** The bubble's keyboard (lib/capture/bubble/menu-keys.ts): Alt+Enter, Esc, the arrows, Enter in Ask, focus return. */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { pageKeys, returnFocus, sendOnEnter, walkMenu, type KeyTarget } from '@/lib/capture/bubble/menu-keys';

const key = (init: KeyboardEventInit) => new KeyboardEvent('keydown', { cancelable: true, ...init });

function target(overrides: Partial<KeyTarget> = {}) {
  return {
    inside: vi.fn(() => false),
    showing: vi.fn(() => false),
    dismiss: vi.fn(),
    selectionMade: vi.fn(() => true),
    openMenu: vi.fn(),
    ...overrides,
  };
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('page-wide keys', () => {
  test('Alt+Enter on a selection opens the menu and keeps the Enter from the page', () => {
    const t = target();
    const event = key({ key: 'Enter', altKey: true });
    pageKeys(t).keydown(event);
    expect(t.openMenu).toHaveBeenCalledOnce();
    expect(event.defaultPrevented).toBe(true);
  });

  test('Alt+Enter with nothing selected, plain Enter, and Alt+Enter inside the bubble leave the page its key', () => {
    const none = target({ selectionMade: vi.fn(() => false) });
    const event = key({ key: 'Enter', altKey: true });
    pageKeys(none).keydown(event);
    expect(none.openMenu).not.toHaveBeenCalled();
    expect(event.defaultPrevented).toBe(false);

    const t = target();
    pageKeys(t).keydown(key({ key: 'Enter' }));
    const inside = target({ inside: vi.fn(() => true) });
    pageKeys(inside).keydown(key({ key: 'Enter', altKey: true }));
    expect(t.openMenu).not.toHaveBeenCalled();
    expect(inside.openMenu).not.toHaveBeenCalled();
  });

  test('Esc closes what shows, and only then', () => {
    const hidden = target();
    pageKeys(hidden).keydown(key({ key: 'Escape' }));
    expect(hidden.dismiss).not.toHaveBeenCalled();
    const shown = target({ showing: vi.fn(() => true) });
    pageKeys(shown).keydown(key({ key: 'Escape' }));
    expect(shown.dismiss).toHaveBeenCalledOnce();
  });

  test('a key released outside the bubble looks at the selection again, except Esc and Tab', () => {
    const t = target();
    const keys = pageKeys(t);
    for (const name of ['a', 'ArrowRight', 'Escape', 'Tab']) keys.keyup(new KeyboardEvent('keyup', { key: name }));
    expect(t.selectionMade).toHaveBeenCalledTimes(2);
  });
});

describe('the menu', () => {
  test('Up and Down walk the items and the Ask field, round both ends', () => {
    document.body.innerHTML = '<div id="menu"><button class="item">A</button><div class="heading">H</div><button class="item">B</button><input></div>';
    const box = document.getElementById('menu')!;
    const [a, b] = [...box.querySelectorAll<HTMLElement>('.item')];
    const input = box.querySelector('input')!;
    const press = (name: string) => {
      const event = key({ key: name });
      walkMenu(event, box, document.activeElement);
      return event;
    };
    a!.focus();
    expect(press('ArrowDown').defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(b);
    press('ArrowDown');
    expect(document.activeElement).toBe(input);
    press('ArrowDown');
    expect(document.activeElement).toBe(a);
    press('ArrowUp');
    expect(document.activeElement).toBe(input);
    expect(press('Enter').defaultPrevented).toBe(false);
    expect(document.activeElement).toBe(input);
  });

  test('Enter in the Ask field sends the trimmed question; empty, or while composing, it sends nothing', () => {
    const input = document.createElement('input');
    document.body.append(input);
    const send = vi.fn();
    sendOnEnter(input, send);
    input.value = '   ';
    input.dispatchEvent(key({ key: 'Enter' }));
    input.value = ' Why? ';
    input.dispatchEvent(key({ key: 'Enter', isComposing: true }));
    input.dispatchEvent(key({ key: 'a' }));
    expect(send).not.toHaveBeenCalled();
    const enter = key({ key: 'Enter' });
    input.dispatchEvent(enter);
    expect(send).toHaveBeenCalledExactlyOnceWith('Why?');
    expect(enter.defaultPrevented).toBe(true);
  });
});

describe('focus return', () => {
  test('to the field, with the selection it had', () => {
    document.body.innerHTML = '<textarea id="area">teh cat sat</textarea><button id="elsewhere">x</button>';
    const area = document.getElementById('area') as HTMLTextAreaElement;
    document.getElementById('elsewhere')!.focus();
    returnFocus(document, { kind: 'control', element: area, start: 4, end: 7 });
    expect(document.activeElement).toBe(area);
    expect([area.selectionStart, area.selectionEnd]).toEqual([4, 7]);
  });

  test('on page text, to nothing (the focus leaves the bubble)', () => {
    document.body.innerHTML = '<p id="para">Plain</p><button id="elsewhere">x</button>';
    document.getElementById('elsewhere')!.focus();
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('para')!);
    returnFocus(document, { kind: 'page', range });
    expect(document.activeElement).toBe(document.body);
  });
});
