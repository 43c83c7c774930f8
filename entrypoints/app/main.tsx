import { render } from 'preact';
import { uiLocale } from '@/lib/i18n';
import { ChatApp } from '@/components/ChatApp';

// The full tab (issue 16): the same app in a wide layout, a conversation per address.
// The page speaks the UI language: screen readers, hyphenation and CJK glyph choice follow `lang`.
document.documentElement.lang = uiLocale();
render(<ChatApp surface="tab" />, document.getElementById('app')!);
