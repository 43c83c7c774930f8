import type { AttachmentInfo, ChatMessage } from '@/lib/messaging/contracts';
import { isInProgress } from '@/lib/messaging/rules';
import type { ChatStore, MessageView } from './chat-store';
import { lazyView } from './lazy-view';
import type { MediaContext } from './MediaActions';
import { MAY_HOLD_MEDIA_LINK, mediaKindOf } from './media-kind';
import { FileList, type OpenImage, unreferencedFiles } from './MessageBody';

/**
 * The eager end of a bot answer's media (issue 15): everything that shows or plays them, and the full-size viewer,
 * load as chunks when an answer first has media, so the pages' first paint does not carry them.
 */
const AnswerMedia = lazyView(() => import('./AnswerMedia').then((loaded) => loaded.AnswerMedia), 'nothing');

/** What the media of one answer may do: name downloads after its bot and time, and attach an image to the draft. */
export function mediaContext(info: Pick<ChatMessage, 'createdAt'>, botName: string, store: ChatStore): MediaContext {
  return { bot: botName, time: info.createdAt, useAsInput: (file) => void store.addFiles([file], { focus: true }) };
}

/** Opens an image of this answer full size, with the answer's other images a keypress away. */
export function imageOpener(files: readonly AttachmentInfo[] | undefined, context: MediaContext): OpenImage {
  return (image) => void import('./answer-images').then((loaded) => loaded.openAnswerImage(image, files ?? [], context));
}

/** The files a bot sent that its text does not show, and the audio and video its finished text links to. */
export function BotFiles({ view, context }: { view: MessageView; context: MediaContext }) {
  const info = view.info.value;
  // The text is read only when there are files or the answer is finished: a streamed delta alone does not re-render.
  const files = info.files && info.files.length > 0 ? unreferencedFiles(info.files, view.text.value) : [];
  const text = isInProgress(info.status) ? '' : view.text.value;
  if (files.some((file) => mediaKindOf(file.contentType)) || MAY_HOLD_MEDIA_LINK.test(text)) {
    return <AnswerMedia files={files} text={text} context={context} />;
  }
  return <FileList files={files} />;
}
