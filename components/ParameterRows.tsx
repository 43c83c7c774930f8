import { MAX_PARAMETER_CHARS } from '@/lib/messaging/rules';
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ParameterSpec } from '@/lib/messaging/contracts';
import type { ModelSummary } from '@/lib/messaging/contracts';
import type { ParameterValue } from './chat-store';
import { formatParameter, tidy } from './ParameterControls';

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

const isMultiple = (value: number, step: number) => Math.abs(value / step - Math.round(value / step)) < 1e-9;

/**
 * Slider steps: about 20–200 stops over the range, but always a step that reaches the maximum and the default
 * exactly (a range input snaps its value to min + n × step); whole numbers for wide integer ranges.
 */
function sliderStep(min: number, max: number, defaultValue: number | undefined): number | 'any' {
  const span = max - min;
  if (!(span > 0)) return 'any';
  // Wide whole-number ranges (tokens, milliseconds) count in whole numbers; 0–2 (temperature) does not.
  const integers = span >= 20 && Number.isInteger(min) && Number.isInteger(max) && (defaultValue === undefined || Number.isInteger(defaultValue));
  for (let step = 10 ** Math.floor(Math.log10(span / 20)); step >= 1e-6; step /= 10) {
    if (integers && step < 1) return 1;
    const tidyStep = Number(step.toPrecision(1));
    if (isMultiple(span, tidyStep) && (defaultValue === undefined || isMultiple(defaultValue - min, tidyStep))) return tidyStep;
  }
  return 'any';
}

/** Numbers without float noise (0.30000000000000004 → 0.3). */

/** What the control shows when the user changed nothing. */
/**
 * A value as it may be sent for this parameter: the right type, a number within its bounds, an enum's option.
 * `undefined` means "nothing to send": invalid, or the same as the default.
 */
export function normalizeParameter(spec: ParameterSpec, value: unknown): ParameterValue | undefined {
  let result: ParameterValue | undefined;
  const control = spec.control;
  switch (control.kind) {
    case 'boolean':
      result = typeof value === 'boolean' ? value : undefined;
      break;
    case 'number':
      result = typeof value === 'number' && Number.isFinite(value) ? tidy(clamp(value, control.min, control.max)) : undefined;
      break;
    case 'enum':
      result = typeof value === 'string' && control.options.includes(value) ? value : undefined;
      break;
    case 'string':
      result = typeof value === 'string' ? value.slice(0, MAX_PARAMETER_CHARS) : undefined;
      break;
  }
  return result === spec.defaultValue ? undefined : result;
}

function fallbackValue(spec: ParameterSpec): ParameterValue {
  if (spec.defaultValue !== undefined) return spec.defaultValue;
  const control = spec.control;
  switch (control.kind) {
    case 'boolean':
      return false;
    case 'number':
      return control.min;
    case 'enum':
      return control.options[0] ?? '';
    case 'string':
      return '';
  }
}


function defaultNote(spec: ParameterSpec): string {
  if (spec.defaultValue === undefined) return t('parameterRows_noDefault');
  return t('parameterRows_default', formatParameter(spec.defaultValue));
}

interface RowProps {
  spec: ParameterSpec;
  /** The stored value (only when the user changed it). */
  stored: ParameterValue | undefined;
  onSet(value: ParameterValue | undefined): void;
}

/** One parameter: its name, a control for its kind, its description and default, and Reset when changed. */
function ParameterRow({ spec, stored, onSet }: RowProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const valid = stored === undefined ? undefined : normalizeParameter(spec, stored);
  const changed = valid !== undefined;
  const value = valid ?? fallbackValue(spec);
  const commit = (next: unknown) => onSet(normalizeParameter(spec, next));

  // A value stored earlier that no longer fits (the model changed its bounds or options) is fixed or dropped.
  useEffect(() => {
    if (stored !== undefined && valid !== stored) onSet(valid);
  }, [stored, valid]);

  const control = spec.control;
  const label = (
    <label class="param-name" for={`${id}-control`}>
      {spec.name}
    </label>
  );
  const reset = changed && (
    <button type="button" class="ghost small param-reset" aria-label={t('parameterRows_resetName', spec.name)} title={t('parameterRows_resetTitle', formatParameter(fallbackValue(spec)))} onClick={() => onSet(undefined)}>
      {t('parameterRows_reset')}
    </button>
  );
  const help = (
    <p class="param-help" id={helpId}>
      {spec.description && <span>{spec.description} </span>}
      <span class="param-default">{defaultNote(spec)}</span>
    </p>
  );
  const parts: FrameParts = { changed, label, reset, help };

  if (control.kind === 'boolean') {
    const toggle = (
      <input
        id={`${id}-control`}
        type="checkbox"
        role="switch"
        class="param-switch"
        checked={value === true}
        aria-describedby={helpId}
        onChange={(event) => commit(event.currentTarget.checked)}
      />
    );
    return <ParamFrame parts={parts} kind="boolean" headExtra={toggle} />;
  }
  if (control.kind === 'number') {
    return <NumberRow spec={spec} control={control} id={id} value={typeof value === 'number' ? value : control.min} parts={parts} commit={commit} />;
  }
  if (control.kind === 'enum') {
    return (
      <ParamFrame parts={parts}>
        <select id={`${id}-control`} value={String(value)} aria-describedby={helpId} onChange={(event) => commit(event.currentTarget.value)}>
          {control.options.map((option) => (
            <option key={option} value={option}>
              {option === spec.defaultValue ? t('parameterRows_defaultOption', option) : option}
            </option>
          ))}
        </select>
      </ParamFrame>
    );
  }
  return <StringRow spec={spec} id={id} value={String(value)} parts={parts} commit={commit} />;
}

/** What every parameter row shows around its control: name, Reset when changed, and the help line. */
interface FrameParts {
  changed: boolean;
  label: JSX.Element;
  reset: JSX.Element | false;
  help: JSX.Element;
}

function ParamFrame({
  parts,
  kind,
  headExtra,
  children,
}: {
  parts: FrameParts;
  kind?: 'boolean';
  headExtra?: ComponentChildren;
  children?: ComponentChildren;
}) {
  return (
    <div class={`param${kind ? ` param-${kind}` : ''}${parts.changed ? ' changed' : ''}`}>
      <div class="param-head">
        {parts.label}
        {parts.reset}
        {headExtra}
      </div>
      {children}
      {parts.help}
    </div>
  );
}

interface KindProps {
  spec: ParameterSpec;
  id: string;
  parts: FrameParts;
  commit(value: unknown): void;
}

/** A slider and a number field kept in step; the value is stored when the slider is let go or the field is left. */
function NumberRow({ spec, control, id, value, parts, commit }: KindProps & { control: { min: number; max: number }; value: number }) {
  const [sliding, setSliding] = useState<number | null>(null);
  const [typed, setTyped] = useState<string | null>(null);
  // The stored value moved on: show it.
  useEffect(() => {
    setSliding(null);
    setTyped(null);
  }, [value]);
  const step = sliderStep(control.min, control.max, typeof spec.defaultValue === 'number' ? spec.defaultValue : undefined);
  const shown = sliding ?? value;
  return (
    <ParamFrame parts={parts}>
      <div class="param-number">
        <input
          id={`${id}-control`}
          type="range"
          min={control.min}
          max={control.max}
          step={step}
          value={shown}
          aria-describedby={`${id}-help`}
          onInput={(event) => {
            setSliding(Number(event.currentTarget.value));
            setTyped(null);
          }}
          onChange={(event) => commit(Number(event.currentTarget.value))}
        />
        <input
          type="number"
          class="param-number-field"
          aria-label={spec.name}
          aria-describedby={`${id}-help`}
          min={control.min}
          max={control.max}
          step="any"
          inputMode="decimal"
          value={typed ?? String(tidy(shown))}
          onInput={(event) => setTyped(event.currentTarget.value)}
          onChange={(event) => {
            const text = event.currentTarget.value.trim();
            const number = text === '' ? Number.NaN : Number(text);
            if (!Number.isFinite(number)) {
              setTyped(null);
              event.currentTarget.value = String(tidy(shown));
              return;
            }
            const clamped = tidy(clamp(number, control.min, control.max));
            setTyped(String(clamped));
            event.currentTarget.value = String(clamped);
            commit(clamped);
          }}
        />
      </div>
    </ParamFrame>
  );
}

function StringRow({ spec, id, value, parts, commit }: KindProps & { value: string }) {
  const [typed, setTyped] = useState<string | null>(null);
  useEffect(() => setTyped(null), [value]);
  return (
    <ParamFrame parts={parts}>
      <input
        id={`${id}-control`}
        type="text"
        maxLength={MAX_PARAMETER_CHARS}
        value={typed ?? value}
        placeholder={typeof spec.defaultValue === 'string' && spec.defaultValue ? spec.defaultValue : t('parameterRows_notSet')}
        aria-describedby={`${id}-help`}
        onInput={(event) => setTyped(event.currentTarget.value)}
        onChange={(event) => commit(event.currentTarget.value)}
      />
    </ParamFrame>
  );
}

/**
 * The selected model's parameters as controls, behind a "Parameters" button that counts the changed values. Values
 * are kept per bot (only those changed from the defaults, which are what is sent); hidden for models without any.
 */
/** The parameters of the chosen bot, each with its control, and those it no longer lists (still sent) with Reset. */
export function ParameterPanel({
  id,
  model,
  chosen,
  unknown,
  set,
}: {
  id: string;
  model: ModelSummary;
  chosen: Record<string, ParameterValue>;
  unknown: [string, ParameterValue][];
  set: (name: string, value: ParameterValue | undefined) => void;
}) {
  return (
    <div class="parameters-panel" id={id}>
      {model.parameters.map((spec) => (
        <ParameterRow key={`${model.id}:${spec.name}`} spec={spec} stored={chosen[spec.name]} onSet={(value) => set(spec.name, value)} />
      ))}
      {unknown.map(([name, value]) => (
        <div class="param changed" key={`unknown:${name}`}>
          <div class="param-head">
            <span class="param-name">{name}</span>
            <button type="button" class="ghost small param-reset" aria-label={t('parameterRows_resetName', name)} onClick={() => set(name, undefined)}>
              {t('parameterRows_reset')}
            </button>
          </div>
          <p class="param-help">
            {t('parameterRows_unlisted', formatParameter(value), model.displayName)}
          </p>
        </div>
      ))}
    </div>

  );
}
