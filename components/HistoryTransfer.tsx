import { useRef, useState } from 'preact/hooks';
import { t, tCount, tCountWith } from '@/lib/i18n';
import { showHidden } from '@/lib/markdown/visible-text';
import { MAX_BACKUP_BYTES } from '@/lib/messaging/backup-format';
import type { ChatStore } from './chat-store';
import { listText } from './count-text';
import { formatBytes } from './file-size';
import { Icon } from './icons';
import type { Transfer } from './transfer-state';

/** "Back up all" and "Import…" above the history list, and what the last export or import did (issue 16). */
export function HistoryTransfer({ store }: { store: ChatStore }) {
  const transfer = store.transferState.value;
  const input = useRef<HTMLInputElement>(null);
  // A file refused before it is read (too large, unreadable): only this view needs to know.
  const [fileError, setFileError] = useState<string>();
  const running = transfer?.kind === 'export' || transfer?.kind === 'import';

  const importFile = async (file: File) => {
    setFileError(undefined);
    if (file.size > MAX_BACKUP_BYTES) {
      setFileError(t('historyTransfer_tooLarge', file.name, formatBytes(file.size), formatBytes(MAX_BACKUP_BYTES)));
      return;
    }
    try {
      const text = await file.text();
      if (!text.trim()) throw new Error('empty');
      store.transfer({ type: 'importBackup', text, fileName: file.name, onExisting: 'ask' });
    } catch {
      setFileError(t('historyTransfer_unreadable', file.name));
    }
  };

  return (
    <div class="history-transfer">
      <div class="history-transfer-actions">
        <button type="button" class="ghost small" disabled={running} onClick={() => store.transfer({ type: 'exportHistory' })}>
          <Icon name="download" /> {t('historyTransfer_backUpAll')}
        </button>
        <button type="button" class="ghost small" disabled={running} onClick={() => input.current?.click()}>
          <Icon name="upload" /> {t('historyTransfer_import')}
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          class="visually-hidden"
          tabIndex={-1}
          aria-label={t('historyTransfer_fileLabel')}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
      {fileError && (
        <div class="transfer-outcome error" role="alert">
          <p>{fileError}</p>
          <button type="button" class="ghost small" onClick={() => setFileError(undefined)}>
            {t('errorNotice_dismiss')}
          </button>
        </div>
      )}
      {transfer && <TransferOutcome transfer={transfer} store={store} />}
    </div>
  );
}

function TransferOutcome({ transfer, store }: { transfer: Transfer; store: ChatStore }) {
  const dismiss = () => store.transfer({ type: 'dismiss' });
  switch (transfer.kind) {
    case 'export':
      return (
        <p class="muted transfer-outcome" role="status">
          {t('historyTransfer_preparing')}
        </p>
      );
    case 'import':
      return (
        <p class="muted transfer-outcome" role="status">
          {t('historyTransfer_importing')}
        </p>
      );
    case 'failed':
      return (
        <div class="transfer-outcome error" role="alert">
          <p>{transfer.error.message}</p>
          <button type="button" class="ghost small" onClick={dismiss}>
            {t('errorNotice_dismiss')}
          </button>
        </div>
      );
    case 'ask': {
      const again = (onExisting: 'replace' | 'keepBoth' | 'skip') =>
        store.transfer({ type: 'importBackup', text: transfer.text, fileName: transfer.fileName, onExisting });
      // Titles from a file: hidden and direction-changing characters shown as marks, as History shows them.
      const shown = transfer.existing.slice(0, 3).map((each) => t('historyTransfer_quoted', showHidden(each.title)));
      const more = transfer.existing.length - shown.length;
      const titles = listText(more > 0 ? [...shown, tCount({ one: 'historyTransfer_more_one', other: 'historyTransfer_more_other' }, more)] : shown);
      return (
        <div class="transfer-outcome ask" role="alertdialog" aria-label={t('historyTransfer_askLabel')}>
          <p>
            {tCountWith({ one: 'historyTransfer_existing_one', other: 'historyTransfer_existing_other' }, transfer.existing.length, transfer.fileName, titles)}
          </p>
          <div class="transfer-choices">
            <button type="button" class="secondary small" onClick={() => again('keepBoth')}>
              {t('historyTransfer_keepBoth')}
            </button>
            <button type="button" class="ghost small" onClick={() => again('replace')}>
              {t('historyTransfer_replace')}
            </button>
            <button type="button" class="ghost small" onClick={() => again('skip')}>
              {t('historyTransfer_skip')}
            </button>
            <button type="button" class="ghost small" onClick={dismiss}>
              {t('common_cancel')}
            </button>
          </div>
        </div>
      );
    }
    case 'imported': {
      const { report } = transfer;
      const parts = [
        report.imported > 0 && tCount({ one: 'historyTransfer_imported_one', other: 'historyTransfer_imported_other' }, report.imported),
        report.replaced > 0 && tCount({ one: 'historyTransfer_replaced_one', other: 'historyTransfer_replaced_other' }, report.replaced),
        report.copied > 0 && tCount({ one: 'historyTransfer_copied_one', other: 'historyTransfer_copied_other' }, report.copied),
        report.kept > 0 && tCount({ one: 'historyTransfer_kept_one', other: 'historyTransfer_kept_other' }, report.kept),
      ].filter((part): part is string => Boolean(part));
      const summary = parts.length > 0 ? listText(parts) : t('historyTransfer_importedNothing');
      return (
        <div class={`transfer-outcome${report.skipped.length > 0 ? ' warning' : ''}`} role="status">
          <p>{t('historyTransfer_summary', transfer.fileName, summary)}</p>
          {report.skipped.length > 0 && (
            <>
              <p>{tCount({ one: 'historyTransfer_skipped_one', other: 'historyTransfer_skipped_other' }, report.skipped.length)}</p>
              <ul class="transfer-skipped">
                {report.skipped.slice(0, 20).map((each, index) => (
                  <li key={index}>{t('historyTransfer_skippedItem', showHidden(each.label), each.reason)}</li>
                ))}
                {report.skipped.length > 20 && <li>{tCount({ one: 'historyTransfer_skippedMore_one', other: 'historyTransfer_skippedMore_other' }, report.skipped.length - 20)}</li>}
              </ul>
            </>
          )}
          <button type="button" class="ghost small" onClick={dismiss}>
            {t('errorNotice_dismiss')}
          </button>
        </div>
      );
    }
  }
}
