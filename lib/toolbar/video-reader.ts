import { t, uiLocale } from '@/lib/i18n';
import { videoReadSchema, type VideoFacts, type VideoRead } from '@/lib/messaging/content-contracts';
import type { AttachmentSource, PendingAttachment } from '@/lib/messaging/contracts';
import { MAX_UPLOAD_BYTES } from '@/lib/messaging/rules';
import type { ContentApi, FrameTarget } from '@/lib/platform/page-scripting';
import type { VideoOutcome } from './page-asks';
import { PageReadError } from './page-read-error';
import { fileNameFrom } from './prompts';
import { titleAndDescriptionText, transcriptText } from './video-transcript';

export interface VideoReaderDeps {
  callContent<K extends keyof ContentApi>(target: FrameTarget, method: K, ...args: Parameters<ContentApi[K]>): Promise<Awaited<ReturnType<ContentApi[K]>>>;
  putPending(source: Blob, name: string): Promise<string>;
  /** The user's languages, first choice first: captions in one of them are preferred. */
  languages: readonly string[];
}

/** Where a transcript came from: the tab, and the key its page knows the video by (for a seek). */
export interface VideoShown {
  tabId: number;
  key: string;
}

export const OFFER_LABEL = t('videoReader_offer');

/**
 * Reads a tab's video through its own caption tracks (the content script) and parks the transcript at the file door
 * as a text file, whole (issue 14). No captions: only an offer of the title and description, named for what it is.
 * Captions that could not be fetched: an error, never the page's text instead.
 */
export class VideoReader {
  /** The tab each video's transcript was read in, by the video's address. */
  private readonly shown = new Map<string, VideoShown>();

  constructor(private readonly deps: VideoReaderDeps) {}

  async read(target: FrameTarget, srcUrl?: string): Promise<VideoOutcome> {
    const raw = await this.deps.callContent(target, 'readVideo', srcUrl ?? null, [...this.deps.languages]);
    const parsed = videoReadSchema.safeParse(raw);
    if (!parsed.success) throw new PageReadError(t('videoReader_unreadable'));
    const read: VideoRead = parsed.data;
    if (read.kind === 'none') return { kind: 'none' };
    this.shown.set(read.video.url, { tabId: target.tabId, key: read.video.key });
    const { video } = read;
    if (read.kind === 'failed') {
      throw new PageReadError(t('videoReader_captionsFailed', video.title, read.reason));
    }
    if (read.kind === 'noCaptions') {
      const text = titleAndDescriptionText(video);
      const attachment = await this.park(text, `Title and description – ${fileNameFrom(video.title, 'txt')}`, source(video, 'none'));
      return { kind: 'noCaptions', offer: { label: OFFER_LABEL, attachment }, title: video.title, url: video.url };
    }
    const text = transcriptText(video, { kind: read.captions, ...(read.language ? { language: read.language } : {}), cues: read.cues });
    const attachment = await this.park(text, `Transcript – ${fileNameFrom(video.title, 'txt')}`, source(video, read.captions, read.language));
    return { kind: 'transcript', attachment, title: video.title, url: video.url, chars: text.length };
  }

  /** The tab a video's transcript was read in, and its key there. */
  shownIn(url: string): VideoShown | undefined {
    return this.shown.get(url);
  }

  private async park(text: string, name: string, from: AttachmentSource): Promise<PendingAttachment> {
    const file = new Blob([text], { type: 'text/plain' });
    if (file.size > MAX_UPLOAD_BYTES) {
      const format = new Intl.NumberFormat(uiLocale(), { style: 'unit', unit: 'megabyte', minimumFractionDigits: 1, maximumFractionDigits: 1 });
      const mb = (bytes: number) => format.format(bytes / 1024 / 1024);
      throw new PageReadError(t('videoReader_transcriptTooLarge', from.title, mb(file.size), mb(MAX_UPLOAD_BYTES)));
    }
    return { pendingId: await this.deps.putPending(file, name), name, contentType: 'text/plain', size: file.size, source: from };
  }
}

function source(video: VideoFacts, captions: 'manual' | 'auto' | 'none', language?: string): AttachmentSource {
  return {
    kind: 'video',
    url: video.url,
    title: video.title.slice(0, 1_000),
    ...(video.channel ? { channel: video.channel } : {}),
    ...(video.durationSeconds !== undefined ? { durationSeconds: video.durationSeconds } : {}),
    captions,
    ...(language ? { language } : {}),
  };
}
