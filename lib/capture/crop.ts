import { t } from '@/lib/i18n';
import type { RegionRect, RegionViewport } from './region-picker';

export { CaptureThrottle, type CaptureThrottleOptions } from './capture-throttle';

export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Why a screenshot could not be cropped, in words for the user (the background shows it as the page ask's failure). */
export class CropError extends Error {
  override readonly name = 'CropError';
}

/** Float noise (100 × 1.1 = 110.00000000000001) must not grow a crop by a whole pixel. */
const EPSILON = 1e-6;

/**
 * The region in bitmap pixels: the CSS-px rectangle scaled by bitmap width / viewport width (which covers both the
 * device pixel ratio and page zoom), rounded outwards, clamped to the bitmap. Throws for an empty rectangle or one
 * wholly outside the bitmap.
 */
export function scaledCropRect(rect: RegionRect, viewport: RegionViewport, bitmap: { width: number; height: number }): PixelRect {
  const numbers = [rect.x, rect.y, rect.width, rect.height, viewport.width, bitmap.width, bitmap.height];
  if (!numbers.every(Number.isFinite)) throw new CropError(t('crop_notANumber'));
  if (viewport.width <= 0 || bitmap.width <= 0 || bitmap.height <= 0) throw new CropError(t('crop_emptyScreenshot'));
  if (rect.width <= 0 || rect.height <= 0) throw new CropError(t('crop_emptyRegion'));
  const scale = bitmap.width / viewport.width;
  const left = Math.max(0, Math.floor(rect.x * scale + EPSILON));
  const top = Math.max(0, Math.floor(rect.y * scale + EPSILON));
  const right = Math.min(bitmap.width, Math.ceil((rect.x + rect.width) * scale - EPSILON));
  const bottom = Math.min(bitmap.height, Math.ceil((rect.y + rect.height) * scale - EPSILON));
  if (right <= left || bottom <= top) throw new CropError(t('crop_outside'));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * Crops a `captureVisibleTab` data URL to the region the user drew, as a PNG. For the background: uses only
 * fetch, createImageBitmap and OffscreenCanvas (a Chrome service worker has no DOM).
 */
export async function cropCapture(dataUrl: string, rect: RegionRect, viewport: RegionViewport): Promise<Blob> {
  const source = await (await fetch(dataUrl)).blob();
  const bitmap = await createImageBitmap(source);
  try {
    const crop = scaledCropRect(rect, viewport, bitmap);
    const canvas = new OffscreenCanvas(crop.width, crop.height);
    const context = canvas.getContext('2d');
    if (!context) throw new CropError(t('crop_noCanvas'));
    context.drawImage(bitmap, crop.x, crop.y, crop.width, crop.height, 0, 0, crop.width, crop.height);
    return await canvas.convertToBlob({ type: 'image/png' });
  } finally {
    bitmap.close();
  }
}
