import { t } from '@/lib/i18n';
import { showHidden } from '@/lib/markdown/visible-text';
import type { ModelSummary } from '@/lib/messaging/contracts';

/** The model with this id (Poe bot names are case-insensitive). */
export function findModel(models: readonly ModelSummary[], bot: string): ModelSummary | undefined {
  const lower = bot.toLowerCase();
  return models.find((model) => model.id === bot) ?? models.find((model) => model.id.toLowerCase() === lower);
}

/** Free only where Poe's price says so; a missing price is "not published" (protocol §8.1). */
export function priceLabel(model: ModelSummary): string {
  return model.priceClass === 'free' ? t('botModel_free') : model.priceClass === 'paid' ? t('botModel_paid') : t('botModel_priceNotPublished');
}

/** "text, image → text". */
export function modalitiesLabel(model: ModelSummary): string {
  const input = model.inputModalities.join(', ');
  const output = model.outputModalities.join(', ');
  return input || output ? `${input || '?'} → ${output || '?'}` : '';
}

/**
 * A bot's display name from the model list, its id where the list does not have it (a private bot), as plain text
 * with bidi controls and invisible characters shown (visible-text.ts).
 */
export function displayName(models: readonly { id: string; displayName: string }[], bot: string): string {
  const lower = bot.toLowerCase();
  return showHidden(models.find((model) => model.id === bot || model.id.toLowerCase() === lower)?.displayName ?? bot);
}
