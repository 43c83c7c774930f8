import type { CaptionCue, VideoFacts } from '@/lib/messaging/content-contracts';
import { formatTimestamp } from '@/lib/messaging/video-time';

/** A line of the transcript grows to about this many characters; it ends earlier at a sentence's end past SENTENCE_MIN. */
const LINE_MAX = 200;
const SENTENCE_MIN = 80;
/** A line covers at most this many seconds: a time cited from it is never far from what it says. */
const LINE_SPAN = 20;

export interface TranscriptLine {
  start: number;
  text: string;
}

/**
 * Cues merged into lines of a readable length and a short span of time, each keeping the start time of its first cue:
 * caption cues are a few words each, and a timestamp every two seconds would double the file without helping anyone
 * cite it.
 */
export function transcriptLines(cues: readonly CaptionCue[]): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  let current: TranscriptLine | undefined;
  for (const cue of cues) {
    const text = cue.text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const fits = current && current.text.length + 1 + text.length <= LINE_MAX && cue.start - current.start <= LINE_SPAN;
    const sentenceEnded = current && current.text.length >= SENTENCE_MIN && /[.!?…]["')\]]?$/.test(current.text);
    if (current && fits && !sentenceEnded) {
      current.text += ` ${text}`;
      continue;
    }
    current = { start: cue.start, text };
    lines.push(current);
  }
  return lines;
}

function header(video: VideoFacts): string[] {
  return [
    `Title: ${video.title}`,
    ...(video.channel ? [`Channel: ${video.channel}`] : []),
    `URL: ${video.url}`,
    ...(video.durationSeconds ? [`Length: ${formatTimestamp(video.durationSeconds)}`] : []),
  ];
}

/** `English (en)`; the bare code when it names no language the browser knows. */
function languageLabel(code: string | undefined): string | undefined {
  if (!code) return undefined;
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(code);
    return name ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** The transcript as a text file: what the video is, whose captions, how times are written, then `[m:ss] text` lines. */
export function transcriptText(
  video: VideoFacts,
  captions: { kind: 'manual' | 'auto'; language?: string; cues: readonly CaptionCue[] },
): string {
  const lines = transcriptLines(captions.cues);
  const hours = (video.durationSeconds ?? lines.at(-1)?.start ?? 0) >= 3600;
  const format = hours ? '[h:mm:ss]' : '[m:ss]';
  const language = languageLabel(captions.language);
  return [
    `Transcript of a video`,
    ...header(video),
    `Captions: ${language ?? 'language not stated'}${captions.kind === 'auto' ? ' (auto-generated captions)' : ''}`,
    '',
    `Each line starts with the time it is said in the video, as ${format}. Cite times that way.`,
    '',
    ...lines.map((line) => `[${formatTimestamp(line.start, hours)}] ${line.text}`),
    '',
  ].join('\n');
}

export const NO_CAPTIONS_HEADING = 'This video has no captions. Only its title and description follow; they do not say what the video says.';

/** What a video without captions can honestly offer: its title and description, headed as only that. */
export function titleAndDescriptionText(video: VideoFacts): string {
  return [NO_CAPTIONS_HEADING, '', ...header(video), '', 'Description:', video.description?.trim() || '(none)', ''].join('\n');
}
