/**
 * Characters that change how text *looks* without being seen: bidi embeddings, overrides and isolates (an override
 * makes `report_final‮gpj.exe` display as `report_finalexe.jpg`) and zero-width characters that hide or split words.
 * Untrusted text (bot output, file names, titles) shows each as U+FFFD, one for one, so offsets into the text (search
 * highlights) stay valid and the reader sees that something was there. Joiners (emoji sequences, Persian) and the
 * weak direction marks LRM/RLM stay: they do not reorder runs of text.
 */
const HIDDEN = /[\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF]/g;

export function showHidden(text: string): string {
  return text.replace(HIDDEN, '\uFFFD');
}
