import { createPortal } from 'preact/compat';
import { ModelPickerPopover, type PopoverProps } from './ModelPickerPopover';

/**
 * The bot picker opened from an answer ("Regenerate with…"), drawn at the end of the page's body: a message contains
 * its paint (content-visibility), so a picker inside it would be clipped to the message. Its own chunk, like the list.
 */
export function RegeneratePicker(props: PopoverProps) {
  return createPortal(<ModelPickerPopover {...props} />, document.body);
}
