/** The answer card's DOM: a header to drag it by, the answer, a note line and the actions. Texts only, never HTML. */
import { t } from '@/lib/i18n';

export interface Card {
  box: HTMLElement;
  body: HTMLElement;
  note: HTMLElement;
  stop: HTMLButtonElement;
  copy: HTMLButtonElement;
  replace: HTMLButtonElement;
  below: HTMLButtonElement;
  next: HTMLButtonElement;
}

export function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

export interface CardActions {
  close(): void;
  stop(): void;
  replace(): void;
  below(): void;
  copy(): void;
  next(): void;
}

export function buildCard(doc: Document, layer: HTMLElement, title: string, bot: string, on: CardActions): Card {
  const box = el(doc, 'section', 'card layer');
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-label', t('bubble_cardLabel', title));
  const head = el(doc, 'div', 'head');
  const heading = el(doc, 'div', 'title', title);
  if (bot) heading.append(el(doc, 'span', 'bot', ` · ${bot}`));
  const close = el(doc, 'button', 'icon', '×');
  close.type = 'button';
  close.setAttribute('aria-label', t('common_close'));
  close.addEventListener('click', on.close);
  head.append(heading, close);
  draggable(head, box);
  const body = el(doc, 'div', 'body');
  body.dataset.waiting = t('bubble_asking');
  body.setAttribute('aria-live', 'polite');
  const note = el(doc, 'div', 'note');
  note.hidden = true;
  const actions = el(doc, 'div', 'actions');
  const action = (label: string, onClick: () => void) => {
    const button = el(doc, 'button', 'action', label);
    button.type = 'button';
    button.addEventListener('click', onClick);
    actions.append(button);
    return button;
  };
  const card: Card = {
    box,
    body,
    note,
    stop: action(t('common_stop'), on.stop),
    replace: action(t('bubble_replaceSelection'), on.replace),
    below: action(t('bubble_insertBelow'), on.below),
    copy: action(t('common_copy'), on.copy),
    next: action(t('bubble_continueInPanel'), on.next),
  };
  box.append(head, body, note, actions);
  layer.append(box);
  return card;
}

/** The card moves with its header, by mouse, pen or touch. */
function draggable(handle: HTMLElement, box: HTMLElement): void {
  handle.addEventListener('pointerdown', (event) => {
    if ((event.target as HTMLElement).closest('button')) return;
    const startX = event.pageX - box.offsetLeft;
    const startY = event.pageY - box.offsetTop;
    handle.setPointerCapture(event.pointerId);
    const move = (each: PointerEvent) => {
      box.style.left = `${each.pageX - startX}px`;
      box.style.top = `${each.pageY - startY}px`;
    };
    const end = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', end);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
    event.preventDefault();
  });
}
