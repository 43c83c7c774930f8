import type { ExportFormat, ImportReport, OnExisting } from '@/lib/messaging/backup-format';
import type { BackgroundEvent, ErrorInfo, UiIntent } from '@/lib/messaging/contracts';

/**
 * Export and import as a page sees them (issue 16): one at a time, its outcome shown until dismissed. The file being
 * imported is held only while the user decides about conversations already here, then dropped.
 */

export type TransferIntent =
  | { type: 'exportConversation'; conversationId: string; format: ExportFormat }
  | { type: 'exportHistory' }
  | { type: 'importBackup'; text: string; fileName: string; onExisting: OnExisting }
  /** The outcome was read (or the question about existing conversations answered with Cancel). */
  | { type: 'dismiss' };

export type Transfer =
  | { kind: 'export'; requestId: string }
  | { kind: 'import'; requestId: string; text: string; fileName: string }
  /** Done; shown until dismissed. `ask`: some conversations are here already, and nothing was written yet. */
  | { kind: 'imported'; fileName: string; report: ImportReport }
  | { kind: 'ask'; fileName: string; text: string; existing: NonNullable<ImportReport['existing']> }
  | { kind: 'failed'; action: 'export' | 'import'; error: ErrorInfo };

/** The command an intent sends, and the transfer it starts (none for dismiss). */
export function startTransfer(current: Transfer | undefined, intent: TransferIntent, issue: (command: UiIntent) => string): Transfer | undefined {
  if (intent.type === 'dismiss') return undefined;
  // One at a time: a second click while one runs does nothing (the buttons say it is running).
  if (current?.kind === 'export' || current?.kind === 'import') return current;
  if (intent.type === 'importBackup') {
    const requestId = issue({ type: 'importBackup', text: intent.text, onExisting: intent.onExisting });
    return { kind: 'import', requestId, text: intent.text, fileName: intent.fileName };
  }
  const requestId = issue(intent.type === 'exportHistory' ? { type: 'exportHistory' } : intent);
  return { kind: 'export', requestId };
}

/** The transfer after a background event; the same object when the event is not about it. */
export function transferAfter(current: Transfer | undefined, event: BackgroundEvent): Transfer | undefined {
  if (!current || !('requestId' in current) || !('requestId' in event) || event.requestId !== current.requestId) return current;
  switch (event.type) {
    case 'exportFile':
      return undefined;
    case 'importResult':
      if (current.kind !== 'import') return current;
      return event.report.existing
        ? { kind: 'ask', fileName: current.fileName, text: current.text, existing: event.report.existing }
        : { kind: 'imported', fileName: current.fileName, report: event.report };
    case 'commandFailed':
      return { kind: 'failed', action: current.kind, error: event.error };
    default:
      return current;
  }
}
