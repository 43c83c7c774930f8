import { useEffect, useRef, useState } from 'preact/hooks';
import type { AttachmentInfo } from '@/lib/messaging/contracts';
import { showHidden } from '@/lib/markdown/visible-text';
import { openAnswerImage } from './answer-images';
import { isTrustedImageUrl, pageImageTrust, useImageSrc } from './images';
import { MediaActions, type MediaContext, type MediaItem } from './MediaActions';
import { playable, type Playable } from './media-bytes';
import { mediaKindOf, mediaLinksIn } from './media-kind';
import { FileList } from './MessageBody';
import './media.css';

/**
 * A bot answer's images, audio and video (issue 15), loaded as its own chunk after the first paint: images inline at
 * the panel's width (a click or Enter opens the full-size viewer), audio and video as players, each with Download
 * (images also Copy and Use as input, in the viewer). Media from hosts the page does not trust stay links naming the
 * host; other files stay named links. Bare audio and video links in the finished answer's text play here too.
 */
export function AnswerMedia({ files, text, context }: { files: readonly AttachmentInfo[]; text: string; context: MediaContext }) {
  const items: { item: MediaItem; file?: AttachmentInfo }[] = [];
  const others: AttachmentInfo[] = [];
  for (const file of files) {
    const kind = mediaKindOf(file.contentType);
    const reachable = file.stored !== undefined || isTrustedUrl(file.url);
    if (kind && reachable) items.push({ item: { kind, url: file.url, stored: file.stored, name: file.name, contentType: file.contentType }, file });
    else others.push(file);
  }
  for (const link of mediaLinksIn(text, pageImageTrust)) {
    if (items.some(({ item }) => item.url === link.url)) continue;
    const kind = mediaKindOf(link.contentType);
    if (kind) items.push({ item: { kind, url: link.url, name: link.name, contentType: link.contentType } });
  }
  return (
    <>
      {items.length > 0 && (
        <ul class="media-list" aria-label="Media">
          {items.map(({ item }, index) => (
            <li key={`${index}:${item.stored ?? item.url}`} class="media-item">
              {item.kind === 'image' ? (
                <InlineImage item={item} files={files} context={context} />
              ) : (
                <Player item={item} context={context} />
              )}
            </li>
          ))}
        </ul>
      )}
      <FileList files={others} />
    </>
  );
}

function isTrustedUrl(url: string): boolean {
  return /^https?:\/\//i.test(url) && isTrustedImageUrl(url);
}

function InlineImage({ item, files, context }: { item: MediaItem; files: readonly AttachmentInfo[]; context: MediaContext }) {
  const { src, failed } = useImageSrc(item.url);
  const image = useRef<HTMLImageElement>(null);
  if (failed) return <p class="media-error">{showHidden(item.name ?? 'The image')} could not be loaded from {hostOf(item.url)}.</p>;
  const open = () => image.current && openAnswerImage(image.current, files, context);
  return (
    <button type="button" class="media-open" onClick={open} aria-label={`Open ${showHidden(item.name ?? 'image')} full size`}>
      <img ref={image} class="media-image" src={src} alt={showHidden(item.name ?? '')} data-url={item.url} data-name={item.name} data-type={item.contentType} />
    </button>
  );
}

/** An `<audio>` or `<video>` player of a trusted or stored file, with its name and Download. */
function Player({ item, context }: { item: MediaItem; context: MediaContext }) {
  const [source, setSource] = useState<{ playable?: Playable; error?: string }>({});
  useEffect(() => {
    let live = true;
    let made: Playable | undefined;
    playable(item).then(
      (ready) => {
        made = ready;
        if (live) setSource({ playable: ready });
        else ready.revoke?.();
      },
      (error: unknown) => live && setSource({ error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
      made?.revoke?.();
    };
  }, [item.url, item.stored]);
  const label = showHidden(item.name ?? (item.kind === 'audio' ? 'Audio' : 'Video'));
  if (source.error) return <p class="media-error">{label} could not be loaded ({source.error}).</p>;
  const src = source.playable?.src;
  return (
    <>
      <span class="media-name">{label}</span>
      {item.kind === 'audio' ? (
        <audio class="media-audio" controls preload="metadata" src={src} aria-label={label} />
      ) : (
        <video
          class="media-video"
          controls
          playsInline
          preload="metadata"
          src={src}
          aria-label={label}
          // Once the video says its shape, the box takes it (the width stays, so nothing above moves).
          onLoadedMetadata={(event) => {
            const video = event.currentTarget;
            if (video.videoWidth && video.videoHeight) video.style.aspectRatio = `${video.videoWidth} / ${video.videoHeight}`;
          }}
        />
      )}
      <MediaActions item={item} context={context} />
    </>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'its server';
  }
}
