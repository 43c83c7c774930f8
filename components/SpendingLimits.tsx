import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ChatStore } from './chat-store';
import { formatPoints } from './cost-format';

/** A points field: empty is "off"; anything else must be a whole number of points. */
function parseLimit(value: string): number | null | 'invalid' {
  const trimmed = value.replace(/[\s,_]/g, '');
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return 'invalid';
  return Number(trimmed);
}

/**
 * Settings → Spending limits: the daily budget and the per-answer ceiling (both off until set), and the bots outside
 * Poe's list the user allowed. The background enforces them; this form only sends them.
 */
export function SpendingLimits({ store }: { store: ChatStore }) {
  const guard = store.guardPreferences.value;
  const [daily, setDaily] = useState('');
  const [ceiling, setCeiling] = useState('');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setDaily(guard?.dailyBudget == null ? '' : String(guard.dailyBudget));
    setCeiling(guard?.answerCeiling == null ? '' : String(guard.answerCeiling));
  }, [guard?.dailyBudget, guard?.answerCeiling]);
  if (!guard) return null;
  return (
    <section class="spending-limits" aria-labelledby="spending-limits-title">
      <h3 id="spending-limits-title">{t('spendingLimits_title')}</h3>
      <p class="fine-print">
        {t('spendingLimits_intro')}
      </p>
      <form
        class="limits-form"
        onSubmit={(event) => {
          event.preventDefault();
          const dailyBudget = parseLimit(daily);
          const answerCeiling = parseLimit(ceiling);
          if (dailyBudget === 'invalid' || answerCeiling === 'invalid') {
            setError(t('spendingLimits_invalid'));
            setSaved(false);
            return;
          }
          setError(undefined);
          setSaved(true);
          store.setSpendingLimits(dailyBudget, answerCeiling);
        }}
      >
        <label class="field">
          <span>{t('spendingLimits_dailyBudget')}</span>
          <input name="daily-budget" inputMode="numeric" placeholder={t('spendingLimits_off')} value={daily} onInput={(event) => (setDaily(event.currentTarget.value), setSaved(false))} />
        </label>
        <label class="field">
          <span>{t('spendingLimits_answerCeiling')}</span>
          <input name="answer-ceiling" inputMode="numeric" placeholder={t('spendingLimits_off')} value={ceiling} onInput={(event) => (setCeiling(event.currentTarget.value), setSaved(false))} />
        </label>
        <button type="submit" class="secondary">
          {t('spendingLimits_save')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {saved && !error && (
        <p class="saved" role="status">
          {guard.dailyBudget === null && guard.answerCeiling === null
            ? t('spendingLimits_savedNone')
            : guard.answerCeiling === null
              ? t('spendingLimits_savedDaily', formatPoints(guard.dailyBudget!))
              : guard.dailyBudget === null
                ? t('spendingLimits_savedCeiling', formatPoints(guard.answerCeiling))
                : t('spendingLimits_savedBoth', formatPoints(guard.dailyBudget), formatPoints(guard.answerCeiling))}
        </p>
      )}
      {guard.allowedBots.length > 0 && (
        <>
          <p class="fine-print">{t('spendingLimits_allowedBots')}</p>
          <ul class="allowed-bots">
            {guard.allowedBots.map((bot) => (
              <li key={bot}>
                <code>{bot}</code>{' '}
                <button type="button" class="ghost small" onClick={() => store.forgetAllowedBot(bot)}>
                  {t('spendingLimits_forget')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Once, after the key is saved: a dismissible suggestion to set limits. */
export function GuardSuggestion({ store }: { store: ChatStore }) {
  const guard = store.guardPreferences.value;
  if (!guard || guard.suggestion !== 'show') return null;
  return (
    <aside class="guard-suggestion" aria-label={t('spendingLimits_suggestionLabel')}>
      <p>
        <strong>{t('spendingLimits_suggestionTitle')}</strong> {t('spendingLimits_suggestionText')}
      </p>
      <div class="held-actions">
        <button type="button" class="primary small" onClick={() => store.showView('settings')}>
          {t('spendingLimits_setLimits')}
        </button>
        <button type="button" class="ghost small" onClick={() => store.dismissGuardSuggestion()}>
          {t('spendingLimits_notNow')}
        </button>
      </div>
    </aside>
  );
}
