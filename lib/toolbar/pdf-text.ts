import { fileNameFrom } from './prompts';

/**
 * How a PDF read from a tab is named and written out as text (issue 14): its title (its own metadata title, else the
 * tab's, else the file's name), then its address, then each page's text under a "--- Page N ---" header, so a bot
 * that gets the text can still cite pages.
 */
export function pdfTitle(metadataTitle: string | undefined, tabTitle: string, url: string): string {
  const own = metadataTitle?.trim();
  if (own) return own;
  const tab = tabTitle.trim();
  // Chrome's viewer titles a PDF without a title by its file name; that is the file name case below anyway.
  if (tab) return tab;
  return fileNameOf(url);
}

/** The last part of the address, decoded ("report.pdf"), or "document.pdf". */
export function fileNameOf(url: string): string {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    return last.trim() || 'document.pdf';
  } catch {
    return 'document.pdf';
  }
}

/** The name the PDF goes to Poe under: its file name where the address has one ending in .pdf, else from its title. */
export function pdfFileName(title: string, url: string): string {
  const own = fileNameOf(url);
  return /\.pdf$/i.test(own) ? own : fileNameFrom(title, 'pdf');
}

/** The text file sent instead of the PDF: "<title> (text).txt". */
export function pdfTextFileName(title: string): string {
  return `${fileNameFrom(title, 'txt').slice(0, -'.txt'.length)} (text).txt`;
}

/** Pages are separated by a header naming their number; a page with no text says so rather than vanishing. */
export function pdfTextFile(pdf: { title: string; url: string; texts: readonly string[]; pages: number }): string {
  const parts = [`${pdf.title}\n${pdf.url}\n${pdf.pages} ${pdf.pages === 1 ? 'page' : 'pages'}`];
  pdf.texts.forEach((text, index) => {
    parts.push(`--- Page ${index + 1} ---\n${text.trim() || '(no text on this page)'}`);
  });
  if (pdf.texts.length < pdf.pages) parts.push(`--- Pages ${pdf.texts.length + 1}–${pdf.pages} were not read ---`);
  return `${parts.join('\n\n')}\n`;
}

/** Characters of text the pages carry (0: a scanned PDF, pictures of pages). */
export function textChars(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + text.trim().length, 0);
}
