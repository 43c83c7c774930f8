/**
 * A deterministic ~100 KB LLM-style answer: headings, paragraphs with inline markup, nested lists, GFM tables, long
 * code fences and nested quotes, repeated in varied sections so the first and last kilobytes are alike in kind.
 */

/** Small seeded PRNG (mulberry32) so every run streams the same text. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the a request stream token render parser block list table code answer model user page content value ' +
  'cache layout buffer event handler option result error state update chunk browser extension panel ' +
  'quickly safely always never often incremental streaming markdown sanitised trusted remote image link'
).split(' ');

export function generateDocument(targetBytes = 100_000, seed = 42): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const words = (n: number): string => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const sentence = (): string => {
    const parts = [words(int(3, 8))];
    const decor = int(0, 6);
    if (decor === 0) parts.push(`**${words(2)}**`);
    if (decor === 1) parts.push(`*${words(2)}*`);
    if (decor === 2) parts.push(`\`${pick(WORDS)}()\``);
    if (decor === 3) parts.push(`[${words(2)}](https://example.com/${pick(WORDS)})`);
    if (decor === 4) parts.push(`see https://docs.example.org/${pick(WORDS)}/${int(1, 99)}`);
    if (decor === 5) parts.push(`~~${words(1)}~~`);
    parts.push(words(int(2, 7)));
    const s = parts.join(' ');
    return s[0]?.toUpperCase() + s.slice(1) + '.';
  };
  const paragraph = (): string => Array.from({ length: int(2, 5) }, sentence).join(' ');
  const code = (lines: number): string => {
    const lang = pick(['ts', 'python', 'bash', 'json']);
    const body: string[] = [];
    for (let i = 0; i < lines; i++) {
      const indent = '  '.repeat(int(0, 3));
      if (lang === 'python') body.push(`${indent}result_${i} = compute("${pick(WORDS)}", ${int(0, 999)})  # ${words(2)}`);
      else if (lang === 'bash') body.push(`${indent}echo "${words(3)}" | grep -c ${pick(WORDS)} >> out_${i}.log`);
      else if (lang === 'json') body.push(`${indent}"${pick(WORDS)}_${i}": { "value": ${int(0, 999)}, "ok": true },`);
      else body.push(`${indent}const ${pick(WORDS)}${i} = await fetchThing('${pick(WORDS)}', { retries: ${int(0, 5)} }); // ${words(2)}`);
    }
    return '```' + lang + '\n' + body.join('\n') + '\n```';
  };
  const list = (): string => {
    const ordered = r() < 0.4;
    const items: string[] = [];
    const n = int(3, 7);
    for (let i = 0; i < n; i++) {
      items.push(`${ordered ? `${i + 1}.` : '-'} ${sentence()}`);
      if (r() < 0.3) for (let j = 0; j < int(1, 3); j++) items.push(`   - ${words(int(3, 9))}`);
    }
    return items.join('\n');
  };
  const table = (): string => {
    const cols = int(3, 5);
    const head = `| ${Array.from({ length: cols }, (_, i) => `${pick(WORDS)} ${i}`).join(' | ')} |`;
    const delim = `| ${Array.from({ length: cols }, () => pick([':--', ':-:', '--:', '---'])).join(' | ')} |`;
    const rows = Array.from({ length: int(4, 12) }, () => `| ${Array.from({ length: cols }, () => words(int(1, 3))).join(' | ')} |`);
    return [head, delim, ...rows].join('\n');
  };
  const quote = (): string => {
    const lines = [`> ${sentence()}`, '>', `> ${sentence()}`];
    if (r() < 0.4) lines.push('>', `> > ${sentence()}`);
    return lines.join('\n');
  };

  const parts: string[] = [];
  let size = 0;
  for (let section = 1; size < targetBytes; section++) {
    const blocks = [`## ${section}. ${words(int(2, 5))}`, paragraph()];
    const kinds = ['list', 'table', 'code', 'quote', 'para', 'list', 'code', 'para'];
    for (let i = 0; i < int(3, 6); i++) {
      const kind = pick(kinds);
      if (kind === 'list') blocks.push(list());
      else if (kind === 'table') blocks.push(table());
      else if (kind === 'code') blocks.push(code(r() < 0.3 ? int(60, 100) : int(8, 30)));
      else if (kind === 'quote') blocks.push(quote());
      else blocks.push(paragraph());
    }
    if (section % 4 === 0) blocks.push('---');
    const text = blocks.join('\n\n');
    parts.push(text);
    size += text.length + 2;
  }
  return parts.join('\n\n') + '\n';
}

/**
 * One paragraph of ~`targetBytes`, written as one long line (as models write paragraphs), with the same inline markup
 * as the mixed answer: bold, emphasis, code, links, bare URLs, strikethrough.
 */
export function generateParagraph(targetBytes = 100_000, seed = 7): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const words = (n: number): string => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const parts: string[] = [];
  let size = 0;
  while (size < targetBytes) {
    const bits = [words(int(3, 8))];
    const decor = int(0, 6);
    if (decor === 0) bits.push(`**${words(2)}**`);
    if (decor === 1) bits.push(`*${words(2)}*`);
    if (decor === 2) bits.push(`\`${pick(WORDS)}()\``);
    if (decor === 3) bits.push(`[${words(2)}](https://example.com/${pick(WORDS)})`);
    if (decor === 4) bits.push(`see https://docs.example.org/${pick(WORDS)}/${int(1, 99)}`);
    if (decor === 5) bits.push(`~~${words(1)}~~`);
    bits.push(words(int(2, 7)));
    const s = bits.join(' ');
    const sentence = s[0]?.toUpperCase() + s.slice(1) + '.';
    parts.push(sentence);
    size += sentence.length + 1;
  }
  return parts.join(' ') + '\n';
}

/** A GFM table of `rows` body rows (1,300 rows ≈ 100 KB), cells with a little inline markup. */
export function generateTable(rows = 1300, seed = 11): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const words = (n: number): string => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const cell = (): string => {
    const d = int(0, 9);
    if (d === 0) return `**${words(1)}**`;
    if (d === 1) return `\`${pick(WORDS)}\``;
    if (d === 2) return `[${pick(WORDS)}](https://example.com/${pick(WORDS)})`;
    return words(int(1, 3));
  };
  const lines = ['| # | name | kind | value | notes |', '|--:|:-----|:----:|------:|:------|'];
  for (let i = 1; i <= rows; i++) lines.push(`| ${i} | ${cell()} | ${pick(WORDS)} | ${int(0, 99_999)} | ${cell()} ${words(int(1, 4))} |`);
  return lines.join('\n') + '\n';
}
