import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '@/lib/messaging/contracts';
import { botReadsFiles, fileReadingBotExample, pdfDelivery } from '@/lib/messaging/file-support';
import { MAX_UPLOAD_BYTES } from '@/lib/messaging/rules';

const model = (id: string, displayName: string, inputModalities: string[], outputModalities = ['text']): ModelSummary => ({
  id,
  displayName,
  inputModalities,
  outputModalities,
  parameters: [],
});
const models = [
  model('deepseek-v3.2', 'DeepSeek-V3.2', ['text']),
  model('imagen-4', 'Imagen-4', ['text', 'image'], ['image']),
  model('gpt-5.4', 'GPT-5.4', ['text', 'image']),
  model('doc-reader', 'Doc-Reader', ['text', 'file']),
];
const pdf = (bytes: number, hasText: boolean) => ({ name: 'r.pdf', bytes, hasText });

describe('which bots read files', () => {
  it('goes by the model list\'s input modalities, by id or display name, in any case', () => {
    expect(botReadsFiles('gpt-5.4', models)).toBe(true);
    expect(botReadsFiles('GPT-5.4', models)).toBe(true);
    expect(botReadsFiles('doc-reader', models)).toBe(true);
    expect(botReadsFiles('deepseek-v3.2', models)).toBe(false);
    expect(botReadsFiles('Private-Bot-7', models)).toBe(false);
  });

  it('suggests a listed bot that reads files and answers in text', () => {
    expect(fileReadingBotExample(models)).toBe('GPT-5.4');
    expect(fileReadingBotExample([])).toBeUndefined();
  });
});

describe('pdfDelivery', () => {
  it('the PDF to a bot that reads files, within the upload limit', () => {
    expect(pdfDelivery(pdf(1000, true), 'gpt-5.4', models)).toEqual({ send: 'pdf' });
    expect(pdfDelivery(pdf(MAX_UPLOAD_BYTES, false), 'gpt-5.4', models)).toEqual({ send: 'pdf' });
  });

  it('the text to a text-only or unlisted bot, or when the PDF is over the limit', () => {
    expect(pdfDelivery(pdf(1000, true), 'deepseek-v3.2', models)).toEqual({ send: 'text', because: 'bot' });
    expect(pdfDelivery(pdf(1000, true), 'Private-Bot-7', models)).toEqual({ send: 'text', because: 'bot' });
    expect(pdfDelivery(pdf(MAX_UPLOAD_BYTES + 1, true), 'gpt-5.4', models)).toEqual({ send: 'text', because: 'size' });
  });

  it('refuses a scan that cannot go either way, saying what to do', () => {
    expect(pdfDelivery(pdf(1000, false), 'deepseek-v3.2', models)).toEqual({
      refuse: '“r.pdf” is a scanned PDF (pictures of pages, no text), and DeepSeek-V3.2 reads text only. Choose a bot that reads files, such as GPT-5.4, and send again.',
    });
    expect(pdfDelivery(pdf(MAX_UPLOAD_BYTES + 1, false), 'gpt-5.4', models)).toEqual({
      refuse: '“r.pdf” is a scanned PDF (pictures of pages, no text) too large to upload. Attach a smaller copy of the pages you need.',
    });
    // With no list to pick an example from, the advice stands without one.
    expect(pdfDelivery(pdf(1000, false), 'Private-Bot-7', [])).toEqual({
      refuse: '“r.pdf” is a scanned PDF (pictures of pages, no text), and Private-Bot-7 reads text only. Choose a bot that reads files and send again.',
    });
  });
});
