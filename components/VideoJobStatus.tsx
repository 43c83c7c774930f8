import type { VideoJobInfo } from '@/lib/messaging/contracts';
import './video-job.css';

/** What Stop did, said honestly: Poe has no cancel for a video job. */
export const STOPPED_WATCHING = 'Stopped watching. Poe may still finish this video and charge for it.';

function clock(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** "8 s · 1280x720": what was asked, as sent. */
function asked(job: VideoJobInfo): string | undefined {
  const parts = [job.seconds ? `${job.seconds} s` : undefined, job.size].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/**
 * A video job under its answer (issue 15): where Poe is with it, a progress bar while it is being made, what was
 * asked, and the way on after Stop ("Check again"). Failures and expiry say why in the answer's error notice.
 */
export function VideoJobStatus({ job: given, ended, onCheckAgain }: { job: VideoJobInfo; ended: boolean; onCheckAgain(): void }) {
  // An answer that ended while its job was still on its way (cut off by an error of ours) is no longer watched.
  const watching = ['creating', 'queued', 'in_progress', 'downloading'].includes(given.status);
  const job: VideoJobInfo = ended && watching ? { ...given, status: given.id ? 'stopped' : 'failed' } : given;
  const facts = asked(job);
  const keptUntil = job.expiresAt !== undefined && job.status === 'downloading' ? `Poe keeps it until ${clock(job.expiresAt)}.` : undefined;
  return (
    <div class={`video-job video-job-${job.status}`} data-job-status={job.status}>
      {job.status === 'creating' && <p role="status">Asking Poe for your video…</p>}
      {job.status === 'queued' && <p role="status">Queued on Poe…</p>}
      {job.status === 'in_progress' && (
        <>
          <p role="status">Making your video… {Math.round(job.progress)} %</p>
          <progress max={100} value={job.progress} aria-label="Video progress" />
        </>
      )}
      {job.status === 'downloading' && <p role="status">Downloading…</p>}
      {job.status === 'stopped' && (
        <div class="video-job-stopped-notice">
          <p role="status">{STOPPED_WATCHING}</p>
          {job.id && (
            <button type="button" class="secondary small" onClick={onCheckAgain}>
              Check again
            </button>
          )}
        </div>
      )}
      {(facts || keptUntil) && (
        <p class="fine-print">
          {facts && <span>Asked: {facts}.</span>} {keptUntil}
        </p>
      )}
    </div>
  );
}
