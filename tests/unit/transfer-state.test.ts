import { describe, expect, it } from 'vitest';
import { initialPageState, reducePage, type PageState } from '@/components/page-state';
import type { BackgroundEvent, UiCommand } from '@/lib/messaging/contracts';

/** Runs intents and events through the page reducer, as the store does, collecting the commands it sends. */
function page() {
  let ids = 0;
  let state: PageState = initialPageState();
  const sent: UiCommand[] = [];
  return {
    get state() {
      return state;
    },
    sent,
    act(action: Parameters<typeof reducePage>[1]) {
      const reduced = reducePage(state, action, () => `req-${++ids}`);
      state = reduced.state;
      sent.push(...reduced.commands);
    },
    event(event: BackgroundEvent) {
      this.act({ type: 'event', event });
    },
  };
}

const report = { imported: 0, replaced: 0, copied: 0, kept: 0, skipped: [] };

describe('export and import in a page', () => {
  it('sends one export at a time and is done when its file arrives', () => {
    const p = page();
    p.act({ type: 'transfer', intent: { type: 'exportConversation', conversationId: 'c1', format: 'markdown' } });
    p.act({ type: 'transfer', intent: { type: 'exportHistory' } });
    expect(p.sent).toEqual([{ type: 'exportConversation', conversationId: 'c1', format: 'markdown', requestId: 'req-1' }]);
    expect(p.state.transfer).toEqual({ kind: 'export', requestId: 'req-1' });
    p.event({ type: 'exportFile', requestId: 'req-1', fileName: 'a.md', mimeType: 'text/markdown', text: '# A' });
    expect(p.state.transfer).toBeUndefined();
    expect(p.state.waiting).toEqual({});
  });

  it('asks about conversations already here, sends the same file again with the answer, then shows the report', () => {
    const p = page();
    p.act({ type: 'transfer', intent: { type: 'importBackup', text: '{…}', fileName: 'b.json', onExisting: 'ask' } });
    p.event({ type: 'importResult', requestId: 'req-1', report: { ...report, existing: [{ id: 'c1', title: 'Tides' }] } });
    expect(p.state.transfer).toEqual({ kind: 'ask', fileName: 'b.json', text: '{…}', existing: [{ id: 'c1', title: 'Tides' }] });
    p.act({ type: 'transfer', intent: { type: 'importBackup', text: '{…}', fileName: 'b.json', onExisting: 'keepBoth' } });
    expect(p.sent.at(-1)).toEqual({ type: 'importBackup', text: '{…}', onExisting: 'keepBoth', requestId: 'req-2' });
    p.event({ type: 'importResult', requestId: 'req-2', report: { ...report, copied: 1 } });
    expect(p.state.transfer).toEqual({ kind: 'imported', fileName: 'b.json', report: { ...report, copied: 1 } });
    p.act({ type: 'transfer', intent: { type: 'dismiss' } });
    expect(p.state.transfer).toBeUndefined();
  });

  it('shows a refused import as the transfer’s outcome, not as the composer’s notice', () => {
    const p = page();
    p.act({ type: 'transfer', intent: { type: 'importBackup', text: 'x', fileName: 'x.json', onExisting: 'ask' } });
    const error = { kind: 'invalid_input' as const, message: 'This file is not a Poe Toolbar backup.' };
    p.event({ type: 'commandFailed', requestId: 'req-1', command: 'importBackup', error });
    expect(p.state.transfer).toEqual({ kind: 'failed', action: 'import', error });
    expect(p.state.notice).toBeUndefined();
  });

  it('ignores an answer to a transfer it no longer waits for', () => {
    const p = page();
    p.event({ type: 'exportFile', requestId: 'old', fileName: 'a.md', mimeType: 'text/markdown', text: '' });
    expect(p.state.transfer).toBeUndefined();
  });
});
