import { describe, expect, test } from 'vitest';
import type { Menus, Tabs } from 'webextension-polyfill';
import type { ContentMessage } from '@/lib/messaging/content-contracts';
import type { Handoff, PromptAction, TranslationPreferences } from '@/lib/messaging/contracts';
import type { PendingSource } from '@/lib/messaging/file-door';
import type { ContentApi, FrameTarget } from '@/lib/platform/page-scripting';
import { HandoffQueue } from '@/lib/toolbar/handoff';
import { MENU } from '@/lib/toolbar/menu';
import { NO_CAPTIONS_MESSAGE, PageAsks, type PageAskDeps } from '@/lib/toolbar/page-asks';
import { PageReadError } from '@/lib/toolbar/page-read-error';

const PAGE_URL = 'https://example.test/rivers';
const TITLE = 'Rivers of Europe';
const TAB_ID = 4;
const WINDOW_ID = 7;
const SELECTED_BOT = 'Selected-Bot';

/** Bytes that stand for a PNG (nothing here decodes them) and the data URL the browser would hand back. */
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const PNG_DATA_URL = `data:image/png;base64,${Buffer.from(PNG_BYTES).toString('base64')}`;

type ContentFakes = { [K in keyof ContentApi]?: (...args: Parameters<ContentApi[K]>) => ReturnType<ContentApi[K]> | Promise<Awaited<ReturnType<ContentApi[K]>>> };

interface Options {
  content?: ContentFakes;
  actions?: PromptAction[];
  locale?: string;
  startConversation?: PageAskDeps['startConversation'];
  translation?: TranslationPreferences;
  readPdf?: PageAskDeps['readPdf'];
  readVideo?: PageAskDeps['readVideo'];
  tabUrl?: string;
}

/** PageAsks with every dependency faked and recorded, and a side panel already connected that records its handoffs. */
function harness(options: Options = {}) {
  const handoffs: Handoff[] = [];
  const started: { bot: string; text: string; attachments?: unknown[] }[] = [];
  const parked: { id: string; source: Blob | PendingSource; name: string }[] = [];
  const contentCalls: { target: FrameTarget; method: string; args: unknown[] }[] = [];
  const captures: number[] = [];
  const crops: { dataUrl: string; rect: unknown; viewport: unknown }[] = [];
  const cropped = new Blob([new Uint8Array([9, 8, 7, 6, 5])], { type: 'image/png' });

  const handoff = new HandoffQueue();
  handoff.panelConnected({ post: (event) => handoffs.push(event.handoff) });

  const content = options.content ?? {};
  const callContent = (async (target: FrameTarget, method: keyof ContentApi, ...args: unknown[]) => {
    contentCalls.push({ target, method, args });
    const fake = content[method] as ((...a: unknown[]) => unknown) | undefined;
    if (!fake) throw new Error('Poe Toolbar could not read this page.');
    return fake(...args);
  }) as PageAskDeps['callContent'];

  const deps: PageAskDeps = {
    handoff,
    startConversation:
      options.startConversation ??
      (async (bot, text, attachments) => {
        started.push({ bot, text, ...(attachments.length > 0 ? { attachments } : {}) });
        return { conversationId: `conversation-${started.length}` };
      }),
    selectedBot: async () => SELECTED_BOT,
    promptActions: async () => options.actions ?? [],
    translation: async () => options.translation ?? { into: null, lastUsed: null },
    callContent,
    captureVisible: async (windowId) => {
      captures.push(windowId);
      return PNG_DATA_URL;
    },
    crop: async (dataUrl, rect, viewport) => {
      crops.push({ dataUrl, rect, viewport });
      return cropped;
    },
    readPdf: options.readPdf ?? (async () => Promise.reject(new Error('no PDF here'))),
    readVideo: options.readVideo ?? (async () => ({ kind: 'none' })),
    tabUrl: async () => options.tabUrl,
    putPending: async (source, name) => {
      const id = `pending-${parked.length + 1}`;
      parked.push({ id, source, name });
      return id;
    },
    locale: options.locale ?? 'en-US',
  };
  return { asks: new PageAsks(deps), handoffs, started, parked, contentCalls, captures, crops, cropped };
}

const tab = (extra: Partial<Tabs.Tab> = {}): Tabs.Tab =>
  ({ id: TAB_ID, windowId: WINDOW_ID, title: TITLE, url: PAGE_URL, index: 0, highlighted: true, active: true, pinned: false, incognito: false, ...extra }) as Tabs.Tab;

const click = (menuItemId: string, extra: Partial<Menus.OnClickData> = {}): Menus.OnClickData => ({
  menuItemId,
  editable: false,
  modifiers: [],
  frameId: 0,
  pageUrl: PAGE_URL,
  ...extra,
});

const bytes = async (source: Blob | PendingSource) => new Uint8Array(await (source as Blob).arrayBuffer());

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('Ask Poe about the selection', () => {
  test('hands the selection as the content script reads it (line breaks kept) to the composer as a quote of its own', async () => {
    const { asks, handoffs, contentCalls, started, parked } = harness({
      content: { readSelection: () => ({ text: 'First line\nSecond line\n\nAfter a blank', title: 'In the frame', url: 'https://frame.test/' }) },
    });
    await asks.onMenuClick(click(MENU.askSelection, { frameId: 3, selectionText: 'First line Second line After a blank' }), tab());

    expect(contentCalls).toEqual([{ target: { tabId: TAB_ID, frameId: 3 }, method: 'readSelection', args: [] }]);
    expect(handoffs).toEqual([
      {
        kind: 'compose',
        text: '',
        attachments: [],
        quote: { text: 'First line\nSecond line\n\nAfter a blank', title: 'In the frame', url: 'https://frame.test/' },
      },
    ]);
    expect(started).toEqual([]);
    expect(parked).toEqual([]);
  });

  test('falls back to the menu’s flattened selectionText when the page refuses to be read', async () => {
    const { asks, handoffs } = harness({
      content: {
        readSelection: () => {
          throw new Error('Cannot access contents of the page');
        },
      },
    });
    await asks.onMenuClick(click(MENU.askSelection, { selectionText: 'flattened words' }), tab());
    expect(handoffs).toEqual([{ kind: 'compose', text: '', attachments: [], quote: { text: 'flattened words', title: TITLE, url: PAGE_URL } }]);
  });

  test('falls back to selectionText when the content script finds no selection (e.g. inside a text field)', async () => {
    const { asks, handoffs } = harness({ content: { readSelection: () => ({ text: '  \n', title: 'x', url: 'https://x.test/' }) } });
    await asks.onMenuClick(click(MENU.askSelection, { selectionText: 'typed text' }), tab());
    expect(handoffs).toEqual([{ kind: 'compose', text: '', attachments: [], quote: { text: 'typed text', title: TITLE, url: PAGE_URL } }]);
  });

  test('a click without a tab does nothing', async () => {
    const { asks, handoffs, contentCalls } = harness({ content: { readSelection: () => ({ text: 'x', title: '', url: '' }) } });
    await asks.onMenuClick(click(MENU.askSelection, { selectionText: 'x' }), undefined);
    expect(handoffs).toEqual([]);
    expect(contentCalls).toEqual([]);
  });
});

describe('quick actions', () => {
  const selection = { text: 'Il pleut\nsur la ville', title: TITLE, url: PAGE_URL };
  const quote = `> Il pleut\n> sur la ville\n\n— from “${TITLE}” (${PAGE_URL})\n\n`;

  test.each([
    ['explain', 'Explain this clearly and concisely.'],
    ['summarize', 'Summarize this in a few bullet points.'],
    [
      'translate',
      'Translate this into German. If it is already in German, translate it into English instead. Reply with the translation only.',
    ],
  ] as const)('%s is sent at once to the selected bot, then the panel opens that conversation', async (action, instruction) => {
    const { asks, handoffs, started, parked } = harness({ content: { readSelection: () => selection }, locale: 'de-DE' });
    await asks.onMenuClick(click(MENU.quick(action), { selectionText: 'Il pleut sur la ville' }), tab());

    expect(started).toEqual([{ bot: SELECTED_BOT, text: `${quote}${instruction}` }]);
    expect(handoffs).toEqual([{ kind: 'open', conversationId: 'conversation-1' }]);
    expect(parked).toEqual([]);
  });

  test('translate in an English browser: into English, or Spanish when the text is English already', async () => {
    const { asks, started } = harness({ content: { readSelection: () => selection }, locale: 'en-GB' });
    await asks.onMenuClick(click(MENU.quick('translate')), tab());
    expect(started[0]?.text).toBe(
      `${quote}Translate this into English. If it is already in English, translate it into Spanish instead. Reply with the translation only.`,
    );
  });

  test('translate goes into the language chosen in Settings, or the one last picked when the text is in it already', async () => {
    const { asks, started } = harness({ content: { readSelection: () => selection }, locale: 'en-GB', translation: { into: 'ja', lastUsed: 'fr' } });
    await asks.onMenuClick(click(MENU.quick('translate')), tab());
    expect(started[0]?.text).toBe(
      `${quote}Translate this into Japanese. If it is already in Japanese, translate it into French instead. Reply with the translation only.`,
    );
  });

  test('the panel is told to open the conversation only once it exists', async () => {
    const asked = deferred<{ bot: string; text: string }>();
    const created = deferred<{ conversationId: string }>();
    const { asks, handoffs } = harness({
      content: { readSelection: () => selection },
      startConversation: (bot, text) => {
        asked.resolve({ bot, text });
        return created.promise;
      },
    });
    const clicked = asks.onMenuClick(click(MENU.quick('explain')), tab());

    // The question has gone to the engine, which has not made the conversation yet: the panel hears nothing so far.
    expect((await asked.promise).bot).toBe(SELECTED_BOT);
    expect(handoffs).toEqual([]);

    created.resolve({ conversationId: 'made-now' });
    await clicked;
    expect(handoffs).toEqual([{ kind: 'open', conversationId: 'made-now' }]);
  });
});

describe('Ask Poe about this page', () => {
  test('parks the page text as a text file and hands the composer a line about the page with it attached', async () => {
    const { asks, handoffs, parked, contentCalls } = harness({
      content: { extractPage: () => ({ title: 'Rivers: of Europe?', url: PAGE_URL, text: 'The Rhine flows north.', usedReadability: true, contentType: 'text/html' }) },
    });
    await asks.onMenuClick(click(MENU.askPage), tab());

    expect(contentCalls.map((call) => call.method)).toEqual(['extractPage']);
    expect(parked).toHaveLength(1);
    const file = parked[0]!;
    expect(file.name).toBe('Rivers of Europe.txt');
    expect(file.source).toBeInstanceOf(Blob);
    const body = `Rivers: of Europe?\n${PAGE_URL}\n\nThe Rhine flows north.`;
    expect(await (file.source as Blob).text()).toBe(body);
    expect(handoffs).toEqual([
      {
        kind: 'compose',
        text: `About this page: “Rivers: of Europe?” (${PAGE_URL})\n\n`,
        attachments: [{ pendingId: 'pending-1', name: 'Rivers of Europe.txt', contentType: 'text/plain', size: new Blob([body]).size }],
      },
    ]);
  });
});

describe('PDFs and videos (issue 14)', () => {
  const PDF_URL = 'https://papers.test/rivers.pdf';
  const pdfAttachment = {
    pendingId: 'pdf-1',
    name: 'Rivers.pdf',
    contentType: 'application/pdf',
    size: 2048,
    source: { kind: 'pdf' as const, url: PDF_URL, title: 'Rivers of Europe', pages: 3, textChars: 900 },
  };
  const transcript = {
    kind: 'transcript' as const,
    title: 'The Rhine in 10 minutes',
    url: 'https://www.youtube.com/watch?v=abc',
    chars: 1200,
    attachment: {
      pendingId: 'video-1',
      name: 'Transcript – The Rhine in 10 minutes.txt',
      contentType: 'text/plain',
      size: 1300,
      source: { kind: 'video' as const, url: 'https://www.youtube.com/watch?v=abc', title: 'The Rhine in 10 minutes', captions: 'manual' as const },
    },
  };

  test("Chrome's PDF viewer (a document of type application/pdf) is read as the PDF, not as its empty page", async () => {
    const asked: { url: string; title: string }[] = [];
    const { asks, handoffs, parked } = harness({
      content: { extractPage: () => ({ title: 'rivers.pdf', url: PDF_URL, text: '', usedReadability: false, contentType: 'application/pdf' }) },
      readPdf: async (pdf) => {
        asked.push(pdf);
        return pdfAttachment;
      },
    });
    await asks.onMenuClick(click(MENU.askPdf, { pageUrl: PDF_URL }), tab({ url: PDF_URL }));
    expect(asked).toEqual([{ url: PDF_URL, title: 'rivers.pdf' }]);
    expect(parked).toEqual([]);
    expect(handoffs).toEqual([{ kind: 'compose', text: `About this PDF: “Rivers of Europe” (${PDF_URL})\n\n`, attachments: [pdfAttachment] }]);
  });

  test("a tab no script may run in (Firefox's PDF viewer) is read as a PDF when its address names one, and refused otherwise", async () => {
    const asked: string[] = [];
    const refusing = { extractPage: () => { throw new Error('Missing host permission for the tab'); } };
    const readPdf = async (pdf: { url: string }) => {
      asked.push(pdf.url);
      return pdfAttachment;
    };
    const pdfTab = harness({ content: refusing, readPdf, tabUrl: PDF_URL });
    await expect(pdfTab.asks.readPage({ tabId: TAB_ID, frameId: 0 })).resolves.toMatchObject({ kind: 'pdf', page: { title: 'Rivers of Europe', chars: 900 } });
    expect(asked).toEqual([PDF_URL]);

    const htmlTab = harness({ content: refusing, readPdf, tabUrl: 'https://papers.test/about' });
    await expect(htmlTab.asks.readPage({ tabId: TAB_ID, frameId: 0 })).rejects.toThrow('Missing host permission');
    expect(asked).toEqual([PDF_URL]);
  });

  test('a watch page gives its transcript, never its text (comments and recommendations)', async () => {
    const { asks, handoffs, parked } = harness({
      content: { extractPage: () => ({ title: 'Watch', url: transcript.url, text: 'Great video! Up next: cats', usedReadability: false, contentType: 'text/html' }) },
      readVideo: async (_target, srcUrl) => (srcUrl === undefined ? transcript : { kind: 'none' }),
    });
    await asks.onMenuClick(click(MENU.askPage), tab());
    expect(parked).toEqual([]);
    expect(handoffs).toEqual([
      { kind: 'compose', text: `About this video: “The Rhine in 10 minutes” (${transcript.url})\n\n`, attachments: [transcript.attachment] },
    ]);
  });

  test('"Summarize this video" asks at once with the transcript attached and asks for [m:ss] times', async () => {
    const seen: (string | undefined)[] = [];
    const { asks, started, handoffs } = harness({
      readVideo: async (_target, srcUrl) => {
        seen.push(srcUrl);
        return transcript;
      },
    });
    await asks.onMenuClick(click(MENU.summarizeVideo, { srcUrl: 'https://media.test/clip.webm' }), tab());
    expect(seen).toEqual(['https://media.test/clip.webm']);
    expect(started).toHaveLength(1);
    expect(started[0]!.text).toContain('[m:ss]');
    expect(started[0]!.text).toContain(transcript.url);
    expect(started[0]!.attachments).toEqual([transcript.attachment]);
    expect(handoffs).toEqual([{ kind: 'open', conversationId: 'conversation-1' }]);
  });

  test('a video without captions is refused in plain words, with its title and description offered and labelled', async () => {
    const offer = { label: 'Ask about the title and description only', attachment: { ...transcript.attachment, pendingId: 'details-1' } };
    const { asks, started } = harness({
      content: { extractPage: () => ({ title: 'Silent', url: transcript.url, text: 'Comments', usedReadability: false, contentType: 'text/html' }) },
      readVideo: async () => ({ kind: 'noCaptions', offer, title: 'Silent', url: transcript.url }),
    });
    const failure = asks.readPage({ tabId: TAB_ID, frameId: 0 });
    await expect(failure).rejects.toBeInstanceOf(PageReadError);
    await expect(failure).rejects.toMatchObject({ message: NO_CAPTIONS_MESSAGE, offer });
    await expect(asks.onMenuClick(click(MENU.summarizeVideoPage), tab())).rejects.toMatchObject({ offer });
    expect(started).toEqual([]);
  });

  test('the video items on a page with no such video say so instead of reading the page', async () => {
    const { asks, parked } = harness({ content: { extractPage: () => ({ title: 'x', url: PAGE_URL, text: 'x', usedReadability: false, contentType: 'text/html' }) } });
    await expect(asks.onMenuClick(click(MENU.askVideoPage), tab())).rejects.toThrow(/no video with captions/);
    expect(parked).toEqual([]);
  });

  test('the selection shortcut with nothing selected asks about what the tab shows', async () => {
    const { asks, handoffs } = harness({
      content: {
        readSelection: () => ({ text: '', title: 'rivers.pdf', url: PDF_URL }),
        extractPage: () => ({ title: 'rivers.pdf', url: PDF_URL, text: '', usedReadability: false, contentType: 'application/pdf' }),
      },
      readPdf: async () => pdfAttachment,
    });
    await asks.onMenuClick(click(MENU.askSelection, { selectionText: '' }), tab({ url: PDF_URL }));
    expect(handoffs).toEqual([{ kind: 'compose', text: `About this PDF: “Rivers of Europe” (${PDF_URL})\n\n`, attachments: [pdfAttachment] }]);
  });
});

describe('Ask Poe about this image', () => {
  test('an http(s) image is parked as its URL (Poe fetches it), typed from its name', async () => {
    const { asks, handoffs, parked } = harness();
    const srcUrl = 'https://cdn.example.test/photos/the%20rhine.JPG?w=800';
    await asks.onMenuClick(click(MENU.askImage, { srcUrl }), tab());

    expect(parked).toEqual([{ id: 'pending-1', source: { url: srcUrl }, name: 'the rhine.JPG' }]);
    expect(handoffs).toEqual([
      {
        kind: 'compose',
        text: `About this image from “${TITLE}” (${PAGE_URL})\n\n`,
        attachments: [{ pendingId: 'pending-1', name: 'the rhine.JPG', contentType: 'image/jpeg', size: 0 }],
      },
    ]);
  });

  test('a data: image is parked as its bytes', async () => {
    const { asks, handoffs, parked } = harness();
    await asks.onMenuClick(click(MENU.askImage, { srcUrl: PNG_DATA_URL }), tab());

    expect(parked).toHaveLength(1);
    expect(parked[0]!.name).toBe('image.png');
    expect(await bytes(parked[0]!.source)).toEqual(PNG_BYTES);
    expect(handoffs).toEqual([
      {
        kind: 'compose',
        text: `About this image from “${TITLE}” (${PAGE_URL})\n\n`,
        attachments: [{ pendingId: 'pending-1', name: 'image.png', contentType: 'image/png', size: PNG_BYTES.length }],
      },
    ]);
  });

  test('any other image URL (blob:, file:) is left alone', async () => {
    const { asks, handoffs, parked } = harness();
    await asks.onMenuClick(click(MENU.askImage, { srcUrl: 'blob:https://example.test/1234' }), tab());
    await asks.onMenuClick(click(MENU.askImage, { srcUrl: 'file:///home/me/cat.png' }), tab());
    expect(parked).toEqual([]);
    expect(handoffs).toEqual([]);
  });
});

describe('Ask Poe about this link', () => {
  test('a link the page can read (same origin) comes with its text as a file', async () => {
    const linkUrl = 'https://example.test/rhine';
    const { asks, handoffs, parked, contentCalls } = harness({
      content: { readLink: async () => ({ title: 'The Rhine', text: 'It rises in the Alps.' }) },
    });
    await asks.onMenuClick(click(MENU.askLink, { linkUrl, linkText: ' Read about the Rhine ' }), tab());

    expect(contentCalls).toEqual([{ target: { tabId: TAB_ID, frameId: 0 }, method: 'readLink', args: [linkUrl] }]);
    const body = `The Rhine\n${linkUrl}\n\nIt rises in the Alps.`;
    expect(parked.map((file) => file.name)).toEqual(['The Rhine.txt']);
    expect(await (parked[0]!.source as Blob).text()).toBe(body);
    expect(handoffs).toEqual([
      {
        kind: 'compose',
        text: `About this link: [Read about the Rhine](${linkUrl})\n\n`,
        attachments: [{ pendingId: 'pending-1', name: 'The Rhine.txt', contentType: 'text/plain', size: new Blob([body]).size }],
      },
    ]);
  });

  test('a link the page cannot read (other origin, or the page refuses) comes as the link alone', async () => {
    const other = 'https://elsewhere.test/page';
    const refusing = harness({
      content: {
        readLink: async () => {
          throw new Error('Cannot access contents of the page');
        },
      },
    });
    await refusing.asks.onMenuClick(click(MENU.askLink, { linkUrl: other }), tab());
    expect(refusing.parked).toEqual([]);
    expect(refusing.handoffs).toEqual([{ kind: 'compose', text: `About this link: [${other}](${other})\n\n`, attachments: [] }]);

    const crossOrigin = harness({ content: { readLink: async () => ({}) } });
    await crossOrigin.asks.onMenuClick(click(MENU.askLink, { linkUrl: other, linkText: 'Elsewhere' }), tab());
    expect(crossOrigin.parked).toEqual([]);
    expect(crossOrigin.handoffs).toEqual([{ kind: 'compose', text: `About this link: [Elsewhere](${other})\n\n`, attachments: [] }]);
  });

  test('a link that is not http(s) is not read at all', async () => {
    const { asks, handoffs, contentCalls } = harness({ content: { readLink: async () => ({ text: 'never', title: 'never' }) } });
    await asks.onMenuClick(click(MENU.askLink, { linkUrl: 'mailto:someone@example.test', linkText: 'Write' }), tab());
    expect(contentCalls).toEqual([]);
    expect(handoffs).toEqual([{ kind: 'compose', text: 'About this link: [Write](mailto:someone@example.test)\n\n', attachments: [] }]);
  });
});

describe('the user’s prompt actions', () => {
  const actions: PromptAction[] = [
    { id: 'reply', title: 'Reply politely', template: 'Reply to:\n{selection}\n(seen on {title}, {url}) {unknown}', bot: 'Claude-Bot' },
    { id: 'digest', title: 'Digest', template: 'Digest {url} titled {title}' },
  ];

  test('fills {selection} (line breaks kept), {url} and {title} and sends to the action’s own bot', async () => {
    const { asks, handoffs, started } = harness({
      actions,
      content: { readSelection: () => ({ text: 'one\ntwo', title: TITLE, url: PAGE_URL }) },
    });
    await asks.onMenuClick(click(MENU.action('reply'), { selectionText: 'one two' }), tab());

    expect(started).toEqual([{ bot: 'Claude-Bot', text: `Reply to:\none\ntwo\n(seen on ${TITLE}, ${PAGE_URL}) {unknown}` }]);
    expect(handoffs).toEqual([{ kind: 'open', conversationId: 'conversation-1' }]);
  });

  test('an action without a bot goes to the selected bot, and one without {selection} does not read the page', async () => {
    const { asks, handoffs, started, contentCalls } = harness({
      actions,
      content: { readSelection: () => ({ text: 'unused', title: '', url: '' }) },
    });
    await asks.onMenuClick(click(MENU.action('digest'), { frameUrl: 'https://frame.test/inner' }), tab());

    expect(contentCalls).toEqual([]);
    expect(started).toEqual([{ bot: SELECTED_BOT, text: `Digest https://frame.test/inner titled ${TITLE}` }]);
    expect(handoffs).toEqual([{ kind: 'open', conversationId: 'conversation-1' }]);
  });

  test('an action that no longer exists does nothing', async () => {
    const { asks, handoffs, started } = harness({ actions });
    await asks.onMenuClick(click(MENU.action('deleted')), tab());
    expect(started).toEqual([]);
    expect(handoffs).toEqual([]);
  });
});

describe('Capture a region…', () => {
  const selected: ContentMessage = {
    type: 'region.selected',
    rect: { x: 10, y: 20, width: 199.6, height: 100.2 },
    viewport: { width: 1280, height: 800 },
  };

  test('opens the picker in the tab’s top frame; its answer is cropped, parked and handed to the composer', async () => {
    const { asks, handoffs, parked, contentCalls, captures, crops, cropped } = harness({ content: { pickRegion: () => undefined } });
    await asks.onMenuClick(click(MENU.captureRegion, { frameId: 5 }), tab());
    expect(contentCalls).toEqual([{ target: { tabId: TAB_ID, frameId: 0 }, method: 'pickRegion', args: [] }]);
    expect(captures).toEqual([]);

    expect(await asks.onRegionMessage(selected, TAB_ID)).toBe(true);
    expect(captures).toEqual([WINDOW_ID]);
    expect(crops).toEqual([{ dataUrl: PNG_DATA_URL, rect: selected.rect, viewport: selected.viewport }]);
    expect(parked).toEqual([{ id: 'pending-1', source: cropped, name: 'region-200x100.png' }]);
    expect(handoffs).toEqual([
      {
        kind: 'compose',
        text: `About this part of “${TITLE}” (${PAGE_URL})\n\n`,
        attachments: [{ pendingId: 'pending-1', name: 'region-200x100.png', contentType: 'image/png', size: cropped.size }],
      },
    ]);
  });

  test('only the tab that was asked may answer, and only once', async () => {
    const { asks, handoffs, parked, captures } = harness({ content: { pickRegion: () => undefined } });

    // Nobody was asked yet.
    expect(await asks.onRegionMessage(selected, TAB_ID)).toBe(false);

    await asks.onMenuClick(click(MENU.captureRegion), tab());
    expect(await asks.onRegionMessage(selected, TAB_ID + 1)).toBe(false);
    expect(captures).toEqual([]);
    expect(handoffs).toEqual([]);

    expect(await asks.onRegionMessage(selected, TAB_ID)).toBe(true);
    expect(await asks.onRegionMessage(selected, TAB_ID)).toBe(false);
    expect(captures).toEqual([WINDOW_ID]);
    expect(parked).toHaveLength(1);
    expect(handoffs).toHaveLength(1);
  });

  test('cancelled: nothing is captured, parked or handed off, and a late answer is refused', async () => {
    const { asks, handoffs, parked, captures } = harness({ content: { pickRegion: () => undefined } });
    await asks.onMenuClick(click(MENU.captureRegion), tab());

    expect(await asks.onRegionMessage({ type: 'region.cancelled' }, TAB_ID)).toBe(true);
    expect(await asks.onRegionMessage(selected, TAB_ID)).toBe(false);
    expect(captures).toEqual([]);
    expect(parked).toEqual([]);
    expect(handoffs).toEqual([]);
  });
});

describe('Capture the visible area', () => {
  test('captures the tab’s window, parks the PNG and hands it to the composer', async () => {
    const { asks, handoffs, parked, captures, contentCalls } = harness();
    await asks.onMenuClick(click(MENU.captureVisible), tab());

    expect(contentCalls).toEqual([]);
    expect(captures).toEqual([WINDOW_ID]);
    expect(parked.map((file) => file.name)).toEqual(['visible-area.png']);
    expect(await bytes(parked[0]!.source)).toEqual(PNG_BYTES);
    expect(handoffs).toEqual([
      {
        kind: 'compose',
        text: `About this screenshot of “${TITLE}” (${PAGE_URL})\n\n`,
        attachments: [{ pendingId: 'pending-1', name: 'visible-area.png', contentType: 'image/png', size: PNG_BYTES.length }],
      },
    ]);
  });
});

describe('saved prompts in the menu (issue 16)', () => {
  test('{page} attaches the tab’s text and names it; {language} is the translation language; sent at once', async () => {
    const { asks, started, parked } = harness({
      actions: [{ id: 'kp', title: 'Key points', template: 'List the key points of {page}, in {language}.' }],
      translation: { into: 'de', lastUsed: null },
      content: { extractPage: () => ({ title: 'Rivers', url: PAGE_URL, text: 'The Rhine flows north.', usedReadability: true, contentType: 'text/html' }) },
    });
    await asks.onMenuClick(click(MENU.action('kp')), tab());
    expect(started).toHaveLength(1);
    expect(started[0]!.text).toBe('List the key points of the attached page “Rivers”, in German.');
    expect(started[0]!.attachments).toHaveLength(1);
    expect(parked.map((each) => each.name)).toEqual(['Rivers.txt']);
  });
});
