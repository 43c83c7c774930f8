// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { beforeEach, expect, test } from 'vitest';
import { readSelection, selectedFieldText } from '@/lib/capture/selection';

const SELECTION_PAGE = readFileSync('tests/e2e/pages/selection.html', 'utf8');

beforeEach(() => {
  document.documentElement.innerHTML = new DOMParser().parseFromString(SELECTION_PAGE, 'text/html').documentElement.innerHTML;
  getSelection()?.removeAllRanges();
  (document.activeElement as HTMLElement | null)?.blur?.();
});

const select = (node: Node) => {
  const range = document.createRange();
  range.selectNodeContents(node);
  getSelection()!.removeAllRanges();
  getSelection()!.addRange(range);
};

test('keeps the line breaks of a multi-line selection, with the title and URL', () => {
  select(document.getElementById('multiline')!);
  expect(readSelection(document)).toEqual({ text: 'Line one\nLine two\nLine three', title: 'Fixture selection', url: location.href });
});

test('reads the selected part of a focused textarea, line breaks kept', () => {
  const notes = document.getElementById('notes') as HTMLTextAreaElement;
  notes.focus();
  notes.setSelectionRange(6, 20);
  expect(notes.value.slice(6, 20)).toBe('line\nBeta line');
  expect(readSelection(document).text).toBe('line\nBeta line');
});

test('reads the selected part of a focused text input', () => {
  const single = document.getElementById('single') as HTMLInputElement;
  single.focus();
  single.setSelectionRange(4, 9);
  expect(readSelection(document).text).toBe('quick');
});

test('a focused field without a selection gives way to the document selection', () => {
  select(document.getElementById('multiline')!);
  const notes = document.getElementById('notes') as HTMLTextAreaElement;
  notes.focus();
  notes.setSelectionRange(3, 3);
  expect(selectedFieldText(document)).toBeNull();
  expect(readSelection(document).text).toBe('Line one\nLine two\nLine three');
});

test('never reads a password field', () => {
  const password = document.createElement('input');
  password.type = 'password';
  password.value = 'hunter2-secret';
  document.body.append(password);
  password.focus();
  password.setSelectionRange(0, 14);
  expect(selectedFieldText(document)).toBeNull();
  expect(readSelection(document).text).not.toContain('hunter2');
});

test('drops blank lines around the selection but keeps the indentation of its first line', () => {
  const notes = document.getElementById('notes') as HTMLTextAreaElement;
  notes.value = '\n\n    indented code\n  more\n\n  \n';
  notes.focus();
  notes.setSelectionRange(0, notes.value.length);
  expect(readSelection(document).text).toBe('    indented code\n  more');
});

test('no selection gives empty text', () => {
  expect(readSelection(document).text).toBe('');
});

test('normalises CRLF and caps a huge selection', () => {
  const notes = document.getElementById('notes') as HTMLTextAreaElement;
  notes.value = `a\r\nb${'x'.repeat(1_000)}`;
  notes.focus();
  notes.setSelectionRange(0, notes.value.length);
  const { text } = readSelection(document, 100);
  expect(text.startsWith('a\nb')).toBe(true);
  expect(text.length).toBe(100);
  expect(text.endsWith('[truncated]')).toBe(true);
});
