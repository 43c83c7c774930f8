/**
 * lib/poe's Videos API client (issue 15) against the fake Poe server over real HTTP. The fake's video clock is a
 * variable the tests move, so jobs progress, complete and expire without sleeping.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  APP_TITLE,
  APP_URL,
  PoeError,
  REDIRECT_MESSAGE,
  createVideoJob,
  downloadVideoContent,
  getPointsHistory,
  getVideoJob,
  type VideoJob,
} from '@/lib/poe';
import { redSquarePng } from '../fake-poe/png';
import { FAKE_POE_BROKE_KEY, FAKE_POE_KEY, REDIRECT_STATUSES, startFakePoe, type FakePoe } from '../fake-poe/server';
import { SAFETY_FAILURE } from '../fake-poe/video-models';

const SAMPLE = readFileSync(new URL('../fixtures/media/sample.webm', import.meta.url));
const START = Date.UTC(2026, 0, 15, 12, 0, 0);
let now = START;
let poe: FakePoe;

beforeAll(async () => {
  poe = await startFakePoe({ videoClock: () => now });
});
afterAll(async () => {
  await poe.close();
});
beforeEach(() => {
  poe.reset();
  now = START;
});

const account = () => ({ apiKey: FAKE_POE_KEY, baseUrl: poe.url });
const poll = (id: string) => getVideoJob({ ...account(), id });

describe('a video job from creation to download', () => {
  it('is queued, makes progress, completes, is charged once, and its content is the fixture', async () => {
    const balance = poe.balance();
    const created = await createVideoJob({ ...account(), model: 'Video-Bot', prompt: 'A cat surfing at dawn', seconds: '8', size: '720x1280' });
    expect(created).toEqual({ id: expect.any(String), status: 'queued', progress: 0, model: 'video-bot', createdAt: START, seconds: '8', size: '720x1280' });

    now = START + 4000;
    const early = await poll(created.id);
    now = START + 9000;
    const later = await poll(created.id);
    expect(early.status).toBe('in_progress');
    expect(later.status).toBe('in_progress');
    expect(early.progress).toBeGreaterThan(0);
    expect(later.progress).toBeGreaterThan(early.progress);
    expect(later.progress).toBeLessThan(100);
    expect(poe.balance()).toBe(balance);

    now = START + 12_000;
    const done = await poll(created.id);
    expect(done).toMatchObject({ status: 'completed', progress: 100, completedAt: START + 12_000, expiresAt: START + 12_000 + 3_600_000 });
    expect(poe.balance()).toBe(balance - 600);
    await poll(created.id);
    expect(poe.balance()).toBe(balance - 600);
    const history = await getPointsHistory({ ...account(), limit: 1 });
    expect(history.entries[0]).toMatchObject({ botName: 'Video-Bot', costPoints: 600, costBreakdown: { Request: '600 points', Total: '600 points' } });

    const video = await downloadVideoContent({ ...account(), id: created.id, expiresAt: done.expiresAt, now: START + 13_000 });
    expect(video.type).toBe('video/webm');
    expect(Buffer.from(await video.arrayBuffer()).equals(SAMPLE)).toBe(true);
  });

  it('sends the key, the attribution headers and the parameters; the id is escaped in the URL', async () => {
    const job = await createVideoJob({ ...account(), model: 'Video-Bot', prompt: 'Waves', parameters: { seed: 42, loop: true, prompt: 'not this one' } });
    await poll(job.id);
    await expect(getVideoJob({ ...account(), id: '../usage/current_balance' })).rejects.toMatchObject({ kind: 'not_found' });
    const [create] = poe.videoRequests();
    expect(create?.headers).toMatchObject({ authorization: `Bearer ${FAKE_POE_KEY}`, 'x-title': APP_TITLE, 'http-referer': APP_URL, 'content-type': 'application/json' });
    expect(create?.body).toEqual({ seed: 42, loop: true, model: 'Video-Bot', prompt: 'Waves' });
    const gets = poe.requests.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.path)).toEqual([`/v1/videos/${job.id}`, '/v1/videos/..%2Fusage%2Fcurrent_balance']);
    expect(gets[0]?.headers).toMatchObject({ 'x-title': APP_TITLE, 'http-referer': APP_URL });
  });

  it('sends an image as a base64 data URL, which Poe takes as input_image', async () => {
    const png = new Uint8Array(redSquarePng(8));
    await createVideoJob({ ...account(), model: 'Video-Bot', prompt: 'Make it move', inputImage: { bytes: png, contentType: 'image/png' } });
    const body = poe.videoRequests()[0]?.body as Record<string, unknown>;
    expect(body['input_image']).toBe(`data:image/png;base64,${Buffer.from(png).toString('base64')}`);
    expect(poe.videoJobs()[0]?.inputImage).toEqual({ contentType: 'image/png', bytes: png.length });
  });
});

describe('jobs that do not end well', () => {
  it('a failed job says why in Poe words, has no content and is not charged', async () => {
    const balance = poe.balance();
    const job = await createVideoJob({ ...account(), model: 'Video-Fail-Bot', prompt: 'Something flagged' });
    now = START + 8000;
    const failed = await poll(job.id);
    expect(failed).toMatchObject({ status: 'failed', progress: 40, error: { code: SAFETY_FAILURE.code, message: SAFETY_FAILURE.message } });
    await expect(downloadVideoContent({ ...account(), id: job.id })).rejects.toMatchObject({ kind: 'not_found', status: 404 });
    expect(poe.balance()).toBe(balance);
  });

  it('content asked for before completion is "not ready", not "expired"', async () => {
    const job = await createVideoJob({ ...account(), model: 'Video-Bot', prompt: 'Soon' });
    await expect(downloadVideoContent({ ...account(), id: job.id })).rejects.toMatchObject({
      kind: 'not_found',
      message: 'This video is not ready on Poe yet.',
    });
  });

  it('content downloaded after expires_at is gone, and the error says it expired', async () => {
    const job = await createVideoJob({ ...account(), model: 'Video-Expire-Bot', prompt: 'Brief' });
    now = START + 6000;
    const done = await poll(job.id);
    expect(done).toMatchObject({ status: 'completed', completedAt: START + 6000, expiresAt: START + 8000 });
    now = START + 7000;
    expect((await downloadVideoContent({ ...account(), id: job.id })).size).toBe(SAMPLE.length);
    now = START + 8000;
    const error = await downloadVideoContent({ ...account(), id: job.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoeError);
    expect(error).toMatchObject({ kind: 'not_found', status: 404, retryable: false, message: 'This video expired on Poe and can no longer be downloaded.' });
  });

  it('a bare 404 or a 410 is "expired" when the caller knows the job is past expiresAt', async () => {
    const answer = (status: number) => (async () => new Response('Not Found', { status })) as typeof fetch;
    const base = { apiKey: FAKE_POE_KEY, baseUrl: 'https://api.poe.test', id: 'video_1' };
    await expect(downloadVideoContent({ ...base, fetch: answer(404), expiresAt: 1000, now: 999 })).rejects.toMatchObject({
      message: 'Poe has no video to download for this job.',
    });
    await expect(downloadVideoContent({ ...base, fetch: answer(404), expiresAt: 1000, now: 1000 })).rejects.toMatchObject({
      kind: 'not_found',
      message: 'This video expired on Poe and can no longer be downloaded.',
    });
    await expect(downloadVideoContent({ ...base, fetch: answer(410) })).rejects.toMatchObject({ kind: 'not_found', status: 410 });
  });
});

describe('errors in human words', () => {
  it('401, 402, 404 and 400 from Poe', async () => {
    const ask = (extra: Partial<Parameters<typeof createVideoJob>[0]>) =>
      createVideoJob({ ...account(), model: 'Video-Bot', prompt: 'A fox', ...extra }).catch((e: unknown) => e);
    expect(await ask({ apiKey: 'not-a-real-key' })).toMatchObject({ kind: 'auth', status: 401, message: 'Your Poe API key was rejected.' });
    expect(await ask({ apiKey: FAKE_POE_BROKE_KEY })).toMatchObject({ kind: 'insufficient_points', status: 402, message: 'You are out of Poe points.' });
    expect(await ask({ model: 'No-Such-Video-Model' })).toMatchObject({ kind: 'not_found', status: 404, message: "Bot 'No-Such-Video-Model' does not exist." });
    const refused = await ask({ seconds: '12' });
    expect(refused).toMatchObject({ kind: 'invalid_input', status: 400, retryable: false });
    expect((refused as PoeError).message).toMatch(/^Poe rejected the request\. Invalid value for 'seconds'.*'4', '8'/);
    expect(await ask({ model: 'Echo-Bot' })).toMatchObject({ kind: 'invalid_input', message: expect.stringContaining('Videos API') });
  });

  it('refuses locally what Poe would refuse anyway, sending nothing', async () => {
    await expect(createVideoJob({ ...account(), model: 'Video-Bot', prompt: '  ' })).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(createVideoJob({ ...account(), model: 'Video-Bot', prompt: 'x', inputImage: { bytes: new Uint8Array([1]), contentType: 'application/pdf' } })).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(poll('')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(createVideoJob({ ...account(), apiKey: '' , model: 'Video-Bot', prompt: 'x' })).rejects.toMatchObject({ kind: 'auth' });
    expect(poe.videoRequests()).toHaveLength(0);
  });

  it('a job belongs to its key: another account, or an unknown id, is not found', async () => {
    const job = await createVideoJob({ ...account(), model: 'Video-Bot', prompt: 'Mine' });
    for (const attempt of [getVideoJob({ apiKey: FAKE_POE_BROKE_KEY, baseUrl: poe.url, id: job.id }), poll('video_unknown')]) {
      await expect(attempt).rejects.toMatchObject({ kind: 'not_found', status: 404, message: 'Poe no longer knows this video job.' });
    }
  });

  it('never puts the key in an error, whatever comes back', async () => {
    const key = 'sk-poe-SECRET-0123456789';
    const echo = (status: number, contentType = 'application/json') =>
      (async (_url: RequestInfo | URL, init?: RequestInit) => {
        const sent = new Headers(init?.headers).get('authorization') ?? '';
        return new Response(JSON.stringify({ error: { message: `bad ${sent}` }, id: sent }), { status, headers: { 'content-type': contentType } });
      }) as typeof fetch;
    const thrower = (async () => {
      throw new TypeError(`connect failed for ${key}`);
    }) as typeof fetch;
    const base = { apiKey: key, baseUrl: 'https://api.poe.test' };
    const errors = await Promise.all([
      createVideoJob({ ...base, fetch: echo(400), model: 'm', prompt: 'p' }).catch((e: unknown) => e),
      createVideoJob({ ...base, fetch: echo(200), model: 'm', prompt: 'p' }).catch((e: unknown) => e),
      getVideoJob({ ...base, fetch: echo(500), id: 'v' }).catch((e: unknown) => e),
      getVideoJob({ ...base, fetch: thrower, id: 'v' }).catch((e: unknown) => e),
      downloadVideoContent({ ...base, fetch: echo(404), id: 'v' }).catch((e: unknown) => e),
      downloadVideoContent({ ...base, fetch: echo(200, 'text/html'), id: 'v' }).catch((e: unknown) => e),
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(PoeError);
      expect(JSON.stringify({ ...(error as PoeError), message: (error as PoeError).message })).not.toContain(key);
    }
    expect(errors.map((e) => (e as PoeError).kind)).toEqual(['invalid_input', 'protocol', 'server', 'network', 'not_found', 'protocol']);
  });
});

describe('redirects are refused, never followed', () => {
  it.each(REDIRECT_STATUSES)('create, poll and content answered with %i', async (status) => {
    const job = await createVideoJob({ ...account(), model: 'Video-Bot', prompt: 'Before the redirects' });
    poe.setRedirects({ videos: true, status });
    const redirectError = { kind: 'protocol', retryable: false, message: REDIRECT_MESSAGE, status };
    await expect(createVideoJob({ ...account(), model: 'Video-Bot', prompt: 'p' })).rejects.toMatchObject(redirectError);
    await expect(poll(job.id)).rejects.toMatchObject(redirectError);
    await expect(downloadVideoContent({ ...account(), id: job.id })).rejects.toMatchObject(redirectError);
    expect(poe.redirectTarget.requests).toHaveLength(0);
  });
});

describe('the download checks what it got', () => {
  const serve = (body: BodyInit, headers: Record<string, string>) => (async () => new Response(body, { status: 200, headers })) as typeof fetch;
  const base = { apiKey: FAKE_POE_KEY, baseUrl: 'https://api.poe.test', id: 'video_1' };

  it('takes application/octet-stream and names the type from the bytes', async () => {
    const webm = await downloadVideoContent({ ...base, fetch: serve(SAMPLE, { 'content-type': 'application/octet-stream' }) });
    expect(webm.type).toBe('video/webm');
    const mp4 = await downloadVideoContent({ ...base, fetch: serve(new Uint8Array([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70]), { 'content-type': 'application/octet-stream' }) });
    expect(mp4.type).toBe('video/mp4');
  });

  it('refuses a body that is not a video, or one larger than maxBytes', async () => {
    await expect(downloadVideoContent({ ...base, fetch: serve('<html>', { 'content-type': 'text/html' }) })).rejects.toMatchObject({ kind: 'protocol' });
    await expect(downloadVideoContent({ ...base, fetch: serve(SAMPLE, { 'content-type': 'video/webm' }), maxBytes: 100 })).rejects.toMatchObject({ kind: 'too_large' });
  });

  it('an aborted download is "aborted"', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(downloadVideoContent({ ...account(), id: 'video_x', signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('sora-2 (a catalogue model listing /v1/videos) runs as a job too', () => {
  it('completes after about 20 s', async () => {
    const job: VideoJob = await createVideoJob({ ...account(), model: 'sora-2', prompt: 'A lighthouse', seconds: '12' });
    now = START + 19_000;
    expect((await poll(job.id)).status).toBe('in_progress');
    now = START + 20_000;
    expect(await poll(job.id)).toMatchObject({ status: 'completed', seconds: '12', size: '1280x720' });
  });
});
