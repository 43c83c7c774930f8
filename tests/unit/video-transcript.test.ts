import { describe, expect, test } from 'vitest';
import type { VideoRead } from '@/lib/messaging/content-contracts';
import { MAX_UPLOAD_BYTES } from '@/lib/messaging/rules';
import { formatTimestamp, sameVideo, videoTimeUrl, watchId } from '@/lib/messaging/video-time';
import { PageReadError } from '@/lib/toolbar/page-read-error';
import { OFFER_LABEL, VideoReader } from '@/lib/toolbar/video-reader';
import { seekVideo, type VideoSeekDeps } from '@/lib/toolbar/video-seek';
import { NO_CAPTIONS_HEADING, transcriptLines, transcriptText } from '@/lib/toolbar/video-transcript';

const VIDEO = { url: 'https://www.youtube.com/watch?v=abc', key: 'abc', title: 'How rivers work', channel: 'River Channel', durationSeconds: 754, description: 'A walk along a river.' };

describe('times', () => {
  test('m:ss, h:mm:ss', () => {
    expect(formatTimestamp(0)).toBe('0:00');
    expect(formatTimestamp(65.9)).toBe('1:05');
    expect(formatTimestamp(3723)).toBe('1:02:03');
    expect(formatTimestamp(65, true)).toBe('0:01:05');
  });

  test('a watch page opens at t=<n>s, any other page at #t=<n>; only http(s)', () => {
    expect(videoTimeUrl('https://www.youtube.com/watch?v=abc&t=10s', 65)).toBe('https://www.youtube.com/watch?v=abc&t=65s');
    expect(videoTimeUrl('https://example.com/talk.html#intro', 65.7)).toBe('https://example.com/talk.html#t=65');
    expect(videoTimeUrl('javascript:alert(1)', 5)).toBeUndefined();
    expect(videoTimeUrl('not a url', 5)).toBeUndefined();
    expect(watchId('https://www.youtube.com/watch?v=abc')).toBe('abc');
    expect(watchId('https://www.youtube.com/results?v=abc')).toBeUndefined();
    expect(sameVideo('https://www.youtube.com/watch?v=abc&t=5s', 'https://m.youtube.com/watch?v=abc')).toBe(true);
    expect(sameVideo('https://www.youtube.com/watch?v=abc', 'https://www.youtube.com/watch?v=abd')).toBe(false);
    expect(sameVideo('https://example.com/a#t=5', 'https://example.com/a')).toBe(true);
  });
});

describe('the transcript file', () => {
  test('cues merge into lines of a readable length, each with the time of its first cue', () => {
    const cues = Array.from({ length: 30 }, (_, i) => ({ start: i, text: `word${i} and more` }));
    const lines = transcriptLines(cues);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]!.start).toBe(0);
    for (const line of lines) expect(line.text.length).toBeLessThanOrEqual(200);
    expect(lines.map((line) => line.text).join(' ')).toBe(cues.map((cue) => cue.text).join(' '));
    expect(lines[1]!.start).toBe(cues.find((cue) => cue.text === lines[1]!.text.split(' ')[0] + ' and more')!.start);
  });

  test('a line spans at most 20 seconds', () => {
    expect(transcriptLines([{ start: 1, text: 'Hello.' }, { start: 21, text: 'Still.' }, { start: 42, text: 'Later.' }]).map((line) => line.start)).toEqual([1, 42]);
  });

  test('a line ends at a sentence once it is long enough', () => {
    const long = 'x'.repeat(90) + '.';
    expect(transcriptLines([{ start: 0, text: long }, { start: 5, text: 'Next.' }]).map((line) => line.start)).toEqual([0, 5]);
    expect(transcriptLines([{ start: 0, text: 'Short.' }, { start: 5, text: 'Next.' }]).map((line) => line.start)).toEqual([0]);
  });

  test('says what the video is, whose captions, how times are written; then [m:ss] lines', () => {
    const text = transcriptText(VIDEO, { kind: 'auto', language: 'en', cues: [{ start: 1.2, text: 'Rivers begin small.' }, { start: 3, text: 'The end.' }, { start: 600, text: 'Credits.' }] });
    expect(text).toContain('Title: How rivers work\nChannel: River Channel\nURL: https://www.youtube.com/watch?v=abc\nLength: 12:34');
    expect(text).toContain('Captions: English (en) (auto-generated captions)');
    expect(text).toContain('as [m:ss]. Cite times that way.');
    expect(text).toContain('\n[0:01] Rivers begin small. The end.\n[10:00] Credits.\n');
  });

  test('a video of an hour or more writes [h:mm:ss]', () => {
    const text = transcriptText({ ...VIDEO, durationSeconds: 4000 }, { kind: 'manual', cues: [{ start: 65, text: 'Hi' }] });
    expect(text).toContain('as [h:mm:ss].');
    expect(text).toContain('[0:01:05] Hi');
    expect(text).not.toContain('auto-generated');
    expect(text).toContain('Captions: language not stated');
  });
});

function reader(read: VideoRead | unknown) {
  const parked: { name: string; text: Promise<string> }[] = [];
  const calls: unknown[][] = [];
  const videoReader = new VideoReader({
    callContent: (async (_target: unknown, method: string, ...args: unknown[]) => {
      calls.push([method, ...args]);
      return read;
    }) as never,
    putPending: async (blob, name) => {
      parked.push({ name, text: blob.text() });
      return `pending-${parked.length}`;
    },
    languages: ['de-DE'],
  });
  return { videoReader, parked, calls };
}

describe('VideoReader', () => {
  test('captions: the transcript parked whole as "Transcript – <title>.txt", with its source; the tab remembered', async () => {
    const cues = Array.from({ length: 5_000 }, (_, i) => ({ start: i, text: `Sentence number ${i} of a long talk.` }));
    const { videoReader, parked, calls } = reader({ kind: 'captions', video: VIDEO, captions: 'manual', language: 'en', cues });
    const outcome = await videoReader.read({ tabId: 7, frameId: 0 }, 'blob:https://www.youtube.com/x');
    expect(calls).toEqual([['readVideo', 'blob:https://www.youtube.com/x', ['de-DE']]]);
    expect(outcome.kind).toBe('transcript');
    if (outcome.kind !== 'transcript') return;
    expect(outcome.attachment).toMatchObject({
      pendingId: 'pending-1',
      name: 'Transcript – How rivers work.txt',
      contentType: 'text/plain',
      source: { kind: 'video', url: VIDEO.url, title: VIDEO.title, channel: 'River Channel', durationSeconds: 754, captions: 'manual', language: 'en' },
    });
    const text = await parked[0]!.text;
    expect(text).toContain('Sentence number 4999 of a long talk.');
    expect(outcome.chars).toBe(text.length);
    expect(videoReader.shownIn(VIDEO.url)).toEqual({ tabId: 7, key: 'abc' });
  });

  test('no captions: the message to show and an offer of the title and description, headed as only that', async () => {
    const { videoReader, parked } = reader({ kind: 'noCaptions', video: VIDEO });
    const outcome = await videoReader.read({ tabId: 7 });
    expect(outcome.kind).toBe('noCaptions');
    if (outcome.kind !== 'noCaptions') return;
    expect(outcome.offer.label).toBe(OFFER_LABEL);
    expect(outcome.offer.attachment.source).toMatchObject({ kind: 'video', captions: 'none' });
    expect(outcome.offer.attachment.name).toBe('Title and description – How rivers work.txt');
    const text = await parked[0]!.text;
    expect(text.startsWith(NO_CAPTIONS_HEADING)).toBe(true);
    expect(text).toContain('A walk along a river.');
  });

  test('captions that could not be fetched: a clear error, nothing parked', async () => {
    const { videoReader, parked } = reader({ kind: 'failed', video: VIDEO, reason: 'The site refused the captions (HTTP 403).' });
    const error = await videoReader.read({ tabId: 7 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PageReadError);
    expect((error as Error).message).toMatch(/could not read the captions of “How rivers work”: The site refused the captions \(HTTP 403\)\. It will not guess/);
    expect(parked).toEqual([]);
  });

  test('no video, and a malformed answer from the page', async () => {
    expect(await reader({ kind: 'none' }).videoReader.read({ tabId: 1 })).toEqual({ kind: 'none' });
    await expect(reader({ kind: 'captions', video: VIDEO }).videoReader.read({ tabId: 1 })).rejects.toBeInstanceOf(PageReadError);
    await expect(reader(undefined).videoReader.read({ tabId: 1 })).rejects.toBeInstanceOf(PageReadError);
  });

  test('a transcript over the upload limit is refused with its size, never cut', async () => {
    const cue = { start: 0, text: 'y'.repeat(4_900) };
    const cues = Array.from({ length: Math.ceil(MAX_UPLOAD_BYTES / 4_900) + 10 }, (_, i) => ({ ...cue, start: i }));
    const { videoReader, parked } = reader({ kind: 'captions', video: VIDEO, captions: 'manual', cues });
    await expect(videoReader.read({ tabId: 1 })).rejects.toThrow(/is 25\.\d MB, more than the 25\.0 MB a file sent to Poe may be/);
    expect(parked).toEqual([]);
  });
});

describe('seeking a video from an answer', () => {
  function deps(overrides: Partial<VideoSeekDeps> = {}) {
    const log: string[] = [];
    const all: VideoSeekDeps = {
      shownIn: () => undefined,
      tabs: async () => [],
      seekIn: async (tabId, seconds, key) => {
        log.push(`seek ${tabId} ${seconds} ${key}`);
        return true;
      },
      focus: async (tabId) => void log.push(`focus ${tabId}`),
      open: async (url) => void log.push(`open ${url}`),
      ...overrides,
    };
    return { all, log };
  }

  test('in the tab the transcript came from, which comes to the front', async () => {
    const { all, log } = deps({ shownIn: () => ({ tabId: 4, key: 'abc' }), tabs: async () => [{ id: 4, windowId: 1 }, { id: 5, url: VIDEO.url }] });
    await seekVideo(all, VIDEO.url, 65);
    expect(log).toEqual(['seek 4 65 abc', 'focus 4']);
  });

  test('that tab shows something else now: another tab at the video, else a new tab at that time', async () => {
    const { all, log } = deps({
      shownIn: () => ({ tabId: 4, key: 'abc' }),
      tabs: async () => [{ id: 4, url: 'https://www.youtube.com/watch?v=other' }, { id: 5, url: `${VIDEO.url}&t=3s` }],
    });
    await seekVideo(all, VIDEO.url, 65);
    expect(log).toEqual(['seek 5 65 abc', 'focus 5']);

    const closed = deps({ shownIn: () => ({ tabId: 4, key: 'abc' }), tabs: async () => [], seekIn: async () => false });
    await seekVideo(closed.all, VIDEO.url, 65);
    expect(closed.log).toEqual([`open ${VIDEO.url}&t=65s`]);
  });

  test('a page that says it does not show the video, or cannot be reached, is passed over', async () => {
    const { all, log } = deps({
      tabs: async () => [{ id: 4, url: VIDEO.url }],
      seekIn: async () => {
        throw new Error('Cannot access contents of the page');
      },
    });
    await seekVideo(all, VIDEO.url, 5);
    expect(log).toEqual([`open ${VIDEO.url}&t=5s`]);
  });
});
