import { t } from '@/lib/i18n';
import { MIN_COMPARE_BOTS } from '@/lib/messaging/rules';
import type { ChatStore } from './chat-store';
import { Icon } from './icons';
import './compare-toggle.css';

/*
 * The Compare switch and its rule, in every first paint; the bar of chosen bots (CompareBar) is fetched when it is
 * turned on.
 */

/** Why Send cannot compare the draft yet, or undefined when it can. */
export function compareBlocker(store: ChatStore): string | undefined {
  if (store.compareBots.value.length < MIN_COMPARE_BOTS) return t('compare_needsTwo');
  return undefined;
}

/** "Compare" in the composer's foot: turns comparing on with the bot on screen (and opens the picker for the next), or off. */
export function CompareToggle({ store, onPreload }: { store: ChatStore; onPreload?: () => void }) {
  const on = store.compareBots.value.length > 0;
  return (
    <button
      type="button"
      class={`ghost small compare-toggle${on ? ' on' : ''}`}
      aria-pressed={on}
      title={t('compare_toggleTitle')}
      onClick={() => store.toggleCompare()}
      onPointerEnter={onPreload}
    >
      <Icon name="columns" size={16} />
      <span>{t('compare_toggle')}</span>
    </button>
  );
}

