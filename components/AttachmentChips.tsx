import type { ChatStore } from './chat-store';

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
      {files.map((file) => (
        <li key={file.pendingId} class="attachment-chip">
          {file.previewUrl ? <img src={file.previewUrl} alt="" class="thumb" /> : <span class="file-icon" aria-hidden="true">📄</span>}
          <span class="file-name" title={file.name}>
            {file.name}
          </span>
          <span class="file-size">{formatBytes(file.size)}</span>
          <button type="button" class="ghost small" aria-label={`Remove ${file.name}`} onClick={() => store.removeAttachment(file.pendingId)}>
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}
