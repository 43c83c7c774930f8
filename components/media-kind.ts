/** What kind of media a bot's file is (issue 15). Pure, so unit tests import it. */

export type MediaKind = 'image' | 'audio' | 'video';

/** A file's kind from its content type; undefined for anything that is not shown as media. */
export function mediaKindOf(contentType: string): MediaKind | undefined {
  const type = contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  if (type.startsWith('image/') && type !== 'image/svg+xml') return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  return undefined;
}
