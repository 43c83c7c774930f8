import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { t } from '@/lib/i18n';
import { canOpenSidePanel, openSidePanel } from '@/lib/platform/side-panel';
import { Icon } from './icons';

/**
 * The popup's way into the side panel, continuing the same conversation (both pages show the last one). The window
 * id is fetched up front because the click handler must open the panel without awaiting anything first.
 */
export function OpenInSidePanel() {
  const [windowId, setWindowId] = useState<number | undefined>();
  useEffect(() => {
    void browser.windows.getCurrent().then((window) => setWindowId(window.id));
  }, []);
  if (!canOpenSidePanel()) return null;
  return (
    <button
      type="button"
      class="ghost small open-panel"
      onClick={() => {
        openSidePanel({ ...(windowId !== undefined ? { windowId } : {}) }).then(
          () => window.close(),
          () => undefined,
        );
      }}
    >
      <Icon name="panel" size={14} /> {t('openInSidePanel_label')}
    </button>
  );
}
