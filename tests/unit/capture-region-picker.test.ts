// @vitest-environment happy-dom
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { REGION_PICKER_TAG, startRegionPicker, type RegionOutcome } from '@/lib/capture/region-picker';

let shadows: ShadowRoot[] = [];
beforeEach(() => {
  document.body.innerHTML = '<p id="content">Page content</p>';
  shadows = [];
  const attach = HTMLElement.prototype.attachShadow;
  vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(function (this: HTMLElement, init: ShadowRootInit) {
    const root = attach.call(this, init);
    shadows.push(root);
    return root;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const host of document.querySelectorAll(REGION_PICKER_TAG)) host.remove();
});

const host = () => document.querySelector(REGION_PICKER_TAG) as HTMLElement | null;
const pointer = (type: string, x: number, y: number, extra: PointerEventInit = {}) =>
  host()!.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: y, pointerId: 1, isPrimary: true, button: 0, pointerType: 'mouse', bubbles: true, composed: true, cancelable: true, ...extra }));
const drag = (from: [number, number], to: [number, number], extra: PointerEventInit = {}) => {
  pointer('pointerdown', ...from, extra);
  pointer('pointermove', (from[0] + to[0]) / 2, (from[1] + to[1]) / 2, extra);
  pointer('pointermove', ...to, extra);
  pointer('pointerup', ...to, extra);
};

/** Starts a picker whose "after removal" wait is a promise the test resolves. */
function start() {
  const outcomes: (RegionOutcome | null)[] = [];
  let release!: () => void;
  const removedWait = new Promise<void>((resolve) => (release = resolve));
  const seenHostAtReport: (Element | null)[] = [];
  const cancel = startRegionPicker(
    document,
    (outcome) => {
      seenHostAtReport.push(host());
      outcomes.push(outcome);
    },
    { afterRemoved: () => removedWait },
  );
  return { outcomes, cancel, release, seenHostAtReport };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

test('a drag reports the rectangle in CSS px with the viewport, after the overlay is gone and the wait is over', async () => {
  const picker = start();
  expect(host()).not.toBeNull();
  drag([100, 120], [420, 320]);
  expect(host()).toBeNull();
  await settle();
  expect(picker.outcomes).toEqual([]);
  picker.release();
  await settle();
  expect(picker.outcomes).toEqual([{ rect: { x: 100, y: 120, width: 320, height: 200 }, viewport: { width: innerWidth, height: innerHeight } }]);
  expect(picker.seenHostAtReport).toEqual([null]);
});

test('shows the rectangle size while dragging, and the hint before', () => {
  start();
  const root = shadows[0]!;
  expect(root.textContent).toContain('Drag to capture · Esc to cancel');
  pointer('pointerdown', 10, 20);
  pointer('pointermove', 330, 220);
  expect(root.textContent).toContain('320 × 200');
});

test('a drag up and to the left gives the same rectangle; points outside the viewport are clamped', async () => {
  const picker = start();
  drag([420, 320], [100, 120]);
  picker.release();
  await settle();
  expect(picker.outcomes[0]?.rect).toEqual({ x: 100, y: 120, width: 320, height: 200 });

  const second = start();
  drag([innerWidth - 50, innerHeight - 40], [innerWidth + 500, innerHeight + 500]);
  second.release();
  await settle();
  expect(second.outcomes[0]?.rect).toEqual({ x: innerWidth - 50, y: innerHeight - 40, width: 50, height: 40 });
});

test('Escape cancels with null and removes the overlay', () => {
  const picker = start();
  const keydown = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
  window.dispatchEvent(keydown);
  expect(picker.outcomes).toEqual([null]);
  expect(keydown.defaultPrevented).toBe(true);
  expect(host()).toBeNull();
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
  expect(picker.outcomes).toEqual([null]);
});

test('other keys do nothing; the context menu click cancels', () => {
  const picker = start();
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
  expect(picker.outcomes).toEqual([]);
  host()!.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, button: 2 }));
  expect(picker.outcomes).toEqual([null]);
  expect(host()).toBeNull();
});

test('a too-small drag (under 4 px) is ignored and the picker stays open for another try', async () => {
  const picker = start();
  drag([50, 50], [53, 200]);
  drag([50, 50], [200, 52]);
  pointer('pointerdown', 80, 80);
  pointer('pointerup', 80, 80);
  await settle();
  expect(picker.outcomes).toEqual([]);
  expect(host()).not.toBeNull();
  drag([50, 50], [54, 54]);
  picker.release();
  await settle();
  expect(picker.outcomes).toEqual([{ rect: { x: 50, y: 50, width: 4, height: 4 }, viewport: { width: innerWidth, height: innerHeight } }]);
});

test('works with touch pointers, and ignores a second finger and non-primary mouse buttons', async () => {
  const picker = start();
  pointer('pointerdown', 10, 10, { pointerType: 'mouse', button: 1 });
  pointer('pointerup', 300, 300, { pointerType: 'mouse', button: 1 });
  pointer('pointerdown', 20, 30, { pointerType: 'touch', pointerId: 7 });
  pointer('pointerdown', 500, 500, { pointerType: 'touch', pointerId: 8, isPrimary: false });
  pointer('pointermove', 60, 60, { pointerType: 'touch', pointerId: 8, isPrimary: false });
  pointer('pointermove', 120, 90, { pointerType: 'touch', pointerId: 7 });
  pointer('pointerup', 120, 90, { pointerType: 'touch', pointerId: 7 });
  picker.release();
  await settle();
  expect(picker.outcomes).toEqual([{ rect: { x: 20, y: 30, width: 100, height: 60 }, viewport: { width: innerWidth, height: innerHeight } }]);
});

test('the overlay is a closed shadow root on a host appended to <html>, styled inline, and leaves no trace', () => {
  const before = document.documentElement.outerHTML;
  const picker = start();
  const element = host()!;
  expect(element.parentNode).toBe(document.documentElement);
  expect(element.shadowRoot).toBeNull();
  expect(shadows).toHaveLength(1);
  expect(HTMLElement.prototype.attachShadow).toHaveBeenCalledWith({ mode: 'closed' });
  expect(element.childNodes).toHaveLength(0);
  expect(element.style.getPropertyValue('z-index')).toBe('2147483647');
  expect(element.style.getPropertyPriority('z-index')).toBe('important');
  expect(element.style.getPropertyValue('position')).toBe('fixed');
  expect(element.style.getPropertyValue('cursor')).toBe('crosshair');
  // No <style> or <link> goes into the page; the shadow root holds only inline-styled elements.
  expect(document.querySelectorAll('style, link')).toHaveLength(0);
  expect(shadows[0]!.querySelectorAll('style, link')).toHaveLength(0);
  picker.cancel();
  expect(picker.outcomes).toEqual([null]);
  expect(document.documentElement.outerHTML).toBe(before);
});

test('the cancel function reports null once; starting a second picker replaces the first', () => {
  const first = start();
  const second = start();
  expect(document.querySelectorAll(REGION_PICKER_TAG)).toHaveLength(1);
  expect(first.outcomes).toEqual([null]);
  expect(second.outcomes).toEqual([]);
  second.cancel();
  second.cancel();
  first.cancel();
  expect(second.outcomes).toEqual([null]);
  expect(first.outcomes).toEqual([null]);
  expect(host()).toBeNull();
});

test('the default wait is two animation frames', async () => {
  const frames: FrameRequestCallback[] = [];
  vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => frames.push(callback));
  const outcomes: (RegionOutcome | null)[] = [];
  startRegionPicker(document, (outcome) => outcomes.push(outcome));
  drag([10, 10], [110, 60]);
  expect(frames).toHaveLength(1);
  frames.shift()!(0);
  await settle();
  expect(outcomes).toEqual([]);
  expect(frames).toHaveLength(1);
  frames.shift()!(16);
  await settle();
  expect(outcomes).toHaveLength(1);
  expect(outcomes[0]?.rect).toEqual({ x: 10, y: 10, width: 100, height: 50 });
});
