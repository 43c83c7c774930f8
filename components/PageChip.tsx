import { t, tCount } from '@/lib/i18n';
import { showHidden } from '@/lib/markdown/visible-text';
import type { ChatStore } from './chat-store';
import type { DraftAttachment } from './page-state';
import { describeSource, pdfDeliveryNote } from './attachment-source';
import { formatBytes } from './file-size';
import { marked } from './HiddenMarks';
import { Icon } from './icons';

/** How much text a page gave: characters, and about how large. */
export function pageSize(chars: number, bytes: number): string {
  return `${tCount({ one: 'attachmentSource_characters_one', other: 'attachmentSource_characters_other' }, chars)} · ${formatBytes(bytes)}`;
}

/**
 * What a tab gave ("This page", or a PDF or a video asked about from the page): its title, its site, what it is and how
 * much; a caution where the file is less than it seems; Refresh once the tab moved on.
 */
export function PageChip({ file, store }: { file: DraftAttachment; store: ChatStore }) {
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
        {page?.changed === 'navigated' && <span class="page-changed">{t('pageChip_tabChanged')}</span>}
        {page?.changed === 'closed' && <span class="page-changed">{t('pageChip_tabClosed')}</span>}
      </span>
      {page?.changed === 'navigated' && (
        <button type="button" class="secondary small" disabled={refreshing} onClick={() => store.attachPage(page.tabId)}>
          <Icon name="refresh" size={12} /> {t('pageChip_refresh')}
        </button>
      )}
      <button type="button" class="ghost small" aria-label={t('pageChip_remove', showHidden(title))} onClick={() => store.removeAttachment(file.pendingId)}>
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
