import './page-chat.css';
import { useEffect, useState } from 'preact/hooks';
import type { ChatStore } from './chat-store';
import type { DraftAttachment } from './page-state';
import { showHidden } from '@/lib/markdown/visible-text';
import { marked } from './HiddenMarks';
import { Icon } from './icons';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The files waiting in the composer: thumbnails for images, name and size for the rest, each removable. */
export function AttachmentChips({ store }: { store: ChatStore }) {
  const files = store.attachments.value;
  if (files.length === 0) return null;
  return (
    <ul class="attachment-chips" aria-label="Attached files">
      {files.map((file) => (file.page ? <PageChip key={file.pendingId} file={file} page={file.page} store={store} /> : (
        <li key={file.pendingId} class="attachment-chip">
          <Thumbnail file={file} store={store} />
          <span class="file-name" title={showHidden(file.name)}>
            {marked(file.name)}
          </span>
          {file.size > 0 && <span class="file-size">{formatBytes(file.size)}</span>}
          <button type="button" class="ghost small" aria-label={`Remove ${showHidden(file.name)}`} onClick={() => store.removeAttachment(file.pendingId)}>
            ✕
          </button>
        </li>
      )))}
    </ul>
  );
}

/** How much text a page gave: characters, and about how large. */
export function pageSize(chars: number, bytes: number): string {
  return `${chars.toLocaleString('en')} characters · ${formatBytes(bytes)}`;
}

/** "This page": the tab's title, its site and how much text; Refresh once the tab moved on. */
function PageChip({ file, page, store }: { file: DraftAttachment; page: NonNullable<DraftAttachment['page']>; store: ChatStore }) {
  const host = hostOf(page.url);
  const title = page.title || host || 'Page';
  const refreshing = store.pageAttach.value?.pending ?? false;
  return (
    <li class="attachment-chip page-chip" data-changed={page.changed}>
      <Icon name="page" size={18} class="file-icon" />
      <span class="page-chip-text">
        <span class="file-name" title={showHidden(page.url)}>
          {marked(title)}
        </span>
        <span class="file-size">
          {host && `${host} · `}
          {pageSize(page.chars, file.size)}
        </span>
        {page.changed === 'navigated' && <span class="page-changed">The tab has changed since.</span>}
        {page.changed === 'closed' && <span class="page-changed">The tab was closed.</span>}
      </span>
      {page.changed === 'navigated' && (
        <button type="button" class="secondary small" disabled={refreshing} onClick={() => store.attachPage(page.tabId)}>
          <Icon name="refresh" size={12} /> Refresh
        </button>
      )}
      <button type="button" class="ghost small" aria-label={`Remove ${showHidden(title)}`} onClick={() => store.removeAttachment(file.pendingId)}>
        ✕
      </button>
    </li>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
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
