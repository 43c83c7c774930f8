import { t, uiLocale } from '@/lib/i18n';
import type { VideoJobInfo } from '@/lib/messaging/contracts';
import './video-job.css';


function clock(at: number): string {
  return new Date(at).toLocaleTimeString(uiLocale(), { hour: '2-digit', minute: '2-digit' });
}

/** "8 s · 1280x720": what was asked, as sent. */
function asked(job: VideoJobInfo): string | undefined {
  const parts = [job.seconds ? t('videoJobStatus_seconds', job.seconds) : undefined, job.size].filter(Boolean);
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
  const keptUntil = job.expiresAt !== undefined && job.status === 'downloading' ? t('videoJobStatus_keptUntil', clock(job.expiresAt)) : undefined;
  return (
    <div class={`video-job video-job-${job.status}`} data-job-status={job.status}>
      {job.status === 'creating' && <p role="status">{t('videoJobStatus_creating')}</p>}
      {job.status === 'queued' && <p role="status">{t('videoJobStatus_queued')}</p>}
      {job.status === 'in_progress' && (
        <>
          <p role="status">{t('videoJobStatus_making', new Intl.NumberFormat(uiLocale()).format(Math.round(job.progress)))}</p>
          <progress max={100} value={job.progress} aria-label={t('videoJobStatus_progress')} />
        </>
      )}
      {job.status === 'downloading' && <p role="status">{t('videoJobStatus_downloading')}</p>}
      {job.status === 'stopped' && (
        <div class="video-job-stopped-notice">
          {/* What Stop did, said honestly: Poe has no cancel for a video job. */}
          <p role="status">{t('videoJobStatus_stopped')}</p>
          {job.id && (
            <button type="button" class="secondary small" onClick={onCheckAgain}>
              {t('videoJobStatus_checkAgain')}
            </button>
          )}
        </div>
      )}
      {(facts || keptUntil) && (
        <p class="fine-print">
          {facts && <span>{t('videoJobStatus_asked', facts)}</span>} {keptUntil}
        </p>
      )}
    </div>
  );
}
