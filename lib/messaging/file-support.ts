import { t } from '@/lib/i18n';
import type { ModelSummary } from '@/lib/messaging/contracts';
import { MAX_UPLOAD_BYTES } from '@/lib/messaging/rules';

/**
 * Which bots read files such as PDFs natively, and so what a PDF read from a tab goes as (issue 14). Written once, in
 * lib/messaging so both sides use it: the send (lib/chat/uploads.ts) and the chip ("sent as text to <bot>").
 *
 * Poe's model list says what each bot takes (`architecture.input_modalities`). A bot that takes files or images reads
 * a PDF itself; one that takes text only gets the PDF's text; a bot the list does not name (a private or creator bot)
 * gets the text too, which every bot can read.
 */
const FILE_READING_INPUTS = ['file', 'image'];

function findModel(bot: string, models: readonly ModelSummary[]): ModelSummary | undefined {
  const wanted = bot.toLowerCase();
  return models.find((model) => model.id.toLowerCase() === wanted || model.displayName.toLowerCase() === wanted);
}

export function botReadsFiles(bot: string, models: readonly ModelSummary[]): boolean {
  const model = findModel(bot, models);
  return Boolean(model?.inputModalities.some((input) => FILE_READING_INPUTS.includes(input)));
}

/** A bot to suggest when a PDF needs one that reads files: a listed, text-answering one (none without a list). */
export function fileReadingBotExample(models: readonly ModelSummary[]): string | undefined {
  return models.find((model) => botReadsFiles(model.id, [model]) && model.outputModalities.includes('text'))?.displayName;
}

export type PdfDelivery =
  | { send: 'pdf' }
  /** Its text instead: the bot reads no files, or the PDF is over the upload limit. */
  | { send: 'text'; because: 'bot' | 'size' }
  /** Neither can go (a scanned PDF, no text, to a bot that reads text only): the message says what to do. */
  | { refuse: string };

/**
 * What a PDF read from a tab goes to `bot` as. `hasText`: its text was kept (a page shows it as the source's
 * `textChars > 0`); `bytes`: the PDF's size (the attachment's `size`).
 */
export function pdfDelivery(pdf: { name: string; bytes: number; hasText: boolean }, bot: string, models: readonly ModelSummary[]): PdfDelivery {
  const readsFiles = botReadsFiles(bot, models);
  const fits = pdf.bytes <= MAX_UPLOAD_BYTES;
  if (readsFiles && fits) return { send: 'pdf' };
  if (pdf.hasText) return { send: 'text', because: readsFiles ? 'size' : 'bot' };
  if (!fits) {
    return { refuse: t('fileSupport_scannedTooLarge', pdf.name) };
  }
  const name = findModel(bot, models)?.displayName ?? bot;
  const example = fileReadingBotExample(models);
  return { refuse: example ? t('fileSupport_scannedTextOnly', pdf.name, name, example) : t('fileSupport_scannedTextOnlyNoExample', pdf.name, name) };
}
