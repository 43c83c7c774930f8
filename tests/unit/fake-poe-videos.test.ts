/**
 * The fake Poe's Videos API itself (issue 15), over raw HTTP: it refuses what Poe refuses (and no more), lists its video
 * models, keeps answering them as bots, and shows tests what it received.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redSquarePng } from '../fake-poe/png';
import { FAKE_POE_FREE_KEY, FAKE_POE_KEY, startFakePoe, type FakePoe } from '../fake-poe/server';
import { VIDEO_MODELS } from '../fake-poe/video-models';
import { readInputImage } from '../fake-poe/videos';

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

async function post(body: unknown, key = FAKE_POE_KEY, contentType = 'application/json'): Promise<{ status: number; body: any }> {
  const response = await fetch(`${poe.url}/v1/videos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const png64 = redSquarePng(4).toString('base64');

describe('POST /v1/videos refuses as Poe does', () => {
  it.each([
    ['no prompt', { model: 'Video-Bot' }, /prompt/],
    ['an empty prompt', { model: 'Video-Bot', prompt: '   ' }, /prompt/],
    ['no model', { prompt: 'p' }, /model/],
    ['seconds the model does not offer', { model: 'Video-Bot', prompt: 'p', seconds: '12' }, /seconds.*'4', '8'/],
    ['a size the model does not offer', { model: 'Video-Bot', prompt: 'p', size: '1920x1080' }, /size.*'1280x720', '720x1280'/],
    ['a model without /v1/videos', { model: 'Echo-Bot', prompt: 'p' }, /does not support the Videos API/],
    ['input_image that is not base64', { model: 'Video-Bot', prompt: 'p', input_image: 'not base64!' }, /not valid base64/],
    ['input_image that is not an image', { model: 'Video-Bot', prompt: 'p', input_image: Buffer.from('%PDF-1.7 hello').toString('base64') }, /not a PNG, JPEG/],
    ['a data URL that is not an image', { model: 'Video-Bot', prompt: 'p', input_image: `data:text/plain;base64,${png64}` }, /data URL/],
    ['a declared parameter of the wrong type', { model: 'Video-Bot', prompt: 'p', duration: 4 }, /duration/],
    ['a body that is not JSON', '{"model":', /not valid JSON/],
  ])('400 for %s', async (_what, body, message) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.type).toBe('invalid_request_error');
    expect(answer.body.error.message).toMatch(message);
    expect(poe.videoJobs()).toHaveLength(0);
  });

  it('401 for a bad key, 404 for an unknown model, 403 for a free account on a paid model', async () => {
    expect((await post({ model: 'Video-Bot', prompt: 'p' }, 'wrong-key')).status).toBe(401);
    const unknown = await post({ model: 'Nope-Video', prompt: 'p' });
    expect(unknown).toMatchObject({ status: 404, body: { error: { type: 'not_found_error', code: 'model_not_found' } } });
    expect((await post({ model: 'Video-Bot', prompt: 'p' }, FAKE_POE_FREE_KEY)).status).toBe(403);
  });

  it('402 when the balance is empty', async () => {
    poe.setBalance(0);
    const answer = await post({ model: 'Video-Bot', prompt: 'p' });
    expect(answer).toMatchObject({ status: 402, body: { error: { type: 'insufficient_credits' } } });
  });

  it('takes plain base64 and a data URL alike, numbers for seconds, and undeclared keys; defaults come from the model', async () => {
    const plain = await post({ model: 'video-bot', prompt: 'p', input_image: png64, seconds: 8, seed: 'abc' });
    const dataUrl = await post({ model: 'Video-Bot', prompt: 'p', input_image: `data:image/png;base64,${png64}` });
    expect(plain).toMatchObject({ status: 200, body: { object: 'video', status: 'queued', progress: 0, seconds: '8', size: '1280x720', created_at: START / 1000 } });
    expect(dataUrl).toMatchObject({ status: 200, body: { seconds: '4', completed_at: null, expires_at: null, error: null } });
    expect(poe.videoJobs().map((job) => job.inputImage)).toEqual([
      { contentType: 'image/png', bytes: redSquarePng(4).length },
      { contentType: 'image/png', bytes: redSquarePng(4).length },
    ]);
  });
});

describe('jobs over time', () => {
  it('content is 404 "not ready" before completion and video/webm after; a failed job keeps its error', async () => {
    const { body: ok } = await post({ model: 'Video-Bot', prompt: 'p' });
    const { body: bad } = await post({ model: 'Video-Fail-Bot', prompt: 'p' });
    const get = (path: string) => fetch(`${poe.url}${path}`, { headers: { authorization: `Bearer ${FAKE_POE_KEY}` } });
    const early = await get(`/v1/videos/${ok.id}/content`);
    expect(early.status).toBe(404);
    expect((await early.json()).error.message).toBe('Video is not ready');
    now = START + 12_000;
    const content = await get(`/v1/videos/${ok.id}/content`);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('video/webm');
    const failed = await (await get(`/v1/videos/${bad.id}`)).json();
    expect(failed).toMatchObject({ status: 'failed', progress: 40, error: { code: 'moderation_blocked' }, completed_at: null });
    expect(poe.videoJobs().map((job) => [job.model.displayName, job.status, job.charged])).toEqual([
      ['Video-Bot', 'completed', true],
      ['Video-Fail-Bot', 'failed', false],
    ]);
  });

  it('a job completed while nobody polls is charged when the balance is next read', async () => {
    await post({ model: 'Video-Slow-Bot', prompt: 'p' });
    const balance = poe.balance();
    now = START + 40_000;
    const answer = await (await fetch(`${poe.url}/usage/current_balance`, { headers: { authorization: `Bearer ${FAKE_POE_KEY}` } })).json();
    expect(answer.current_point_balance).toBe(balance - 900);
  });

  it('advanceVideoClock moves jobs on; reset() forgets jobs and the offset; GET /_test/videos lists requests and jobs', async () => {
    const { body } = await post({ model: 'Video-Expire-Bot', prompt: 'p' });
    poe.advanceVideoClock(6_000);
    expect(poe.videoJobs()[0]).toMatchObject({ id: body.id, status: 'completed', progress: 100 });
    const listed = await (await fetch(`${poe.url}/_test/videos`)).json();
    expect(listed.requests).toHaveLength(1);
    expect(listed.requests[0].body).toEqual({ model: 'Video-Expire-Bot', prompt: 'p' });
    expect(listed.jobs[0]).toMatchObject({ id: body.id, status: 'completed' });
    poe.reset();
    expect(poe.videoJobs()).toHaveLength(0);
    await post({ model: 'Video-Bot', prompt: 'p' });
    expect(poe.videoJobs()[0]?.status).toBe('queued');
  });
});

describe('the video models', () => {
  it('are listed with /v1/videos, a per-request price and Sora-like parameters', async () => {
    const models = (await (await fetch(`${poe.url}/v1/models`)).json()).data as any[];
    for (const { spec } of VIDEO_MODELS) {
      const entry = models.find((m) => m.id === spec.id);
      expect(entry, spec.id).toMatchObject({
        supported_endpoints: ['/v1/videos'],
        architecture: { input_modalities: ['text', 'image'], output_modalities: ['video'] },
        pricing: { request: expect.stringMatching(/^0\.\d+$/) },
      });
      expect(entry.parameters.map((p: any) => [p.name, p.schema.enum])).toEqual([['duration', ['4', '8']], ['size', ['1280x720', '720x1280']]]);
    }
  });

  it('still answer a bot query, as simulated models do', async () => {
    const response = await fetch(`${poe.url}/bot/Video-Bot`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FAKE_POE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: '1.2', type: 'query', user_id: '', conversation_id: '', message_id: '', query: [{ role: 'user', content: 'a cat', parameters: {}, attachments: [] }] }),
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await response.text();
    expect(text).toContain('event: file');
    expect(text).toContain('event: done');
  });
});

describe('readInputImage', () => {
  it('knows PNG, JPEG, GIF and WebP by their first bytes', () => {
    const b64 = (bytes: number[] | string) => Buffer.from(typeof bytes === 'string' ? bytes : bytes).toString('base64');
    expect(readInputImage(b64([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toEqual({ contentType: 'image/jpeg', bytes: 6 });
    expect(readInputImage(b64('GIF89a..'))).toMatchObject({ contentType: 'image/gif' });
    expect(readInputImage(b64('RIFF\0\0\0\0WEBPVP8 '))).toMatchObject({ contentType: 'image/webp' });
    expect(readInputImage(42)).toMatch(/base64-encoded image/);
  });
});
