import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBackground, type PagePort } from '@/entrypoints/background/create-background';
import type { VideoJobClient } from '@/lib/chat/video-job';
import { UI_PORT_NAME, type ModelSummary, type UiCommand } from '@/lib/messaging/contracts';
import { getStoredMedia } from '@/lib/messaging/media-store';
import { VIDEO_ALARM } from '@/lib/platform/video-watch';
import { ChatRepository, openChatDb } from '@/lib/storage/chat-db';
import { writeApiKey } from '@/lib/storage/key-vault';
import { baseUrlSetting, lastConversationSetting, modelCacheSetting } from '@/lib/storage/settings';

/**
 * The background's side of video jobs (issue 15), against fakeBrowser: the alarm backstop while a job is watched, the
 * notification when one ends with no page open (only where the user allowed them), and its click.
 */
const VIDEO_MODEL: ModelSummary = {
  id: 'Video-Bot',
  displayName: 'Video-Bot',
  inputModalities: ['text', 'image'],
  outputModalities: ['video'],
  parameters: [],
  pricing: { request: 0.018 },
  videoJobs: true,
};

/** A Videos API whose job is done at once, or (held) queued until the test lets `get` answer. */
function videoClient(options: { held?: boolean } = {}) {
  let release: (() => void) | undefined;
  const client: VideoJobClient = {
    create: async () => ({ id: 'video_1', status: options.held ? 'queued' : 'completed', progress: options.held ? 0 : 100 }),
    get: ({ id }) => new Promise((resolve) => (release = () => resolve({ id, status: 'completed', progress: 100 }))),
    download: async () => new Blob([new Uint8Array([26, 69, 223, 163])], { type: 'video/webm' }),
  };
  return { client, release: () => release?.() };
}

function stubEvents(grantedNotifications: boolean) {
  const event = () => ({ addListener: vi.fn(), removeListener: vi.fn(), hasListener: vi.fn() });
  for (const [namespace, names] of Object.entries({ permissions: ['onAdded', 'onRemoved'], commands: ['onCommand'], contextMenus: ['onClicked'], runtime: ['onConnect', 'onStartup'] })) {
    const api = (fakeBrowser as unknown as Record<string, Record<string, unknown>>)[namespace]!;
    for (const name of names) {
      try {
        (api[name] as { addListener(listener: unknown): void }).addListener(() => undefined);
      } catch {
        Object.defineProperty(api, name, { value: event(), configurable: true });
      }
    }
  }
  Object.defineProperty(fakeBrowser.contextMenus, 'removeAll', { value: vi.fn(async () => undefined), configurable: true });
  Object.defineProperty(fakeBrowser.contextMenus, 'create', { value: vi.fn(), configurable: true });
  Object.defineProperty(fakeBrowser, 'scripting', { value: undefined, configurable: true, writable: true });
  Object.defineProperty(fakeBrowser.permissions, 'contains', {
    value: async (asked: { permissions?: string[] }) => (asked.permissions?.includes('notifications') ? grantedNotifications : true),
    configurable: true,
  });
}

let dbCount = 0;
async function background(client: VideoJobClient, grantedNotifications = true) {
  stubEvents(grantedNotifications);
  const repository = new ChatRepository(openChatDb(`video-bg-${++dbCount}`));
  const created = createBackground({ repository, videoClient: client, locale: 'en-GB' });
  await created.engine.ready;
  return { ...created, repository };
}

/** A connected side panel; `close()` is it going away. */
function panel(acceptPort: (port: PagePort) => void) {
  const disconnect: (() => void)[] = [];
  const listeners: ((message: unknown) => void)[] = [];
  acceptPort({
    name: UI_PORT_NAME,
    sender: { id: fakeBrowser.runtime.id, url: `${fakeBrowser.runtime.getURL('/')}sidepanel.html` },
    postMessage: () => undefined,
    disconnect: vi.fn(),
    onMessage: { addListener: (listener: (message: unknown) => void) => listeners.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => disconnect.push(listener) },
  } as unknown as PagePort);
  return { send: (command: UiCommand) => listeners.forEach((listener) => listener(command)), close: () => disconnect.forEach((listener) => listener()) };
}

const notifications = () => (fakeBrowser.notifications as unknown as { getAllCreateOptions(): Record<string, { title: string; message: string }> }).getAllCreateOptions();

async function askVideo(bg: Awaited<ReturnType<typeof background>>, text = 'A fox in the snow') {
  const { conversationId } = await bg.engine.send({ requestId: crypto.randomUUID(), conversationId: null, bot: 'Video-Bot', text });
  return conversationId;
}

describe('video jobs in the background', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await writeApiKey('k-test-0123456789');
    await modelCacheSetting.setValue({ baseUrl: await baseUrlSetting.getValue(), fetchedAt: 1, models: [VIDEO_MODEL] });
  });

  it('keeps the alarm backstop set while a job is watched, and clears it when the job ends', async () => {
    const videos = videoClient({ held: true });
    const bg = await background(videos.client);
    const conversationId = await askVideo(bg);
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(VIDEO_ALARM)).toMatchObject({ periodInMinutes: 0.5 }));
    videos.release();
    // The job's first look comes after Poe's 5 s pause: Stop ends the wait, and the watching, at once.
    bg.engine.stop(conversationId);
    await bg.engine.idle(conversationId);
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(VIDEO_ALARM)).toBeUndefined());
  });

  it('a video ready with no panel open: a notification naming the conversation, whose click shows it', async () => {
    const bg = await background(videoClient().client);
    const conversationId = await askVideo(bg);
    await bg.engine.idle(conversationId);
    const [answer] = (await bg.repository.listMessages(conversationId)).filter((message) => message.role === 'bot');
    expect(answer).toMatchObject({ status: 'complete', files: [{ name: 'Video-Bot – A fox in the snow.webm' }] });
    expect((await getStoredMedia(answer!.files![0]!.stored!))?.conversationId).toBe(conversationId);
    await vi.waitFor(() => expect(Object.values(notifications())).toEqual([expect.objectContaining({ title: 'A fox in the snow', message: 'Your video from Video-Bot is ready.' })]));

    // No side panel in this browser: the conversation opens in a tab.
    const [id] = Object.keys(notifications());
    await fakeBrowser.notifications.onClicked.trigger(id!);
    await vi.waitFor(async () => expect((await fakeBrowser.tabs.query({})).some((tab) => tab.url?.endsWith('/sidepanel.html'))).toBe(true));
    expect(await lastConversationSetting.getValue()).toBe(conversationId);
  });

  it('no notification while a panel is open, nor where the user did not allow them', async () => {
    const shown = await background(videoClient().client);
    panel(shown.acceptPort);
    await shown.engine.idle(await askVideo(shown, 'Watched in the panel'));
    const refused = await background(videoClient().client, false);
    await refused.engine.idle(await askVideo(refused, 'Not allowed'));
    // A third, allowed and with no panel, ends last: once its notification is there, the others have had their turn.
    const control = await background(videoClient().client);
    await control.engine.idle(await askVideo(control, 'The control'));
    await vi.waitFor(() => expect(Object.values(notifications()).map((each) => each.title)).toContain('The control'));
    expect(Object.values(notifications()).map((each) => each.title)).toEqual(['The control']);
  });
});
