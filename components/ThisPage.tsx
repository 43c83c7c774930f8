import './page-chat.css';
import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { AttachOffer } from '@/lib/messaging/contracts';
import { requestSiteAccess } from '@/lib/platform/host-permissions';
import type { ChatStore } from './chat-store';
import { Icon } from './icons';

/**
 * "This page": attaches the readable text of the tab next to the side panel to the draft, once. When the browser
 * refuses, it says why and offers access to that site, asked in the click (or the right-click menu, said in the text).
 */
export function ThisPageButton({ store }: { store: ChatStore }) {
  const status = store.pageAttach.value;
  const attached = store.attachments.value.some((each) => each.page && !each.page.changed);
  return (
    <button
      type="button"
      class="ghost small this-page"
      disabled={status?.pending || attached}
      title={attached ? t('thisPage_attached') : t('thisPage_title')}
      onClick={() => store.attachPage()}
    >
      <Icon name="page" size={14} /> {status?.pending ? t('thisPage_reading') : t('thisPage_button')}
    </button>
  );
}

/** Why "This page" could not read the tab, with the way out. */
export function ThisPageError({ store }: { store: ChatStore }) {
  const status = store.pageAttach.value;
  const [refused, setRefused] = useState(false);
  if (!status?.error) return null;
  const origin = status.origin;
  return (
    <div class="notice page-attach-error" role="alert">
      <p>{status.error.message}</p>
      {refused && <p>{t('thisPage_refused')}</p>}
      <div class="notice-actions">
        {origin && (
          <button
            type="button"
            class="primary small"
            onClick={() => {
              // Asked in the click itself: browsers only show the prompt in a user gesture.
              void requestSiteAccess(origin).then((granted) => {
                setRefused(!granted);
                if (granted) store.attachPage();
              });
            }}
          >
            {t('thisPage_allowAccess', new URL(origin).host)}
          </button>
        )}
        {status.offer && <OfferButton offer={status.offer} store={store} />}
        <button type="button" class="ghost small" onClick={() => store.dismissPageError()}>
          {t('errorNotice_dismiss')}
        </button>
      </div>
    </div>
  );
}

/** The lesser file offered instead (a video without captions: its title and description only), named for what it is. */
export function OfferButton({ offer, store }: { offer: AttachOffer; store: ChatStore }) {
  return (
    <button type="button" class="secondary small" onClick={() => store.takeOffer(offer)}>
      {offer.label}
    </button>
  );
}
