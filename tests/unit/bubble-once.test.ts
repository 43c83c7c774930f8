import { describe, expect, it } from 'vitest';
import { startOnce } from '@/lib/capture/bubble/once';

/** A bubble as the guard sees it: counted when started, stoppable. */
function counter() {
  let started = 0;
  const create = () => {
    started++;
    const bubble = { stopped: false };
    return bubble;
  };
  return { create, started: () => started };
}

describe('startOnce: one live bubble per frame', () => {
  it('a second injection into the same world starts nothing and keeps the first', () => {
    const world = {};
    const { create, started } = counter();
    const first = startOnce(world, create);
    const second = startOnce(world, create);
    expect(started()).toBe(1);
    expect(second).toBe(first);
  });

  it('leaves no enumerable trace on the global object', () => {
    const world = {};
    startOnce(world, counter().create);
    expect(Object.keys(world)).toEqual([]);
    expect(JSON.stringify(world)).toBe('{}');
  });

  it('after the bubble stopped (turned off, or not on this site), turning it on again starts a new one', () => {
    const world = {};
    const { create, started } = counter();
    const first = startOnce(world, create) as { stopped: boolean };
    first.stopped = true;
    const again = startOnce(world, create);
    expect(started()).toBe(2);
    expect(again).not.toBe(first);
    expect(again.stopped).toBe(false);
  });

  it('separate worlds (frames) each get their own', () => {
    const { create, started } = counter();
    startOnce({}, create);
    startOnce({}, create);
    expect(started()).toBe(2);
  });
});
