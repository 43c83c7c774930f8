import { Fragment } from 'preact';
import { signal } from '@preact/signals';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ModelSummary } from '@/lib/messaging/contracts';
import type { ChatStore } from './chat-store';
import { Icon } from './icons';
import { isTrustedImageUrl, useImageSrc } from './images';
import './picker.css';

/** What Poe accepts as a bot name typed by hand (private bots): no spaces, at most 100 characters. */
const TYPED_BOT_NAME = /^\S{1,100}$/;
/** How far PageUp / PageDown move in the list. */
const PAGE_STEP = 8;

/**
 * The "Free only" filter: page-local, kept while the page lives, and switched on from outside by a free-tier
 * refusal's "Show free bots" ({@link showFreeBots}).
 */
const freeOnly = signal(false);
/** Set to ask the picker to open (a refusal's way out); the picker clears it. */
const openRequest = signal(false);

/** Opens the picker with only free bots listed. */
export function showFreeBots(): void {
  freeOnly.value = true;
  openRequest.value = true;
}

/** Free only where Poe's price says so; a missing price is "not published" (protocol §8.1). */
export function priceLabel(model: ModelSummary): string {
  return model.priceClass === 'free' ? 'Free' : model.priceClass === 'paid' ? 'Paid' : 'Price not published';
}

/** The model with this id (Poe bot names are case-insensitive). */
export function findModel(models: readonly ModelSummary[], bot: string): ModelSummary | undefined {
  const lower = bot.toLowerCase();
  return models.find((model) => model.id === bot) ?? models.find((model) => model.id.toLowerCase() === lower);
}

/** "text, image → text". */
export function modalitiesLabel(model: ModelSummary): string {
  const input = model.inputModalities.join(', ');
  const output = model.outputModalities.join(', ');
  return input || output ? `${input || '?'} → ${output || '?'}` : '';
}

type Row =
  | { kind: 'model'; model: ModelSummary }
  /** A bot asked before (or selected) that the model list does not have: a private bot, typed by hand. */
  | { kind: 'unlisted'; bot: string }
  /** What was typed in the search field, offered as a bot name. */
  | { kind: 'typed'; bot: string };

interface Section {
  label?: string;
  rows: Row[];
}

const botOf = (row: Row) => (row.kind === 'model' ? row.model.id : row.bot);
const compact = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** How well one field (a name or an id, lower case) matches one word of the query: whole words beat prefixes. */
function fieldScore(field: string, word: string): number {
  const parts = field.split(/[^\p{L}\p{N}]+/u);
  if (parts[0] === word) return 70;
  if (parts.includes(word)) return 60;
  if (field.startsWith(word)) return 50;
  if (parts.some((part) => part.startsWith(word))) return 40;
  if (field.includes(word)) return 20;
  const compactWord = compact(word);
  return compactWord && compact(field).includes(compactWord) ? 15 : 0;
}

/** How well a bot matches every word of the query (0: it does not). Names and ids beat descriptions. */
function score(query: string, name: string, id: string, description: string): number {
  const q = query.toLowerCase();
  const fields = [name.toLowerCase(), id.toLowerCase()];
  let total = fields.includes(q) ? 1000 : 0;
  for (const word of q.split(/\s+/).filter(Boolean)) {
    let best = Math.max(...fields.map((field) => fieldScore(field, word)));
    if (best === 0 && description.toLowerCase().includes(word)) best = 1;
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

function buildSections(
  allModels: readonly ModelSummary[],
  recents: readonly string[],
  selected: string,
  query: string,
  onlyFree: boolean,
): Section[] {
  if (onlyFree) {
    // Only bots whose published prices are all zero: no unlisted or typed bot (its price is unknown).
    const free = allModels.filter((model) => model.priceClass === 'free');
    const rows = buildSections(free, recents.filter((bot) => findModel(free, bot)), '', query, false);
    return rows.map((section) => ({ ...section, rows: section.rows.filter((row) => row.kind === 'model') }));
  }
  const models = allModels;
  const q = query.trim();
  // Recent bots, newest first; the selected bot too when it is a typed one nobody has asked yet.
  const recentBots = [...recents];
  if (selected && !findModel(models, selected) && !recentBots.some((bot) => bot.toLowerCase() === selected.toLowerCase())) {
    recentBots.unshift(selected);
  }
  const recentRows: Row[] = [];
  const seen = new Set<string>();
  for (const bot of recentBots) {
    const model = findModel(models, bot);
    const key = (model?.id ?? bot).toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    recentRows.push(model ? { kind: 'model', model } : { kind: 'unlisted', bot });
  }
  const allRows: Row[] = models.map((model) => ({ kind: 'model', model }));
  if (!q) {
    return [...(recentRows.length > 0 ? [{ label: 'Recent', rows: recentRows }] : []), { label: 'All bots', rows: allRows }];
  }
  // Searching: one list, best matches first, recent bots first among equals; no bot twice.
  const candidates = [...recentRows, ...allRows.filter((row) => !seen.has(botOf(row).toLowerCase()))];
  const ranked = candidates
    .map((row, order) => {
      const name = row.kind === 'model' ? row.model.displayName : row.bot;
      const description = row.kind === 'model' ? (row.model.description ?? '') : '';
      return { row, order, score: score(q, name, botOf(row), description) };
    })
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((entry) => entry.row);
  const lower = q.toLowerCase();
  const exact = candidates.some(
    (row) => botOf(row).toLowerCase() === lower || (row.kind === 'model' && row.model.displayName.toLowerCase() === lower),
  );
  if (!exact && TYPED_BOT_NAME.test(q)) ranked.push({ kind: 'typed', bot: q });
  return [{ rows: ranked }];
}

/** A stable hue for a bot's letter avatar. */
function hue(text: string): number {
  let hash = 0;
  for (const char of text.toLowerCase()) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % 360;
}

/** Icons that loaded or failed, so a list opened again neither flashes nor asks the network again. */
const iconStatus = new Map<string, 'loaded' | 'failed'>();

/** Icons come from Poe's model list: any https icon, and a local Poe server's own (http, fetched as bytes). */
function usableIcon(iconUrl: string | undefined): string | undefined {
  return iconUrl && (/^https:/i.test(iconUrl) || isTrustedImageUrl(iconUrl)) ? iconUrl : undefined;
}

/** The bot's icon over a letter avatar (drawn by CSS from data-letter, so it is never part of a name); the letter stays when the icon does not load (offline, blocked, gone). */
export function BotAvatar({ name, iconUrl, size = 28 }: { name: string; iconUrl?: string | undefined; size?: number }) {
  const [, rerender] = useState(0);
  const icon = usableIcon(iconUrl);
  const { src, failed } = useImageSrc(icon && iconStatus.get(icon) !== 'failed' ? icon : undefined);
  const status = !icon || failed ? 'failed' : iconStatus.get(icon);
  const letter = (/[\p{L}\p{N}]/u.exec(name)?.[0] ?? '?').toUpperCase();
  const settle = (url: string, result: 'loaded' | 'failed') => {
    iconStatus.set(url, result);
    rerender((n) => n + 1);
  };
  return (
    <span class="bot-avatar" style={`--hue: ${hue(name)}; --size: ${size}px`} data-letter={letter} aria-hidden="true">
      {icon && src && status !== 'failed' && (
        <img
          key={icon}
          src={src}
          alt=""
          loading="lazy"
          decoding="async"
          referrerpolicy="no-referrer"
          class={status === 'loaded' ? 'loaded' : undefined}
          onLoad={() => settle(icon, 'loaded')}
          onError={() => settle(icon, 'failed')}
        />
      )}
    </span>
  );
}

interface Placement {
  top: number;
  left: number;
  width: number;
  maxHeight: number;
}

/** Under the trigger, as wide as the page allows (up to 440 px), never past the window's edges. */
function placeBelow(trigger: HTMLElement): Placement {
  const rect = trigger.getBoundingClientRect();
  const margin = 8;
  const width = Math.min(440, window.innerWidth - 2 * margin);
  const left = Math.max(margin, Math.min(rect.left, window.innerWidth - margin - width));
  const top = rect.bottom + 4;
  return { top, left, width, maxHeight: Math.max(160, Math.min(520, window.innerHeight - top - margin)) };
}

/**
 * The bot picker in the header: a button showing the current bot that opens a searchable list (recent bots first,
 * then every model), driven by mouse or keyboard. A name that matches no model can be used as a private bot.
 */
export function ModelPicker({ store }: { store: ChatStore }) {
  const models = store.models.value;
  const recents = store.recentBots.value;
  const selected = store.selectedBot.value;
  const current = findModel(models, selected);
  const currentName = current?.displayName ?? selected;

  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [placement, setPlacement] = useState<Placement | undefined>(undefined);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  const justOpened = useRef(false);
  const listRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLButtonElement>(null);
  const baseId = useId();
  const listId = `${baseId}-list`;
  const optionId = (index: number) => `${baseId}-option-${index}`;

  const onlyFree = freeOnly.value;
  const sections = useMemo(
    () => buildSections(models, recents, selected, query, onlyFree),
    [models, recents, selected, query, onlyFree],
  );
  const rows = useMemo(() => sections.flatMap((section) => section.rows), [sections]);
  const activeIndex = rows.length === 0 ? -1 : Math.min(active, rows.length - 1);
  const isCurrent = (row: Row) => botOf(row).toLowerCase() === selected.toLowerCase();

  const openPicker = (initialQuery = '') => {
    const initialRows = buildSections(models, recents, selected, initialQuery, freeOnly.peek()).flatMap((section) => section.rows);
    const currentIndex = initialQuery ? 0 : initialRows.findIndex(isCurrent);
    setQuery(initialQuery);
    setActive(Math.max(0, currentIndex));
    if (triggerRef.current) setPlacement(placeBelow(triggerRef.current));
    justOpened.current = true;
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) triggerRef.current?.focus();
  };
  const pick = (row: Row) => {
    const bot = botOf(row).trim();
    if (bot && bot !== selected) store.chooseBot(bot);
    close(true);
  };

  useLayoutEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);

  const requested = openRequest.value;
  useEffect(() => {
    if (!requested) return;
    openRequest.value = false;
    openPicker();
  }, [requested]);

  const toggleFreeOnly = () => {
    freeOnly.value = !freeOnly.peek();
    setActive(0);
  };

  // Opening shows the current bot in the middle of the list; moving keeps the active option just in view.
  useLayoutEffect(() => {
    if (!open || activeIndex < 0) return;
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
  }, [open, activeIndex, rows]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node | null;
      if (target && !popoverRef.current?.contains(target) && !triggerRef.current?.contains(target)) close(false);
    };
    const onResize = () => triggerRef.current && setPlacement(placeBelow(triggerRef.current));
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('resize', onResize);
    };
  }, [open]);

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
        close(true);
        return;
      case 'Tab':
        // Tab reaches the "Free only" filter; past it (or Shift+Tab out of the field) the picker closes.
        if (event.shiftKey) close(false);
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
      close(true);
    } else if (event.key === 'Tab' && !event.shiftKey) close(false);
  };

  const onTriggerKey = (event: KeyboardEvent) => {
    if (open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openPicker();
    } else if (event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      // Typing on the closed picker starts a search.
      event.preventDefault();
      openPicker(event.key);
    }
  };

  let index = -1;
  const renderRow = (row: Row) => {
    index += 1;
    const rowIndex = index;
    const id = optionId(rowIndex);
    // The option's name is what it shows: "GPT-5.4, text, image → text, $2.3 in / $18 out per 1M tokens".
    const name = row.kind === 'model' ? row.model.displayName : row.kind === 'typed' ? `Use bot “${row.bot}”` : row.bot;
    // Modalities, then free / paid and the price on a line of their own (a free bot's "$0" says nothing more).
    const price = row.kind === 'model' ? priceLabel(row.model) : undefined;
    const hint = row.kind === 'model' && row.model.priceClass !== 'free' ? row.model.priceHint : undefined;
    const lines =
      row.kind === 'model'
        ? [modalitiesLabel(row.model)].filter(Boolean)
        : [row.kind === 'typed' ? 'A private bot or one not in the list' : 'Not in the model list'];
    const meta = [...lines, ...(price ? [price] : []), ...(hint ? [hint] : [])];
    const currentRow = isCurrent(row) && row.kind !== 'typed';
    return (
      <div
        key={`${rowIndex}:${botOf(row)}`}
        id={id}
        role="option"
        class={`picker-option${rowIndex === activeIndex ? ' active' : ''}${currentRow ? ' current' : ''}${row.kind === 'typed' ? ' typed' : ''}`}
        aria-selected={rowIndex === activeIndex}
        aria-label={[name, ...meta, ...(currentRow ? ['current bot'] : [])].join(', ')}
        title={row.kind === 'model' ? row.model.description : undefined}
        onMouseMove={() => rowIndex !== activeIndex && setActive(rowIndex)}
        onClick={() => pick(row)}
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
        {currentRow && <Icon name="check" size={16} class="picker-check" />}
      </div>
    );
  };

  const error = store.modelsError.value;
  const q = query.trim();
  return (
    <div class="bot-picker model-picker">
      <button
        ref={triggerRef}
        type="button"
        class="picker-trigger"
        aria-haspopup="listbox"
        aria-expanded={open}
        {...(open ? { 'aria-controls': listId } : {})}
        title={current?.description ? `${currentName} — ${current.description}` : currentName}
        onClick={() => (open ? close(false) : openPicker())}
        onKeyDown={onTriggerKey}
      >
        <BotAvatar name={currentName} iconUrl={current?.iconUrl} size={22} />
        <span class="picker-trigger-name">
          <span class="visually-hidden">Bot: </span>
          {currentName}
        </span>
        <Icon name="chevronDown" size={14} class="picker-chevron" />
      </button>
      {open && (
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
              aria-label="Search bots"
              aria-expanded="true"
              aria-controls={listId}
              aria-autocomplete="list"
              {...(activeIndex >= 0 ? { 'aria-activedescendant': optionId(activeIndex) } : {})}
              placeholder="Search bots or type a bot name"
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
              title="List only bots whose published price is zero (the ones a free Poe account can use)"
              onClick={toggleFreeOnly}
              onKeyDown={onFilterKey}
            >
              Free only
            </button>
          </div>
          <div ref={listRef} class="picker-list" id={listId} role="listbox" aria-label="Bots">
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
                  ? `No free bots match “${q}”.`
                  : 'No bot in Poe’s list is free.'
                : q
                  ? `No bots match “${q}”.`
                  : 'No bots yet. Type a bot name to use it.'}
            </p>
          )}
          {error && (
            <p class="picker-note" role="status">
              {models.length > 0 ? `Could not refresh the list (${error.message}); showing the saved one.` : `Could not load the bot list: ${error.message}`}
            </p>
          )}
          <div class="visually-hidden" role="status" aria-live="polite">
            {q || onlyFree ? `${rows.filter((row) => row.kind !== 'typed').length} ${onlyFree ? 'free ' : ''}${q ? 'matching ' : ''}bots` : ''}
          </div>
        </div>
      )}
    </div>
  );
}
