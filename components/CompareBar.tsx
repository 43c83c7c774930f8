import { useEffect } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { MAX_COMPARE_BOTS } from '@/lib/messaging/rules';
import { displayName } from './bot-model';
import { formatPoints } from './cost-format';
import { listText } from './count-text';
import { BotAvatar } from './BotAvatar';
import { BotPickerButton } from './BotPickerButton';
import type { ChatStore } from './chat-store';
import { Icon } from './icons';
import { compareBlocker } from './compare-toggle';
import './compare.css';

/** The bots the next compare asks (2–4), chosen in the bot picker: shown above the composer while comparing. */
export function CompareBar({ store }: { store: ChatStore }) {
  const bots = store.compareBots.value;
  const draft = store.draftMessage.value;
  const botsKey = bots.join('\n');
  const filesKey = store.attachments.value.map((file) => file.pendingId).join('\n');
  // What the compare would cost, asked again as the bots, the question or its files change (after typing pauses).
  useEffect(() => {
    const timer = setTimeout(() => store.estimateCompare(draft), 300);
    return () => clearTimeout(timer);
  }, [botsKey, draft, filesKey]);
  if (bots.length === 0) return null;
  const blocker = compareBlocker(store);
  const estimate = bots.length >= 2 ? store.compareEstimate.value : undefined;
  return (
    <div class="compare-bar" role="group" aria-label={t('compare_barLabel')}>
      <span class="compare-bar-title">{t('compare_barTitle')}</span>
      <ul class="compare-chips">
        {bots.map((bot) => {
          const name = displayName(store.models.value, bot);
          return (
            <li class="compare-chip" key={bot}>
              <BotAvatar name={name} size={18} />
              <span class="compare-chip-name">{name}</span>
              <button type="button" class="ghost small icon-only" aria-label={t('compare_removeBot', name)} onClick={() => store.removeCompareBot(bot)}>
                <Icon name="close" size={12} />
              </button>
            </li>
          );
        })}
      </ul>
      {bots.length < MAX_COMPARE_BOTS && (
        <BotPickerButton store={store} current={bots.at(-1)!} onChoose={(chosen) => store.addCompareBot(chosen)} class="ghost small compare-add">
          <Icon name="plus" size={14} />
          <span>{t('compare_addBot')}</span>
        </BotPickerButton>
      )}
      <button type="button" class="ghost small icon-only compare-off" aria-label={t('compare_turnOff')} title={t('compare_turnOff')} onClick={() => store.toggleCompare()}>
        <Icon name="close" size={14} />
      </button>
      {blocker ? <p class="compare-hint muted">{blocker}</p> : estimate && <CompareCost estimate={estimate} />}
    </div>
  );
}

/** "Up to 450 points for the three answers", or which bots have no published price; and whether the guard will ask. */
function CompareCost({ estimate }: { estimate: NonNullable<ChatStore['compareEstimate']['value']> }) {
  const unpriced = estimate.estimates.filter((each) => each.kind === 'unknown').map((each) => each.bot);
  return (
    <p class={`compare-hint compare-cost-line${estimate.wouldHold ? ' will-hold' : ''}`}>
      {estimate.upToPoints !== undefined
        ? t('compare_estimateTotal', formatPoints(estimate.upToPoints), String(estimate.estimates.length))
        : t('compare_estimateUnpriced', listText(unpriced))}
      {estimate.wouldHold && <> {t('compare_estimateHold')}</>}
    </p>
  );
}
