/**
 * GFM tables as DOM, built row by row. Rows are independent lines, so an open table only appends rows (or redoes its
 * last, partial one): the work per update does not grow with the table.
 *
 * Nor does the layout: Chromium lays out a table as a whole whenever any cell changes (a 1,300-row table: tens of ms
 * per chunk, more when the last cell grows), so a table of more than SEGMENT body rows is shown as a stack of
 * tables of SEGMENT rows each (the first with the header), which lay out one by one. To keep their columns in line
 * they use a fixed layout with the same column widths, each a share of the width in steps of 5 %, from the longest
 * cell of each column in the header and the first SEGMENT rows (`<col class="md-w…">`). Those rows are complete when
 * the table splits, so a streamed table and a one-shot render split alike. Smaller tables are one auto-layout table.
 */
import { h } from './dom';
import { buildInlines } from './inline-dom';
import { parseInline, type ResolveRef } from './inline-parser';
import type { LeafEnv, OpenLeaf } from './leaves';
import { splitRow } from './table-syntax';
import type { Block } from './types';

export const SEGMENT = 32;

/** `md-w5` … `md-w100`: each column's share of the width, from its longest cell (capped, so one long cell can't take all). */
export function columnWidths(lines: readonly string[], columns: number): string[] {
  const weights = new Array<number>(columns).fill(3);
  for (const line of lines.slice(0, SEGMENT + 1)) {
    const cells = splitRow(line);
    for (let i = 0; i < columns; i++) weights[i] = Math.max(weights[i] as number, Math.min(40, (cells[i] ?? '').length));
  }
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => `md-w${Math.max(5, Math.round((w * 20) / total) * 5)}`);
}

export class OpenTable implements OpenLeaf {
  readonly node: HTMLElement;
  readonly misses: Set<string>;
  private readonly aligns: readonly (string | null)[];
  private readonly split: boolean;
  private readonly widths: string[] = [];
  private readonly tables: HTMLElement[] = [];
  private body: HTMLElement | null = null;
  /** Body rows shown, the last one's element and source line (it may have been partial). */
  private rows = 0;
  private last: HTMLElement | null = null;
  private lastLine = '';

  /** `resolve` should record its misses in `misses` (an open table) or wherever the caller wants them (a final one). */
  constructor(
    private readonly env: LeafEnv,
    b: Block,
    private readonly resolve: ResolveRef,
    misses = new Set<string>(),
  ) {
    this.misses = misses;
    this.aligns = b.aligns ?? [];
    this.split = b.lines.length - 1 > SEGMENT;
    if (this.split) this.widths.push(...columnWidths(b.lines, this.aligns.length));
    this.node = h(env.doc, 'div', { class: this.split ? 'md-table md-table-split' : 'md-table' });
    const head = h(env.doc, 'thead');
    head.appendChild(this.row(b.lines[0] ?? '', 'th'));
    this.newTable().appendChild(head);
    this.sync(b.lines);
  }

  update(b: Block): boolean {
    return this.sync(b.lines);
  }

  /** The last row's line grew. */
  append(text: string): boolean {
    const last = this.last;
    if (!last) return false;
    this.lastLine += text;
    const row = this.row(this.lastLine, 'td');
    last.replaceWith(row);
    this.last = row;
    return true;
  }

  close(b: Block, misses: Set<string>): boolean {
    if (!this.sync(b.lines)) return false;
    for (const label of this.misses) misses.add(label);
    return true;
  }

  /**
   * Brings the rows to `lines` (header first). Every row but the last shown came from a complete line, which never
   * changes while the table is open; the last may have been partial. False: re-create (the table changed shape).
   */
  private sync(lines: readonly string[]): boolean {
    const n = lines.length - 1;
    if (n > SEGMENT !== this.split || n < this.rows - 1) return false;
    if (this.last && (n < this.rows || lines[this.rows] !== this.lastLine)) this.dropLast(lines);
    for (let i = this.rows; i < n; i++) {
      if (this.split && i > 0 && i % SEGMENT === 0) this.body = this.newTable().appendChild(h(this.env.doc, 'tbody'));
      else this.body ??= (this.tables.at(-1) as HTMLElement).appendChild(h(this.env.doc, 'tbody'));
      const line = lines[i + 1] ?? '';
      this.last = this.body.appendChild(this.row(line, 'td'));
      this.lastLine = line;
      this.rows++;
    }
    return true;
  }

  /** Removes the last row; a tbody it leaves empty goes too (a one-shot render has none), and so does its table if it was a continuation. */
  private dropLast(lines: readonly string[]): void {
    this.last?.remove();
    this.rows--;
    const body = this.body as HTMLElement;
    if (!body.firstChild) {
      const table = body.parentNode as HTMLElement;
      body.remove();
      if (this.tables.length > 1) {
        table.remove();
        this.tables.pop();
      }
      const prev = (this.tables.at(-1) as HTMLElement).lastElementChild;
      this.body = prev?.tagName === 'TBODY' ? (prev as HTMLElement) : null;
    }
    this.last = this.rows > 0 ? ((this.body?.lastElementChild as HTMLElement | null) ?? null) : null;
    this.lastLine = lines[this.rows] ?? '';
  }

  private newTable(): HTMLElement {
    const doc = this.env.doc;
    const table = h(doc, 'table');
    if (this.split) {
      const group = h(doc, 'colgroup');
      for (const width of this.widths) group.appendChild(h(doc, 'col', { class: width }));
      table.appendChild(group);
    }
    this.tables.push(table);
    this.node.appendChild(table);
    return table;
  }

  private row(line: string, tag: 'th' | 'td'): HTMLElement {
    const doc = this.env.doc;
    const tr = h(doc, 'tr');
    const cells = splitRow(line);
    for (let i = 0; i < this.aligns.length; i++) {
      const cell = h(doc, tag, { align: this.aligns[i] ?? undefined });
      buildInlines(this.env, parseInline(cells[i] ?? '', this.resolve), cell);
      tr.appendChild(cell);
    }
    return tr;
  }
}
