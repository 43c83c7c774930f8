import { describe, expect, test } from 'vitest';
import { initialPageState, reducePage, type PageAction, type PageState } from '@/components/page-state';
import type { BackgroundEvent, HeldSend, UiCommand } from '@/lib/messaging/contracts';

/** The page's side of the spending guard: it shows what the background says and keeps no guard state of its own. */
function page(start?: Partial<PageState>) {
  let ids = 0;
  let state: PageState = { ...initialPageState(), ...start };
  const sent: UiCommand[] = [];
  const act = (action: PageAction) => {
    const result = reducePage(state, action, () => `r${++ids}`);
    state = result.state;
    sent.push(...result.commands);
    return result.commands;
  };
  const event = (background: BackgroundEvent) => act({ type: 'event', event: background });
  return { act, event, sent, get state() { return state; } };
}

const hold = (fields: Partial<HeldSend> = {}): HeldSend => ({
  requestId: 'h1',
  action: 'send',
  origin: 'page',
  bot: 'gpt-5.4',
  conversationId: null,
  text: 'Write me a long essay',
  attachments: [{ pendingId: 'f1', name: 'notes.txt', contentType: 'text/plain', size: 10 }],
  reasons: [{ kind: 'ceiling', message: 'Too dear.' }],
  upToPoints: 901,
  createdAt: 1,
  ...fields,
});

describe('held sends in the page', () => {
  test('a held send leaves the "sending" list without coming back to the composer: the held card shows it', () => {
    const p = page();
    p.act({ type: 'setDraft', text: 'Write me a long essay' });
    const [send] = p.act({ type: 'send', text: 'Write me a long essay' });
    expect(p.state.sending).toHaveLength(1);
    p.event({ type: 'held', held: [hold({ requestId: send!.requestId })] });
    p.event({ type: 'commandHeld', requestId: send!.requestId, command: 'send' });
    expect(p.state.sending).toEqual([]);
    expect(p.state.draft).toBe('');
    expect(p.state.notice).toBeUndefined();
    expect(p.state.viewRequest).toBeUndefined();
    expect(p.state.held.map((each) => each.requestId)).toEqual([send!.requestId]);
  });

  test('"Send anyway" names the held request once; a second click while it goes sends nothing', () => {
    const p = page({ held: [hold()] });
    const first = p.act({ type: 'confirmHeld', requestId: 'h1' });
    expect(first).toEqual([{ type: 'confirmHeld', heldRequestId: 'h1', requestId: 'r1' }]);
    // A new conversation: the page follows the confirmation there.
    expect(p.state.viewRequest).toBe('r1');
    expect(p.act({ type: 'confirmHeld', requestId: 'h1' })).toEqual([]);
    // A hold the background no longer lists (a stale page): nothing is sent.
    expect(p.act({ type: 'confirmHeld', requestId: 'gone' })).toEqual([]);
  });

  test('confirming a hold of another conversation shows that conversation first', () => {
    const p = page({ held: [hold({ conversationId: 'c2' })], conversationId: 'c1' });
    const commands = p.act({ type: 'confirmHeld', requestId: 'h1' });
    expect(commands.map((command) => command.type)).toEqual(['selectConversation', 'confirmHeld']);
    expect(p.state.conversationId).toBe('c2');
  });

  test('"Edit first" puts the question and its files back in the composer and keeps the files parked', () => {
    const p = page({ held: [hold()], draft: 'half a thought' });
    expect(p.act({ type: 'cancelHeld', requestId: 'h1', edit: true })).toEqual([{ type: 'cancelHeld', heldRequestId: 'h1', keepFiles: true, requestId: 'r1' }]);
    expect(p.state.draft).toBe('Write me a long essay\n\nhalf a thought');
    expect(p.state.attachments.map((file) => file.pendingId)).toEqual(['f1']);
    expect(p.state.held).toEqual([]);
  });

  test('"Don’t send" drops it with its files', () => {
    const p = page({ held: [hold()] });
    expect(p.act({ type: 'cancelHeld', requestId: 'h1', edit: false })).toEqual([{ type: 'cancelHeld', heldRequestId: 'h1', keepFiles: false, requestId: 'r1' }]);
    expect(p.state.draft).toBe('');
  });
});

describe('the estimate in the page', () => {
  test('asks with the draft as shown, and only the latest answer counts', () => {
    const p = page({ draft: 'Hello' });
    const [older] = p.act({ type: 'estimate' });
    expect(older).toMatchObject({ type: 'estimate', conversationId: null, text: 'Hello', attachments: [] });
    const [newer] = p.act({ type: 'estimate' });
    const estimate = { kind: 'request', bot: 'Flat-Bot', usd: 0.0009, points: 30, rate: { pointsPerUsd: 33_333, source: 'assumed' } } as const;
    p.event({ type: 'estimate', requestId: older!.requestId, estimate: { ...estimate, points: 1 }, wouldHold: false });
    expect(p.state.estimate).toBeUndefined();
    p.event({ type: 'estimate', requestId: newer!.requestId, estimate, wouldHold: true });
    expect(p.state.estimate).toEqual({ estimate, wouldHold: true });
  });

  test('an empty draft asks nothing and shows nothing', () => {
    const p = page();
    expect(p.act({ type: 'estimate' })).toEqual([]);
    expect(p.state.estimate).toBeUndefined();
  });
});
