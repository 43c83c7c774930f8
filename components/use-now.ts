import { t } from '@/lib/i18n';
import { useEffect, useState } from 'preact/hooks';

/** The current time, re-rendering the caller every `intervalMs` while `active` (a live countdown or wait). */
export function useNow(active: boolean, intervalMs = 1_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}

/** "45 s", "1 min 20 s". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return t('useNow_seconds', seconds);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? t('useNow_minutes', minutes) : t('useNow_minutesSeconds', minutes, rest);
}
