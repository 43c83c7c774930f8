import { effect } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { defaultTrustedImageHost } from '@/lib/markdown/url-policy';
import { isInProgress, type AttachmentInfo } from '@/lib/messaging/contracts';
import type { MessageView } from './chat-store';
import { Icon } from './icons';
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


/**
 * A bot answer as markdown, rendered incrementally: new text is appended to the renderer at most once per animation
 * frame, and only the open tail block is re-rendered. A replaced answer (replace_response) re-renders from scratch.
 */
function MarkdownText({ view }: { view: MessageView }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const inlineFiles = new Map<string, { url: string; contentType: string; name: string }>();
    let markdown: import('@/lib/markdown').StreamingMarkdown | undefined;
    let disposed = false;
    let rendered = '';
    let finished = false;
    let frame = 0;

    const flush = () => {
      frame = 0;
      if (!markdown) return;
      const info = view.info.peek();
      for (const file of info.files ?? []) if (file.inlineRef) inlineFiles.set(file.inlineRef, file);
      const text = view.text.peek();
      if (text.startsWith(rendered) && !(finished && text !== rendered)) markdown.append(text.slice(rendered.length));
      else markdown.reset(text);
      rendered = text;
      if (!isInProgress(info.status)) {
        markdown.finish();
        finished = true;
      }
    };
    const dispose = effect(() => {
      // Subscribe to both; the work itself waits for the next frame so a burst of deltas renders once.
      void view.text.value;
      void view.info.value;
      if (!frame) frame = requestAnimationFrame(flush);
    });
    void markdownReady.then(({ StreamingMarkdown }) => {
      if (disposed) return;
      markdown = new StreamingMarkdown(element, { inlineFiles });
      if (!frame) frame = requestAnimationFrame(flush);
    });
    return () => {
      disposed = true;
      dispose();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [view]);
  return <div class="text markdown" ref={container} />;
}

function isImage(file: AttachmentInfo): boolean {
  return file.contentType.startsWith('image/');
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** Files on a message: trusted images as thumbnails, everything else as a named link. */
export function FileList({ files }: { files: readonly AttachmentInfo[] }) {
  if (files.length === 0) return null;
  return (
    <ul class="message-files" aria-label="Files">
      {files.map((file, index) => {
        const safeLink = /^https?:\/\//i.test(file.url);
        const inline = safeLink && isImage(file) && defaultTrustedImageHost(hostOf(file.url));
        return (
          <li key={`${index}:${file.url}`}>
            {inline ? (
              <a href={file.url} target="_blank" rel="noopener noreferrer">
                <img src={file.url} alt={file.name} class="file-thumb" />
              </a>
            ) : safeLink ? (
              <a href={file.url} target="_blank" rel="noopener noreferrer" class="file-link">
                <Icon name="file" size={14} /> {file.name}
              </a>
            ) : (
              <span class="file-link">
                <Icon name="file" size={14} /> {file.name}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The text of a message: user text verbatim, bot text as markdown unless the bot said it is plain text. */
export function MessageBody({ view }: { view: MessageView }) {
  const info = view.info.value;
  if (info.role !== 'bot' || info.contentType === 'text/plain') {
    return view.text.value.length > 0 ? <div class="text plain">{view.text}</div> : null;
  }
  return <MarkdownText view={view} />;
}

/** The files a bot sent that its text does not already show inline. */
export function unreferencedFiles(files: readonly AttachmentInfo[] | undefined, text: string): AttachmentInfo[] {
  return (files ?? []).filter((file) => !file.inlineRef || !text.includes(`[${file.inlineRef}]`));
}
