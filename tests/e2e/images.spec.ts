import { expect, test } from './fixtures';
import { ask, chooseBot } from './helpers';

const lastAnswer = (page: import('@playwright/test').Page) => page.locator('article.message.bot').last();

test('a loopback image in an answer sends nothing until the click that names its host and port', async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  // Another loopback origin (the redirect target records every request that reaches it), like a local model server.
  const target = new URL(fakePoe.redirectTarget.url);
  await ask(page, `![x](${target.origin}/api/delete?model=all)`);
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  const load = lastAnswer(page).getByRole('button', { name: `Load image from ${target.host}` });
  await expect(load).toBeVisible();
  await expect(lastAnswer(page).locator('img')).toHaveCount(0);
  expect(fakePoe.redirectTarget.requests).toEqual([]);

  await load.click();
  // Fetched as bytes on the user's word; not an image, so it becomes a link that says so.
  await expect(lastAnswer(page).getByRole('link', { name: `x: image from ${target.host} could not be shown here; open it in a new tab` })).toBeVisible();
  expect(fakePoe.redirectTarget.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/delete?model=all']);
  expect(fakePoe.redirectTarget.requests[0]?.headers.authorization).toBeUndefined();
});

test("the local Poe server's own images load by themselves, from bytes; the CSP lets no <img> reach plain http", async ({ signIn, openExtensionPage, fakePoe }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Image-Bot');
  await ask(page, 'Draw');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  const image = lastAnswer(page).locator('.text img');
  await expect(image).toHaveAttribute('src', /^blob:/);
  await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

  // Whatever a renderer bug let through, the page's CSP refuses an http image (the fake server's own included).
  const refused = await page.evaluate(
    (src) =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (event) => resolve(event.effectiveDirective), { once: true });
        const img = document.createElement('img');
        img.src = src;
        document.body.append(img);
      }),
    `${fakePoe.url}/icons/echo.svg`,
  );
  expect(refused).toBe('img-src');
});

test('a link whose text names another site shows where it really goes', async ({ signIn, openExtensionPage }) => {
  await signIn();
  const page = await openExtensionPage('sidepanel.html');
  await chooseBot(page, 'Echo-Bot');
  await ask(page, 'Sign in at [paypal.com](https://paypal.com.evil.example/login) or see [the docs](https://docs.example/)');
  await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
  await expect(lastAnswer(page).getByRole('link', { name: 'paypal.com (goes to paypal.com.evil.example)' })).toHaveAttribute(
    'href',
    'https://paypal.com.evil.example/login',
  );
  await expect(lastAnswer(page).getByRole('link', { name: 'the docs', exact: true })).toBeVisible();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshot: images waiting for a click, one that could not load, a link naming its real host (${scheme})`, async ({ signIn, openExtensionPage, fakePoe }) => {
    await signIn();
    const page = await openExtensionPage('sidepanel.html');
    await page.setViewportSize({ width: 400, height: 720 });
    await page.emulateMedia({ colorScheme: scheme });
    await chooseBot(page, 'Echo-Bot');
    const target = new URL(fakePoe.redirectTarget.url);
    await ask(
      page,
      `Look: ![router admin](http://192.168.1.1/cam.png) ![model](${target.origin}/x.png) ![chart](https://images.example/chart.png)\n\nSign in at [paypal.com](https://paypal.com.evil.example/login).`,
    );
    await expect(lastAnswer(page)).toHaveAttribute('data-status', 'complete');
    await lastAnswer(page).getByRole('button', { name: `Load image from ${target.host}` }).click();
    await expect(lastAnswer(page).getByRole('link', { name: /^model: image from/ })).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/sidepanel-untrusted-images-${scheme}.png` });
  });
}
