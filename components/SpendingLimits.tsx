import { useEffect, useState } from 'preact/hooks';
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
      <h3 id="spending-limits-title">Spending limits</h3>
      <p class="fine-print">
        Your key lets every bot you ask spend your whole point balance. With a limit set, Poe Toolbar asks before any send whose estimate could pass it —
        from the composer, a page’s menu or a regenerate. Leave a field empty to turn it off.
      </p>
      <form
        class="limits-form"
        onSubmit={(event) => {
          event.preventDefault();
          const dailyBudget = parseLimit(daily);
          const answerCeiling = parseLimit(ceiling);
          if (dailyBudget === 'invalid' || answerCeiling === 'invalid') {
            setError('Limits are whole numbers of points, such as 5000. Leave a field empty to turn it off.');
            setSaved(false);
            return;
          }
          setError(undefined);
          setSaved(true);
          store.setSpendingLimits(dailyBudget, answerCeiling);
        }}
      >
        <label class="field">
          <span>Daily budget (points)</span>
          <input name="daily-budget" inputMode="numeric" placeholder="Off" value={daily} onInput={(event) => (setDaily(event.currentTarget.value), setSaved(false))} />
        </label>
        <label class="field">
          <span>Per-answer ceiling (points)</span>
          <input name="answer-ceiling" inputMode="numeric" placeholder="Off" value={ceiling} onInput={(event) => (setCeiling(event.currentTarget.value), setSaved(false))} />
        </label>
        <button type="submit" class="secondary">
          Save limits
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
            ? 'Saved. No limits are set.'
            : `Saved. ${[
                guard.dailyBudget !== null ? `Daily budget: ${formatPoints(guard.dailyBudget)}` : '',
                guard.answerCeiling !== null ? `per-answer ceiling: ${formatPoints(guard.answerCeiling)}` : '',
              ]
                .filter(Boolean)
                .join('; ')}.`}
        </p>
      )}
      {guard.allowedBots.length > 0 && (
        <>
          <p class="fine-print">Bots outside Poe’s list you allowed (they ask again once forgotten):</p>
          <ul class="allowed-bots">
            {guard.allowedBots.map((bot) => (
              <li key={bot}>
                <code>{bot}</code>{' '}
                <button type="button" class="ghost small" onClick={() => store.forgetAllowedBot(bot)}>
                  Forget
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
    <aside class="guard-suggestion" aria-label="Suggestion: spending limits">
      <p>
        <strong>Protect your points.</strong> Your key lets any bot you ask spend your whole balance. Set a daily budget or a per-answer ceiling, and Poe
        Toolbar asks before a send that could pass it.
      </p>
      <div class="held-actions">
        <button type="button" class="primary small" onClick={() => store.showView('settings')}>
          Set limits
        </button>
        <button type="button" class="ghost small" onClick={() => store.dismissGuardSuggestion()}>
          Not now
        </button>
      </div>
    </aside>
  );
}
