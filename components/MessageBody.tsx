import { effect } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { dropLeadingBom, showHidden } from '@/lib/markdown/visible-text';
import { isInProgress, type AttachmentInfo } from '@/lib/messaging/contracts';
import type { MessageView } from './chat-store';
import { marked } from './HiddenMarks';
import { Icon } from './icons';
import { isTrustedImageUrl, pageImageTrust, useImageSrc } from './images';
import type { VideoLinks } from './video-links';
import '@/lib/markdown/markdown.css';

/**
 * The markdown renderer is its own chunk, fetched only once the page has shown its first content (the
 * first-contentful-paint entry; or 30 animation frames without one: no paint timing, or a page with no text), so it
 * neither delays nor competes with the first paint of the popup and the side panel; it is still ready long before an
 * answer's first bytes arrive. A hidden page (no frames) fetches it when it is first shown.
 */
export const markdownReady = new Promise<void>((start) => {
  let frames = 0;
  let observer: PerformanceObserver | undefined;
  const go = () => {
    frames = Infinity;
    observer?.disconnect();
    start();
  };
  const tick = () => (++frames >= 30 ? go() : requestAnimationFrame(tick));
  try {
    observer = new PerformanceObserver((list) => list.getEntriesByName('first-contentful-paint').length > 0 && go());
    observer.observe({ type: 'paint', buffered: true });
  } catch {
    // No paint timing: the frame count alone decides.
  }
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(tick);
  else setTimeout(go, 500);
}).then(() => import('@/lib/markdown'));


let videoTimeModule: Promise<typeof import('@/lib/messaging/video-time')> | undefined;
const videoTime = () => (videoTimeModule ??= import('@/lib/messaging/video-time'));

/** One scheduler per page: every answer's rendering shares one budget per frame. */
let scheduler: import('@/lib/markdown').FrameScheduler | undefined;

/** Answers this far (in scroller heights) above or below what is shown are rendered ahead of the reader. */
const RENDER_AHEAD = '100%';

/**
 * A bot answer as markdown, rendered incrementally from animation frames by a MarkdownFeeder: all answers on the page
 * share one frame budget (FRAME_BUDGET_MS for rendering + layout), newest first, and a backlog (a page opening on a
 * long answer) is spread over frames, the container marked aria-busy meanwhile. Only the open tail block is
 * re-rendered; a replaced answer (replace_response) re-renders from scratch.
 *
 * Rendered lazily: a finished answer far from the viewport (more than a scroller height away) shows its text as plain
 * source (searchable, cheap, and skipped by layout as it is off screen) until the reader scrolls near it. An answer
 * still arriving always renders.
 */
function MarkdownText({ view, video }: { view: MessageView; video?: VideoLinks | undefined }) {
  const container = useRef<HTMLDivElement>(null);
  const seek = useRef(video?.seek);
  seek.current = video?.seek;
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    /** Times in a finished answer about a video become links (never while the renderer still owns its text nodes). */
    const linkTimes = () => {
      if (!video || !markdown || !feeder?.settled) return;
      // Loaded with the first answer about a video, not in every first paint.
      void videoTime().then(({ videoTimeUrl }) => {
        if (disposed || !markdown || !feeder?.settled) return;
        markdown.linkTimestamps(element, {
          href: (seconds) => videoTimeUrl(video.url, seconds),
          ...(video.durationSeconds !== undefined ? { maxSeconds: video.durationSeconds } : {}),
        });
      });
    };
    // A plain click on a time seeks the video where it is shown; a modified click opens the link as links do.
    const onClick = (event: MouseEvent) => {
      const seconds = video && markdown?.clickedTimestamp(event);
      if (seconds === undefined) return;
      event.preventDefault();
      seek.current?.(seconds);
    };
    element.addEventListener('click', onClick);
    const inlineFiles = new Map<string, { url: string; contentType: string; name: string }>();
    let feeder: import('@/lib/markdown').MarkdownFeeder | undefined;
    let markdown: typeof import('@/lib/markdown') | undefined;
    /** The observer has said whether the answer is near the viewport (until then, nothing is decided). */
    let measured = false;
    let near = false;
    /** The renderer has rendered: the container is its own from then on (even while it is empty). */
    let rendered = false;
    let disposed = false;

    const update = () => {
      const info = view.info.peek();
      for (const file of info.files ?? []) if (file.inlineRef) inlineFiles.set(file.inlineRef, file);
      const text = view.text.peek();
      const complete = !isInProgress(info.status);
      if (!feeder && markdown && (!complete || (measured && near))) {
        scheduler ??= new markdown.FrameScheduler({
          requestFrame: (callback) => requestAnimationFrame(callback),
          cancelFrame: (handle) => cancelAnimationFrame(handle),
          now: () => performance.now(),
        });
        feeder = new markdown.MarkdownFeeder(
          new markdown.StreamingMarkdown(element, { inlineFiles, imageTrust: pageImageTrust }),
          scheduler,
          info.seq,
          // After each slice: the source is gone (replaced at the first render), and layout is forced to be timed.
          () => {
            rendered = true;
            element.classList.remove('md-source');
            linkTimes();
            void element.offsetHeight;
          },
          (behind) => (behind ? element.setAttribute('aria-busy', 'true') : element.removeAttribute('aria-busy')),
        );
      }
      // Until its first render, a finished answer shows its plain source (off screen, so it costs no layout; a feeder
      // waiting its turn, or deactivated before it, leaves it there). Never after: the container is the renderer's.
      // It is placed before nearness is decided, so the answers have their heights when it is (see below). The source
      // too shows bidi controls and invisible characters as markers, as the rendered answer will.
      const source = markdown && complete && !rendered ? showHidden(dropLeadingBom(text)) : undefined;
      if (source !== undefined && element.textContent !== source) {
        element.classList.add('md-source');
        element.textContent = source;
      }
      feeder?.set(text, complete);
      linkTimes();
    };
    const dispose = effect(() => {
      // Subscribe to both; the feeder renders on the next frame, so a burst of deltas renders once.
      void view.text.value;
      void view.info.value;
      update();
    });
    let lookedAfter = 0;
    const nearby = new IntersectionObserver(
      (entries) => {
        // A look recorded before the source was placed (queued before observing again) says nothing now.
        const current = entries.filter((entry) => entry.time >= lookedAfter);
        if (current.length === 0) return;
        near = current.some((entry) => entry.isIntersecting);
        measured = true;
        // An answer already partly rendered finishes (it would otherwise stay cut short, out of sight and of
        // find-in-page); one still streaming keeps up; only one not yet begun waits for the reader.
        if (feeder) feeder.setActive(near || rendered || isInProgress(view.info.peek().status));
        else update();
      },
      { root: element.closest('.messages'), rootMargin: `${RENDER_AHEAD} 0px` },
    );
    // The message, not its text: a message off screen skips its contents' layout, and they would never be observed.
    const watched = element.closest('.message') ?? element;
    nearby.observe(watched);
    void markdownReady.then((loaded) => {
      if (disposed) return;
      markdown = loaded;
      // Nearness is decided on a look taken once the answers hold their source, not one from before: with every answer
      // still empty a whole long conversation fits in the render-ahead margin, and all of it looked near (under load
      // the renderer arrived after that first look). update() places the source; observing again reports on the next
      // frame, with the heights it gives.
      // Only a finished answer waits for the look: a streaming one is rendered (and followed) whatever it says.
      const stale = !feeder && !isInProgress(view.info.peek().status);
      if (stale) measured = false;
      update();
      if (stale) {
        lookedAfter = performance.now();
        nearby.unobserve(watched);
        nearby.observe(watched);
      }
    });
    return () => {
      disposed = true;
      element.removeEventListener('click', onClick);
      dispose();
      nearby.disconnect();
      feeder?.dispose();
    };
  }, [view, video?.url, video?.durationSeconds]);
  return <div class="text markdown" ref={container} />;
}

function isImage(file: AttachmentInfo): boolean {
  return file.contentType.startsWith('image/');
}

/** Files on a message: images from trusted origins as thumbnails, everything else as a named link. */
export function FileList({ files }: { files: readonly AttachmentInfo[] }) {
  if (files.length === 0) return null;
  return (
    <ul class="message-files" aria-label={t('messageBody_files')}>
      {files.map((file, index) => {
        const safeLink = /^https?:\/\//i.test(file.url);
        return (
          <li key={`${index}:${file.url}`}>
            {safeLink && isImage(file) && isTrustedImageUrl(file.url) ? (
              <FileThumb file={file} />
            ) : safeLink ? (
              <FileLink file={file} />
            ) : (
              <span class="file-link">
                <Icon name="file" size={14} /> {marked(file.name)}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function FileLink({ file }: { file: AttachmentInfo }) {
  return (
    <a href={file.url} target="_blank" rel="noopener noreferrer" class="file-link">
      <Icon name="file" size={14} /> {marked(file.name)}
    </a>
  );
}

/** A trusted image as a thumbnail linking to the full image; its name as a link while loading or if it cannot load. */
function FileThumb({ file }: { file: AttachmentInfo }) {
  const { src, failed } = useImageSrc(file.url);
  if (!src || failed) return <FileLink file={file} />;
  return (
    <a href={file.url} target="_blank" rel="noopener noreferrer">
      <img src={src} alt={showHidden(file.name)} class="file-thumb" />
    </a>
  );
}

/** The text of a message: user text verbatim, bot text as markdown unless the bot said it is plain text. */
export function MessageBody({ view, video }: { view: MessageView; video?: VideoLinks | undefined }) {
  const info = view.info.value;
  if (info.role !== 'bot' || info.contentType === 'text/plain') {
    return view.text.value.length > 0 ? <div class="text plain">{marked(dropLeadingBom(view.text.value))}</div> : null;
  }
  return <MarkdownText view={view} video={video} />;
}
