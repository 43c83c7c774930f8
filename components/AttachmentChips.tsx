import './page-chat.css';
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ChatStore } from './chat-store';
import type { DraftAttachment } from './page-state';
import { showHidden } from '@/lib/markdown/visible-text';
import { marked } from './HiddenMarks';
import { Icon } from './icons';
import { formatBytes } from './file-size';
import { lazyView } from './lazy-view';

// What a tab gave (a page, a PDF, a video) is never on screen at first paint: its chip loads when one is attached.
const PageChip = lazyView(() => import('./PageChip').then((m) => m.PageChip), 'nothing');

/** The files waiting in the composer: thumbnails for images, name and size for the rest, each removable. */
export function AttachmentChips({ store }: { store: ChatStore }) {
  const files = store.attachments.value;
  if (files.length === 0) return null;
  return (
    <ul class="attachment-chips" aria-label={t('attachmentChips_label')}>
      {files.map((file) => (file.page || file.source ? <PageChip key={file.pendingId} file={file} store={store} /> : (
        <li key={file.pendingId} class="attachment-chip">
          <Thumbnail file={file} store={store} />
          <span class="file-name" title={showHidden(file.name)}>
            {marked(file.name)}
          </span>
          {file.size > 0 && <span class="file-size">{formatBytes(file.size)}</span>}
          <button type="button" class="ghost small" aria-label={t('attachmentChips_remove', showHidden(file.name))} onClick={() => store.removeAttachment(file.pendingId)}>
            <Icon name="close" size={14} />
          </button>
        </li>
      )))}
    </ul>
  );
}

/** An image's thumbnail (a handed-over image is read from the file door once), a file icon for the rest. */
function Thumbnail({ file, store }: { file: DraftAttachment; store: ChatStore }) {
  const [url, setUrl] = useState(file.previewUrl);
  useEffect(() => {
    if (url || !file.contentType.startsWith('image/')) return;
    let made: string | undefined;
    let live = true;
    void store.previewFor(file.pendingId).then((preview) => {
      if (live) setUrl((made = preview));
      else if (preview) URL.revokeObjectURL(preview);
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [file.pendingId]);
  return url ? <img src={url} alt="" class="thumb" /> : <Icon name="file" size={18} class="file-icon" />;
}
