import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ChatEngine, type EngineDeps, type Turn, type UiClient } from '@/lib/chat/engine';
import { DailySpend } from '@/lib/chat/daily-spend';
import { HeldError, SendGuard } from '@/lib/chat/send-guard';
import { videoFileName, videoOptions, type VideoJobClient, type VideoJobDeps } from '@/lib/chat/video-job';
import type { BackgroundEvent, GuardPreferences } from '@/lib/messaging/contracts';
import { PoeError, type PoeEvent, type streamBotResponse } from '@/lib/poe';
import type { CreateVideoOptions, VideoJob } from '@/lib/poe/videos';
import { ChatRepository, openChatDb, type StoredMessage } from '@/lib/storage/chat-db';

let dbCounter = 0;
const freshRepository = () => new ChatRepository(openChatDb(`video-jobs-${++dbCounter}`));

/**
 * A scripted Videos API: `looks` are what each `GET` answers, in order (the last repeats); `download` what the content
 * request does. Records every call, and what the answer held in the database when each look was asked.
 */
function scriptedVideos(script: { created?: Partial<VideoJob>; looks: Array<Partial<VideoJob> | PoeError>; download?: () => Promise<Blob> }) {
  const creates: CreateVideoOptions[] = [];
  const gets: string[] = [];
  let look = 0;
  const client: VideoJobClient = {
    create: async (options) => {
      creates.push(options);
      return { id: 'video_1', status: 'queued', progress: 0, ...script.created };
    },
    get: async ({ id }) => {
      gets.push(id);
      const next = script.looks[Math.min(look++, script.looks.length - 1)]!;
      if (next instanceof PoeError) throw next;
      return { id, status: 'in_progress', progress: 0, ...next };
    },
    download: script.download ?? (async () => new Blob([new Uint8Array([1, 2, 3])], { type: 'video/webm' })),
  };
  return { client, creates, gets };
}

/** The job's deps with an in-memory media store and a clock that never really waits (unless `hold` keeps it). */
function jobDeps(client: VideoJobClient, options: { hold?: boolean } = {}) {
  const media = new Map<string, { conversationId: string; name: string; contentType: string; blob: Blob }>();
  const waits: number[] = [];
  let counter = 0;
  const deps: VideoJobDeps & { isVideoModel(bot: string): Promise<boolean> } = {
    client,
    isVideoModel: async (bot) => bot.startsWith('Video-'),
    storeMedia: async (item) => {
      const id = `m${++counter}`;
      media.set(id, item);
      return id;
    },
    readMedia: async (id) => media.get(id),
    // A held wait ends only when the run is stopped: a job being watched "forever".
    wait: (ms, signal) =>
      new Promise<void>((resolve) => {
        waits.push(ms);
        if (!options.hold || signal.aborted) return resolve();
        signal.addEventListener('abort', () => resolve(), { once: true });
      }),
  };
  return { deps, media, waits };
}

const noStream = (async function* (): AsyncGenerator<PoeEvent> {
  yield { type: 'done' };
}) as unknown as typeof streamBotResponse;

function engineWith(repo: ChatRepository, videoJobs: NonNullable<EngineDeps['videoJobs']>, extra: Partial<ConstructorParameters<typeof ChatEngine>[0]> = {}) {
  return new ChatEngine({ repository: repo, readApiKey: async () => 'k-test', readBaseUrl: async () => 'http://fake', stream: noStream, videoJobs, ...extra });
}

let requests = 0;
const turn = (fields: Partial<Turn> & { bot: string; text: string }): Turn => ({ requestId: `r-${++requests}`, conversationId: null, ...fields });
const client = (): UiClient & { events: BackgroundEvent[] } => {
  const events: BackgroundEvent[] = [];
  return { conversationId: null, events, post: (event) => events.push(event) };
};

async function answerOf(repo: ChatRepository, conversationId: string): Promise<StoredMessage> {
  return (await repo.listMessages(conversationId)).findLast((message) => message.role === 'bot')!;
}

describe('video jobs', () => {
  let repo: ChatRepository;
  beforeEach(() => {
    repo = freshRepository();
  });

  it('maps the parameters: duration → seconds, size → size, the rest top-level', () => {
    expect(videoOptions({ duration: 8, size: '1280x720', aspect: '16:9', seed: 4 })).toEqual({ seconds: '8', size: '1280x720', parameters: { aspect: '16:9', seed: 4 } });
    expect(videoOptions()).toEqual({});
    expect(videoFileName('Video-Bot', 'A cat / on a skateboard at sunset in Lisbon', 'video/webm')).toBe('Video-Bot – A cat on a skateboard at.webm');
    expect(videoFileName('Sora-2', '', 'video/mp4')).toBe('Sora-2 – video.mp4');
  });

  it('runs a video model as a job: progress saved on every change, the finished video stored as the answer’s file', async () => {
    const progressSeen: Array<number | undefined> = [];
    let conversation = '';
    const videos = scriptedVideos({ looks: [{ progress: 40 }, { progress: 80 }, { status: 'completed', progress: 100, expiresAt: 9e12 }] });
    const get = videos.client.get;
    videos.client.get = async (options) => {
      // What the database held when Poe was asked again: the last look's progress was saved before the pause.
      if (conversation) progressSeen.push((await answerOf(repo, conversation)).job?.progress);
      return get(options);
    };
    const { deps, media, waits } = jobDeps(videos.client);
    const engine = engineWith(repo, deps);
    const page = client();
    engine.connect(page);
    const { conversationId } = await engine.send(turn({ bot: 'Video-Bot', text: 'A cat surfing', parameters: { duration: 4, size: '720x1280', style: 'noir' } }), page);
    conversation = conversationId;
    await engine.idle(conversationId);

    expect(videos.creates).toEqual([
      { apiKey: 'k-test', baseUrl: 'http://fake', model: 'Video-Bot', prompt: 'A cat surfing', seconds: '4', size: '720x1280', parameters: { style: 'noir' } },
    ]);
    expect(progressSeen.slice(1)).toEqual([40, 80]);
    expect(waits.every((ms) => ms === 5_000)).toBe(true);
    const answer = await answerOf(repo, conversationId);
    expect(answer).toMatchObject({
      status: 'complete',
      job: { id: 'video_1', status: 'completed', progress: 100, seconds: '4', size: '720x1280', expiresAt: 9e12 },
      files: [{ url: 'http://fake/v1/videos/video_1/content', contentType: 'video/webm', name: 'Video-Bot – A cat surfing.webm', size: 3, stored: 'm1' }],
    });
    expect(media.get('m1')).toMatchObject({ conversationId, contentType: 'video/webm' });
    // The page saw the progress as it came.
    const shown = page.events.flatMap((event) => (event.type === 'message' && event.message.job ? [event.message.job.status] : []));
    expect(shown).toEqual(expect.arrayContaining(['creating', 'queued', 'in_progress', 'downloading', 'completed']));
  });

  it('says why a job failed, in Poe’s words', async () => {
    const videos = scriptedVideos({ looks: [{ progress: 30 }, { status: 'failed', error: { message: 'The prompt was refused by moderation.' } }] });
    const engine = engineWith(repo, jobDeps(videos.client).deps);
    const { conversationId } = await engine.send(turn({ bot: 'Video-Fail-Bot', text: 'x' }));
    await engine.idle(conversationId);
    expect(await answerOf(repo, conversationId)).toMatchObject({
      status: 'error',
      job: { status: 'failed' },
      error: { kind: 'bot', message: 'Poe could not make this video: The prompt was refused by moderation.' },
    });
  });

  it('says Poe deleted a finished video it could not download in time', async () => {
    const videos = scriptedVideos({
      looks: [{ status: 'completed', progress: 100 }],
      download: async () => {
        throw new PoeError('not_found', 'This video expired.');
      },
    });
    const engine = engineWith(repo, jobDeps(videos.client).deps);
    const { conversationId } = await engine.send(turn({ bot: 'Video-Expire-Bot', text: 'x' }));
    await engine.idle(conversationId);
    const answer = await answerOf(repo, conversationId);
    expect(answer).toMatchObject({ status: 'error', job: { status: 'expired' }, error: { kind: 'not_found' } });
    expect(answer.error?.message).toMatch(/Poe deleted this video before Poe Toolbar could save it/);
    expect(answer.files).toBeUndefined();
  });

  it('keeps watching through a passing network failure', async () => {
    const videos = scriptedVideos({ looks: [new PoeError('network', 'offline'), { status: 'completed', progress: 100 }] });
    const engine = engineWith(repo, jobDeps(videos.client).deps);
    const { conversationId } = await engine.send(turn({ bot: 'Video-Bot', text: 'x' }));
    await engine.idle(conversationId);
    expect(videos.gets).toHaveLength(2);
    expect((await answerOf(repo, conversationId)).status).toBe('complete');
  });

  it('Stop stops watching (Poe has no cancel) and Check again watches the same job to its end', async () => {
    const videos = scriptedVideos({ looks: [{ progress: 20 }] });
    const held = jobDeps(videos.client, { hold: true });
    const engine = engineWith(repo, held.deps);
    const { conversationId } = await engine.send(turn({ bot: 'Video-Bot', text: 'x' }));
    expect(engine.isBusy(conversationId)).toBe(true);
    engine.stop(conversationId);
    await engine.idle(conversationId);
    const stopped = await answerOf(repo, conversationId);
    expect(stopped).toMatchObject({ status: 'stopped', job: { id: 'video_1', status: 'stopped' } });
    expect(engine.isBusy(conversationId)).toBe(false);
    expect(videos.creates).toHaveLength(1);

    // Check again: no new job, the same id looked at at once.
    videos.client.get = async ({ id }) => ({ id, status: 'completed', progress: 100 });
    await engine.checkVideoJob(conversationId, stopped.id);
    await engine.idle(conversationId);
    expect(videos.creates).toHaveLength(1);
    expect(await answerOf(repo, conversationId)).toMatchObject({ id: stopped.id, status: 'complete', job: { status: 'completed' }, files: [{ stored: 'm1' }] });
  });

  it('a new background resumes watching a job Poe knows, and gives up on one that was still being created', async () => {
    await repo.putConversation({ id: 'c1', title: 'a', bot: 'Video-Bot', createdAt: 1, updatedAt: 1 });
    await repo.putConversation({ id: 'c2', title: 'b', bot: 'Video-Bot', createdAt: 1, updatedAt: 1 });
    const base = { role: 'bot' as const, bot: 'Video-Bot', text: '', createdAt: 1 };
    await repo.putMessage({ id: 'u1', conversationId: 'c1', seq: 0, role: 'user', bot: 'Video-Bot', text: 'A red kite', status: 'complete', createdAt: 1 });
    await repo.putMessage({ ...base, id: 'a1', conversationId: 'c1', seq: 1, status: 'streaming', job: { id: 'video_9', status: 'in_progress', progress: 60 } });
    await repo.putMessage({ ...base, id: 'a2', conversationId: 'c2', seq: 0, status: 'pending', job: { status: 'creating', progress: 0 } });

    const videos = scriptedVideos({ looks: [{ status: 'completed', progress: 100 }] });
    const engine = engineWith(repo, jobDeps(videos.client).deps);
    await engine.ready;
    await engine.idle('c1');
    expect(videos.gets).toEqual(['video_9']);
    expect(videos.creates).toEqual([]);
    expect(await answerOf(repo, 'c1')).toMatchObject({ status: 'complete', files: [{ name: 'Video-Bot – A red kite.webm' }] });
    const lost = await answerOf(repo, 'c2');
    expect(lost.status).toBe('interrupted');
    expect(lost.error?.message).toMatch(/may have been created and charged/);
  });

  it('deleting a conversation stops its job and drops its kept files', async () => {
    const videos = scriptedVideos({ looks: [{ progress: 10 }] });
    const dropped: string[] = [];
    const engine = engineWith(repo, jobDeps(videos.client, { hold: true }).deps, { deleteMedia: async (id) => void dropped.push(id) });
    const { conversationId } = await engine.send(turn({ bot: 'Video-Bot', text: 'x' }));
    await engine.delete(conversationId);
    expect(dropped).toEqual([conversationId]);
    expect(await repo.listMessages(conversationId)).toEqual([]);
  });

  it('sends the turn’s first image as input_image, kept with the conversation for a retry', async () => {
    const videos = scriptedVideos({ looks: [{ status: 'completed', progress: 100 }] });
    const { deps, media } = jobDeps(videos.client);
    const png = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });
    const engine = engineWith(
      repo,
      { ...deps, pendingImage: async () => ({ index: 1, name: 'cat.png', blob: png }) },
      {
        uploadAttachments: async (pending) => pending.map((item) => ({ url: `https://cdn.test/${item.name}`, contentType: item.contentType, name: item.name })),
      },
    );
    const attachments = [
      { pendingId: 'p1', name: 'notes.txt', contentType: 'text/plain', size: 3 },
      { pendingId: 'p2', name: 'cat.png', contentType: 'image/png', size: 4 },
    ];
    const { conversationId } = await engine.send(turn({ bot: 'Video-Bot', text: 'Make it dance', attachments }));
    await engine.idle(conversationId);
    expect(videos.creates[0]?.inputImage).toEqual({ bytes: new Uint8Array([137, 80, 78, 71]), contentType: 'image/png' });
    const [question] = await repo.listMessages(conversationId);
    expect(question?.attachments?.[1]).toMatchObject({ name: 'cat.png', stored: 'm1' });
    expect(media.get('m1')?.conversationId).toBe(conversationId);

    // A retry sends the same image again, from the kept bytes.
    const answer = await answerOf(repo, conversationId);
    await engine.retry(conversationId, answer.id);
    await engine.idle(conversationId);
    expect(videos.creates).toHaveLength(2);
    expect(videos.creates[1]?.inputImage?.bytes).toEqual(new Uint8Array([137, 80, 78, 71]));
  });

  it('regenerating a finished video keeps the old one’s bytes with its version; deleting the chat drops them', async () => {
    const videos = scriptedVideos({ looks: [{ status: 'completed', progress: 100 }] });
    const dropped: string[] = [];
    const engine = engineWith(repo, jobDeps(videos.client).deps, {
      deleteStoredFiles: async (ids) => void dropped.push(...ids),
      deleteMedia: async (id) => void dropped.push(id),
    });
    const { conversationId } = await engine.send(turn({ bot: 'Video-Bot', text: 'x' }));
    await engine.idle(conversationId);
    const first = await answerOf(repo, conversationId);
    expect(first.files?.[0]?.stored).toBe('m1');
    await engine.retry(conversationId, first.id);
    await engine.idle(conversationId);
    // The first video is version 1 of the answer (issue 16): its bytes stay for when it is shown again.
    expect(dropped).toEqual([]);
    expect((await answerOf(repo, conversationId)).files?.[0]?.stored).toBe('m2');
    await engine.delete(conversationId);
    expect(dropped).toEqual([conversationId]);
  });

  it('streams a bot that is not a video model, as before', async () => {
    const videos = scriptedVideos({ looks: [{}] });
    const engine = engineWith(repo, jobDeps(videos.client).deps);
    const { conversationId } = await engine.send(turn({ bot: 'Echo-Bot', text: 'hi' }));
    await engine.idle(conversationId);
    expect(videos.creates).toEqual([]);
    expect((await answerOf(repo, conversationId)).job).toBeUndefined();
  });

  it('the spending guard holds a video model’s send like any other (per-request price)', async () => {
    const limits: GuardPreferences = { dailyBudget: null, answerCeiling: 1_000, allowedBots: [], suggestion: 'dismissed' };
    const guard = new SendGuard({
      guard: async () => limits,
      allowBot: async () => undefined,
      models: async () => [
        { id: 'Video-Bot', displayName: 'Video-Bot', inputModalities: ['text'], outputModalities: ['video'], parameters: [], pricing: { request: 0.3 }, videoJobs: true },
      ],
      history: async () => [],
      spend: new DailySpend({ now: () => 1, page: async () => ({ hasMore: false, entries: [] }) }),
      store: { getValue: async () => [], setValue: async () => undefined },
      broadcast: () => undefined,
    });
    const videos = scriptedVideos({ looks: [{}] });
    const engine = engineWith(repo, jobDeps(videos.client).deps, { guard });
    const held = await engine.send(turn({ bot: 'Video-Bot', text: 'A very expensive whale' })).catch((error: unknown) => error);
    expect(held).toBeInstanceOf(HeldError);
    expect((held as HeldError).held.reasons.map((reason) => reason.kind)).toEqual(['ceiling']);
    expect(videos.creates).toEqual([]);
  });
});

describe('video jobs: watching and the alarm backstop', () => {
  let repo: ChatRepository;
  beforeEach(() => {
    repo = freshRepository();
  });

  it('a job we could not go on watching (the key refused) is only stopped: Poe may still finish it', async () => {
    const videos = scriptedVideos({ looks: [new PoeError('auth', 'Your Poe API key was rejected.')] });
    const engine = engineWith(repo, jobDeps(videos.client).deps);
    const { conversationId } = await engine.send(turn({ bot: 'Video-Bot', text: 'x' }));
    await engine.idle(conversationId);
    expect(await answerOf(repo, conversationId)).toMatchObject({ status: 'error', error: { kind: 'auth' }, job: { id: 'video_1', status: 'stopped' } });
  });

  it('says when a job is being watched, and when none is left (also after a restart with nothing to watch)', async () => {
    const watching: boolean[] = [];
    const videos = scriptedVideos({ looks: [{ status: 'completed', progress: 100 }] });
    const deps = { ...jobDeps(videos.client).deps, onWatching: (now: boolean) => void watching.push(now) };
    const engine = engineWith(repo, deps);
    await engine.ready;
    expect(watching).toEqual([false]);
    const { conversationId } = await engine.send(turn({ bot: 'Video-Bot', text: 'x' }));
    await engine.idle(conversationId);
    expect(watching).toEqual([false, true, false]);
    // A streamed answer is no job: nothing is watched, the alarm stays off.
    await engine.idle((await engine.send(turn({ bot: 'Echo-Bot', text: 'y' }))).conversationId);
    expect(watching).toEqual([false, true, false, false]);
  });
});
