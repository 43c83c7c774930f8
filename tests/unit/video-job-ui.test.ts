// @vitest-environment happy-dom
/** The answer's video job as people read it (issue 15): where Poe is, the progress, Stop's honesty and Check again. */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VideoJobStatus } from '@/components/VideoJobStatus';
import type { VideoJobInfo } from '@/lib/messaging/contracts';

let root: HTMLElement;
let checks = 0;
const text = () => root.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const checkAgain = () => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Check again');

function show(job: VideoJobInfo, ended = false) {
  act(() => render(h(VideoJobStatus, { job, ended, onCheckAgain: () => void (checks += 1) }), root));
}

beforeEach(() => {
  checks = 0;
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('VideoJobStatus', () => {
  it('says where Poe is with the job, with a progress bar while it is made', () => {
    show({ id: 'v1', status: 'queued', progress: 0, seconds: '8', size: '1280x720' });
    expect(root.querySelector('[role=status]')?.textContent).toBe('Queued on Poe…');
    expect(text()).toContain('Asked: 8 s · 1280x720.');
    show({ id: 'v1', status: 'in_progress', progress: 40.4 });
    expect(text()).toBe('Making your video… 40 %');
    expect(root.querySelector('progress')?.getAttribute('value')).toBe('40.4');
    show({ id: 'v1', status: 'downloading', progress: 100, expiresAt: new Date(2026, 11, 2, 15, 42).getTime() });
    expect(root.querySelector('[role=status]')?.textContent).toBe('Downloading…');
    expect(text()).toMatch(/Poe keeps it until (15:42|0?3:42\sPM)\./);
    expect(checkAgain()).toBeUndefined();
  });

  it('after Stop says Poe may still charge, and Check again asks the background to look again', () => {
    show({ id: 'v1', status: 'stopped', progress: 30 }, true);
    expect(text()).toContain('Stopped watching. Poe may still finish this video and charge for it.');
    act(() => checkAgain()!.click());
    expect(checks).toBe(1);
  });

  it('an answer that ended while its job was on its way is no longer watched: Check again where Poe knows the job', () => {
    show({ id: 'v1', status: 'in_progress', progress: 60 }, true);
    expect(text()).toContain('Stopped watching.');
    expect(root.querySelector('progress')).toBeNull();
    expect(checkAgain()).toBeDefined();
    show({ status: 'creating', progress: 0 }, true);
    expect(text()).toBe('');
    expect(checkAgain()).toBeUndefined();
  });
});
