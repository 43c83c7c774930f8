import type { FunctionComponent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ImageTrust } from '@/lib/markdown/image-trust';
import { showHidden } from '@/lib/markdown/visible-text';
import type { AttachmentInfo } from '@/lib/messaging/contracts';
import { isInProgress } from '@/lib/messaging/rules';
import { openAnswerImage } from './answer-images';
import type { ChatStore, MessageView } from './chat-store';
import { MediaActions, type MediaContext, type MediaItem } from './MediaActions';
import { playable, type Playable } from './media-bytes';
import { mediaKindOf } from './media-kind';
import { mediaLinksIn } from './media-links';
import './media.css';

/**
 * A bot answer's files, images, audio and video (issue 15), loaded as a chunk after the first paint (so it imports
 * nothing the first paint carries: what it needs of it comes as props). Images inline at the panel's width; a click or
 * Enter on one (its thumbnail, or an image in the rendered text) opens the full-size viewer, with Download, Copy image
 * and Use as input. Audio and video play inline, with Download; so do bare audio and video links of trusted hosts in
 * the finished text. Media from hosts the page does not trust, and other files, stay named links.
 */
export function BotFiles({ view, bot, store, trust, FileList }: {
  view: MessageView;
  bot: string;
  store: ChatStore;
  /** Which hosts load without a click (the page's image trust: Poe's CDN, the local server). */
  trust: ImageTrust;
  FileList: FunctionComponent<{ files: readonly AttachmentInfo[] }>;
}) {
  const info = view.info.value;
  const text = view.text.value;
  const anchor = useRef<HTMLDivElement>(null);
  const context: MediaContext = { bot, time: info.createdAt, useAsInput: (file) => void store.addFiles([file], { focus: true }) };
  const contextRef = useRef(context);
  contextRef.current = context;
  const filesRef = useRef(info.files);
  filesRef.current = info.files;
  // Only an answer whose text has markdown images watches its rendered text (a long conversation has many answers).
  useOpenImagesOfAnswer(anchor, text.includes('!['), (image) => openAnswerImage(image, filesRef.current ?? [], contextRef.current));

  const items: MediaItem[] = [];
  const elsewhere: AttachmentInfo[] = [];
  const others: AttachmentInfo[] = [];
  for (const file of unreferencedFiles(info.files, text)) {
    const kind = mediaKindOf(file.contentType);
    if (kind && (file.stored || trusted(file.url, trust))) items.push({ kind, url: file.url, stored: file.stored, name: file.name, contentType: file.contentType });
    else if (kind && /^https?:\/\//i.test(file.url)) elsewhere.push(file);
    else others.push(file);
  }
  if (!isInProgress(info.status)) for (const link of mediaLinksIn(text, trust)) if (!items.some((item) => item.url === link.url)) items.push(link);
  const open = (image: HTMLImageElement) => openAnswerImage(image, info.files ?? [], context);
  return (
    <div class="bot-files" ref={anchor}>
      {items.length > 0 && (
        <ul class="media-list" aria-label={t('botFiles_media')}>
          {items.map((item, index) => (
            <li key={`${index}:${item.stored ?? item.url}`} class="media-item">
              {item.kind === 'image' ? <InlineImage item={item} open={open} /> : <Player item={item} context={context} />}
            </li>
          ))}
        </ul>
      )}
      {elsewhere.length > 0 && (
        <ul class="media-list" aria-label={t('botFiles_mediaElsewhere')}>
          {elsewhere.map((file, index) => (
            <li key={`${index}:${file.url}`}>
              {/* Not loaded here (a player would reach the host by itself): a link that says where it goes. */}
              <a href={file.url} target="_blank" rel="noopener noreferrer" class="file-link">
                {t('botFiles_fromHost', showHidden(file.name), new URL(file.url).host)}
              </a>
            </li>
          ))}
        </ul>
      )}
      <FileList files={others} />
    </div>
  );
}

/** The files a bot sent that its text does not already show inline. */
export function unreferencedFiles(files: readonly AttachmentInfo[] | undefined, text: string): AttachmentInfo[] {
  return (files ?? []).filter((file) => !file.inlineRef || !text.includes(`[${file.inlineRef}]`));
}

function trusted(raw: string, trust: ImageTrust): boolean {
  try {
    return /^https?:$/.test(new URL(raw).protocol) && trust(new URL(raw));
  } catch {
    return false;
  }
}

/** A click or Enter on a shown image of the answer's rendered text (not one inside a link: the link wins) opens it. */
function useOpenImagesOfAnswer(anchor: { current: HTMLElement | null }, hasImages: boolean, open: (image: HTMLImageElement) => void): void {
  const openRef = useRef(open);
  openRef.current = open;
  useEffect(() => {
    const text = hasImages ? anchor.current?.closest('.message')?.querySelector('.markdown') : undefined;
    if (!text) return;
    // The renderer's images become focusable (Enter opens them too), as they appear.
    const focusable = () => {
      for (const image of text.querySelectorAll<HTMLImageElement>('img:not([tabindex])')) image.tabIndex = 0;
    };
    focusable();
    const appearing = new MutationObserver(focusable);
    appearing.observe(text, { childList: true, subtree: true });
    const handle = (event: Event) => {
      const image = event.target;
      if (!(image instanceof HTMLImageElement) || !image.getAttribute('src') || image.closest('a')) return;
      if (event instanceof KeyboardEvent && event.key !== 'Enter') return;
      event.preventDefault();
      openRef.current(image);
    };
    text.addEventListener('click', handle);
    text.addEventListener('keydown', handle);
    return () => {
      appearing.disconnect();
      text.removeEventListener('click', handle);
      text.removeEventListener('keydown', handle);
    };
  }, [hasImages]);
}

/** Where an `<img>`, `<audio>` or `<video>` loads a file from (a blob: URL revoked when it is no longer shown). */
function usePlayable(item: MediaItem): { src?: string; error?: string } {
  const [source, setSource] = useState<{ src?: string; error?: string }>({});
  useEffect(() => {
    let live = true;
    let made: Playable | undefined;
    playable(item).then(
      (ready) => {
        made = ready;
        if (live) setSource({ src: ready.src });
        else ready.revoke?.();
      },
      (error: unknown) => live && setSource({ error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
      made?.revoke?.();
    };
  }, [item.url, item.stored]);
  return source;
}

function InlineImage({ item, open }: { item: MediaItem; open: (image: HTMLImageElement) => void }) {
  const { src, error } = usePlayable(item);
  const image = useRef<HTMLImageElement>(null);
  const label = showHidden(item.name ?? t('botFiles_image'));
  if (error) return <p class="media-error">{t('botFiles_loadFailed', label, error)}</p>;
  return (
    <button type="button" class="media-open" onClick={() => image.current && open(image.current)} aria-label={t('botFiles_openFullSize', label)}>
      <img ref={image} class="media-image" src={src} alt={label} data-url={item.url} data-name={item.name} data-type={item.contentType} />
    </button>
  );
}

/** An `<audio>` or `<video>` player of a trusted or stored file, with its name and Download. */
function Player({ item, context }: { item: MediaItem; context: MediaContext }) {
  const { src, error } = usePlayable(item);
  const label = showHidden(item.name ?? (item.kind === 'audio' ? t('botFiles_audio') : t('botFiles_video')));
  if (error) return <p class="media-error">{t('botFiles_loadFailed', label, error)}</p>;
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
