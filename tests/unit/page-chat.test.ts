import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { draftIsEmpty, draftMessage, initialPageState, reducePage, type PageAction, type PageState } from '@/components/page-state';
import { PreferenceStore } from '@/lib/chat/preferences';
import { createUiDoor, type ConnectedPage, type UiCommandContext } from '@/lib/chat/ui-commands';
import type { BackgroundEvent, Handoff, UiCommand } from '@/lib/messaging/contracts';
import { composeMessage, quoteSelection } from '@/lib/messaging/quote';
import { menuItems, MENU } from '@/lib/toolbar/menu';
import { PageAttach, readFailure } from '@/lib/toolbar/page-attach';
import { PageReadError } from '@/lib/toolbar/page-read-error';

/** A page driven through the reducer: state, and every command it would send. */
function page(start?: Partial<PageState>) {
  let ids = 0;
  let state: PageState = { ...initialPageState(), ...start };
  const sent: UiCommand[] = [];
  const act = (action: PageAction) => {
    const result = reducePage(state, action, () => `r${++ids}`);
    state = result.state;
    sent.push(...result.commands);
  };
  const event = (background: BackgroundEvent) => act({ type: 'event', event: background });
  const handoff = (h: Handoff) => event({ type: 'handoff', handoff: h });
  return { act, event, handoff, sent, get state() { return state; } };
}

const rivers = { text: 'The Rhine\nflows north.', title: 'Rivers', url: 'https://rivers.test/rhine' };
const lakes = { text: 'Lake Geneva', title: 'Lakes', url: 'https://lakes.test/' };
const file = (pendingId: string) => ({ pendingId, name: `${pendingId}.txt`, contentType: 'text/plain', size: 10 });

describe('quotes in the draft', () => {
  it('a selection asked about becomes a quote above the question, not text in it; the composer is focused', () => {
    const p = page();
    p.handoff({ kind: 'compose', text: '', attachments: [], quote: rivers });
    expect(p.state.draft).toBe('');
    expect(p.state.quotes).toEqual([{ ...rivers, id: expect.any(String) }]);
    expect(p.state.focusComposer).toBe(1);
    expect(draftIsEmpty(p.state)).toBe(false);
  });

  it('asks from the page add up: a second quote, a page, a capture; nothing written is lost', () => {
    const p = page();
    p.act({ type: 'setDraft', text: 'My question' });
    p.handoff({ kind: 'compose', text: '', attachments: [], quote: rivers });
    p.handoff({ kind: 'compose', text: '', attachments: [], quote: lakes });
    p.handoff({ kind: 'compose', text: 'About this page: “Rivers”', attachments: [file('page')] });
    p.handoff({ kind: 'compose', text: 'About this part of “Rivers”', attachments: [file('region')] });
    expect(p.state.quotes.map((quote) => quote.text)).toEqual([rivers.text, lakes.text]);
    expect(p.state.draft).toBe('My question\n\nAbout this page: “Rivers”\n\nAbout this part of “Rivers”');
    expect(p.state.attachments.map((each) => each.pendingId)).toEqual(['page', 'region']);
    // Nothing was empty: the page stays on its conversation (no new chat).
    expect(p.sent.filter((command) => command.type === 'selectConversation')).toEqual([]);
  });

  it('Send words the quotes and the question once, in that order, and empties the draft', () => {
    const p = page();
    p.handoff({ kind: 'compose', text: '', attachments: [], quote: rivers });
    p.handoff({ kind: 'compose', text: '', attachments: [], quote: lakes });
    p.act({ type: 'setDraft', text: '  Which is longer? ' });
    expect(draftMessage(p.state)).toBe(`${quoteSelection(rivers.text, rivers)}${quoteSelection(lakes.text, lakes)}Which is longer?`);
    p.act({ type: 'send', text: p.state.draft });
    const send = p.sent.find((command) => command.type === 'send');
    expect(send && 'text' in send && send.text).toBe(
      '> The Rhine\n> flows north.\n\n— from “Rivers” (https://rivers.test/rhine)\n\n> Lake Geneva\n\n— from “Lakes” (https://lakes.test/)\n\nWhich is longer?',
    );
    expect(p.state.quotes).toEqual([]);
    expect(p.state.draft).toBe('');
  });

  it('a quote alone can be sent; a removed quote is not sent', () => {
    const p = page();
    p.handoff({ kind: 'compose', text: '', attachments: [], quote: rivers });
    p.handoff({ kind: 'compose', text: '', attachments: [], quote: lakes });
    p.act({ type: 'removeQuote', id: p.state.quotes[0]!.id });
    p.act({ type: 'send', text: '' });
    const send = p.sent.find((command) => command.type === 'send');
    expect(send && 'text' in send && send.text).toBe(composeMessage([lakes], ''));
    expect(send && 'text' in send && send.text).not.toContain('Rhine');
  });

  it('a send that fails gives the quotes and the question back as they were, before what came since', () => {
    const p = page();
    p.handoff({ kind: 'compose', text: '', attachments: [], quote: rivers });
    p.act({ type: 'send', text: 'Why?' });
    const requestId = p.sent.find((command) => command.type === 'send')!.requestId;
    p.handoff({ kind: 'compose', text: '', attachments: [], quote: lakes });
    p.event({ type: 'commandFailed', requestId, command: 'send', error: { kind: 'network', message: 'Could not reach Poe.' } });
    expect(p.state.quotes.map((quote) => quote.text)).toEqual([rivers.text, lakes.text]);
    expect(p.state.draft).toBe('Why?');
  });

  it('a page restored from storage starts with its quotes', () => {
    const state = initialPageState('Why?', [{ ...rivers, id: 'q1' }]);
    expect(draftMessage(state)).toBe(`${quoteSelection(rivers.text, rivers)}Why?`);
  });
});

describe('This page', () => {
  const attached = { tabId: 5, title: 'Rivers', url: 'https://rivers.test/', chars: 1234 };

  it('asks the background once, shows the chip when the text arrives, offers Refresh when the tab navigates', () => {
    const p = page();
    p.act({ type: 'attachPage' });
    p.act({ type: 'attachPage' }); // a double click asks once
    const asks = p.sent.filter((command) => command.type === 'attachPage');
    expect(asks).toEqual([{ type: 'attachPage', requestId: 'r1' }]);
    expect(p.state.pageAttach).toEqual({ pending: true });

    p.event({ type: 'pageAttach', requestId: 'r1', result: { ok: true, attachment: file('page-1'), page: attached } });
    expect(p.state.pageAttach).toBeUndefined();
    expect(p.state.attachments).toEqual([{ ...file('page-1'), page: attached }]);

    p.event({ type: 'pageChanged', tabId: 5, closed: false });
    expect(p.state.attachments[0]?.page?.changed).toBe('navigated');

    p.act({ type: 'attachPage', tabId: 5 });
    expect(p.sent.at(-1)).toEqual({ type: 'attachPage', tabId: 5, requestId: 'r2' });
    p.event({ type: 'pageAttach', requestId: 'r2', result: { ok: true, attachment: file('page-2'), page: { ...attached, chars: 99 } } });
    // The refreshed text takes the old chip's place: attached once.
    expect(p.state.attachments).toEqual([{ ...file('page-2'), page: { ...attached, chars: 99 } }]);
  });

  it('combines with quotes and files, and is removable like a file', () => {
    const p = page();
    p.handoff({ kind: 'compose', text: '', attachments: [file('region')], quote: rivers });
    p.act({ type: 'attachPage' });
    const requestId = p.sent.at(-1)!.requestId;
    p.event({ type: 'pageAttach', requestId, result: { ok: true, attachment: file('page-1'), page: attached } });
    expect(p.state.attachments.map((each) => each.pendingId)).toEqual(['region', 'page-1']);
    p.act({ type: 'removeAttachment', pendingId: 'page-1' });
    expect(p.state.attachments.map((each) => each.pendingId)).toEqual(['region']);
    expect(p.state.quotes).toHaveLength(1);
  });

  it('a refusal is shown with the site to ask for; an answer to an older ask is ignored', () => {
    const p = page();
    p.event({ type: 'pageAttach', requestId: 'someone-else', result: { ok: true, attachment: file('x'), page: attached } });
    expect(p.state.attachments).toEqual([]);
    p.act({ type: 'attachPage' });
    const error = { kind: 'page' as const, message: 'Poe Toolbar is not allowed to read rivers.test.' };
    p.event({ type: 'pageAttach', requestId: 'r1', result: { ok: false, error, origin: 'https://rivers.test' } });
    expect(p.state.pageAttach).toEqual({ pending: false, error, origin: 'https://rivers.test' });
    p.act({ type: 'dismissPageError' });
    expect(p.state.pageAttach).toBeUndefined();
  });
});

describe('a lesser file offered instead (issue 14)', () => {
  const offer = { label: 'Ask about the title and description only', attachment: file('details') };
  const error = { kind: 'page' as const, message: 'This video has no captions; Poe Toolbar will not guess what it says.' };

  it('a page ask that could not be read shows why with the offer; taking it adds the file and the notice goes', () => {
    const p = page();
    p.act({ type: 'setDraft', text: 'Kept' });
    p.handoff({ kind: 'error', error, offer });
    expect(p.state.notice).toEqual({ ...error, offer });
    expect(p.state.attachments).toEqual([]);
    p.act({ type: 'takeOffer', offer });
    expect(p.state.attachments).toEqual([offer.attachment]);
    expect(p.state.notice).toBeUndefined();
    expect(p.state.draft).toBe('Kept');
  });

  it('"This page" on a video without captions says so and offers the same; a notice without an offer stays', () => {
    const p = page({ notice: { kind: 'network', message: 'Could not reach Poe.' } });
    p.act({ type: 'attachPage' });
    p.event({ type: 'pageAttach', requestId: 'r1', result: { ok: false, error, offer } });
    expect(p.state.pageAttach).toEqual({ pending: false, error, offer });
    p.act({ type: 'takeOffer', offer });
    expect(p.state.pageAttach).toBeUndefined();
    expect(p.state.attachments.map((each) => each.pendingId)).toEqual(['details']);
    expect(p.state.notice).toEqual({ kind: 'network', message: 'Could not reach Poe.' });
  });
});

describe('PageAttach (background)', () => {
  const read = async (tabId: number) => ({
    kind: 'page' as const,
    page: { title: 'Rivers', url: 'https://rivers.test/', chars: 42 },
    attachment: { ...file(`tab-${tabId}`), size: 60 },
  });

  it('reads the active tab, answers the asking page, and tells it once when that tab navigates or closes', async () => {
    const events: BackgroundEvent[] = [];
    const watcher = { post: (event: BackgroundEvent) => events.push(event) };
    const attach = new PageAttach({ activeTab: async () => ({ id: 9 }), readPage: read });
    await attach.attach('a1', undefined, watcher);
    expect(events).toEqual([
      { type: 'pageAttach', requestId: 'a1', result: { ok: true, attachment: { ...file('tab-9'), size: 60 }, page: { tabId: 9, title: 'Rivers', url: 'https://rivers.test/', chars: 42 } } },
    ]);
    attach.onTabUpdated(9, { status: 'complete' });
    attach.onTabUpdated(8, { status: 'loading' });
    expect(events).toHaveLength(1);
    attach.onTabUpdated(9, { status: 'loading' });
    attach.onTabUpdated(9, { status: 'loading' });
    expect(events.slice(1)).toEqual([{ type: 'pageChanged', tabId: 9, closed: false }]);

    await attach.attach('a2', 9, watcher);
    attach.forget(watcher);
    attach.onTabRemoved(9);
    expect(events.at(-1)).toMatchObject({ type: 'pageAttach', requestId: 'a2' });
  });

  it('says what happened when the browser refuses, naming the site when the browser did', async () => {
    const events: BackgroundEvent[] = [];
    const refusing = new PageAttach({
      activeTab: async () => ({ id: 3 }),
      readPage: async () => {
        throw new Error('Cannot access contents of url "https://news.test/story". Extension manifest must request permission to access this host.');
      },
    });
    await refusing.attach('b1', undefined, { post: (event) => events.push(event) });
    expect(events[0]).toMatchObject({ type: 'pageAttach', result: { ok: false, origin: 'https://news.test', error: { kind: 'page', message: expect.stringContaining('news.test') } } });

    expect(readFailure(new Error('Cannot access a chrome:// URL')).error.message).toMatch(/Browsers do not let extensions read this page/);
    // A reason people can act on is shown as it is, with what is offered instead.
    const offer = { label: 'Ask about the title and description only', attachment: file('details') };
    expect(readFailure(new PageReadError('This video has no captions.', offer))).toEqual({ error: { kind: 'page', message: 'This video has no captions.' }, offer });
    expect(readFailure(new Error('The extensions gallery cannot be scripted.')).origin).toBeUndefined();
    expect(readFailure(new Error('Missing host permission for the tab')).error.message).toMatch(/not allowed to read this site/);
    const none = new PageAttach({ activeTab: async () => undefined, readPage: read });
    await none.attach('b2', undefined, { post: (event) => events.push(event) });
    expect(events[1]).toMatchObject({ result: { ok: false, error: { message: 'There is no web page open in this window to attach.' } } });
  });
});

describe('translation preference', () => {
  beforeEach(() => fakeBrowser.reset());

  it('setTranslation through the door stores the language; noteTranslatedInto records the last one picked', async () => {
    const preferences = new PreferenceStore();
    const told: unknown[] = [];
    preferences.onChange((changed) => told.push(changed.translation));
    const posted: BackgroundEvent[] = [];
    const client: ConnectedPage = { conversationId: null, post: (event) => posted.push(event) };
    const door = createUiDoor({ engine: { ready: Promise.resolve() }, preferences } as unknown as UiCommandContext);

    await door({ type: 'setTranslation', requestId: 't1', into: 'ja' }, client);
    expect(posted).toEqual([{ type: 'done', requestId: 't1', command: 'setTranslation' }]);
    expect(await preferences.translation()).toEqual({ into: 'ja', lastUsed: null });
    await preferences.noteTranslatedInto('fr');
    await door({ type: 'setTranslation', requestId: 't2', into: null }, client);
    expect(await preferences.translation()).toEqual({ into: null, lastUsed: 'fr' });
    expect(told).toEqual([{ into: 'ja', lastUsed: null }, { into: 'ja', lastUsed: 'fr' }, { into: null, lastUsed: 'fr' }]);
  });

  it('the menu’s Translate item names the chosen language', () => {
    const title = (translation?: { into: string | null; lastUsed: string | null }) =>
      menuItems([], 'en-US', translation).find((item) => item.id === MENU.quick('translate'))?.title;
    expect(title()).toBe('Translate to English or Spanish');
    expect(title({ into: 'de', lastUsed: null })).toBe('Translate to German or English');
    expect(title({ into: 'zh-Hant', lastUsed: 'ko' })).toBe('Translate to Traditional Chinese or Korean');
  });

  it('attachPage without a tab reader is refused with a message, not thrown', async () => {
    const posted: BackgroundEvent[] = [];
    const door = createUiDoor({ engine: { ready: Promise.resolve() } } as unknown as UiCommandContext);
    await door({ type: 'attachPage', requestId: 'p1' }, { conversationId: null, post: (event) => posted.push(event) });
    expect(posted[0]).toMatchObject({ type: 'commandFailed', requestId: 'p1', error: { kind: 'page' } });
  });
});
