import { describe, expect, it } from 'vitest';
import { describeSource, pdfDeliveryNote } from '@/components/attachment-source';
import type { ModelSummary } from '@/lib/messaging/contracts';

describe('what a chip says about a file read from a tab', () => {
  const video = { kind: 'video' as const, url: 'https://www.youtube.com/watch?v=abc', title: 'Rivers' };

  it('a PDF: pages and size; a scanned one is cautioned', () => {
    const pdf = { kind: 'pdf' as const, url: 'https://papers.test/a.pdf', title: 'A', pages: 12, textChars: 5_000 };
    expect(describeSource(pdf, 1_258_291, 5_000)).toEqual({ detail: 'PDF · 12 pages · 1.2 MB' });
    expect(describeSource({ ...pdf, pages: 1, textChars: 0 }, 2048, 0)).toEqual({
      detail: 'PDF · 1 page · 2 KB',
      caution: 'No text layer (scanned pages): only bots that read files can see it.',
    });
  });

  it('a transcript: length, language, whose captions, characters and size', () => {
    expect(describeSource({ ...video, captions: 'manual', durationSeconds: 754, language: 'de' }, 45_000, 43_210)).toEqual({
      detail: 'Transcript · 12:34 · German captions · 43,210 characters · 44 KB',
    });
    expect(describeSource({ ...video, captions: 'auto' }, 900, 0).detail).toBe('Transcript · auto-generated captions · 900 B');
  });

  it('a video without captions is labelled as its title and description only', () => {
    expect(describeSource({ ...video, captions: 'none' }, 700, 650)).toEqual({
      detail: 'Video · 700 B',
      caution: 'Title and description only: this video has no captions.',
    });
  });
});

describe('what a PDF goes as, said on its chip before Send', () => {
  const model = (id: string, input: string[]) =>
    ({ id, displayName: id, inputModalities: input, outputModalities: ['text'] }) as unknown as ModelSummary;
  const models = [model('Claude-Sonnet', ['text', 'image', 'file']), model('Plain-Text', ['text'])];
  const pdf = { kind: 'pdf' as const, url: 'https://papers.test/a.pdf', title: 'A', pages: 3, textChars: 900 };
  const file = { name: 'A.pdf', size: 2048 };

  it('nothing to say when the PDF itself goes; its text, and why, otherwise', () => {
    expect(pdfDeliveryNote(file, pdf, 'Claude-Sonnet', models)).toEqual({});
    expect(pdfDeliveryNote(file, pdf, 'plain-text', models)).toEqual({ note: 'Goes as its text: Plain-Text reads text only.' });
    expect(pdfDeliveryNote(file, pdf, 'My-Creator-Bot', models)).toEqual({ note: 'Goes as its text: Poe does not say whether My-Creator-Bot reads files.' });
    expect(pdfDeliveryNote({ ...file, size: 60 * 1024 * 1024 }, pdf, 'Claude-Sonnet', models)).toEqual({ note: 'Goes as its text: the PDF is over the upload limit.' });
  });

  it('a scanned PDF to a bot that reads text only: why it cannot go, and a bot that can', () => {
    const refused = pdfDeliveryNote(file, { ...pdf, textChars: 0 }, 'Plain-Text', models);
    expect(refused.refuse).toMatch(/scanned PDF.*Plain-Text reads text only.*Claude-Sonnet/);
  });
});
