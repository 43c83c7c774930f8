import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Handoff } from '@/lib/messaging/contracts';
import { HandoffQueue, type HandoffTarget } from '@/lib/toolbar/handoff';

/** A side panel that writes down every handoff it is given. */
function recordingPanel(): HandoffTarget & { received: Handoff[] } {
  const received: Handoff[] = [];
  return { received, post: (event) => received.push(event.handoff) };
}

const compose = (text: string): Handoff => ({ kind: 'compose', text, attachments: [] });
const open = (conversationId: string): Handoff => ({ kind: 'open', conversationId });

afterEach(() => {
  vi.useRealTimers();
});

describe('HandoffQueue', () => {
  test('requests wait until a side panel connects, then reach it once, in order', () => {
    const queue = new HandoffQueue();
    queue.deliver(compose('first'));
    queue.deliver(open('c-2'));
    queue.deliver(compose('third'));

    const panel = recordingPanel();
    queue.panelConnected(panel);
    expect(panel.received).toEqual([compose('first'), open('c-2'), compose('third')]);

    // Delivered means gone: a second panel connecting later does not get them again, nor does the first.
    const later = recordingPanel();
    queue.panelConnected(later);
    expect(later.received).toEqual([]);
    expect(panel.received).toHaveLength(3);
  });

  test('a panel that is already open gets a request at once, in the same call', () => {
    const queue = new HandoffQueue();
    const panel = recordingPanel();
    queue.panelConnected(panel);
    expect(panel.received).toEqual([]);

    queue.deliver(open('c-1'));
    expect(panel.received).toEqual([open('c-1')]);
    queue.deliver(compose('next'));
    expect(panel.received).toEqual([open('c-1'), compose('next')]);
  });

  test('two connected panels both get each request', () => {
    const queue = new HandoffQueue();
    const left = recordingPanel();
    const right = recordingPanel();
    queue.panelConnected(left);
    queue.panelConnected(right);

    queue.deliver(compose('for both'));
    expect(left.received).toEqual([compose('for both')]);
    expect(right.received).toEqual([compose('for both')]);
  });

  test('a panel that left gets nothing more; the one still connected does, and nothing is kept back', () => {
    const queue = new HandoffQueue();
    const leaving = recordingPanel();
    const staying = recordingPanel();
    const leave = queue.panelConnected(leaving);
    queue.panelConnected(staying);

    leave();
    queue.deliver(open('c-1'));
    expect(leaving.received).toEqual([]);
    expect(staying.received).toEqual([open('c-1')]);

    // It went to the panel that was there, so a panel connecting now finds nothing waiting.
    const newcomer = recordingPanel();
    queue.panelConnected(newcomer);
    expect(newcomer.received).toEqual([]);
  });

  test('when the last panel has left, requests wait again for the next one', () => {
    const queue = new HandoffQueue();
    const first = recordingPanel();
    const leave = queue.panelConnected(first);
    queue.deliver(compose('while open'));
    leave();

    queue.deliver(compose('after it closed'));
    queue.deliver(open('c-9'));
    expect(first.received).toEqual([compose('while open')]);

    const next = recordingPanel();
    queue.panelConnected(next);
    expect(next.received).toEqual([compose('after it closed'), open('c-9')]);
    expect(first.received).toEqual([compose('while open')]);
  });

  test('no timers: nothing is scheduled, everything happens inside the calls', () => {
    vi.useFakeTimers();
    const queue = new HandoffQueue();
    queue.deliver(compose('waiting'));
    const panel = recordingPanel();
    const leave = queue.panelConnected(panel);
    queue.deliver(open('c-1'));
    leave();
    queue.deliver(compose('waiting again'));

    expect(vi.getTimerCount()).toBe(0);
    expect(panel.received).toEqual([compose('waiting'), open('c-1')]);
  });
});
