import { Fragment } from 'preact';
import { t } from '@/lib/i18n';
import { BotAvatar } from './BotAvatar';
import { modalitiesLabel, priceLabel } from './bot-model';
import { Icon } from './icons';
import type { Row } from './model-search';

/** One option of the open picker: the bot's avatar, name, modalities and price; a check on the current bot. */
export function PickerOption({ id, row, active, current, onHover, onPick }: {
  id: string;
  row: Row;
  active: boolean;
  /** The bot chosen now (never the "Use bot …" row). */
  current: boolean;
  onHover(): void;
  onPick(): void;
}) {
  // The option's name is what it shows: "GPT-5.4, text, image → text, $2.3 in / $18 out per 1M tokens".
  const name = row.kind === 'model' ? row.model.displayName : row.kind === 'typed' ? t('pickerOption_useBot', row.bot) : row.bot;
  // Modalities, then free / paid and the price on a line of their own (a free bot's "$0" says nothing more).
  const price = row.kind === 'model' ? priceLabel(row.model) : undefined;
  const hint = row.kind === 'model' && row.model.priceClass !== 'free' ? row.model.priceHint : undefined;
  const lines =
    row.kind === 'model'
      ? [modalitiesLabel(row.model)].filter(Boolean)
      : [row.kind === 'typed' ? t('pickerOption_typedHint') : t('pickerOption_unlisted')];
  const meta = [...lines, ...(price ? [price] : []), ...(hint ? [hint] : [])];
  return (
    <div
      id={id}
      role="option"
      class={`picker-option${active ? ' active' : ''}${current ? ' current' : ''}${row.kind === 'typed' ? ' typed' : ''}`}
      aria-selected={active}
      aria-label={[name, ...meta, ...(current ? [t('pickerOption_current')] : [])].join(', ')}
      title={row.kind === 'model' ? row.model.description : undefined}
      onMouseMove={onHover}
      onClick={onPick}
    >
      {row.kind === 'typed' ? (
        <span class="bot-avatar typed-avatar" style="--size: 28px" data-letter="@" aria-hidden="true" />
      ) : (
        <BotAvatar name={row.kind === 'model' ? row.model.displayName : row.bot} iconUrl={row.kind === 'model' ? row.model.iconUrl : undefined} />
      )}
      <span class="picker-option-text">
        {/* The spaces keep the words apart for tools that read the text without layout. */}
        <span class="picker-option-name">{name}</span>{' '}
        <span class="picker-option-meta">
          {lines.map((part, partIndex) => (
            <Fragment key={partIndex}>
              {partIndex > 0 && ' '}
              <span>{part}</span>
            </Fragment>
          ))}
          {price && row.kind === 'model' && (
            <span class="price-line">
              {' '}
              <span class={`price-tag price-${row.model.priceClass ?? 'unknown'}`}>{price}</span>
              {hint && ` ${hint}`}
            </span>
          )}
        </span>
      </span>
      {current && <Icon name="check" size={16} class="picker-check" />}
    </div>
  );
}
