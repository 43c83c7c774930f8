/**
 * Issue 16: each conversation keeps its own unsent text. The text on screen lives in the page state (and in
 * localStorage, so closing the popup loses nothing); the drafts of the conversations not on screen wait here, in the
 * page's memory: they survive switching conversations in History and back, not closing the panel. `null` is the new
 * chat's own draft.
 */
export class ConversationDrafts {
  private readonly kept = new Map<string | null, string>();

  /**
   * The user moves from `from` to `to` with `draft` in the composer: it is kept for `from`, and what `to` had is
   * taken back (taken: once on screen it is the page state's again, so a draft sent there is not brought back later).
   * Undefined when nothing changes (the same conversation).
   */
  switch(from: string | null, to: string | null, draft: string): string | undefined {
    if (from === to) return undefined;
    if (draft.trim()) this.kept.set(from, draft);
    else this.kept.delete(from);
    const restored = this.kept.get(to) ?? '';
    this.kept.delete(to);
    return restored;
  }

  /** A conversation deleted: its draft goes with it. */
  forget(conversationId: string): void {
    this.kept.delete(conversationId);
  }
}
