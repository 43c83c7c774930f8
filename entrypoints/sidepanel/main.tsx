import { render } from 'preact';
import { uiLocale } from '@/lib/i18n';
import { ChatApp } from '@/components/ChatApp';
import { lazyView } from '@/components/lazy-view';

// Offered in the side panel only (issue 13), and loaded after the first paint: the popup never carries it.
const PageBubbleSuggestion = lazyView(() => import('@/components/PageBubbleSettings').then((m) => m.PageBubbleSuggestion), 'nothing');

// The page speaks the UI language: screen readers, hyphenation and CJK glyph choice follow `lang`.
document.documentElement.lang = uiLocale();
render(<ChatApp surface="sidepanel" aboveComposer={PageBubbleSuggestion} />, document.getElementById('app')!);
