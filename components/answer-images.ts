import type { AttachmentInfo } from '@/lib/messaging/contracts';
import { openImageViewer, type ViewerImage } from './ImageViewer';
import type { MediaContext } from './MediaActions';

/** The images of an answer that the viewer shows: the rendered markdown's and the file thumbnails, in page order. */
const ANSWER_IMAGES = '.markdown img[tabindex], img.media-image';

/** What the page knows of a shown image: the URL it came from (an http one is shown from a blob: URL) and its file. */
function describe(img: HTMLImageElement, files: readonly AttachmentInfo[]): ViewerImage {
  const url = img.dataset.url ?? img.src;
  const file = files.find((each) => each.url === url);
  return {
    kind: 'image',
    src: img.src,
    url,
    alt: img.alt,
    name: img.dataset.name ?? file?.name,
    contentType: img.dataset.type ?? file?.contentType ?? '',
  };
}

/** Opens the full-size viewer on `img`, with every loaded image of its answer to move between. */
export function openAnswerImage(img: HTMLImageElement, files: readonly AttachmentInfo[], context: MediaContext): void {
  const answer = img.closest('.message') ?? img.parentElement;
  if (!answer) return;
  const shown = [...answer.querySelectorAll<HTMLImageElement>(ANSWER_IMAGES)].filter((each) => each.getAttribute('src'));
  const start = Math.max(0, shown.indexOf(img));
  openImageViewer(
    shown.map((each) => describe(each, files)),
    start,
    context,
    // A thumbnail is focused through its button; an image of the text is focusable itself.
    img.closest('button') ?? img,
  );
}
