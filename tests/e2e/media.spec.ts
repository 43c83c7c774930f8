import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import AxeBuilder from './axe';
import { expect, test } from './fixtures';
import { ask, chooseBot } from './helpers';

const lastAnswer = (page: Page) => page.locator('article.message.bot').last();
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** No serious accessibility violation (axe-core) and nothing wider than the panel. */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder(page).analyze();
  const serious = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''));
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

async function galleryAnswer(page: Page) {
  await chooseBot(page, 'Gallery-Bot');
  await ask(page, 'Two squares please');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  // The red square in the text, the blue one (not in the text) as the answer's file.
  const images = lastAnswer(page).locator('.text img, img.media-image');
  await expect(images).toHaveCount(2);
  await expect(lastAnswer(page).locator('.text img')).toHaveAttribute('alt', 'a red square');
  for (const image of await images.all()) {
    await expect(image).toHaveAttribute('src', /^blob:/);
    await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  }
  return images;
}

test('an answer’s images open full size: click, arrows, Esc closes and gives focus back; Enter opens too', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await page.setViewportSize({ width: 400, height: 720 });
  const images = await galleryAnswer(page);

  await images.first().click();
  const viewer = page.getByRole('dialog', { name: 'Image viewer' });
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Close image viewer' })).toBeFocused();
  await expect(viewer).toContainText('1 of 2 · a red square');
  await page.keyboard.press('ArrowRight');
  await expect(viewer).toContainText('2 of 2 · blue-square.png');
  await expect(viewer.locator('img')).toHaveAttribute('alt', 'blue-square.png');
  await page.keyboard.press('ArrowRight');
  await expect(viewer).toContainText('1 of 2 · a red square');
  await page.keyboard.press('ArrowLeft');
  await expect(viewer).toContainText('2 of 2 · blue-square.png');
  // Focus stays in the viewer: Tab and Shift+Tab go round its buttons, never to the page behind it.
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null), key).toBe(true);
  }
  // The image fits a 400 px panel.
  const box = await viewer.locator('img').boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 400).toBe(true);

  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect(images.first()).toBeFocused();

  // From the keyboard: the file's thumbnail, focused, opens on Enter; the Close button closes and focus comes back.
  const thumbnail = lastAnswer(page).getByRole('button', { name: 'Open blue-square.png full size' });
  await thumbnail.focus();
  await page.keyboard.press('Enter');
  await expect(viewer).toContainText('2 of 2 · blue-square.png');
  await viewer.getByRole('button', { name: 'Close image viewer' }).click();
  await expect(viewer).toHaveCount(0);
  await expect(thumbnail).toBeFocused();
  // And the image in the text, focused, opens on Enter too.
  await images.first().focus();
  await page.keyboard.press('Enter');
  await expect(viewer).toContainText('1 of 2 · a red square');
  await page.keyboard.press('Escape');
  await expect(images.first()).toBeFocused();
});

test('Download saves the image under its file name with its bytes; Copy image puts a PNG on the clipboard', async ({ signIn, openExtensionPage, context }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  // Chromium grants no permission to an extension origin by name (it calls it opaque): granted to every origin.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const images = await galleryAnswer(page);
  await images.nth(1).click();
  const viewer = page.getByRole('dialog', { name: 'Image viewer' });

  const [download] = await Promise.all([page.waitForEvent('download'), viewer.getByRole('button', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toBe('blue-square.png');
  const bytes = readFileSync((await download.path()) ?? '');
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);

  await viewer.getByRole('button', { name: 'Copy image' }).click();
  await expect(viewer.getByRole('status')).toHaveText('Copied');
  const copied = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    if (!item) return undefined;
    const blob = await item.getType('image/png');
    const bitmap = await createImageBitmap(blob);
    return { types: item.types, width: bitmap.width };
  });
  expect(copied).toEqual({ types: ['image/png'], width: 48 });

  // A browser that refuses the clipboard: the viewer says so, and offers Download instead.
  await page.evaluate(() => {
    navigator.clipboard.write = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  await viewer.getByRole('button', { name: 'Copy image' }).click();
  await expect(viewer.getByRole('status')).toHaveText(
    'The browser did not let Poe Toolbar copy the image; use Download instead (Write permission denied.).',
  );
});

test('Use as input puts the image in the draft, focus in the composer, and Send takes it to the bot', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  const images = await galleryAnswer(page);
  await images.first().click();
  await page.getByRole('dialog', { name: 'Image viewer' }).getByRole('button', { name: 'Use as input' }).click();
  await expect(page.getByRole('dialog', { name: 'Image viewer' })).toHaveCount(0);
  const chips = page.getByRole('list', { name: 'Attached files' }).getByRole('listitem');
  await expect(chips).toHaveCount(1);
  await expect(chips.first()).toContainText('red-square.png');
  await expect(chips.first().locator('img')).toHaveCount(1);
  await expect(page.locator('#composer-input')).toBeFocused();

  await chooseBot(page, 'Echo-Bot');
  await ask(page, 'Make it bluer');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(page)).toContainText('Attachments: red-square.png (image/png)');
});

test('audio from a bot plays inline (file and bare link shown once) and downloads as a WAV', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Audio-Bot');
  await ask(page, 'A tone');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  const audio = lastAnswer(page).locator('audio');
  await expect(audio).toHaveCount(1);
  await expect(audio).toHaveAttribute('src', /^(blob|https):/);
  await expect.poll(() => audio.evaluate((element) => (element as HTMLAudioElement).readyState)).toBeGreaterThanOrEqual(1);
  expect(await audio.evaluate((element) => (element as HTMLAudioElement).duration)).toBeCloseTo(0.5, 1);

  const [download] = await Promise.all([page.waitForEvent('download'), lastAnswer(page).getByRole('button', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toBe('tone.wav');
  const bytes = readFileSync((await download.path()) ?? '');
  expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
  expect(bytes.subarray(8, 12).toString('ascii')).toBe('WAVE');
});

test('video from a bot plays inline at the panel’s width, and downloads', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await page.setViewportSize({ width: 400, height: 720 });
  await chooseBot(page, 'Video-File-Bot');
  await ask(page, 'A clip');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  const video = lastAnswer(page).locator('video');
  await expect(video).toHaveAttribute('src', /^(blob|https):/);
  await expect.poll(() => video.evaluate((element) => (element as HTMLVideoElement).readyState)).toBeGreaterThanOrEqual(1);
  expect(await video.evaluate((element) => [(element as HTMLVideoElement).videoWidth, (element as HTMLVideoElement).videoHeight])).toEqual([160, 90]);
  const box = await video.boundingBox();
  expect(box && box.x + box.width <= 400).toBe(true);

  const [download] = await Promise.all([page.waitForEvent('download'), lastAnswer(page).getByRole('button', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toBe('sample.webm');
  expect(readFileSync((await download.path()) ?? '').equals(readFileSync('tests/fixtures/media/sample.webm'))).toBe(true);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshot: images, the viewer, audio and video in answers at 400 px (${scheme})`, async ({ signIn, openExtensionPage }) => {
    await signIn();
    const page = await openExtensionPage('sidepanel.html');
    await page.setViewportSize({ width: 400, height: 800 });
    await page.emulateMedia({ colorScheme: scheme });
    const images = await galleryAnswer(page);
    await page.screenshot({ path: `test-results/screenshots/sidepanel-media-images-${scheme}.png` });
    await images.first().click();
    await expect(page.getByRole('dialog', { name: 'Image viewer' })).toContainText('1 of 2');
    await page.screenshot({ path: `test-results/screenshots/sidepanel-media-viewer-${scheme}.png` });
    await expectAccessible(page);
    await page.keyboard.press('Escape');

    await chooseBot(page, 'Audio-Bot');
    await ask(page, 'A tone');
    await expect.poll(() => lastAnswer(page).locator('audio').evaluate((element) => (element as HTMLAudioElement).readyState)).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: `test-results/screenshots/sidepanel-media-audio-${scheme}.png` });
    await chooseBot(page, 'Video-File-Bot');
    await ask(page, 'A clip');
    const video = lastAnswer(page).locator('video');
    await expect.poll(() => video.evaluate((element) => (element as HTMLVideoElement).readyState)).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: `test-results/screenshots/sidepanel-media-players-${scheme}.png` });
    await expectAccessible(page);
  });
}

test('an audio or video link to another host stays a link: no player, no request', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  // Another loopback origin that records every request reaching it, like a LAN service.
  const target = new URL(fakePoe.redirectTarget.url);
  await ask(page, `Hear ${target.origin}/api/delete.wav and watch https://videos.example/clip.mp4`);
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(page).getByRole('link', { name: `${target.origin}/api/delete.wav` })).toBeVisible();
  await expect(lastAnswer(page).locator('.bot-files')).toHaveCount(1);
  await expect(lastAnswer(page).locator('audio, video')).toHaveCount(0);
  expect(fakePoe.redirectTarget.requests).toEqual([]);
});
