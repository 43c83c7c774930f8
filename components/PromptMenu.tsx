import './prompt-menu.css';
import { useEffect } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { PromptAction } from '@/lib/messaging/contracts';
import { templatePreview } from './prompt-menu';

// The composer loads this module after its first paint and takes the menu's logic from it too.
export * as promptMenuLogic from './prompt-menu';

/**
 * The saved prompts matching the `/query` typed in the composer (issue 16): a listbox the textarea drives (focus
 * stays in the textarea; `aria-activedescendant` names the active option). The mouse works too: pressing an option
 * keeps the focus where it is.
 */
export function PromptMenu({
  id,
  optionId,
  prompts,
  active,
  busy,
  onChoose,
  onActive,
}: {
  /** The listbox's id, and each option's (the composer names them in its ARIA attributes). */
  id: string;
  optionId(index: number): string;
  prompts: readonly PromptAction[];
  active: number;
  /** The chosen prompt is being filled from the page. */
  busy: boolean;
  onChoose(index: number): void;
  onActive(index: number): void;
}) {
  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  return (
    <div class="prompt-menu">
      {/* tabIndex -1: the list scrolls, and the arrows in the textarea move through it (the options are never focused). */}
      <ul id={id} role="listbox" aria-label={t('promptMenu_label')} aria-busy={busy} tabIndex={-1}>
        {prompts.map((prompt, index) => (
          <li
            key={prompt.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            class={index === active ? 'active' : undefined}
            onMouseDown={(event) => event.preventDefault()}
            onMouseMove={() => index !== active && onActive(index)}
            onClick={() => onChoose(index)}
          >
            <span class="prompt-title">{prompt.title}</span>
            <span class="prompt-preview">{templatePreview(prompt.template)}</span>
          </li>
        ))}
      </ul>
      <p class="prompt-menu-hint" aria-hidden="true">
        {busy ? t('promptMenu_filling') : t('promptMenu_keys')}
      </p>
    </div>
  );
}
