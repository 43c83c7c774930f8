import { useState } from 'preact/hooks';
import { t, type MessageKey } from '@/lib/i18n';
import type { MediaKind } from './media-kind';
import { downloadName } from './media-name';
import { copyImageBlob, mediaBytes } from './media-bytes';
import { saveBlob } from './save-file';

/** A bot's image, audio or video, as the answer shows it (issue 15). */
export interface MediaItem {
  kind: MediaKind;
  /** Where it lives (Poe's CDN, the local server); '' for a stored file with no URL of its own. */
  url: string;
  /** Kept in the extension's media store under this id (a video job's result). */
  stored?: string | undefined;
  /** The `file` event's name, when there was one. */
  name?: string | undefined;
  contentType: string;
}

/** Who made the media and what the page can do with an image: what the actions need beyond the item. */
export interface MediaContext {
  bot: string;
  time: number;
  /** Adds a file to the composer's draft (the paste/drop path) and moves focus there; absent where there is none. */
  useAsInput?: ((file: File) => void) | undefined;
}

function reason(error: unknown): string {
  return error instanceof Error && error.message ? error.message : t('mediaActions_unknownError');
}

/** Download for every medium; Copy image and Use as input for images. A status line says what happened. */
export function MediaActions({ item, context }: { item: MediaItem; context: MediaContext }) {
  const [status, setStatus] = useState<{ text: string; error?: true }>();
  // The type the server sent stands in where the answer did not say one (an image in markdown).
  const name = (blob: Blob) =>
    downloadName({ name: item.name, url: item.url, contentType: item.contentType || blob.type, bot: context.bot, time: context.time });
  const act = (failure: MessageKey, action: () => Promise<string | undefined>) => async () => {
    setStatus(undefined);
    try {
      const done = await action();
      if (done) setStatus({ text: done });
    } catch (error) {
      setStatus({ text: t(failure, reason(error)), error: true });
    }
  };
  const download = act('mediaActions_downloadFailed', async () => {
    const blob = await mediaBytes(item);
    saveBlob(blob, name(blob));
    return undefined;
  });
  const copy = act('mediaActions_copyFailed', async () => {
    await copyImageBlob(mediaBytes(item));
    return t('common_copied');
  });
  const useAsInput = act('mediaActions_useFailed', async () => {
    const blob = await mediaBytes(item);
    context.useAsInput?.(new File([blob], name(blob), { type: blob.type || item.contentType }));
    return undefined;
  });
  return (
    <div class="media-actions">
      <button type="button" class="secondary small" onClick={download}>
        {t('common_download')}
      </button>
      {item.kind === 'image' && (
        <button type="button" class="secondary small" onClick={copy}>
          {t('mediaActions_copyImage')}
        </button>
      )}
      {item.kind === 'image' && context.useAsInput && (
        <button type="button" class="secondary small" onClick={useAsInput} title={t('mediaActions_useAsInputTitle')}>
          {t('mediaActions_useAsInput')}
        </button>
      )}
      <span class={status?.error ? 'media-status error' : 'media-status'} role="status">
        {status?.text}
      </span>
    </div>
  );
}
