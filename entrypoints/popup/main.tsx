import { render } from 'preact';
import { uiLocale } from '@/lib/i18n';
import { ChatApp } from '@/components/ChatApp';

// The page speaks the UI language: screen readers, hyphenation and CJK glyph choice follow `lang`.
document.documentElement.lang = uiLocale();
render(<ChatApp surface="popup" />, document.getElementById('app')!);
