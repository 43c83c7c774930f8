/** Where the drafts of the conversations not on screen wait between openings of the panel, popup or tab. */
const KEPT_KEY = 'poe-toolbar:conversation-drafts';
/** The most recent drafts kept; an older one goes (the store is the page's localStorage, not a history). */
export const MAX_KEPT_DRAFTS = 50;

/** `null` (the new chat) is stored as '' — a conversation id is never empty. */
interface KeptDraft {
  conversation: string;
  text: string;
}

/** Read back checked (old or edited storage): a list of drafts, or nothing. By hand: it is in every first paint. */
const isKeptList = (value: unknown): value is KeptDraft[] =>
  Array.isArray(value) && value.every((each: Partial<KeptDraft> | null) => typeof each?.conversation === 'string' && typeof each.text === 'string');

type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Issue 16: each conversation keeps its own unsent text. The text on screen lives in the page state (and in
 * localStorage, so closing the popup loses nothing); the drafts of the conversations not on screen wait here, in
 * localStorage too, so they survive closing the panel as well as switching conversations in History and back. Read
 * at each switch, so a popup and a panel open at once do not undo each other's drafts. `null` is the new chat's own
 * draft.
 */
export class ConversationDrafts {
  // Not named `storage`: WXT would auto-import its storage module (3 KB) for a word it takes as a global.
  constructor(private readonly backing: DraftStorage = localStorage) {}

  /**
   * The user moves from `from` to `to` with `draft` in the composer: it is kept for `from`, and what `to` had is
   * taken back (taken: once on screen it is the page state's again, so a draft sent there is not brought back later).
   * Undefined when nothing changes (the same conversation).
   */
  switch(from: string | null, to: string | null, draft: string): string | undefined {
    if (from === to) return undefined;
    const kept = this.read();
    kept.delete(from ?? '');
    if (draft.trim()) kept.set(from ?? '', draft);
    const restored = kept.get(to ?? '') ?? '';
    kept.delete(to ?? '');
    this.write(kept);
    return restored;
  }

  /** A conversation deleted: its draft goes with it. */
  forget(conversationId: string): void {
    const kept = this.read();
    if (kept.delete(conversationId)) this.write(kept);
  }

  /** Oldest first: a draft kept again moves to the end. */
  private read(): Map<string, string> {
    try {
      const stored: unknown = JSON.parse(this.backing.getItem(KEPT_KEY) ?? '[]');
      return new Map(isKeptList(stored) ? stored.map(({ conversation, text }) => [conversation, text]) : []);
    } catch {
      return new Map();
    }
  }

  private write(kept: Map<string, string>): void {
    const entries = [...kept].slice(-MAX_KEPT_DRAFTS);
    try {
      if (entries.length > 0) this.backing.setItem(KEPT_KEY, JSON.stringify(entries.map(([conversation, text]) => ({ conversation, text }))));
      else this.backing.removeItem(KEPT_KEY);
    } catch {
      // Storage full: the drafts stay as they were stored; the one on screen is still the page state's.
    }
  }
}
