import { describe, expect, it, vi } from 'vitest';
import type { ChatEngine } from '@/lib/chat/engine';
import { createUiDoor, type ConnectedPage, type UiCommandContext } from '@/lib/chat/ui-commands';
import type { BackgroundEvent, SearchResult } from '@/lib/messaging/contracts';

describe('search over the UI door', () => {
  it('stops a page’s older search when it asks a newer one, and answers only the newer one with results', async () => {
    const asked: { query: string; signal: AbortSignal; resolve: (results: SearchResult[]) => void }[] = [];
    const engine = {
      ready: Promise.resolve(),
      search: (query: string, signal: AbortSignal) => new Promise<SearchResult[]>((resolve) => asked.push({ query, signal, resolve })),
    } as unknown as ChatEngine;
    const door = createUiDoor({ engine } as unknown as UiCommandContext);
    const events: BackgroundEvent[] = [];
    const page: ConnectedPage = { conversationId: null, post: (event) => events.push(event) };
    const other: ConnectedPage = { conversationId: null, post: () => undefined };

    const first = door({ type: 'searchConversations', requestId: 's1', query: 'vol' }, page);
    const elsewhere = door({ type: 'searchConversations', requestId: 'o1', query: 'vol' }, other);
    await vi.waitFor(() => expect(asked).toHaveLength(2));
    const second = door({ type: 'searchConversations', requestId: 's2', query: 'volc' }, page);
    await vi.waitFor(() => expect(asked).toHaveLength(3));
    expect(asked.map(({ query, signal }) => [query, signal.aborted])).toEqual([
      ['vol', true],
      ['vol', false],
      ['volc', false],
    ]);
    asked.forEach(({ resolve }) => resolve([]));
    await Promise.all([first, second, elsewhere]);
    expect(events.filter((event) => event.type === 'searchResults')).toEqual([{ type: 'searchResults', query: 'volc', results: [] }]);
    expect(events.filter((event) => event.type === 'done').map((event) => event.type === 'done' && event.requestId)).toEqual(['s1', 's2']);
  });
});
