import './page-chat.css';
import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { showHidden } from '@/lib/markdown/visible-text';
import type { ChatStore } from './chat-store';
import type { DraftQuote } from './page-state';
import { marked } from './HiddenMarks';
import { Icon } from './icons';

/** Longer than this (or more lines) is shown folded to a few lines, with "Show all". */
const FOLD_CHARS = 280;
const FOLD_LINES = 4;

/**
 * The selections quoted from pages, above the question: each readable as the page had it (line breaks kept), where it
 * came from under it, removable. Send words them (lib/messaging/quote.ts); nothing here is part of the textarea.
 */
export function DraftQuotes({ store }: { store: ChatStore }) {
  const quotes = store.quotes.value;
  if (quotes.length === 0) return null;
  return (
    <ul class="draft-quotes" aria-label={t('draftQuotes_label')}>
      {quotes.map((quote) => (
        <QuoteBlock key={quote.id} quote={quote} onRemove={() => store.removeQuote(quote.id)} />
      ))}
    </ul>
  );
}

function QuoteBlock({ quote, onRemove }: { quote: DraftQuote; onRemove: () => void }) {
  const long = quote.text.length > FOLD_CHARS || quote.text.split('\n').length > FOLD_LINES;
  const [open, setOpen] = useState(false);
  const link = safeLink(quote.url);
  const source = quote.title || quote.url;
  return (
    <li class="draft-quote">
      <Icon name="quote" size={14} class="quote-mark" />
      <div class="quote-body">
        <blockquote class={long && !open ? 'folded' : undefined}>{marked(quote.text)}</blockquote>
        <div class="quote-foot">
          <span class="quote-source" title={showHidden(quote.url)}>
            {link ? (
              <a href={link} target="_blank" rel="noopener noreferrer">
                {marked(source)}
              </a>
            ) : (
              marked(source)
            )}
            {link && <span class="quote-host"> · {new URL(link).host}</span>}
          </span>
          {long && (
            <button type="button" class="ghost small" aria-expanded={open} onClick={() => setOpen(!open)}>
              {open ? t('draftQuotes_showLess') : t('draftQuotes_showAll')}
            </button>
          )}
        </div>
      </div>
      <button type="button" class="ghost small quote-remove" aria-label={t('draftQuotes_removeFrom', showHidden(source))} title={t('draftQuotes_remove')} onClick={onRemove}>
        <Icon name="close" size={14} />
      </button>
    </li>
  );
}

/** Only a web page's own address is a link; anything else (javascript:, data:) is shown as text. */
function safeLink(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
