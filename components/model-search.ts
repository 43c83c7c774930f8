import { t } from '@/lib/i18n';
import type { ModelSummary } from '@/lib/messaging/contracts';
import { findModel } from './bot-model';

/** What Poe accepts as a bot name typed by hand (private bots): no spaces, at most 100 characters. */
const TYPED_BOT_NAME = /^\S{1,100}$/;

export type Row =
  | { kind: 'model'; model: ModelSummary }
  /** A bot asked before (or selected) that the model list does not have: a private bot, typed by hand. */
  | { kind: 'unlisted'; bot: string }
  /** What was typed in the search field, offered as a bot name. */
  | { kind: 'typed'; bot: string };

export interface Section {
  label?: string;
  rows: Row[];
}

export const botOf = (row: Row) => (row.kind === 'model' ? row.model.id : row.bot);
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

/** The open list: recent bots then every model, or (searching) one list ranked by match; "Free only" keeps free models. */
export function buildSections(
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
    return [...(recentRows.length > 0 ? [{ label: t('modelSearch_recent'), rows: recentRows }] : []), { label: t('modelSearch_allBots'), rows: allRows }];
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
