import { siteLabel } from '@/lib/messaging/bubble-sites';
import type { ChatStore } from './chat-store';
import { useBubbleState, useTurnOnBubble } from './page-bubble-access';
import './page-bubble.css';

/** What the bubble does and why it needs access to every site, said once for Settings and the suggestion. */
export const BUBBLE_PROMISE =
  'Poe Toolbar reads a page only when you select text there and use the button; nothing is sent until you pick an action.';

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
      <h3 id="page-bubble-heading">On web pages</h3>
      <label class="switch-row">
        <span>Show Poe on text selection</span>
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
        Select text on a page and a small Poe button offers to explain, summarize, translate or rewrite it. Your browser
        asks to let Poe Toolbar read and change all sites, because the button must be ready on any of them. {BUBBLE_PROMISE}{' '}
        Turning it off gives that access back.
      </p>
      {access.state === 'asking' && (
        <p class="notice" role="status">
          Answer your browser's question to turn it on.
        </p>
      )}
      {access.state === 'refused' && !bubble.enabled && (
        <div class="error host-access" role="alert">
          <p>Your browser did not allow access to all sites, so the button stays off. Selecting text and using the right-click menu still works.</p>
          <button type="button" class="secondary small" onClick={access.turnOn}>
            Ask again
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
          It was turned off because Poe Toolbar's access to all sites was removed in your browser's settings. Turn it on to
          allow it again.
        </p>
      )}
      {bubble.blockedSites.length > 0 && (
        <>
          <h4>Not on these sites</h4>
          <ul class="blocked-sites">
            {bubble.blockedSites.map((site) => (
              <li key={site}>
                <span class="blocked-site" title={site}>
                  {siteLabel(site)}
                </span>
                <button type="button" class="ghost small" aria-label={`Allow again on ${siteLabel(site)}`} onClick={() => store.pageBubbleCommand({ type: 'allowBubbleOnSite', site })}>
                  Allow again
                </button>
              </li>
            ))}
          </ul>
          <p class="fine-print">A site here covers its subdomains too. Choose “Not on this site” in the button's menu to add one.</p>
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
    <aside class="guard-suggestion bubble-suggestion" aria-label="Suggestion: Poe on web pages">
      <p>
        <strong>Show a Poe button when you select text on a page?</strong> {BUBBLE_PROMISE}
      </p>
      {access.state === 'refused' && <p role="alert">Your browser did not allow it. You can turn it on later in Settings → On web pages.</p>}
      <div class="held-actions">
        <button type="button" class="primary small" disabled={access.state === 'asking'} onClick={access.turnOn}>
          {access.state === 'refused' ? 'Ask again' : 'Turn on'}
        </button>
        <button type="button" class="ghost small" onClick={() => store.pageBubbleCommand({ type: 'dismissBubbleSuggestion' })}>
          No thanks
        </button>
      </div>
    </aside>
  );
}
