import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, uiLocale } from '@/lib/i18n';
import { MediaActions, type MediaContext, type MediaItem } from './MediaActions';
import './media.css';

/** An image of an answer as the viewer shows it: where it is shown from (`src`) and what it is (the item). */
export interface ViewerImage extends MediaItem {
  src: string;
  alt: string;
}

/**
 * The full-size viewer of an answer's images (issue 15): a modal `<dialog>` (the rest of the page is inert, so focus
 * stays inside), Esc or Close closes it and focus returns to the image that opened it; ← and → move between the
 * answer's images.
 */
export function openImageViewer(images: readonly ViewerImage[], start: number, context: MediaContext, returnFocus: HTMLElement): void {
  if (images.length === 0) return;
  const dialog = document.createElement('dialog');
  dialog.className = 'media-viewer';
  dialog.setAttribute('aria-label', t('imageViewer_label'));
  document.body.append(dialog);
  const close = () => dialog.close();
  dialog.addEventListener('close', () => {
    render(null, dialog);
    dialog.remove();
    if (returnFocus.isConnected) returnFocus.focus();
  });
  // A click on the backdrop (the dialog itself, outside its content) closes it, as Esc does.
  dialog.addEventListener('click', (event) => event.target === dialog && close());
  const withFocusBack: MediaContext = {
    ...context,
    ...(context.useAsInput
      ? {
          useAsInput: (file) => {
            close();
            context.useAsInput?.(file);
          },
        }
      : {}),
  };
  render(<Viewer images={images} start={start} context={withFocusBack} close={close} />, dialog);
  dialog.showModal();
}

const count = (n: number) => new Intl.NumberFormat(uiLocale()).format(n);

function Viewer({ images, start, context, close }: { images: readonly ViewerImage[]; start: number; context: MediaContext; close: () => void }) {
  const [index, setIndex] = useState(Math.min(Math.max(start, 0), images.length - 1));
  const closeButton = useRef<HTMLButtonElement>(null);
  const image = images[index];
  const move = (step: number) => setIndex((current) => (current + step + images.length) % images.length);
  useEffect(() => closeButton.current?.focus(), []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Tab') return keepFocusInside(event);
    if (images.length < 2 || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'ArrowRight') move(1);
    else if (event.key === 'ArrowLeft') move(-1);
    else return;
    event.preventDefault();
  };
  if (!image) return null;
  return (
    <div class="media-viewer-body" onKeyDown={onKeyDown}>
      <div class="media-viewer-bar">
        <span class="media-viewer-count" aria-live="polite">
          {images.length > 1 ? t('imageViewer_position', count(index + 1), count(images.length)) : ''}
          {image.alt ? `${images.length > 1 ? ' · ' : ''}${image.alt}` : ''}
        </span>
        <button type="button" class="secondary small media-viewer-close" ref={closeButton} onClick={close} aria-label={t('imageViewer_close')}>
          ✕ {t('common_close')}
        </button>
      </div>
      <div class="media-viewer-stage">
        {images.length > 1 && (
          <button type="button" class="secondary media-viewer-step" aria-label={t('imageViewer_previous')} onClick={() => move(-1)}>
            ‹
          </button>
        )}
        <img class="media-viewer-image" src={image.src} alt={image.alt} referrerpolicy="no-referrer" />
        {images.length > 1 && (
          <button type="button" class="secondary media-viewer-step" aria-label={t('imageViewer_next')} onClick={() => move(1)}>
            ›
          </button>
        )}
      </div>
      <MediaActions key={index} item={image} context={context} />
    </div>
  );
}

/** Tab past the last button comes back to the first, and Shift+Tab the other way (a modal dialog alone lets focus out to the browser). */
function keepFocusInside(event: KeyboardEvent): void {
  const body = event.currentTarget as HTMLElement;
  const buttons = [...body.querySelectorAll<HTMLElement>('button:not(:disabled)')];
  const first = buttons[0];
  const last = buttons[buttons.length - 1];
  const leaving = event.shiftKey ? document.activeElement === first : document.activeElement === last;
  if (!leaving) return;
  event.preventDefault();
  (event.shiftKey ? last : first)?.focus();
}
