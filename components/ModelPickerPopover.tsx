import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { t, tCount } from '@/lib/i18n';
import type { ChatStore } from './chat-store';
import { Icon } from './icons';
import { buildSections, botOf, type Row } from './model-search';
import { freeOnly } from './ModelPicker';
import { PickerOption } from './PickerOption';

/** What the screen reader hears of a filtered list: how many bots, free and/or matching. */
const COUNT_KEYS = {
  free: { one: 'modelPicker_freeCount_one', other: 'modelPicker_freeCount_other' },
  matching: { one: 'modelPicker_matchingCount_one', other: 'modelPicker_matchingCount_other' },
  freematching: { one: 'modelPicker_freeMatchingCount_one', other: 'modelPicker_freeMatchingCount_other' },
} as const;

/** How far PageUp / PageDown move in the list. */
const PAGE_STEP = 8;

interface Placement {
  top: number;
  left: number;
  width: number;
  maxHeight: number;
}

/**
 * Under the trigger, as wide as the page allows (up to 440 px), never past the window's edges; above it when the
 * trigger is low in the window (a Regenerate button under the last answer) and there is more room there.
 */
function placeBelow(trigger: HTMLElement): Placement {
  const rect = trigger.getBoundingClientRect();
  const margin = 8;
  const width = Math.min(440, window.innerWidth - 2 * margin);
  const left = Math.max(margin, Math.min(rect.left, window.innerWidth - margin - width));
  const below = window.innerHeight - rect.bottom - 4 - margin;
  const above = rect.top - 4 - margin;
  if (below < 240 && above > below) {
    const maxHeight = Math.min(520, above);
    return { top: rect.top - 4 - maxHeight, left, width, maxHeight };
  }
  const top = rect.bottom + 4;
  return { top, left, width, maxHeight: Math.max(160, Math.min(520, below)) };
}

export interface PopoverProps {
  store: ChatStore;
  triggerRef: RefObject<HTMLButtonElement | null>;
  /** The trigger's id stem: the list is `${baseId}-list`, its options `${baseId}-option-N`. */
  baseId: string;
  /** What was typed on the closed trigger to open it. */
  initialQuery: string;
  onClose(refocus: boolean): void;
  /** The bot marked as current (default: the bot selected for new questions). */
  current?: string;
  /** What a pick does (default: select the bot for new questions), e.g. "Regenerate with…" that bot. */
  onChoose?(bot: string): void;
}

/**
 * The open bot picker (its own chunk, loaded after the first paint): a search field over recent bots, then every
 * model, driven by mouse or keyboard. Mounted afresh on each opening, so each starts at the current bot.
 */
export function ModelPickerPopover({ store, triggerRef, baseId, initialQuery, onClose, current, onChoose }: PopoverProps) {
  const models = store.models.value;
  const recents = store.recentBots.value;
  const selected = current ?? store.selectedBot.value;
  const onlyFree = freeOnly.value;
  const isCurrent = (row: Row) => botOf(row).toLowerCase() === selected.toLowerCase();

  const [query, setQuery] = useState(initialQuery);
  const [active, setActive] = useState(() => {
    if (initialQuery) return 0;
    const initialRows = buildSections(models, recents, selected, '', onlyFree).flatMap((section) => section.rows);
    return Math.max(0, initialRows.findIndex(isCurrent));
  });
  const [placement, setPlacement] = useState(() => (triggerRef.current ? placeBelow(triggerRef.current) : undefined));
  const inputRef = useRef<HTMLInputElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  const justOpened = useRef(true);
  const listRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLButtonElement>(null);
  const listId = `${baseId}-list`;
  const optionId = (index: number) => `${baseId}-option-${index}`;

  const sections = useMemo(
    () => buildSections(models, recents, selected, query, onlyFree),
    [models, recents, selected, query, onlyFree],
  );
  const rows = useMemo(() => sections.flatMap((section) => section.rows), [sections]);
  const activeIndex = rows.length === 0 ? -1 : Math.min(active, rows.length - 1);

  const pick = (row: Row) => {
    const bot = botOf(row).trim();
    if (bot && onChoose) onChoose(bot);
    else if (bot && bot !== selected) store.chooseBot(bot);
    onClose(true);
  };

  useLayoutEffect(() => {
    inputRef.current?.focus();
  }, []);

  const toggleFreeOnly = () => {
    freeOnly.value = !freeOnly.peek();
    setActive(0);
  };

  // Opening shows the current bot in the middle of the list; moving keeps the active option just in view.
  useLayoutEffect(() => {
    if (activeIndex < 0) return;
    const list = listRef.current;
    const option = document.getElementById(optionId(activeIndex));
    if (list && option) {
      // Scrolls the list only (scrollIntoView would move the popover and the page too).
      const view = list.getBoundingClientRect();
      const box = option.getBoundingClientRect();
      const padding = 4;
      if (justOpened.current) list.scrollTop += box.top - view.top - (view.height - box.height) / 2;
      else if (box.top < view.top + padding) list.scrollTop -= view.top + padding - box.top;
      else if (box.bottom > view.bottom - padding) list.scrollTop += box.bottom - (view.bottom - padding);
    }
    justOpened.current = false;
  }, [activeIndex, rows]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node | null;
      if (target && !popoverRef.current?.contains(target) && !triggerRef.current?.contains(target)) onClose(false);
    };
    const onResize = () => triggerRef.current && setPlacement(placeBelow(triggerRef.current));
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('resize', onResize);
    };
  }, []);

  const onSearchKey = (event: KeyboardEvent) => {
    const count = rows.length;
    const move = (to: number) => {
      event.preventDefault();
      if (count > 0) setActive(to);
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(activeIndex < 0 ? 0 : (activeIndex + 1) % count);
      case 'ArrowUp':
        return move(activeIndex <= 0 ? count - 1 : activeIndex - 1);
      case 'PageDown':
        return move(Math.min(count - 1, activeIndex + PAGE_STEP));
      case 'PageUp':
        return move(Math.max(0, activeIndex - PAGE_STEP));
      case 'Enter': {
        if (event.isComposing) return;
        event.preventDefault();
        const row = rows[activeIndex];
        if (row) pick(row);
        return;
      }
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        onClose(true);
        return;
      case 'Tab':
        // Tab reaches the "Free only" filter; past it (or Shift+Tab out of the field) the picker closes.
        if (event.shiftKey) onClose(false);
        else {
          event.preventDefault();
          filterRef.current?.focus();
        }
        return;
    }
  };

  const onFilterKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose(true);
    } else if (event.key === 'Tab' && !event.shiftKey) onClose(false);
  };

  let index = -1;
  const renderRow = (row: Row) => {
    index += 1;
    const rowIndex = index;
    return (
      <PickerOption
        key={`${rowIndex}:${botOf(row)}`}
        id={optionId(rowIndex)}
        row={row}
        active={rowIndex === activeIndex}
        current={isCurrent(row) && row.kind !== 'typed'}
        onHover={() => rowIndex !== activeIndex && setActive(rowIndex)}
        onPick={() => pick(row)}
      />
    );
  };

  const error = store.modelsError.value;
  const q = query.trim();
  return (
    <div
      ref={popoverRef}
      class="picker-popover"
      style={placement ? `top: ${placement.top}px; left: ${placement.left}px; width: ${placement.width}px; max-height: ${placement.maxHeight}px` : undefined}
      onMouseDown={(event) => {
        // Keep the focus (and the caret) in the search field while the list is clicked.
        if (event.target !== inputRef.current) event.preventDefault();
      }}
    >
      <div class="picker-search">
        <Icon name="search" size={15} class="picker-search-icon" />
        <input
          ref={inputRef}
          type="text"
          role="combobox"
          aria-label={t('modelPicker_searchLabel')}
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          {...(activeIndex >= 0 ? { 'aria-activedescendant': optionId(activeIndex) } : {})}
          placeholder={t('modelPicker_searchPlaceholder')}
          autocomplete="off"
          spellcheck={false}
          value={query}
          onInput={(event) => {
            setQuery(event.currentTarget.value);
            setActive(0);
          }}
          onKeyDown={onSearchKey}
        />
        <button
          ref={filterRef}
          type="button"
          class="picker-filter"
          aria-pressed={onlyFree}
          title={t('modelPicker_freeOnlyTitle')}
          onClick={toggleFreeOnly}
          onKeyDown={onFilterKey}
        >
          {t('modelPicker_freeOnly')}
        </button>
      </div>
      <div ref={listRef} class="picker-list" id={listId} role="listbox" aria-label={t('modelPicker_listLabel')}>
        {sections.map((section, sectionIndex) =>
          section.rows.length === 0 ? null : section.label ? (
            <div key={section.label} role="group" aria-labelledby={`${baseId}-group-${sectionIndex}`} class="picker-group">
              <div role="presentation" id={`${baseId}-group-${sectionIndex}`} class="picker-group-label">
                {section.label}
              </div>
              {section.rows.map(renderRow)}
            </div>
          ) : (
            section.rows.map(renderRow)
          ),
        )}
      </div>
      {rows.length === 0 && (
        <p class="picker-empty muted">
          {onlyFree
            ? q
              ? t('modelPicker_noFreeMatch', q)
              : t('modelPicker_noFreeBots')
            : q
              ? t('modelPicker_noMatch', q)
              : t('modelPicker_noBots')}
        </p>
      )}
      {error && (
        <p class="picker-note" role="status">
          {models.length > 0 ? t('modelPicker_refreshFailed', error.message) : t('modelPicker_loadFailed', error.message)}
        </p>
      )}
      <div class="visually-hidden" role="status" aria-live="polite">
        {q || onlyFree ? tCount(COUNT_KEYS[`${onlyFree ? 'free' : ''}${q ? 'matching' : ''}` as 'free' | 'matching' | 'freematching'], rows.filter((row) => row.kind !== 'typed').length) : ''}
      </div>
    </div>
  );
}
