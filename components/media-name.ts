/** The file name a download of a bot's image, audio or video gets (issue 15). Pure, so unit tests import it. */

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/flac': 'flac',
  'audio/opus': 'opus',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
};

/** The usual file ending of a content type, or undefined when we do not know it. */
export function extensionFor(contentType: string): string | undefined {
  return EXTENSIONS[contentType.toLowerCase().split(';')[0]?.trim() ?? ''];
}

/** No path separators, control or bidi characters, nor characters Windows refuses; trimmed to 100 characters. */
function clean(name: string): string {
  return name
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/^[\s.-]+|[\s.]+$/g, '')
    .slice(0, 100);
}

function lastSegment(url: string): string {
  try {
    const segment = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

export interface NamedMedia {
  /** The `file` event's name, when there was one. */
  name?: string | undefined;
  url: string;
  contentType: string;
  /** The bot that made it, and when: the name of last resort. */
  bot: string;
  time: number;
}

/**
 * The file event's name, else the URL's last segment, else "<bot> <date time>"; always with the ending its content
 * type calls for (added, or replacing a wrong one), never with a slash or a control character.
 */
export function downloadName(media: NamedMedia): string {
  const base = clean(media.name ?? '') || clean(lastSegment(media.url)) || clean(`${media.bot} ${stamp(media.time)}`) || 'media';
  const wanted = extensionFor(media.contentType);
  if (!wanted) return base;
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ending = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (ending === wanted || (wanted === 'jpg' && ending === 'jpeg')) return base;
  // A known media ending that disagrees with the content type is replaced; anything else is part of the name.
  return `${Object.values(EXTENSIONS).includes(ending) ? stem : base}.${wanted}`;
}

function stamp(time: number): string {
  const date = new Date(time);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}.${two(date.getMinutes())}.${two(date.getSeconds())}`;
}
