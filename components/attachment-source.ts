import { t, tCount, uiLocale } from '@/lib/i18n';
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
    return new Intl.DisplayNames([uiLocale()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

const pages = (count: number) => tCount({ one: 'attachmentSource_pages_one', other: 'attachmentSource_pages_other' }, count);
const characters = (count: number) => tCount({ one: 'attachmentSource_characters_one', other: 'attachmentSource_characters_other' }, count);

export function describeSource(source: AttachmentSource, bytes: number, chars: number): SourceDescription {
  if (source.kind === 'pdf') {
    return {
      detail: [t('attachmentSource_pdf'), pages(source.pages), formatBytes(bytes)].join(' · '),
      ...(source.textChars === 0
        ? { caution: t('attachmentSource_scanned') }
        : {}),
    };
  }
  if (source.captions === 'none') {
    return { detail: [t('attachmentSource_video'), formatBytes(bytes)].join(' · '), caution: t('attachmentSource_noCaptions') };
  }
  const language = languageName(source.language);
  const auto = source.captions === 'auto';
  const parts = [
    t('attachmentSource_transcript'),
    source.durationSeconds !== undefined ? formatTimestamp(source.durationSeconds) : undefined,
    language ? t(auto ? 'attachmentSource_autoCaptionsIn' : 'attachmentSource_captionsIn', language) : t(auto ? 'attachmentSource_autoCaptions' : 'attachmentSource_captions'),
    chars > 0 ? characters(chars) : undefined,
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
  if (delivery.because === 'size') return { note: t('attachmentSource_overLimit') };
  const model = models.find((each) => each.id.toLowerCase() === bot.toLowerCase());
  return { note: model ? t('attachmentSource_textOnly', model.displayName) : t('attachmentSource_unknownBot', bot) };
}
