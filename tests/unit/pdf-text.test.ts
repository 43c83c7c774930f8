import { describe, expect, it } from 'vitest';
import { pdfFileName, pdfTextFile, pdfTextFileName, pdfTitle, textChars } from '@/lib/toolbar/pdf-text';

describe('a PDF written out as text', () => {
  it('starts with the title, address and page count, then each page under its number', () => {
    const text = pdfTextFile({ title: 'Quarterly Report', url: 'https://docs.example/report.pdf', pages: 3, texts: ['One.', '  ', 'Three.'] });
    expect(text).toBe(
      'Quarterly Report\nhttps://docs.example/report.pdf\n3 pages\n\n' +
        '--- Page 1 ---\nOne.\n\n--- Page 2 ---\n(no text on this page)\n\n--- Page 3 ---\nThree.\n',
    );
  });

  it('says which pages were not read when it stops early', () => {
    expect(pdfTextFile({ title: 'Long', url: 'https://x.example/l.pdf', pages: 7000, texts: ['a'] })).toContain('--- Pages 2–7000 were not read ---');
  });

  it('counts text characters (0 for a scan)', () => {
    expect(textChars(['  ab ', 'c'])).toBe(3);
    expect(textChars(['', ' '])).toBe(0);
  });
});

describe('naming a PDF', () => {
  it('takes its own title, else the tab\'s, else the file name', () => {
    expect(pdfTitle(' Annual Report ', 'report.pdf', 'https://x.example/report.pdf')).toBe('Annual Report');
    expect(pdfTitle(undefined, 'The tab', 'https://x.example/report.pdf')).toBe('The tab');
    expect(pdfTitle('', '', 'https://x.example/files/my%20report.pdf')).toBe('my report.pdf');
    expect(pdfTitle(undefined, '', 'https://x.example/')).toBe('document.pdf');
  });

  it('uploads under the address\'s file name when it has one, else the title', () => {
    expect(pdfFileName('Annual Report', 'https://x.example/files/report.pdf')).toBe('report.pdf');
    expect(pdfFileName('Annual Report', 'https://x.example/download?id=4')).toBe('Annual Report.pdf');
  });

  it('names the text file "<title> (text).txt"', () => {
    expect(pdfTextFileName('Annual Report')).toBe('Annual Report (text).txt');
  });
});
