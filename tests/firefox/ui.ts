/**
 * Driving Poe Toolbar's UI in Firefox the way a person does: controls are found by their role and the name on screen
 * (label, aria-label, text), and clicked and typed into with Puppeteer's real input (WebDriver BiDi input actions).
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { BUBBLE_SCRIPT_ID } from '../../lib/messaging/bubble-script';
import { waitFor } from './firefox';

export type Role = 'button' | 'textbox' | 'combobox' | 'option' | 'alert' | 'status';

/** Runs in the page: the first visible element with this role whose accessible name matches. */
function findInPage(role: string, source: string, flags: string): Element | null {
  const wanted = new RegExp(source, flags);
  const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  const implicitRole = (el: Element): string => {
    const explicit = el.getAttribute('role');
    if (explicit) return explicit;
    const tag = el.tagName.toLowerCase();
    if (tag === 'button') return 'button';
    if (tag === 'textarea') return 'textbox';
    if (tag === 'select') return 'combobox';
    if (tag === 'option') return 'option';
    if (tag === 'summary') return 'button';
    if (tag === 'input') {
      const type = (el.getAttribute('type') ?? 'text').toLowerCase();
      if (['text', 'password', 'search', 'email', 'url', 'tel'].includes(type)) return 'textbox';
      if (type === 'button' || type === 'submit') return 'button';
    }
    return '';
  };
  const labelText = (label: Element) => {
    const copy = label.cloneNode(true) as Element;
    copy.querySelectorAll('input, select, textarea').forEach((control) => control.remove());
    return clean(copy.textContent);
  };
  const nameOf = (el: Element): string => {
    const labelledBy = el.getAttribute('aria-labelledby');
    if (labelledBy) return clean(labelledBy.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    const ariaLabel = el.getAttribute('aria-label');
    if (ariaLabel) return clean(ariaLabel);
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) {
      const labels = [...(el.labels ?? [])];
      if (labels.length > 0) return clean(labels.map(labelText).join(' '));
      return clean(el.getAttribute('placeholder'));
    }
    return clean((el as HTMLElement).innerText ?? el.textContent);
  };
  for (const el of document.querySelectorAll('*')) {
    if (implicitRole(el) !== role) continue;
    if (el.getClientRects().length === 0) continue;
    if (wanted.test(nameOf(el))) return el;
  }
  return null;
}

function toRegExp(name: string | RegExp): RegExp {
  return typeof name === 'string' ? new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : name;
}

/** Everything the page shows, for failure messages. */
export async function screenText(page: Page): Promise<string> {
  const text = await page.evaluate(() => document.body.innerText).catch(() => '(page gone)');
  return `The page shows:\n${text.slice(0, 1500)}`;
}

export async function query(page: Page, role: Role, name: string | RegExp): Promise<ElementHandle<Element> | undefined> {
  const pattern = toRegExp(name);
  const handle = await page.evaluateHandle(findInPage, role, pattern.source, pattern.flags);
  const element = handle.asElement() as ElementHandle<Element> | null;
  if (element) return element;
  await handle.dispose();
  return undefined;
}

export async function find(page: Page, role: Role, name: string | RegExp, timeout = 25_000): Promise<ElementHandle<Element>> {
  return waitFor(() => query(page, role, name), {
    timeout,
    describe: async () => `No ${role} named ${String(name)}. ${await screenText(page)}`,
  });
}

/** Clicks with real (trusted) input. */
export async function click(page: Page, role: Role, name: string | RegExp): Promise<void> {
  await (await find(page, role, name)).click();
}

/** Types into a field as a person would: click into it, select what is there, type over it. */
export async function fill(page: Page, role: Role, name: string | RegExp, text: string): Promise<void> {
  const field = await find(page, role, name);
  await field.click();
  await field.evaluate((el) => (el as HTMLInputElement).select());
  await field.type(text);
}

export async function textOf(page: Page, selector: string): Promise<string | undefined> {
  return page.evaluate((css) => (document.querySelector(css) as HTMLElement | null)?.innerText, selector);
}

/**
 * Picks a bot as a person would. The header picker is a searchable listbox ("Bot: <name>" opens it, "Search bots",
 * then the option); an older build had a plain <select> labelled "Bot", which is handled too.
 */
export async function chooseBot(page: Page, displayName: string): Promise<void> {
  const trigger = await waitFor(
    async () => (await query(page, 'button', /^Bot: /)) ?? (await query(page, 'combobox', 'Bot')),
    { describe: async () => `No bot picker. ${await screenText(page)}` },
  );
  const isSelect = await trigger.evaluate((el) => el instanceof HTMLSelectElement);
  if (isSelect) {
    const value = await trigger.evaluate(
      (el, name) => [...(el as HTMLSelectElement).options].find((option) => option.text.trim() === name)?.value,
      displayName,
    );
    if (value === undefined) throw new Error(`The Bot select has no ${displayName}. ${await screenText(page)}`);
    await trigger.select(value);
    return;
  }
  await trigger.click();
  await fill(page, 'combobox', 'Search bots', displayName);
  const escaped = displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await click(page, 'option', new RegExp(`^${escaped}\\s*(,|$)`));
  await find(page, 'button', `Bot: ${displayName}`);
}

/** Types a message in the composer and sends it with Enter (does not wait for the answer). */
export async function ask(page: Page, text: string): Promise<void> {
  await fill(page, 'textbox', 'Message', text);
  await page.keyboard.press('Enter');
}

export interface AnswerView {
  count: number;
  status: string | null;
  text: string;
  alert: string;
}

/** The last bot answer on screen: its data-status, its text and any alert in it. */
export async function lastAnswer(page: Page): Promise<AnswerView> {
  return page.evaluate(() => {
    const answers = document.querySelectorAll('article.message.bot');
    const last = answers[answers.length - 1] as HTMLElement | undefined;
    return {
      count: answers.length,
      status: last?.getAttribute('data-status') ?? null,
      text: (last?.querySelector('.text') as HTMLElement | null)?.innerText ?? '',
      alert: (last?.querySelector('[role=alert]') as HTMLElement | null)?.innerText ?? '',
    };
  });
}

/** Waits until the last answer has this data-status and returns it. */
export async function waitForAnswer(page: Page, status: string, timeout = 40_000): Promise<AnswerView> {
  return waitFor(
    async () => {
      const answer = await lastAnswer(page);
      return answer.status === status ? answer : undefined;
    },
    { timeout, describe: async () => `No answer with data-status="${status}": ${JSON.stringify(await lastAnswer(page).catch(() => null))}` },
  );
}

/** Waits until the last answer is streaming and shows at least `words` words. */
export async function waitForStreamingWords(page: Page, words: number, timeout = 25_000): Promise<AnswerView> {
  return waitFor(
    async () => {
      const answer = await lastAnswer(page);
      return answer.status === 'streaming' && answer.text.trim().split(/\s+/).length >= words ? answer : undefined;
    },
    { timeout, interval: 20, describe: async () => `No streaming answer with ${words} words: ${JSON.stringify(await lastAnswer(page).catch(() => null))}` },
  );
}

/** Waits until the last answer's text on screen matches `pattern` and returns the answer. */
export async function waitForAnswerText(page: Page, pattern: RegExp, timeout = 25_000): Promise<AnswerView> {
  return waitFor(
    async () => {
      const answer = await lastAnswer(page);
      return pattern.test(answer.text) ? answer : undefined;
    },
    { timeout, describe: async () => `The answer never read ${String(pattern)}: ${JSON.stringify(await lastAnswer(page).catch(() => null))}` },
  );
}

/**
 * Turns the selection bubble on as a person does: Settings → "Show Poe on text selection" (this suite's Firefox grants
 * access to all sites without a prompt), then back to the chat once the browser holds the registration, so pages
 * loaded from then on get the bubble.
 */
export async function turnOnBubble(page: Page): Promise<void> {
  const registered = () =>
    page.evaluate(async (id) => {
      const api = (globalThis as unknown as { browser: { scripting: { getRegisteredContentScripts(filter: { ids: string[] }): Promise<unknown[]> } } }).browser;
      return (await api.scripting.getRegisteredContentScripts({ ids: [id] })).length;
    }, BUBBLE_SCRIPT_ID);
  await click(page, 'button', 'Settings');
  const toggle = await page.waitForSelector('input[name=page-bubble]');
  await toggle!.click();
  await waitFor(async () => ((await registered()) === 1 ? true : undefined), { describe: async () => `Not registered. ${await screenText(page)}` });
  if (!(await toggle!.evaluate((el) => (el as HTMLInputElement).checked))) throw new Error('The switch did not stay on.');
  await click(page, 'button', 'Back to chat');
}
