import { useRef, useState } from 'preact/hooks';
import { showHidden } from '@/lib/markdown/visible-text';
import { MAX_BACKUP_BYTES } from '@/lib/messaging/backup-format';
import type { ChatStore } from './chat-store';
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
      setFileError(`“${file.name}” is ${formatBytes(file.size)}; a Poe Toolbar backup is at most ${formatBytes(MAX_BACKUP_BYTES)}. Nothing was imported.`);
      return;
    }
    try {
      const text = await file.text();
      if (!text.trim()) throw new Error('empty');
      store.transfer({ type: 'importBackup', text, fileName: file.name, onExisting: 'ask' });
    } catch {
      setFileError(`“${file.name}” could not be read, or is empty. Nothing was imported.`);
    }
  };

  return (
    <div class="history-transfer">
      <div class="history-transfer-actions">
        <button type="button" class="ghost small" disabled={running} onClick={() => store.transfer({ type: 'exportHistory' })}>
          <Icon name="download" /> Back up all
        </button>
        <button type="button" class="ghost small" disabled={running} onClick={() => input.current?.click()}>
          <Icon name="upload" /> Import…
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          class="visually-hidden"
          tabIndex={-1}
          aria-label="Backup file to import"
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
            Dismiss
          </button>
        </div>
      )}
      {transfer && <TransferOutcome transfer={transfer} store={store} />}
    </div>
  );
}

const conversations = (count: number) => `${count} conversation${count === 1 ? '' : 's'}`;

function TransferOutcome({ transfer, store }: { transfer: Transfer; store: ChatStore }) {
  const dismiss = () => store.transfer({ type: 'dismiss' });
  switch (transfer.kind) {
    case 'export':
      return (
        <p class="muted transfer-outcome" role="status">
          Preparing the file…
        </p>
      );
    case 'import':
      return (
        <p class="muted transfer-outcome" role="status">
          Checking and importing the file…
        </p>
      );
    case 'failed':
      return (
        <div class="transfer-outcome error" role="alert">
          <p>{transfer.error.message}</p>
          <button type="button" class="ghost small" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      );
    case 'ask': {
      const again = (onExisting: 'replace' | 'keepBoth' | 'skip') =>
        store.transfer({ type: 'importBackup', text: transfer.text, fileName: transfer.fileName, onExisting });
      // Titles from a file: hidden and direction-changing characters shown as marks, as History shows them.
      const shown = transfer.existing.slice(0, 3).map((each) => `“${showHidden(each.title)}”`);
      const more = transfer.existing.length - shown.length;
      return (
        <div class="transfer-outcome ask" role="alertdialog" aria-label="Conversations already here">
          <p>
            {transfer.existing.length === 1 ? 'One conversation' : `${transfer.existing.length} conversations`} in “{transfer.fileName}” {transfer.existing.length === 1 ? 'is' : 'are'} already
            here: {shown.join(', ')}
            {more > 0 ? ` and ${more} more` : ''}. Nothing has been imported yet.
          </p>
          <div class="transfer-choices">
            <button type="button" class="secondary small" onClick={() => again('keepBoth')}>
              Keep both
            </button>
            <button type="button" class="ghost small" onClick={() => again('replace')}>
              Replace
            </button>
            <button type="button" class="ghost small" onClick={() => again('skip')}>
              Skip those
            </button>
            <button type="button" class="ghost small" onClick={dismiss}>
              Cancel
            </button>
          </div>
        </div>
      );
    }
    case 'imported': {
      const { report } = transfer;
      const parts = [
        report.imported > 0 && `imported ${conversations(report.imported)}`,
        report.replaced > 0 && `replaced ${conversations(report.replaced)}`,
        report.copied > 0 && `added ${conversations(report.copied)} beside the ones already here`,
        report.kept > 0 && `left ${conversations(report.kept)} already here as they were`,
      ].filter(Boolean);
      const summary = parts.length > 0 ? parts.join(', ') : 'imported nothing';
      return (
        <div class={`transfer-outcome${report.skipped.length > 0 ? ' warning' : ''}`} role="status">
          <p>
            From “{transfer.fileName}”: {summary}.
          </p>
          {report.skipped.length > 0 && (
            <>
              <p>Skipped {conversations(report.skipped.length)}:</p>
              <ul class="transfer-skipped">
                {report.skipped.slice(0, 20).map((each, index) => (
                  <li key={index}>
                    {showHidden(each.label)}: {each.reason}.
                  </li>
                ))}
                {report.skipped.length > 20 && <li>…and {report.skipped.length - 20} more.</li>}
              </ul>
            </>
          )}
          <button type="button" class="ghost small" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      );
    }
  }
}
