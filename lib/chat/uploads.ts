import { PoeError, uploadFile, uploadFileFromUrl } from '@/lib/poe';
import type { PendingAttachment } from '@/lib/messaging/contracts';
import type { StoredAttachment } from '@/lib/storage/chat-db';
import { deletePendingUpload, getPendingUpload } from '@/lib/messaging/file-door';
import { MAX_UPLOAD_BYTES } from '@/lib/messaging/rules';


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

/**
 * Uploads a draft's files to Poe, in order, and returns them as attachments for the user message. Any failure
 * throws a PoeError with a human message and leaves the pending files in place, so the draft can be sent again.
 */
export async function uploadPendingAttachments(
  pending: readonly PendingAttachment[],
  context: { apiKey: string; uploadBaseUrl: string },
): Promise<StoredAttachment[]> {
  const uploaded: StoredAttachment[] = [];
  for (const item of pending) {
    const stored = await getPendingUpload(item.pendingId);
    if (!stored) throw new PoeError('invalid_input', `“${item.name}” is no longer available. Attach it again.`);
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
        throw error.withMessage(`Could not upload “${item.name}”: ${error.message}`);
      }
      throw error;
    }
  }
  await Promise.all(pending.map((item) => deletePendingUpload(item.pendingId)));
  return uploaded;
}
