/** GFM table rows: splitting cells and reading the delimiter row. */
import type { Align } from './types';

/** Cells of one row: outer pipes dropped, split on unescaped `|`, `\|` kept as a literal pipe, cells trimmed. */
export function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && s[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (c === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

const DELIM_CELL = /^:?-+:?$/;

/** Alignments of a delimiter row (`| :-- | :-: |`), or null when the line is not one. */
export function parseDelimiterRow(line: string): Align[] | null {
  // Needs a pipe, else `Title\n---` (a setext heading) would read as a one-column table.
  if (!line.includes('|')) return null;
  const cells = splitRow(line);
  const aligns: Align[] = [];
  for (const cell of cells) {
    if (!DELIM_CELL.test(cell)) return null;
    const left = cell.startsWith(':');
    const right = cell.endsWith(':');
    aligns.push(left && right ? 'center' : right ? 'right' : left ? 'left' : null);
  }
  return aligns;
}

/** True when `header` can head a table whose delimiter row has `columns` cells. */
export function isHeaderRow(header: string, columns: number): boolean {
  return header.includes('|') && splitRow(header).length === columns;
}
