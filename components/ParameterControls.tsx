import { useId, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ChatStore, ParameterValue } from './chat-store';
import { Icon } from './icons';
import { lazyView } from './lazy-view';
import { findModel } from './bot-model';
import './picker.css';

/** The open panel's controls are their own chunk: most sends never open it, and the popup's first paint stays small. */
const ParameterPanel = lazyView(() => import('./ParameterRows').then((m) => m.ParameterPanel));

/** A number without float noise (0.30000000000000004 → 0.3). */
export const tidy = (value: number) => Number(value.toPrecision(12));

export function formatParameter(value: ParameterValue): string {
  if (typeof value === 'boolean') return value ? t('parameterControls_on') : t('parameterControls_off');
  if (typeof value === 'string') return value === '' ? t('parameterControls_empty') : value;
  return String(tidy(value));
}

export function ParameterControls({ store }: { store: ChatStore }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const bot = store.selectedBot.value;
  const model = bot ? findModel(store.models.value, bot) : undefined;
  if (!bot || !model || model.parameters.length === 0) return null;

  const chosen = store.parametersFor(bot);
  const names = new Set(model.parameters.map((spec) => spec.name));
  // In the model's order (storage keeps keys sorted), then anything it no longer lists.
  const unknown = Object.entries(chosen).filter(([name]) => !names.has(name));
  const changed = [
    ...model.parameters.flatMap((spec): [string, ParameterValue][] => {
      const value = chosen[spec.name];
      return value === undefined ? [] : [[spec.name, value]];
    }),
    ...unknown,
  ];
  const set = (name: string, value: ParameterValue | undefined) => {
    store.setParameter(bot, name, value);
  };
  const summary = changed.map(([name, value]) => `${name}: ${formatParameter(value)}`).join(' · ');

  return (
    <section class="parameters" aria-label={t('parameterControls_label', model.displayName)}>
      <div class="parameters-bar">
        <button
          type="button"
          class={`parameters-toggle${open ? ' open' : ''}`}
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen(!open)}
        >
          <Icon name="sliders" size={15} />
          {t('parameterControls_title')}
          {changed.length > 0 && (
            <span class="parameters-count">
              {changed.length}
              <span class="visually-hidden"> {t('parameterControls_changed')}</span>
            </span>
          )}
        </button>
        {!open && changed.length > 0 && (
          <span class="parameters-summary" title={summary}>
            {summary}
          </span>
        )}
        {open && changed.length > 0 && (
          <button type="button" class="ghost small parameters-reset-all" onClick={() => changed.forEach(([name]) => set(name, undefined))}>
            {t('parameterControls_resetAll')}
          </button>
        )}
      </div>
      {open && (
        <ParameterPanel id={panelId} model={model} chosen={chosen} unknown={unknown} set={set} />
      )}
    </section>
  );
}
