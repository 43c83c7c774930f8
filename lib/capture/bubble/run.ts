/**
 * One answer in its card: the text so far, what the card shows while it streams and when it ends (which buttons, the
 * note line), from the background's events for this request.
 */
import { t } from '@/lib/i18n';
import type { StreamingMarkdown } from '@/lib/markdown/streaming';
import type { PageAction, PageEvent } from '@/lib/messaging/page-door';
import type { Card } from './card';
import { rewrites } from './menu-model';
import { canWriteBack, type SavedSelection } from './write-back';

export interface Run {
  requestId: string;
  action: PageAction;
  saved: SavedSelection | null;
  text: string;
  ended: boolean;
  markdown: StreamingMarkdown;
  card: Card;
}

/** The events of one request (the others are the bubble's own: its menu, going away). */
export type RunEvent = Exclude<PageEvent, { type: 'menu' } | { type: 'goAway' }>;

/** Which buttons a card shows: Stop while streaming; the rest once there is text, Replace only where it can write. */
export function showActions(run: Run): void {
  const { card } = run;
  const hasText = run.text.length > 0;
  const writable = canWriteBack(run.saved);
  card.stop.hidden = run.ended;
  card.copy.hidden = !hasText;
  card.replace.hidden = !(run.ended && hasText && writable);
  card.below.hidden = !(run.ended && hasText && writable);
  card.replace.classList.toggle('primary', rewrites(run.action));
}

/** The card's note line (empty hides it). */
export function note(card: Card, text: string, error = false): void {
  card.note.textContent = text;
  card.note.hidden = !text;
  card.note.classList.toggle('error', error);
}

/** The answer of a run that was still streaming is lost with its port (it is stored: the side panel has it). */
export function portLost(run: Run): void {
  if (run.ended) return;
  run.ended = true;
  note(run.card, t('bubble_portLost'), true);
  showActions(run);
}

/** Applies an event for this run to its card; events of other requests, or after the end, change nothing. */
export function applyRunEvent(run: Run, event: RunEvent): void {
  if (event.requestId !== run.requestId || run.ended) return;
  switch (event.type) {
    case 'started':
      run.card.body.dataset.waiting = t('bubble_writing');
      return;
    case 'delta':
      if (event.replace !== undefined) {
        run.text = event.replace;
        run.markdown.reset(event.replace);
      }
      if (event.append !== undefined) {
        run.text += event.append;
        run.markdown.append(event.append);
      }
      showActions(run);
      return;
    case 'ended':
      run.ended = true;
      if (event.text !== run.text) {
        run.text = event.text;
        run.markdown.reset(event.text);
      }
      run.markdown.finish();
      if (event.status === 'stopped') note(run.card, t('bubble_stopped'));
      else if (event.status !== 'done') note(run.card, event.error ?? t('bubble_cutOff'), true);
      if (!event.text) run.card.body.dataset.waiting = '';
      showActions(run);
      // A rewrite that ended with its text ready: Enter writes it back.
      if (!run.card.replace.hidden && rewrites(run.action)) run.card.replace.focus({ preventScroll: true });
      return;
    case 'held':
      run.ended = true;
      run.card.body.dataset.waiting = '';
      note(run.card, event.reason);
      showActions(run);
      return;
    case 'failed':
      run.ended = true;
      run.card.body.dataset.waiting = '';
      note(run.card, event.message, true);
      showActions(run);
      return;
  }
}
