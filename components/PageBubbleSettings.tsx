import { t } from '@/lib/i18n';
import { siteLabel } from '@/lib/messaging/bubble-sites';
import type { ChatStore } from './chat-store';
import { useBubbleState, useTurnOnBubble } from './page-bubble-access';
import './page-bubble.css';

/** What the bubble does and why it needs access to every site, said once for Settings and the suggestion. */
export const bubblePromise = () => t('pageBubbleSettings_promise');

/**
 * Settings → On web pages (issue 13): the selection bubble's switch, why it needs access to all sites, what happens
 * when the browser says no or took the access back, and the sites it stays away from.
 */
export function PageBubbleSettings({ store }: { store: ChatStore }) {
  const access = useTurnOnBubble(store);
  const { bubble, error } = useBubbleState(store, access.flipped);
  if (!bubble) return null;
  return (
    <section class="page-bubble-settings" aria-labelledby="page-bubble-heading">
      <h3 id="page-bubble-heading">{t('pageBubbleSettings_title')}</h3>
      <label class="switch-row">
        <span>{t('pageBubbleSettings_switch')}</span>
        <input
          type="checkbox"
          role="switch"
          class="param-switch"
          name="page-bubble"
          checked={bubble.enabled}
          disabled={access.state === 'asking'}
          aria-describedby="page-bubble-why"
          onChange={(event) => {
            // The switch shows what the background says: it flips when the preference comes back changed.
            event.currentTarget.checked = bubble.enabled;
            if (bubble.enabled) access.turnOff();
            else access.turnOn();
          }}
        />
      </label>
      <p class="fine-print" id="page-bubble-why">
        {t('pageBubbleSettings_why', bubblePromise())}
      </p>
      {access.state === 'asking' && (
        <p class="notice" role="status">
          {t('pageBubbleSettings_answerToTurnOn')}
        </p>
      )}
      {access.state === 'refused' && !bubble.enabled && (
        <div class="error host-access" role="alert">
          <p>{t('pageBubbleSettings_refused')}</p>
          <button type="button" class="secondary small" onClick={access.turnOn}>
            {t('settingsPanel_askAgain')}
          </button>
        </div>
      )}
      {error && access.state === undefined && (
        <p class="error" role="alert">
          {error.message}
        </p>
      )}
      {bubble.offBecause === 'accessRemoved' && !bubble.enabled && access.state === undefined && !error && (
        <p class="notice" role="status">
          {t('pageBubbleSettings_accessRemoved')}
        </p>
      )}
      {bubble.blockedSites.length > 0 && (
        <>
          <h4>{t('pageBubbleSettings_blockedSites')}</h4>
          <ul class="blocked-sites">
            {bubble.blockedSites.map((site) => (
              <li key={site}>
                <span class="blocked-site" title={site}>
                  {siteLabel(site)}
                </span>
                <button type="button" class="ghost small" aria-label={t('pageBubbleSettings_allowAgainOn', siteLabel(site))} onClick={() => store.pageBubbleCommand({ type: 'allowBubbleOnSite', site })}>
                  {t('pageBubbleSettings_allowAgain')}
                </button>
              </li>
            ))}
          </ul>
          <p class="fine-print">{t('pageBubbleSettings_blockedHelp')}</p>
        </>
      )}
    </section>
  );
}

/**
 * The one-time suggestion after the first answer that arrived (the background sets `suggestion: 'show'`): turn the
 * bubble on in this click, or say no thanks. Either answer ends it for good; it never shows with the spending
 * guard's suggestion (one suggestion at a time).
 */
export function PageBubbleSuggestion({ store }: { store: ChatStore }) {
  const access = useTurnOnBubble(store);
  // A failure after the grant is the page's notice, shown under the composer just below.
  const bubble = store.pageBubble.value;
  const guardSuggesting = store.guardPreferences.value?.suggestion === 'show';
  if (!bubble || bubble.suggestion !== 'show' || bubble.enabled || guardSuggesting) return null;
  return (
    <aside class="guard-suggestion bubble-suggestion" aria-label={t('pageBubbleSettings_suggestionLabel')}>
      <p>
        <strong>{t('pageBubbleSettings_suggestionTitle')}</strong> {bubblePromise()}
      </p>
      {access.state === 'refused' && <p role="alert">{t('pageBubbleSettings_suggestionRefused')}</p>}
      <div class="held-actions">
        <button type="button" class="primary small" disabled={access.state === 'asking'} onClick={access.turnOn}>
          {access.state === 'refused' ? t('settingsPanel_askAgain') : t('pageBubbleSettings_turnOn')}
        </button>
        <button type="button" class="ghost small" onClick={() => store.pageBubbleCommand({ type: 'dismissBubbleSuggestion' })}>
          {t('pageBubbleSettings_noThanks')}
        </button>
      </div>
    </aside>
  );
}
