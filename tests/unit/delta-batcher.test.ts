import { describe, expect, it } from 'vitest';
import { DELTA_INTERVAL_MS, DeltaBatcher, type TextChange } from '@/lib/chat/delta-batcher';

/** A batcher on a hand-driven clock: `advance` moves time and runs the timers that fall due. */
function batcher() {
  let now = 1_000;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 0;
  const posted: { conversationId: string; messageId: string; change: TextChange; at: number }[] = [];
  const deltas = new DeltaBatcher({
    post: (conversationId, messageId, change) => posted.push({ conversationId, messageId, change, at: now }),
    now: () => now,
    setTimer: (run, ms) => {
      timers.set(++next, { at: now + ms, run });
      return next;
    },
    clearTimer: (timer) => timers.delete(timer as number),
  });
  const advance = (ms: number) => {
    now += ms;
    for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > now) continue;
      timers.delete(id);
      timer.run();
    }
  };
  return { deltas, posted, advance, pendingTimers: () => timers.size };
}

describe('DeltaBatcher', () => {
  it('sends the first text at once, then at most one message per conversation per interval with all the text since', () => {
    const { deltas, posted, advance } = batcher();
    for (let index = 0; index < 100; index += 1) {
      deltas.push('c1', 'm1', { append: `${index},` });
      if (index % 10 === 9) advance(2);
    }
    advance(DELTA_INTERVAL_MS);
    const text = posted.map((each) => each.change.append).join('');
    expect(text).toBe(Array.from({ length: 100 }, (_, index) => `${index},`).join(''));
    expect(posted[0]).toMatchObject({ change: { append: '0,' }, at: 1_000 });
    // 100 events over ~20 ms: the first at once, the rest in batches an interval apart.
    expect(posted.length).toBeLessThanOrEqual(3);
    for (let index = 1; index < posted.length; index += 1) expect(posted[index]!.at - posted[index - 1]!.at).toBeGreaterThanOrEqual(DELTA_INTERVAL_MS);
  });

  it('keeps conversations apart and merges a replace with what follows it', () => {
    const { deltas, posted, advance } = batcher();
    deltas.push('c1', 'm1', { append: 'a' });
    deltas.push('c2', 'm2', { append: 'x' });
    deltas.push('c1', 'm1', { append: 'b' });
    deltas.push('c1', 'm1', { replace: 'New' });
    deltas.push('c1', 'm1', { append: ' text' });
    advance(DELTA_INTERVAL_MS);
    expect(posted.map(({ conversationId, change }) => [conversationId, change])).toEqual([
      ['c1', { append: 'a' }],
      ['c2', { append: 'x' }],
      ['c1', { replace: 'New text' }],
    ]);
  });

  it('flush sends what waits at once (before any other event about the conversation); discard drops it', () => {
    const { deltas, posted, advance, pendingTimers } = batcher();
    deltas.push('c1', 'm1', { append: 'first' });
    deltas.push('c1', 'm1', { append: ' second' });
    expect(posted).toHaveLength(1);
    deltas.flush('c1');
    expect(posted.map((each) => each.change)).toEqual([{ append: 'first' }, { append: ' second' }]);
    expect(pendingTimers()).toBe(0);
    advance(1);
    deltas.push('c1', 'm1', { append: ' third' });
    deltas.discard('c1');
    advance(DELTA_INTERVAL_MS);
    expect(posted).toHaveLength(2);
  });

  it('a new message in the same conversation sends the previous message\'s text first', () => {
    const { deltas, posted } = batcher();
    deltas.push('c1', 'm1', { append: 'one' });
    deltas.push('c1', 'm1', { append: ' more' });
    deltas.push('c1', 'm2', { append: 'two' });
    expect(posted.map((each) => [each.messageId, each.change])).toEqual([
      ['m1', { append: 'one' }],
      ['m1', { append: ' more' }],
    ]);
  });
});
