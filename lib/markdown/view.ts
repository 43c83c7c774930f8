/**
 * Keeps the DOM in step with the block tree. Each container remembers, per child, a record with its DOM node; the
 * leading records whose blocks are closed are "settled" and skipped, so a render only visits the open path at the
 * end of the tree: O(depth), not O(document). An open leaf is patched in place as it grows; when it closes it is
 * finished in place if it can be (paragraphs, tables: see OpenLeaf.close), else rendered from scratch, once.
 */
import { finalLeaf, isTaskParagraph, openLeaf, type LeafEnv, type OpenLeaf } from './leaves';
import { h, setClass } from './dom';
import type { Block } from './types';

interface Rec {
  key: string;
  node: Node;
  /** Closed and rendered for good. */
  final: boolean;
  /** Containers: child records and how many leading ones are final. */
  kids?: Rec[];
  settled: number;
  /** Open leaves: patches the node in place. */
  leaf?: OpenLeaf;
  /** Finished leaves with unresolved reference labels: enough to re-render them when a definition arrives. */
  block?: Block;
  taskable?: boolean;
  labels?: string[];
}

/**
 * Top-level blocks sit in groups of this many (`<div class="md-seg">`). Layout of a block container walks all its
 * children, so one flat list of ~600 blocks made every chunk's layout cost grow with the answer (0.4 ms at 600,
 * 1 ms at 2,000 in Chromium); grouped, a chunk lays out one group plus the group list.
 */
const SEGMENT = 32;

const isContainer = (b: Block): boolean => b.type === 'quote' || b.type === 'list' || b.type === 'item';

/** A list is loose when items, or blocks inside an item, are separated by blank lines (CommonMark). */
function isLoose(list: Block): boolean {
  const items = list.children;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Block;
    const next = items[i + 1];
    if (next && next.startLine > item.endLine + 1) return true;
    const kids = item.children;
    for (let j = 0; j + 1 < kids.length; j++) {
      if ((kids[j + 1] as Block).startLine > (kids[j] as Block).endLine + 1) return true;
    }
  }
  return false;
}

export class BlockView {
  private readonly root: Rec;
  private readonly segments: HTMLElement[] = [];
  /** Label → finished leaves that asked for it in vain. */
  private readonly pending = new Map<string, Set<Rec>>();

  constructor(
    private readonly container: HTMLElement,
    private readonly env: LeafEnv,
  ) {
    this.root = { key: 'doc', node: container, final: false, kids: [], settled: 0 };
  }

  render(doc: Block): void {
    this.reconcile(doc, this.root);
  }

  /**
   * The newest text only lengthened the last line of the open leaf at the end of the tree (the streaming fast path):
   * that leaf takes it directly, without a block tree. False: it could not; render the tree instead.
   */
  appendToTip(text: string): boolean {
    let r = this.root;
    for (let last = r.kids?.at(-1); last; last = r.kids?.at(-1)) r = last;
    return r.leaf?.append?.(text) ?? false;
  }

  /**
   * Definitions may follow their use (`see [1]` … `[1]: https://…`). A finished leaf that missed one of these labels
   * is re-rendered once; nothing else of a finished block is ever touched again. An open leaf whose final parts
   * missed one is re-created at the next render (call this before it).
   */
  definitionsAdded(labels: readonly string[]): void {
    if (labels.length === 0) return;
    for (let r = this.root.kids?.at(-1); r; r = r.kids?.at(-1)) {
      const misses = r.leaf?.misses;
      if (misses && labels.some((label) => misses.has(label))) r.leaf = undefined;
    }
    for (const label of labels) {
      const recs = this.pending.get(label);
      if (!recs) continue;
      this.pending.delete(label);
      for (const r of recs) {
        if (!r.block) continue;
        for (const other of r.labels ?? []) this.pending.get(other)?.delete(r);
        this.finishLeaf(r.block, r, r.taskable ?? false);
      }
    }
  }

  private reconcile(b: Block, r: Rec): void {
    const kids = b.children;
    const recs = r.kids ?? [];
    let i = r.settled;
    for (; i < kids.length; i++) {
      const kid = kids[i] as Block;
      const rec = recs[i];
      if (!rec || rec.key !== kid.key || !this.update(kid, rec, b, i)) break;
    }
    for (const stale of recs.splice(i)) stale.node.parentNode?.removeChild(stale.node);
    for (; i < kids.length; i++) {
      const rec = this.create(kids[i] as Block, b, i);
      recs.push(rec);
      (r === this.root ? this.segment(i) : r.node).appendChild(rec.node);
    }
    if (r === this.root) this.pruneSegments(recs.length);
    while (r.settled < recs.length && recs[r.settled]?.final) r.settled++;
  }

  private segment(index: number): HTMLElement {
    const n = Math.floor(index / SEGMENT);
    let seg = this.segments[n];
    if (!seg) {
      seg = h(this.env.doc, 'div', { class: 'md-seg' });
      this.container.appendChild(seg);
      this.segments.push(seg);
    }
    return seg;
  }

  /** Drops groups left empty (a speculative block that did not survive), so the DOM matches a one-shot render. */
  private pruneSegments(blocks: number): void {
    const keep = Math.ceil(blocks / SEGMENT);
    for (const seg of this.segments.splice(keep)) seg.remove();
  }

  /** Brings `r` up to date with `b`; false when it has to be re-created. */
  private update(b: Block, r: Rec, parent: Block, index: number): boolean {
    if (r.final) return true;
    const closed = !b.open && !b.spec;
    if (r.kids) {
      this.reconcile(b, r);
      this.containerAttributes(b, r.node as Element);
      r.final = closed; // its children closed first, so they are final now too
      return true;
    }
    const taskable = parent.type === 'item' && index === 0;
    if (closed) {
      this.finishLeaf(b, r, taskable);
      return true;
    }
    return r.leaf?.update(b) ?? false;
  }

  private create(b: Block, parent: Block, index: number): Rec {
    if (isContainer(b)) {
      const r: Rec = { key: b.key, node: this.containerElement(b), final: false, kids: [], settled: 0 };
      this.update(b, r, parent, index);
      return r;
    }
    const taskable = parent.type === 'item' && index === 0;
    if (!b.open && !b.spec) {
      const r: Rec = { key: b.key, node: this.env.doc.createTextNode(''), final: false, settled: 0 };
      this.finishLeaf(b, r, taskable);
      return r;
    }
    const leaf = openLeaf(this.env, b, taskable);
    return { key: b.key, node: leaf.node, final: false, settled: 0, leaf };
  }

  private finishLeaf(b: Block, r: Rec, taskable: boolean): void {
    const misses = new Set<string>();
    if (!r.leaf?.close?.(b, misses)) {
      misses.clear();
      const node = finalLeaf(this.env, b, taskable, misses);
      r.node.parentNode?.replaceChild(node, r.node);
      r.node = node;
    }
    r.final = true;
    r.leaf = undefined;
    r.block = misses.size > 0 ? b : undefined;
    r.taskable = taskable;
    r.labels = Array.from(misses);
    for (const label of misses) {
      let set = this.pending.get(label);
      if (!set) this.pending.set(label, (set = new Set()));
      set.add(r);
    }
  }

  private containerElement(b: Block): HTMLElement {
    const doc = this.env.doc;
    if (b.type === 'quote') return h(doc, 'blockquote');
    if (b.type === 'item') return h(doc, 'li');
    const data = b.list;
    if (!data?.ordered) return h(doc, 'ul');
    return h(doc, 'ol', { start: data.start !== 1 ? String(data.start) : undefined });
  }

  /** Attributes that depend on later lines: list looseness, task items. Always set or removed, never left stale. */
  private containerAttributes(b: Block, el: Element): void {
    let cls: string | null = null;
    if (b.type === 'list' && isLoose(b)) cls = 'md-loose';
    else if (b.type === 'item' && isTaskParagraph(b.children[0])) cls = 'md-task';
    setClass(el, cls);
  }
}
