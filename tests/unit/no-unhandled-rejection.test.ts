import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEngine } from '@/lib/chat/engine';
import { RefusedError } from '@/lib/chat/errors';
import type { PreferenceStore } from '@/lib/chat/preferences';
import { AnswerRun } from '@/lib/chat/run';
import { createUiDoor, type ConnectedPage, type UiCommandContext } from '@/lib/chat/ui-commands';
import type { BackgroundEvent, UiCommand } from '@/lib/messaging/contracts';

/**
 * No unhandled rejection in the worker (issue 11; tests/e2e/flood.spec.ts drives the real one): whatever a command
 * does, it is answered once, and work nobody waits for never rejects unhandled.
 */

/** Promise rejections nobody handled in time, as Node reports them. */
const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', record);
});
afterEach(() => {
  process.off('unhandledRejection', record);
});

/** Lets timers and Node's unhandled-rejection check run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

const send = (requestId: string): UiCommand => ({
  type: 'send',
  requestId,
  conversationId: 'c1',
  bot: 'Echo-Bot',
  text: 'again',
  parameters: {},
  attachments: [],
});

function recordingPage(): ConnectedPage & { events: BackgroundEvent[] } {
  const events: BackgroundEvent[] = [];
  return { conversationId: null, events, post: (event) => events.push(event) };
}

describe('the UI door under hostile commands', () => {
  it('a send refused at once (a busy conversation) while the bot preference is still being written: refused, never unhandled', async () => {
    let written!: () => void;
    const preferences = { selectBot: () => new Promise<void>((resolve) => (written = resolve)) } as unknown as PreferenceStore;
    const engine = {
      ready: Promise.resolve(),
      send: () => Promise.reject(new RefusedError('busy', 'Poe is still answering in this conversation.')),
    } as unknown as ChatEngine;
    const door = createUiDoor({ engine, preferences } as unknown as UiCommandContext);
    const page = recordingPage();

    const handled = door(send('s1'), page);
    // The preference write takes a while (storage is another process): the refusal must not wait unhandled meanwhile.
    await settle();
    written();
    await handled;
    await settle();

    expect(unhandled).toEqual([]);
    expect(page.events).toEqual([
      { type: 'commandFailed', requestId: 's1', command: 'send', error: { kind: 'busy', message: 'Poe is still answering in this conversation.' } },
    ]);
  });

  it('a send that went out is done even when the bot preference could not be written', async () => {
    const preferences = { selectBot: () => Promise.reject(new Error('storage is full')) } as unknown as PreferenceStore;
    const engine = { ready: Promise.resolve(), send: async () => ({ conversationId: 'c1' }) } as unknown as ChatEngine;
    const door = createUiDoor({ engine, preferences } as unknown as UiCommandContext);
    const page = recordingPage();

    await door(send('s2'), page);
    await settle();

    expect(unhandled).toEqual([]);
    expect(page.events).toEqual([{ type: 'done', requestId: 's2', command: 'send' }]);
  });

  it('a greeting that fails is answered with a refusal; the door never rejects', async () => {
    const engine = {
      ready: Promise.resolve(),
      conversationExists: () => Promise.reject(new Error('the database is gone')),
    } as unknown as ChatEngine;
    const door = createUiDoor({ engine, lastConversation: async () => 'c1' } as unknown as UiCommandContext);
    const page = recordingPage();
    const logged = console.error;
    const lines: unknown[] = [];
    console.error = (...args: unknown[]) => void lines.push(args);
    try {
      await expect(door({ type: 'hello', requestId: 'h1', surface: 'popup' }, page)).resolves.toBeUndefined();
    } finally {
      console.error = logged;
    }
    await settle();

    expect(unhandled).toEqual([]);
    expect(page.events).toEqual([{ type: 'commandFailed', requestId: 'h1', command: 'hello', error: { kind: 'internal', message: expect.any(String) } }]);
    // Never the error itself (a command can carry the key): only which command failed.
    expect(lines).toEqual([["Poe Toolbar: the 'hello' command failed"]]);
  });
});

describe('an answer saved while it streams', () => {
  it('a throttled save that fails is superseded by the next one, never unhandled', async () => {
    const saves: string[] = [];
    let failing = true;
    const run = new AnswerRun(
      { id: 'm1', conversationId: 'c1', seq: 1, role: 'bot', bot: 'Echo-Bot', text: '', status: 'pending', createdAt: 0 },
      {
        changed: () => undefined,
        delta: () => undefined,
        persist: async (message) => {
          if (failing) throw new Error('the database is busy');
          saves.push(message.text);
        },
      },
    );
    run.apply({ type: 'text', text: 'first ' });
    await settle();
    failing = false;
    run.apply({ type: 'done' });
    await run.flush();
    await settle();

    expect(unhandled).toEqual([]);
    expect(saves).toEqual(['first ']);
  });
});
