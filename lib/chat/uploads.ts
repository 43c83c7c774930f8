import { t } from '@/lib/i18n';
import { poeMessage } from './poe-messages';
import { PoeError, uploadFile, uploadFileFromUrl } from '@/lib/poe';
import type { ModelSummary, PendingAttachment } from '@/lib/messaging/contracts';
import type { StoredAttachment } from '@/lib/storage/chat-db';
import { deletePendingUpload, getPendingUpload, type PendingUpload } from '@/lib/messaging/file-door';
import { MAX_UPLOAD_BYTES } from '@/lib/messaging/rules';
import { pdfDelivery } from '@/lib/messaging/file-support';


/**
 * A file on a web page: Poe fetches public ones itself. When it cannot (Poe refuses the URL), the background fetches
 * the bytes — which works where the extension may read that origin (the page the user clicked, via activeTab) — and
 * uploads those.
 */
async function uploadFromUrlOrBytes(url: string, common: { name: string; apiKey: string; uploadBaseUrl: string }) {
  try {
    return await uploadFileFromUrl({ ...common, url });
  } catch (error) {
    if (error instanceof PoeError && ['auth', 'insufficient_points', 'rate_limited'].includes(error.kind)) throw error;
    let blob: Blob;
    try {
      const response = await fetch(url, { credentials: 'omit', redirect: 'error' });
      if (!response.ok) throw new Error(String(response.status));
      blob = await response.blob();
    } catch {
      throw error;
    }
    return uploadFile({ ...common, file: blob, maxBytes: MAX_UPLOAD_BYTES });
  }
}

/** What goes up for a parked file: itself, or (a PDF for a bot that reads no files, or too large) its text. */
function whatToUpload(stored: PendingUpload, item: PendingAttachment, bot: string, models: readonly ModelSummary[]): PendingUpload {
  if (!('blob' in stored) || item.source?.kind !== 'pdf') return stored;
  const delivery = pdfDelivery({ name: item.name, bytes: stored.blob.size, hasText: Boolean(stored.fallback) }, bot, models);
  if ('refuse' in delivery) throw new PoeError('invalid_input', delivery.refuse, { retryable: false });
  if (delivery.send === 'pdf' || !stored.fallback) return stored;
  return { id: stored.id, createdAt: stored.createdAt, name: stored.fallback.name, blob: stored.fallback.blob };
}

/**
 * Uploads a draft's files to Poe, in order, and returns them as attachments for the user message; then they leave the
 * file door, unless `keepPending` (a compare's columns share them: the compare lets them go once every column has
 * taken them). Any failure throws a PoeError with a human message and leaves the pending files in place, so the draft
 * can be sent again.
 */
export async function uploadPendingAttachments(
  pending: readonly PendingAttachment[],
  context: { apiKey: string; uploadBaseUrl: string; bot: string; models: readonly ModelSummary[]; keepPending?: boolean },
): Promise<StoredAttachment[]> {
  // Every file is checked before the first goes up: a draft that cannot be sent is refused whole, and kept.
  const chosen: PendingUpload[] = [];
  for (const item of pending) {
    const parked = await getPendingUpload(item.pendingId);
    if (!parked) throw new PoeError('invalid_input', t('uploads_gone', item.name));
    chosen.push(whatToUpload(parked, item, context.bot, context.models));
  }
  const uploaded: StoredAttachment[] = [];
  for (const [index, item] of pending.entries()) {
    const stored = chosen[index]!;
    try {
      const common = { name: stored.name, apiKey: context.apiKey, uploadBaseUrl: context.uploadBaseUrl };
      const attachment =
        'blob' in stored
          ? await uploadFile({ ...common, file: stored.blob, maxBytes: MAX_UPLOAD_BYTES })
          : await uploadFromUrlOrBytes(stored.url, common);
      uploaded.push({
        url: attachment.url,
        contentType: attachment.contentType,
        name: attachment.name,
        ...('blob' in stored ? { size: stored.blob.size } : {}),
        // What the file was read from (a video's transcript links the answer's timestamps to it).
        ...(item.source ? { source: item.source } : {}),
      });
    } catch (error) {
      if (error instanceof PoeError && error.kind !== 'too_large') {
        throw error.withMessage(t('uploads_failed', item.name, poeMessage(error.message)));
      }
      throw error;
    }
  }
  if (!context.keepPending) await Promise.all(pending.map((item) => deletePendingUpload(item.pendingId)));
  return uploaded;
}
