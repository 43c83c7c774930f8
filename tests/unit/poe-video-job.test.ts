/** Reading Poe's video object (issue 15): tolerant of missing fields, strict about what the job is. */
import { describe, expect, it } from 'vitest';
import { PoeError, parseVideoJob, toInputImage } from '@/lib/poe';

describe('parseVideoJob', () => {
  it("converts OpenAI's Unix seconds to epoch ms, and keeps values that are already ms", () => {
    const job = parseVideoJob({ id: 'video_1', status: 'completed', progress: 100, created_at: 1_768_478_400, completed_at: 1_768_478_460_000, expires_at: 1_768_482_060 });
    expect(job).toEqual({ id: 'video_1', status: 'completed', progress: 100, createdAt: 1_768_478_400_000, completedAt: 1_768_478_460_000, expiresAt: 1_768_482_060_000 });
  });

  it('leaves out what is missing, null or unreadable', () => {
    expect(parseVideoJob({ id: 'v', status: 'queued', created_at: null, completed_at: 0, expires_at: 'soon', model: 7, size: '', error: null })).toEqual({
      id: 'v',
      status: 'queued',
      progress: 0,
    });
  });

  it('clamps progress to 0–100, and a completed job counts as 100', () => {
    expect(parseVideoJob({ id: 'v', status: 'in_progress', progress: -5 }).progress).toBe(0);
    expect(parseVideoJob({ id: 'v', status: 'in_progress', progress: 150 }).progress).toBe(100);
    expect(parseVideoJob({ id: 'v', status: 'in_progress', progress: 42.5 }).progress).toBe(42.5);
    expect(parseVideoJob({ id: 'v', status: 'completed', progress: 97 }).progress).toBe(100);
  });

  it('reads seconds as a string, and the error of a failed job in either form', () => {
    expect(parseVideoJob({ id: 'v', status: 'failed', seconds: 8, error: { code: 'moderation_blocked', message: ' Flagged. ' } })).toMatchObject({
      seconds: '8',
      error: { code: 'moderation_blocked', message: 'Flagged.' },
    });
    expect(parseVideoJob({ id: 'v', status: 'failed', error: 'Provider timeout' }).error).toEqual({ message: 'Provider timeout' });
    expect(parseVideoJob({ id: 'v', status: 'failed', error: { code: 'internal' } }).error).toEqual({ message: 'The video could not be made (internal).', code: 'internal' });
  });

  it('an unknown status or a missing id is a protocol error, not a guess', () => {
    for (const body of [{ id: 'v', status: 'cancelled' }, { id: 'v' }, { status: 'queued' }, { id: '', status: 'queued' }, 'video', null]) {
      let error: unknown;
      try {
        parseVideoJob(body);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(body)).toBeInstanceOf(PoeError);
      expect(error).toMatchObject({ kind: 'protocol', retryable: false });
    }
  });
});

describe('toInputImage', () => {
  it('is a base64 data URL with the type, also for images larger than one chunk', () => {
    expect(toInputImage({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), contentType: 'image/png' })).toBe('data:image/png;base64,iVBORw==');
    const big = new Uint8Array(200_000).map((_, i) => i % 251);
    const url = toInputImage({ bytes: big, contentType: 'image/jpeg' });
    expect(Buffer.from(url.slice('data:image/jpeg;base64,'.length), 'base64').equals(Buffer.from(big))).toBe(true);
  });
});
