import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';

/**
 * A view fetched as its own chunk, so the popup's and the side panel's first paint carry only the chat: History,
 * Usage, Settings and the balance details load when first shown (from an effect, which runs after the paint).
 * Hooks run in the same order whether or not the chunk has arrived.
 */
export function lazyView<P extends object>(
  load: () => Promise<FunctionComponent<P>>,
  /** Shown until the chunk arrives: a view says it is loading; a small part of a screen shows nothing. */
  placeholder: 'loading' | 'nothing' = 'loading',
): FunctionComponent<P> & { preload(): void } {
  let component: FunctionComponent<P> | undefined;
  let loading: Promise<void> | undefined;
  const preload = () => {
    loading ??= load().then((loaded) => {
      component = loaded;
    });
    return loading;
  };
  function LazyView(props: P) {
    const [, setLoaded] = useState(false);
    useEffect(() => {
      if (component) return;
      let live = true;
      void preload().then(() => live && setLoaded(true));
      return () => {
        live = false;
      };
    }, []);
    const View = component;
    if (View) return <View {...props} />;
    return placeholder === 'loading' ? <p class="muted loading">{t('common_loading')}</p> : null;
  }
  return Object.assign(LazyView, { preload: () => void preload() });
}
