import type { AttachmentSource, ModelSummary } from '@/lib/messaging/contracts';
import { pdfDelivery } from '@/lib/messaging/file-support';
import { formatTimestamp } from '@/lib/messaging/video-time';
import { formatBytes } from './file-size';

/** What a chip says about a file read from a tab (issue 14): its kind and size in words, and a caution where one is due. */
export interface SourceDescription {
  detail: string;
  /** Something the user must know before sending (a scanned PDF, a video without captions). */
  caution?: string;
}


function languageName(code: string | undefined): string | undefined {
  if (!code) return undefined;
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

const plural = (count: number, one: string) => `${count.toLocaleString('en')} ${one}${count === 1 ? '' : 's'}`;

export function describeSource(source: AttachmentSource, bytes: number, chars: number): SourceDescription {
  if (source.kind === 'pdf') {
    return {
      detail: `PDF · ${plural(source.pages, 'page')} · ${formatBytes(bytes)}`,
      ...(source.textChars === 0
        ? { caution: 'No text layer (scanned pages): only bots that read files can see it.' }
        : {}),
    };
  }
  if (source.captions === 'none') {
    return { detail: `Video · ${formatBytes(bytes)}`, caution: 'Title and description only: this video has no captions.' };
  }
  const parts = [
    'Transcript',
    source.durationSeconds !== undefined ? formatTimestamp(source.durationSeconds) : undefined,
    source.captions === 'auto'
      ? [languageName(source.language), 'auto-generated captions'].filter(Boolean).join(', ')
      : [languageName(source.language), 'captions'].filter(Boolean).join(' '),
    chars > 0 ? plural(chars, 'character') : undefined,
    formatBytes(bytes),
  ];
  return { detail: parts.filter(Boolean).join(' · ') };
}

/**
 * What a PDF goes to `bot` as, said on its chip before Send: nothing when the PDF itself goes; its text, and why; or
 * why it cannot go (a scanned PDF to a bot that reads text only), with what to do.
 */
export function pdfDeliveryNote(
  file: { name: string; size: number },
  source: Extract<AttachmentSource, { kind: 'pdf' }>,
  bot: string,
  models: readonly ModelSummary[],
): { note?: string; refuse?: string } {
  const delivery = pdfDelivery({ name: file.name, bytes: file.size, hasText: source.textChars > 0 }, bot, models);
  if ('refuse' in delivery) return { refuse: delivery.refuse };
  if (delivery.send === 'pdf') return {};
  if (delivery.because === 'size') return { note: 'Goes as its text: the PDF is over the upload limit.' };
  const model = models.find((each) => each.id.toLowerCase() === bot.toLowerCase());
  return { note: model ? `Goes as its text: ${model.displayName} reads text only.` : `Goes as its text: Poe does not say whether ${bot} reads files.` };
}
