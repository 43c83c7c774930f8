// @vitest-environment happy-dom
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { editingHost, optedOut, placeOf, textControl } from '@/lib/capture/bubble/fields';
import { menuSections } from '@/lib/capture/bubble/menu-model';
import { canWriteBack, insertBelow, replaceSelection, saveSelection } from '@/lib/capture/bubble/write-back';

beforeEach(() => {
  document.body.innerHTML = `
    <p id="para">Plain page text</p>
    <textarea id="area">teh cat</textarea>
    <input id="line" value="helo world">
    <input id="search" type="search" value="query words">
    <input id="number" type="number" value="12">
    <input id="secret" type="password" value="hunter2">
    <input id="otp" autocomplete="one-time-code" value="123456">
    <input id="readonly" readonly value="fixed text">
    <div id="editor" contenteditable="true"><p id="inside">Editable <b id="bold">words</b></p><span contenteditable="false" id="island">not editable</span></div>
    <div data-gramm="false"><textarea id="optout">private</textarea></div>
    <div data-enable-grammarly="false"><div contenteditable id="optout-editor">no help wanted</div></div>
  `;
  getSelection()?.removeAllRanges();
});

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function selectIn(id: string, start = 0, end?: number) {
  const control = byId<HTMLInputElement>(id);
  control.focus();
  control.setSelectionRange(start, end ?? control.value.length);
}

function selectNode(node: Node) {
  const range = document.createRange();
  range.selectNodeContents(node);
  getSelection()!.removeAllRanges();
  getSelection()!.addRange(range);
}

describe('where the bubble may act', () => {
  test('text inputs and textareas are text controls; numbers and passwords are not written into', () => {
    expect(textControl(byId('area'))).toBe(byId('area'));
    expect(textControl(byId('line'))).toBe(byId('line'));
    expect(textControl(byId('search'))).toBe(byId('search'));
    expect(textControl(byId('number'))).toBeNull();
    expect(textControl(byId('secret'))).toBeNull();
    expect(textControl(byId('para'))).toBeNull();
  });

  test('a selection in a textarea is a control place with its selected text', () => {
    selectIn('area', 0, 3);
    expect(placeOf(document)).toEqual({ place: { kind: 'control', element: byId('area') }, text: 'teh' });
  });

  test('never in password fields, secret fields, read-only fields or opted-out ones', () => {
    for (const id of ['secret', 'otp', 'readonly', 'optout']) {
      selectIn(id);
      expect(placeOf(document), id).toBeNull();
    }
  });

  test('a selection inside a contenteditable editor has the editor as its host; an island inside it does not', () => {
    selectNode(byId('bold'));
    (byId('editor') as HTMLElement).focus();
    selectNode(byId('bold'));
    expect(placeOf(document)).toEqual({ place: { kind: 'editable', host: byId('editor') }, text: 'words' });
    expect(editingHost(byId('island').firstChild)).toBeNull();
  });

  test('page text is a page place; an empty or blank selection is nothing', () => {
    selectNode(byId('para'));
    expect(placeOf(document)).toEqual({ place: { kind: 'page' }, text: 'Plain page text' });
    getSelection()!.removeAllRanges();
    expect(placeOf(document)).toBeNull();
  });

  test('the opt-out attributes writing assistants honour turn the bubble away, from any ancestor', () => {
    expect(optedOut(byId('optout'))).toBe(true);
    expect(optedOut(byId('optout-editor').firstChild)).toBe(true);
    expect(optedOut(byId('area'))).toBe(false);
    selectNode(byId('optout-editor'));
    expect(placeOf(document)).toBeNull();
  });
});

describe('the menu', () => {
  test('reading actions for page text, writing actions for fields, the user’s actions after both', () => {
    const menu = {
      type: 'menu' as const,
      promptActions: [{ id: 'p1', title: 'My action', needsSelection: true }],
      translateInto: 'French',
      translateOtherwise: 'English',
      languages: [{ code: 'fr', name: 'French' }],
      bot: 'GPT-4o',
    };
    const labels = (writing: boolean) => menuSections(writing, menu).map((section) => [section.heading, section.items.map((item) => item.label)]);
    expect(labels(false)).toEqual([
      ['Ask Poe', ['Explain', 'Summarize', 'Translate to French']],
      ['Your actions', ['My action']],
    ]);
    expect(labels(true)).toEqual([
      ['Edit', ['Improve writing', 'Fix spelling and grammar', 'Make shorter', 'Change tone…', 'Translate to…']],
      ['Your actions', ['My action']],
    ]);
  });

  test('on a watch page, page text also offers the video itself; a field there does not', () => {
    const sections = menuSections(false, null, true);
    expect(sections.map((section) => section.heading)).toEqual(['Ask Poe', 'This video']);
    expect(sections[1]!.items).toEqual([
      { kind: 'video', label: 'Summarize this video', video: 'summarize' },
      { kind: 'video', label: 'Ask about this video', video: 'ask' },
    ]);
    expect(menuSections(true, null, true).map((section) => section.heading)).toEqual(['Edit']);
  });
});

describe('writing back', () => {
  test('Replace in a textarea puts the answer over the saved selection and fires beforeinput and input', () => {
    selectIn('area', 0, 3);
    const saved = saveSelection(document, { kind: 'control', element: byId('area') });
    byId<HTMLTextAreaElement>('area').setSelectionRange(7, 7);
    const events: string[] = [];
    byId('area').addEventListener('beforeinput', (event) => events.push(`before:${(event as InputEvent).data}`));
    byId('area').addEventListener('input', (event) => events.push(`input:${(event as InputEvent).inputType}`));
    // happy-dom has no editing commands: the fallback path (setRangeText plus events) is what runs here.
    document.execCommand = vi.fn(() => false);
    expect(canWriteBack(saved)).toBe(true);
    replaceSelection(saved as Exclude<typeof saved, null | { kind: 'page' }>, 'The');
    expect(byId<HTMLTextAreaElement>('area').value).toBe('The cat');
    expect(events).toEqual(['before:The', 'input:insertReplacementText']);
  });

  test('a site that cancels beforeinput keeps its text', () => {
    selectIn('line', 0, 4);
    const saved = saveSelection(document, { kind: 'control', element: byId('line') })!;
    document.execCommand = vi.fn(() => false);
    byId('line').addEventListener('beforeinput', (event) => event.preventDefault());
    replaceSelection(saved as Exclude<typeof saved, { kind: 'page' }>, 'Hello');
    expect(byId<HTMLInputElement>('line').value).toBe('helo world');
  });

  test('Insert below adds after the selection: a new paragraph in a textarea, a space in an input', () => {
    document.execCommand = vi.fn(() => false);
    selectIn('area', 0, 3);
    insertBelow(saveSelection(document, { kind: 'control', element: byId('area') }) as never, 'Answer');
    expect(byId<HTMLTextAreaElement>('area').value).toBe('teh\n\nAnswer cat');
    selectIn('line');
    insertBelow(saveSelection(document, { kind: 'control', element: byId('line') }) as never, 'Answer');
    expect(byId<HTMLInputElement>('line').value).toBe('helo world Answer');
  });

  test('Replace in an editor restores the saved range and writes there, with input events', () => {
    document.execCommand = vi.fn(() => false);
    selectNode(byId('bold'));
    const saved = saveSelection(document, { kind: 'editable', host: byId('editor') })!;
    getSelection()!.removeAllRanges();
    const events: string[] = [];
    byId('editor').addEventListener('input', () => events.push('input'));
    replaceSelection(saved as Exclude<typeof saved, { kind: 'page' }>, 'text');
    expect(byId('inside').textContent).toBe('Editable text');
    expect(events).toEqual(['input']);
  });

  test('page text cannot be written back; a field removed from the page neither', () => {
    selectNode(byId('para'));
    expect(canWriteBack(saveSelection(document, { kind: 'page' }))).toBe(false);
    selectIn('area', 0, 3);
    const saved = saveSelection(document, { kind: 'control', element: byId('area') });
    byId('area').remove();
    expect(canWriteBack(saved)).toBe(false);
  });
});
