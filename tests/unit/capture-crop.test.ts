import { afterEach, describe, expect, test, vi } from 'vitest';
import { CaptureThrottle, CropError, cropCapture, scaledCropRect } from '@/lib/capture/crop';

describe('scaledCropRect', () => {
  test('DPR 1: the CSS rectangle is the pixel rectangle', () => {
    expect(scaledCropRect({ x: 50, y: 60, width: 200, height: 100 }, { width: 800, height: 600 }, { width: 800, height: 600 })).toEqual({
      x: 50, y: 60, width: 200, height: 100,
    });
  });

  test('DPR 2: everything doubles', () => {
    expect(scaledCropRect({ x: 50, y: 60, width: 200, height: 100 }, { width: 800, height: 600 }, { width: 1600, height: 1200 })).toEqual({
      x: 100, y: 120, width: 400, height: 200,
    });
  });

  test('page zoom 1.5 (fewer CSS px in the viewport): scaled by bitmap width / viewport width, rounded outwards', () => {
    // A 1200-px-wide window at 150% zoom has a 800-CSS-px viewport.
    expect(scaledCropRect({ x: 50, y: 60, width: 200, height: 100 }, { width: 800, height: 533 }, { width: 1200, height: 800 })).toEqual({
      x: 75, y: 90, width: 300, height: 150,
    });
    expect(scaledCropRect({ x: 10.5, y: 3, width: 100, height: 1 }, { width: 800, height: 533 }, { width: 1200, height: 800 })).toEqual({
      x: 15, y: 4, width: 151, height: 2,
    });
  });

  test('float noise does not add a pixel', () => {
    // 100 × 1.1 is 110.00000000000001 in floating point.
    expect(scaledCropRect({ x: 0, y: 0, width: 100, height: 100 }, { width: 1000, height: 1000 }, { width: 1100, height: 1100 })).toEqual({
      x: 0, y: 0, width: 110, height: 110,
    });
  });

  test('clamps to the bitmap', () => {
    const viewport = { width: 800, height: 600 };
    const bitmap = { width: 1600, height: 1200 };
    expect(scaledCropRect({ x: 700, y: 500, width: 300, height: 300 }, viewport, bitmap)).toEqual({ x: 1400, y: 1000, width: 200, height: 200 });
    expect(scaledCropRect({ x: -20, y: -10, width: 60, height: 30 }, viewport, bitmap)).toEqual({ x: 0, y: 0, width: 80, height: 40 });
  });

  test('throws a clear error for an empty, out-of-bounds or non-numeric region', () => {
    const viewport = { width: 800, height: 600 };
    const bitmap = { width: 800, height: 600 };
    expect(() => scaledCropRect({ x: 10, y: 10, width: 0, height: 10 }, viewport, bitmap)).toThrow(/region is empty/);
    expect(() => scaledCropRect({ x: 900, y: 10, width: 50, height: 50 }, viewport, bitmap)).toThrow(/outside the visible area/);
    expect(() => scaledCropRect({ x: 10, y: 600, width: 50, height: 50 }, viewport, bitmap)).toThrow(/outside the visible area/);
    expect(() => scaledCropRect({ x: Number.NaN, y: 0, width: 50, height: 50 }, viewport, bitmap)).toThrow(/not a number/);
    expect(() => scaledCropRect({ x: 0, y: 0, width: 50, height: 50 }, { width: 0, height: 0 }, bitmap)).toThrow('Cannot crop the screenshot: it is empty.');
    // A CropError is what the background shows as the capture's failure (any other error becomes a general one).
    expect(() => scaledCropRect({ x: 10, y: 10, width: 0, height: 10 }, viewport, bitmap)).toThrow(CropError);
  });
});

describe('cropCapture', () => {
  afterEach(() => vi.unstubAllGlobals());

  function stubCanvas(bitmapSize: { width: number; height: number }) {
    const bitmap = { ...bitmapSize, close: vi.fn() };
    const drawImage = vi.fn();
    const canvases: { width: number; height: number }[] = [];
    vi.stubGlobal('createImageBitmap', vi.fn(async () => bitmap));
    vi.stubGlobal(
      'OffscreenCanvas',
      class {
        constructor(
          public width: number,
          public height: number,
        ) {
          canvases.push(this);
        }
        getContext() {
          return { drawImage };
        }
        async convertToBlob(options: { type: string }) {
          return new Blob(['png'], { type: options.type });
        }
      },
    );
    return { bitmap, drawImage, canvases };
  }

  const DATA_URL = 'data:image/png;base64,iVBORw0KGgo=';

  test('draws the scaled region of the screenshot onto a canvas of its size and returns a PNG', async () => {
    const { bitmap, drawImage, canvases } = stubCanvas({ width: 1600, height: 1200 });
    const blob = await cropCapture(DATA_URL, { x: 50, y: 60, width: 200, height: 100 }, { width: 800, height: 600 });
    expect(blob.type).toBe('image/png');
    expect(canvases).toEqual([expect.objectContaining({ width: 400, height: 200 })]);
    expect(drawImage).toHaveBeenCalledWith(bitmap, 100, 120, 400, 200, 0, 0, 400, 200);
    expect(bitmap.close).toHaveBeenCalled();
  });

  test('rejects an out-of-bounds region and still frees the bitmap', async () => {
    const { bitmap } = stubCanvas({ width: 800, height: 600 });
    await expect(cropCapture(DATA_URL, { x: 900, y: 0, width: 10, height: 10 }, { width: 800, height: 600 })).rejects.toThrow(/outside/);
    expect(bitmap.close).toHaveBeenCalled();
  });

  test('says so when the browser gives no canvas to draw on', async () => {
    stubCanvas({ width: 800, height: 600 });
    vi.spyOn(OffscreenCanvas.prototype, 'getContext').mockReturnValue(null);
    await expect(cropCapture(DATA_URL, { x: 0, y: 0, width: 10, height: 10 }, { width: 800, height: 600 })).rejects.toThrow(
      new CropError('Cannot crop the screenshot: the browser gave no canvas to draw it on.'),
    );
  });
});

describe('CaptureThrottle', () => {
  function fakeClock() {
    let now = 0;
    const sleeps: number[] = [];
    return {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
      advance: (ms: number) => (now += ms),
      sleeps,
    };
  }

  test('allows two captures at once, then one more each time the 1 s window (+ margin) frees a slot', async () => {
    const clock = fakeClock();
    const throttle = new CaptureThrottle({ now: clock.now, sleep: clock.sleep });
    const granted: number[] = [];
    await Promise.all(Array.from({ length: 5 }, () => throttle.next().then(() => granted.push(clock.now()))));
    expect(granted).toEqual([0, 0, 1050, 1050, 2100]);
    // Never more than 2 grants in any 1000 ms window.
    for (let i = 2; i < granted.length; i++) expect(granted[i]! - granted[i - 2]!).toBeGreaterThanOrEqual(1000);
  });

  test('does not wait when captures are already spaced out, and waits only the remainder otherwise', async () => {
    const clock = fakeClock();
    const throttle = new CaptureThrottle({ now: clock.now, sleep: clock.sleep, marginMs: 0 });
    await throttle.next();
    clock.advance(600);
    await throttle.next();
    clock.advance(700);
    await throttle.next(); // 1300: the first grant (0) has left the window
    expect(clock.sleeps).toEqual([]);
    await throttle.next(); // needs the grant at 600 to leave the window: waits until 1600
    expect(clock.sleeps).toEqual([300]);
    expect(clock.now()).toBe(1600);
  });

  test('serves callers in order', async () => {
    const clock = fakeClock();
    const throttle = new CaptureThrottle({ now: clock.now, sleep: clock.sleep, maxCalls: 1, intervalMs: 500, marginMs: 0 });
    const order: string[] = [];
    await Promise.all(['a', 'b', 'c'].map((name) => throttle.next().then(() => order.push(`${name}@${clock.now()}`))));
    expect(order).toEqual(['a@0', 'b@500', 'c@1000']);
  });

  test('with its defaults (Date.now, setTimeout): two captures at once, the third only when the 1 s window (+ 50 ms margin) has passed', async () => {
    // Fake timers replace Date and setTimeout, which the throttle uses when no clock is injected: the wait is proven
    // on the fake clock, so a loaded machine cannot make this pass or fail.
    vi.useFakeTimers();
    try {
      const throttle = new CaptureThrottle();
      const granted: number[] = [];
      const take = (n: number) => void throttle.next().then(() => granted.push(n));
      take(1);
      take(2);
      take(3);
      await vi.advanceTimersByTimeAsync(0);
      expect(granted).toEqual([1, 2]);
      await vi.advanceTimersByTimeAsync(1_049);
      expect(granted).toEqual([1, 2]);
      await vi.advanceTimersByTimeAsync(1);
      expect(granted).toEqual([1, 2, 3]);
    } finally {
      vi.useRealTimers();
    }
  });
});
