import * as z from 'zod/mini';
import { MAX_MESSAGE_CHARS } from './rules';

/**
 * A selection quoted from a web page, as the side panel's draft holds it until Send: the page's words, and where they
 * came from. Both sides share the words it becomes (the background for quick actions, pages for a composed draft).
 */
export const quoteSchema = z.object({
  text: z.string().check(z.minLength(1), z.maxLength(MAX_MESSAGE_CHARS)),
  title: z.string().check(z.maxLength(1_000)),
  url: z.string().check(z.maxLength(4_000)),
});
export type Quote = z.infer<typeof quoteSchema>;

export interface PageContext {
  title: string;
  url: string;
}

/** The selection as a markdown quote (line breaks kept), with where it came from. */
export function quoteSelection(selection: string, page: PageContext): string {
  const quoted = selection
    .replace(/\r\n?/g, '\n')
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
  return `${quoted}\n\n— from “${page.title || page.url}” (${page.url})\n\n`;
}

/** The one place a draft's quotes and the user's question become the message sent: each quote, then the question. */
export function composeMessage(quotes: readonly Quote[], question: string): string {
  return `${quotes.map((quote) => quoteSelection(quote.text, quote)).join('')}${question.trim()}`.trim();
}
