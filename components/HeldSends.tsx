import { useEffect, useRef } from 'preact/hooks';
import { t, tCount } from '@/lib/i18n';
import type { HeldSend } from '@/lib/messaging/contracts';
import type { ChatStore } from './chat-store';
import { formatPoints } from './cost-format';
import { marked } from './HiddenMarks';

const QUESTION_PREVIEW_CHARS = 280;

function confirmLabel(hold: HeldSend, bot: string): string {
  if (hold.upToPoints !== undefined) return t('heldSends_sendUpTo', formatPoints(hold.upToPoints));
  if (hold.reasons.every((reason) => reason.kind === 'unknown_bot')) return t('heldSends_allowAndSend', bot);
  return t('heldSends_sendUnpriced');
}

function what(hold: HeldSend, bot: string): string {
  if (hold.action === 'retry') return t('heldSends_regenerateWith', bot);
  if (hold.action === 'edit') return t('heldSends_askAgain', bot);
  if (hold.action === 'compare') return t('heldSends_compare', bot);
  return hold.origin === 'web' ? t('heldSends_fromWebTo', bot) : t('heldSends_to', bot);
}

/**
 * Sends the background's spending guard holds, each with why, the amount, and the one explicit way through:
 * "Send anyway (up to N points)". The list is the background's; a click sends a command naming the held request,
 * so a double click or a second page cannot send it twice.
 */
export function HeldSends({ store }: { store: ChatStore }) {
  const held = store.held.value;
  const models = store.models.value;
  /** The name people know a bot by ("GPT-5.4" for gpt-5.4); a bot outside the list as it was typed. */
  const botName = (bot: string) => models.find((model) => model.id.toLowerCase() === bot.toLowerCase())?.displayName ?? bot;
  const focus = store.focusHeld.value;
  const first = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focus > 0) first.current?.focus();
  }, [focus]);
  if (held.length === 0) return null;
  return (
    <div class="held-list">
      {held.map((hold, index) => {
        const confirming = store.isConfirming(hold.requestId);
        const question = hold.text.length > QUESTION_PREVIEW_CHARS ? `${hold.text.slice(0, QUESTION_PREVIEW_CHARS - 1)}…` : hold.text;
        return (
          <section
            key={hold.requestId}
            class="held"
            aria-label={t('heldSends_waiting')}
            tabIndex={-1}
            ref={index === 0 ? first : undefined}
            data-testid="held-send"
          >
            <p class="held-title">
              <strong>{t('heldSends_waiting')}</strong> · <span class="muted">{marked(what(hold, botName(hold.bot)))}</span>
            </p>
            {question && <blockquote class="held-question">{marked(question)}</blockquote>}
            {hold.attachments.length > 0 && (
              <p class="muted small">
                {tCount({ one: 'heldSends_withFiles_one', other: 'heldSends_withFiles_other' }, hold.attachments.length)}{' '}
                {hold.attachments.map((file) => file.name).join(', ')}
              </p>
            )}
            <ul class="held-reasons">
              {hold.reasons.map((reason, index) => (
                // A compare can hold for the same kind twice (two bots over the ceiling): the position keys them.
                <li key={index}>{marked(reason.message)}</li>
              ))}
            </ul>
            <div class="held-actions">
              <button type="button" class="primary small" disabled={confirming} onClick={() => store.confirmHeld(hold.requestId)}>
                {confirming ? t('heldSends_sending') : confirmLabel(hold, botName(hold.bot))}
              </button>
              {(hold.action === 'send' || hold.action === 'compare') && (
                <button type="button" class="secondary small" disabled={confirming} onClick={() => store.cancelHeld(hold.requestId, true)}>
                  {t('heldSends_editFirst')}
                </button>
              )}
              <button type="button" class="ghost small" disabled={confirming} onClick={() => store.cancelHeld(hold.requestId, false)}>
                {t('heldSends_dontSend')}
              </button>
            </div>
          </section>
        );
      })}
    </div>
  );
}
