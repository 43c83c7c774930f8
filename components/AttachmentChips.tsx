import './page-chat.css';
import { useEffect, useState } from 'preact/hooks';
import type { ChatStore } from './chat-store';
import type { DraftAttachment } from './page-state';
import { showHidden } from '@/lib/markdown/visible-text';
import { marked } from './HiddenMarks';
import { Icon } from './icons';
import { describeSource, formatBytes, pdfDeliveryNote } from './attachment-source';

/** The files waiting in the composer: thumbnails for images, name and size for the rest, each removable. */
export function AttachmentChips({ store }: { store: ChatStore }) {
  const files = store.attachments.value;
  if (files.length === 0) return null;
  return (
    <ul class="attachment-chips" aria-label="Attached files">
      {files.map((file) => (file.page || file.source ? <PageChip key={file.pendingId} file={file} store={store} /> : (
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

/**
 * What a tab gave ("This page", or a PDF or a video asked about from the page): its title, its site, what it is and how
 * much; a caution where the file is less than it seems; Refresh once the tab moved on.
 */
function PageChip({ file, store }: { file: DraftAttachment; store: ChatStore }) {
  const { page, source } = file;
  const url = page?.url ?? source?.url ?? '';
  const host = hostOf(url);
  const title = page?.title || source?.title || host || file.name;
  const chars = page?.chars ?? 0;
  const described = source ? describeSource(source, file.size, chars) : undefined;
  // What the PDF will go as depends on the bot on screen; said before Send, not after.
  const delivery = source?.kind === 'pdf' ? pdfDeliveryNote(file, source, store.selectedBot.value, store.models.value) : undefined;
  const refreshing = store.pageAttach.value?.pending ?? false;
  return (
    <li class="attachment-chip page-chip" data-changed={page?.changed} data-kind={source?.kind ?? 'page'}>
      <Icon name={source?.kind === 'video' ? 'video' : 'page'} size={18} class="file-icon" />
      <span class="page-chip-text">
        <span class="file-name" title={showHidden(url)}>
          {marked(title)}
        </span>
        <span class="file-size">
          {host && `${host} · `}
          {described ? described.detail : pageSize(chars, file.size)}
        </span>
        {delivery?.refuse ? (
          <span class="page-caution">{delivery.refuse}</span>
        ) : (
          described?.caution && <span class="page-caution">{described.caution}</span>
        )}
        {delivery?.note && <span class="page-delivery">{delivery.note}</span>}
        {page?.changed === 'navigated' && <span class="page-changed">The tab has changed since.</span>}
        {page?.changed === 'closed' && <span class="page-changed">The tab was closed.</span>}
      </span>
      {page?.changed === 'navigated' && (
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
