import type { CDPSession, Page, Worker } from '@playwright/test';
import { BUBBLE_HOST_TAG, BUBBLE_SCRIPT_ID } from '../../lib/messaging/page-door';
import { BUBBLE_HOST_TAG_NAME } from './bubble-facts';
import { expect } from './fixtures';

/**
 * Test-side access to the selection bubble. Its shadow root is closed, so neither the page nor Playwright's locators
 * can reach inside; the tests do it the way DevTools does, through the Chrome DevTools Protocol (DOM.getDocument with
 * `pierce`), and act on what they find with the real mouse and keyboard.
 */

/** The switch in Settings → On web pages. */
export const bubbleSwitch = (panel: Page) => panel.getByRole('switch', { name: 'Show Poe on text selection' });

/** What the browser holds for the bubble script (none while it is off). */
export type Registered = { id: string; js?: string[]; matches?: string[]; excludeMatches?: string[]; allFrames?: boolean; runAt?: string };
export const registered = (serviceWorker: Worker) =>
  serviceWorker.evaluate((id) => chrome.scripting.getRegisteredContentScripts({ ids: [id] }), BUBBLE_SCRIPT_ID) as Promise<Registered[]>;

/** Opens Settings in the side panel's page. */
export async function openSettings(panel: Page): Promise<void> {
  await panel.getByRole('button', { name: 'Settings' }).click();
  await expect(panel.getByRole('heading', { name: 'On web pages' })).toBeVisible();
}

/**
 * Turns the bubble on as a person does: Settings → "Show Poe on text selection". Needs a build that holds access to
 * all sites already (the e2e build: headless Chromium cannot answer the permission prompt). Waits until the browser
 * holds the registration, so pages loaded afterwards get the bubble; the Settings tab is closed again.
 */
export async function turnOnBubble(openExtensionPage: (name: string) => Promise<Page>, serviceWorker: Worker): Promise<void> {
  const panel = await openExtensionPage('sidepanel.html');
  await openSettings(panel);
  await expect(bubbleSwitch(panel)).not.toBeChecked();
  await bubbleSwitch(panel).click();
  await expect(bubbleSwitch(panel)).toBeChecked();
  await expect.poll(async () => (await registered(serviceWorker)).map((script) => script.id)).toEqual([BUBBLE_SCRIPT_ID]);
  await panel.close();
}

interface CdpNode {
  nodeId: number;
  nodeName: string;
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

/** The shadow roots of every bubble host in the page and its frames, in document order (main frame first). */
async function bubbleRoots(page: Page): Promise<{ cdp: CDPSession; roots: number[] }> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const roots: number[] = [];
  // A document's own bubble first, then its frames' (a frame's document is visited after the page's).
  const documents: CdpNode[] = [root];
  const walk = (node: CdpNode) => {
    if (node.nodeName === BUBBLE_HOST_TAG_NAME && node.shadowRoots?.[0]) roots.push(node.shadowRoots[0].nodeId);
    for (const child of node.children ?? []) walk(child);
    if (node.contentDocument) documents.push(node.contentDocument);
  };
  for (let i = 0; i < documents.length; i++) walk(documents[i]!);
  return { cdp, roots };
}

/** Runs `fn(shadowRoot, arg)` against the `which`-th bubble's closed root; undefined when there is none. */
export async function inBubble<T>(page: Page, fn: string, arg: unknown = null, which = 0): Promise<T | undefined> {
  const { cdp, roots } = await bubbleRoots(page);
  try {
    const nodeId = roots[which];
    if (nodeId === undefined) return undefined;
    const { object } = (await cdp.send('DOM.resolveNode', { nodeId })) as { object: { objectId: string } };
    const result = (await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: fn,
      arguments: [{ value: arg }],
      returnByValue: true,
      awaitPromise: true,
    })) as { result: { value: T } };
    return result.result.value;
  } finally {
    await cdp.detach();
  }
}

/** An element's name as a person hears it: its text without the parts hidden from assistive technology. */
const NAME = `const name = (e) => { const c = e.cloneNode(true); c.querySelectorAll('[aria-hidden="true"]').forEach((h) => h.remove()); return c.textContent.replace(/\\s+/g, ' ').trim(); };`;

/** The visible text of the first element matching `selector` in the bubble ('' when absent). */
export const bubbleText = (page: Page, selector: string, which = 0) =>
  inBubble<string>(page, `function (s) { const e = this.querySelector(s); return e ? e.innerText : ''; }`, selector, which).then((v) => v ?? '');

/** Labels of the bubble's visible buttons matching `selector`. */
export const bubbleButtons = (page: Page, selector: string, which = 0) =>
  inBubble<string[]>(
    page,
    `function (s) { ${NAME} return [...this.querySelectorAll(s)].filter((e) => !e.hidden && e.getClientRects().length > 0).map((e) => e.getAttribute('aria-label') || name(e)); }`,
    selector,
    which,
  ).then((v) => v ?? []);

/**
 * Clicks the bubble's visible element matching `selector` whose text or label is `label`, with the real mouse at its
 * centre (offset by its frame's position when it is in a frame).
 */
export async function clickInBubble(page: Page, selector: string, label: string | null = null, which = 0): Promise<void> {
  const box = await inBubble<{ x: number; y: number } | null>(
    page,
    `function ([s, label]) {
      ${NAME}
      const e = [...this.querySelectorAll(s)].find((each) => !each.hidden && each.getClientRects().length > 0 && (label === null || name(each) === label || each.getAttribute('aria-label') === label));
      if (!e) return null;
      e.scrollIntoView({ block: 'nearest' });
      const r = e.getBoundingClientRect();
      let x = r.left + r.width / 2, y = r.top + r.height / 2;
      for (let w = e.ownerDocument.defaultView; w && w.frameElement; w = w.parent) {
        const f = w.frameElement.getBoundingClientRect();
        x += f.left + w.frameElement.clientLeft; y += f.top + w.frameElement.clientTop;
      }
      return { x, y };
    }`,
    [selector, label],
    which,
  );
  if (!box) throw new Error(`Nothing in the bubble matches ${selector} ${label ?? ''}`);
  await page.mouse.click(box.x, box.y);
}

/** How many bubble hosts the page (and its frames) holds, and whether any shows something. */
export const bubbleShows = (page: Page, selector: string, which = 0) =>
  inBubble<boolean>(page, `function (s) { const e = this.querySelector(s); return !!e && e.getClientRects().length > 0; }`, selector, which).then(Boolean);

/** How many bubble hosts the page's own document holds (its frames not counted). */
export const bubbleHosts = (page: Page) => page.evaluate((tag) => document.querySelectorAll(tag).length, BUBBLE_HOST_TAG);
