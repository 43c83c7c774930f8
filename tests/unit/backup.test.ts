import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { useUiLanguage } from './setup/i18n';
import { parseBackup } from '@/lib/chat/backup-file';
import { BackupService } from '@/lib/chat/backup-service';
import { ChatEngine, type UiClient } from '@/lib/chat/engine';
import { RefusedError } from '@/lib/chat/errors';
import { conversationMarkdown, exportFileName } from '@/lib/chat/markdown-export';
import { BACKUP_FORMAT, BACKUP_VERSION, MAX_BACKUP_MESSAGES_PER_CONVERSATION, MAX_BACKUP_TEXT_CHARS } from '@/lib/messaging/backup-format';
import type { BackgroundEvent } from '@/lib/messaging/contracts';
import type { PoeEvent, streamBotResponse } from '@/lib/poe';
import { ChatRepository, openChatDb, type StoredConversation, type StoredMessage } from '@/lib/storage/chat-db';

let dbCounter = 0;
const NOW = Date.UTC(2026, 11, 2, 12, 0);

async function* echo(options: Parameters<typeof streamBotResponse>[0]): AsyncGenerator<PoeEvent> {
  const last = options.messages.at(-1);
  yield { type: 'text', text: `Echo: ${typeof last?.content === 'string' ? last.content : ''}` };
  yield { type: 'done' };
}

function setup() {
  const repo = new ChatRepository(openChatDb(`backup-test-${++dbCounter}`), { background: false });
  const engine = new ChatEngine({ repository: repo, readApiKey: async () => 'k', readBaseUrl: async () => 'http://fake', stream: echo as typeof streamBotResponse });
  let ids = 0;
  const service = new BackupService({
    repository: repo,
    engine,
    models: async () => [{ id: 'Echo-Bot', displayName: 'Echo Bot' }],
    app: () => 'Poe Toolbar test',
    now: () => NOW,
    newId: () => `new-${++ids}`,
  });
  const events: BackgroundEvent[] = [];
  const client: UiClient = { conversationId: null, post: (event) => events.push(event) };
  engine.connect(client);
  return { repo, engine, service, client, events };
}

type Setup = ReturnType<typeof setup>;

async function ask(env: Setup, text: string, conversationId: string | null = null): Promise<string> {
  const sent = await env.engine.send({ requestId: crypto.randomUUID(), conversationId, bot: 'Echo-Bot', text });
  await env.engine.idle(sent.conversationId);
  return sent.conversationId;
}

/** What a person sees of a conversation: its title and each message's role, bot, text and status. */
async function visible(repo: ChatRepository, conversationId: string) {
  const conversation = await repo.getConversation(conversationId);
  const messages = await repo.listMessages(conversationId);
  return { title: conversation?.title, bot: conversation?.bot, messages: messages.map(({ role, bot, text, status }) => ({ role, bot, text, status })) };
}

const fileOf = (conversations: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: NOW, conversations, ...extra });

describe('export then import', () => {
  let from: Setup;
  beforeEach(() => {
    from = setup();
  });

  it('brings every conversation into a fresh profile as it was, searchable', async () => {
    const first = await ask(from, 'Hello there');
    await ask(from, 'And a follow-up', first);
    const second = await ask(from, 'Quokkas are marsupials');
    const backup = await from.service.exportHistory();
    expect(backup.fileName).toBe('poe-toolbar-backup-2026-12-02.json');

    const to = setup();
    const report = await to.service.importBackup(backup.text, 'ask');
    expect(report).toMatchObject({ imported: 2, replaced: 0, copied: 0, kept: 0, skipped: [] });
    expect(report.existing).toBeUndefined();
    expect(await visible(to.repo, first)).toEqual(await visible(from.repo, first));
    expect(await visible(to.repo, second)).toEqual(await visible(from.repo, second));
    expect((await to.repo.listMessages(first)).map((message) => message.text)).toEqual([
      'Hello there',
      'Echo: Hello there',
      'And a follow-up',
      'Echo: And a follow-up',
    ]);
    // Oldest first in the file, so the list order comes back the same.
    expect((await to.engine.conversations()).conversations.map((each) => each.id)).toEqual([second, first]);
    const hits = await to.engine.search('quokkas');
    expect(hits.map((hit) => hit.conversation.id)).toEqual([second]);
  });

  it('keeps regenerated versions and their continuations, in the same place and as copies', async () => {
    const id = await ask(from, 'Name a river');
    await ask(from, 'How long is it?', id);
    const [, firstAnswer] = await from.repo.listMessages(id);
    await from.engine.retry(id, firstAnswer!.id, 'regenerate-1');
    await from.engine.idle(id);
    const path = await from.repo.listMessages(id);
    expect(path).toHaveLength(2);
    expect(path[1]?.versions).toEqual({ index: 1, count: 2 });
    const backup = await from.service.exportConversation(id, 'json');
    expect(JSON.parse(backup.text).conversations[0].forks).toHaveLength(1);

    const to = setup();
    await to.service.importBackup(backup.text, 'ask');
    expect(await to.repo.getBranches(id)).toEqual(await from.repo.getBranches(id));
    // The first version comes back with its own follow-up, in the imported profile too.
    await to.engine.switchVersion(id, path[1]!.id, 0);
    expect((await to.repo.listMessages(id)).map((message) => message.text)).toEqual([
      'Name a river',
      'Echo: Name a river',
      'How long is it?',
      'Echo: How long is it?',
    ]);

    // A copy's hidden messages get new ids and the copy's conversation, like its visible ones.
    await from.service.importBackup(backup.text, 'keepBoth');
    const copy = (await from.engine.conversations()).conversations.find((each) => each.id !== id)!;
    const hidden = (await from.repo.getBranches(copy.id))!.forks[0]!.versions[0]!.messages;
    const originals = new Set((await from.repo.getBranches(id))!.forks[0]!.versions[0]!.messages.map((message) => message.id));
    expect(hidden).toHaveLength(3);
    expect(hidden.every((message) => message.conversationId === copy.id && !originals.has(message.id))).toBe(true);
  });

  it('asks before touching a conversation already here, then does what the user chose', async () => {
    const id = await ask(from, 'Original question');
    const backup = await from.service.exportConversation(id, 'json');
    await from.engine.rename(id, 'Renamed here');

    const asked = await from.service.importBackup(backup.text, 'ask');
    expect(asked.existing).toEqual([{ id, title: 'Renamed here' }]);
    expect((await from.engine.conversations()).conversations).toHaveLength(1);

    expect(await from.service.importBackup(backup.text, 'skip')).toMatchObject({ kept: 1, imported: 0 });
    expect((await from.repo.getConversation(id))?.title).toBe('Renamed here');

    const copied = await from.service.importBackup(backup.text, 'keepBoth');
    expect(copied).toMatchObject({ copied: 1 });
    const list = (await from.engine.conversations()).conversations;
    expect(list).toHaveLength(2);
    const copy = list.find((each) => each.id !== id)!;
    expect(copy.title).toBe('Original question');
    // The copy's messages have their own ids: the original keeps its own.
    const originalIds = (await from.repo.listMessages(id)).map((message) => message.id);
    const copyIds = (await from.repo.listMessages(copy.id)).map((message) => message.id);
    expect(copyIds).toHaveLength(2);
    expect(copyIds.some((each) => originalIds.includes(each))).toBe(false);

    expect(await from.service.importBackup(backup.text, 'replace')).toMatchObject({ replaced: 1 });
    expect((await from.repo.getConversation(id))?.title).toBe('Original question');
    expect(await from.repo.listMessages(id)).toHaveLength(2);
  });

  it('shows a page that had the replaced conversation open the imported one', async () => {
    const id = await ask(from, 'Before');
    const backup = await from.service.exportConversation(id, 'json');
    await ask(from, 'Added after the backup', id);
    await from.engine.select(from.client, id, 'select-1');
    from.events.length = 0;
    await from.service.importBackup(backup.text, 'replace');
    const shown = from.events.find((event) => event.type === 'conversation');
    expect(shown).toMatchObject({ conversationId: id });
    expect(shown?.type === 'conversation' && shown.messages.map((message) => message.text)).toEqual(['Before', 'Echo: Before']);
  });

  it('never moves a message out of another conversation whose id a hand-edited file reuses', async () => {
    const id = await ask(from, 'Keep me');
    const [question] = await from.repo.listMessages(id);
    const stranger: StoredConversation = { id: 'other', title: 'Other', bot: 'Echo-Bot', createdAt: NOW, updatedAt: NOW };
    const reused: StoredMessage = { ...question!, conversationId: 'other', text: 'Same id, other conversation' };
    expect(await from.service.importBackup(fileOf([{ conversation: stranger, messages: [reused] }]), 'ask')).toMatchObject({ imported: 1 });
    expect((await from.repo.listMessages(id))[0]?.text).toBe('Keep me');
    expect((await from.repo.listMessages('other'))[0]?.text).toBe('Same id, other conversation');
  });
});

describe('a hostile or damaged backup', () => {
  const conversation: StoredConversation = { id: 'c1', title: 'Fine', bot: 'Echo-Bot', createdAt: NOW, updatedAt: NOW };
  const message = (fields: Partial<StoredMessage> = {}): StoredMessage => ({
    id: 'm1',
    conversationId: 'c1',
    seq: 0,
    role: 'user',
    bot: 'Echo-Bot',
    text: 'Hi',
    status: 'complete',
    createdAt: NOW,
    ...fields,
  });

  it('refuses what is not a backup, or comes from a newer version, whole and with a way out', () => {
    expect(parseBackup('not json')).toEqual({ ok: false, message: expect.stringContaining('not a Poe Toolbar backup (it is not JSON)') });
    expect(parseBackup('[1,2]')).toEqual({ ok: false, message: expect.stringContaining('Choose a file made with “Back up all”') });
    expect(parseBackup(JSON.stringify({ format: 'other' }))).toMatchObject({ ok: false });
    expect(parseBackup(fileOf([], { version: 7 }))).toEqual({ ok: false, message: expect.stringContaining('newer Poe Toolbar (format 7') });
    expect(parseBackup(fileOf([], { version: 'one' }))).toEqual({ ok: false, message: expect.stringContaining('damaged') });
    expect(parseBackup(JSON.stringify({ format: BACKUP_FORMAT, version: 1, conversations: 'lots' }))).toEqual({
      ok: false,
      message: expect.stringContaining('“conversations” should be a list'),
    });
  });

  it('skips only the bad conversations, each with its reason', () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const parsed = parseBackup(
      fileOf([
        { conversation, messages: [message()] },
        { conversation: { ...conversation, id: 'c2', title: 'Wrong types' }, messages: [message({ conversationId: 'c2', text: 42 as unknown as string })] },
        { conversation: { ...conversation, id: 'c3', title: 'Huge' }, messages: [message({ conversationId: 'c3', text: huge })] },
        { conversation: { ...conversation, id: 'c4', title: 'Huge elsewhere' }, messages: [message({ conversationId: 'c4', suggestedReplies: [huge] })] },
        { conversation: { ...conversation, id: 'c5', title: 'Unknown status' }, messages: [message({ conversationId: 'c5', status: 'exploded' as 'complete' })] },
        { conversation: { ...conversation, id: 'c6', title: 'Stolen message' }, messages: [message({ conversationId: 'c1' })] },
        { conversation, messages: [] },
        'not a conversation',
        { conversation: { ...conversation, id: 'c7', title: 'Twice' }, messages: [message({ conversationId: 'c7' }), message({ conversationId: 'c7' })] },
      ]),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.entries.map((entry) => entry.conversation.id)).toEqual(['c1']);
    expect(parsed.skipped).toEqual([
      { label: '“Wrong types”', reason: 'message 1: “text” should be a string' },
      { label: '“Huge”', reason: `it holds a text longer than ${MAX_BACKUP_TEXT_CHARS.toLocaleString('en')} characters` },
      { label: '“Huge elsewhere”', reason: `it holds a text longer than ${MAX_BACKUP_TEXT_CHARS.toLocaleString('en')} characters` },
      { label: '“Unknown status”', reason: 'message 1: “status” has a value this version does not know' },
      { label: '“Stolen message”', reason: 'message 1 belongs to another conversation' },
      { label: '“Fine”', reason: 'it appears twice in the file; the first copy was imported' },
      { label: 'Conversation 8', reason: 'it is not a conversation (the value should be a record)' },
      { label: '“Twice”', reason: 'message 2 appears twice' },
    ]);
  });

  it('skips a conversation whose versions do not fit its messages, or nest without end', () => {
    const fork = (fields: Record<string, unknown>) => ({ seq: 0, active: 1, versions: [{ messages: [message({ id: 'old' })], forks: [] }, null], ...fields });
    let deep: Record<string, unknown> = { seq: 1, active: 1, versions: [{ messages: [message({ id: 'deep', seq: 1 })], forks: [] }, null] };
    for (let level = 0; level < 80; level += 1) deep = { seq: 1, active: 1, versions: [{ messages: [message({ id: `d${level}`, seq: 1 })], forks: [deep] }, null] };
    const parsed = parseBackup(
      fileOf([
        { conversation, messages: [message()], forks: [fork({})] },
        { conversation: { ...conversation, id: 'c2', title: 'No active' }, messages: [message({ id: 'x2', conversationId: 'c2' })], forks: [fork({ active: 5 })] },
        { conversation: { ...conversation, id: 'c3', title: 'Missing message' }, messages: [message({ id: 'x3', conversationId: 'c3' })], forks: [fork({ seq: 4 })] },
        { conversation: { ...conversation, id: 'c4', title: 'Reused id' }, messages: [message({ id: 'old', conversationId: 'c4' })], forks: [fork({})] },
        { conversation: { ...conversation, id: 'c5', title: 'Endless' }, messages: [message({ id: 'x5', conversationId: 'c5' })], forks: [deep] },
      ]),
    );
    expect(parsed.ok && parsed.entries.map((entry) => entry.conversation.id)).toEqual(['c1']);
    expect(parsed.ok && parsed.skipped).toEqual([
      { label: '“No active”', reason: 'its versions do not say which one is shown' },
      { label: '“Missing message”', reason: 'its versions name a message (4) that is not there' },
      { label: '“Reused id”', reason: 'its versions hold a message of another conversation' },
      { label: '“Endless”', reason: 'it is nested too deeply to be a conversation' },
    ]);
  });

  it('writes nothing for a refused file, and says why', async () => {
    const env = setup();
    await expect(env.service.importBackup(fileOf([], { version: 99 }), 'ask')).rejects.toThrow(RefusedError);
    expect((await env.engine.conversations()).conversations).toEqual([]);
  });

  it('marks an answer that was mid-stream in the backup as interrupted, so nothing tries to resume it', async () => {
    const env = setup();
    const streaming = message({ id: 'm2', seq: 1, role: 'bot', text: 'Half an ans', status: 'streaming' });
    await env.service.importBackup(fileOf([{ conversation, messages: [message(), streaming] }]), 'ask');
    const [, answer] = await env.repo.listMessages('c1');
    expect(answer).toMatchObject({ text: 'Half an ans', status: 'interrupted', error: { kind: 'interrupted' } });
    expect(await env.repo.unfinishedMessages()).toEqual([]);
  });
  it('names what is wrong in a conversation, its messages or its versions: missing, of the wrong kind, out of bounds, misplaced', () => {
    const { title: _title, ...untitled } = conversation;
    const hidden = (id: string, seq = 1) => message({ id, seq, conversationId: 'c1' });
    const path = [message({ id: 'p0' }), message({ id: 'p1', seq: 1 })];
    const fork = (seq: number, versions: unknown[]) => ({ seq, active: versions.length, versions: [...versions, null] });
    const parsed = parseBackup(
      fileOf([
        { conversation: untitled, messages: [] },
        { conversation: { ...conversation, title: 'Negative', createdAt: -1 }, messages: [] },
        { conversation: { ...conversation, title: 'Too many' }, messages: Array.from({ length: MAX_BACKUP_MESSAGES_PER_CONVERSATION + 1 }, () => 0) },
        { conversation: { ...conversation, title: 'Odd fork' }, messages: path, forks: ['fork'] },
        { conversation: { ...conversation, title: 'Out of order' }, messages: path, forks: [fork(1, [{ messages: [hidden('h1')], forks: [] }]), fork(0, [{ messages: [hidden('h2', 0)], forks: [] }])] },
        { conversation: { ...conversation, title: 'Empty version' }, messages: path, forks: [fork(1, [{ messages: [], forks: [] }])] },
        { conversation: { ...conversation, title: 'Before fork' }, messages: path, forks: [fork(1, [{ messages: [hidden('h1', 0)], forks: [] }])] },
        { conversation: { ...conversation, title: 'Id twice' }, messages: path, forks: [fork(1, [{ messages: [hidden('h1')], forks: [] }, { messages: [hidden('h1')], forks: [] }])] },
      ]),
    );
    expect(parsed.ok && parsed.skipped).toEqual([
      { label: 'Conversation 1', reason: 'its details: “title” is missing' },
      { label: '“Negative”', reason: 'its details: “createdAt” is too short or negative' },
      { label: '“Too many”', reason: 'it is not a conversation (“messages” is too long)' },
      { label: '“Odd fork”', reason: 'its versions: “0” should be a record' },
      { label: '“Out of order”', reason: 'its versions are out of order' },
      { label: '“Empty version”', reason: 'its versions hold an empty version' },
      { label: '“Before fork”', reason: 'its versions hold a message before their fork' },
      { label: '“Id twice”', reason: 'its versions use a message id twice' },
    ]);
  });

  it('gives its reasons in the UI language, numbers written its way', async () => {
    const backToEnglish = await useUiLanguage('de');
    try {
      const parsed = parseBackup(
        fileOf([
          { conversation: { ...conversation, title: 'Wrong types' }, messages: [message({ text: 42 as unknown as string })] },
          { conversation: { ...conversation, id: 'c2', title: 'Huge' }, messages: [message({ conversationId: 'c2', text: 'x'.repeat(MAX_BACKUP_TEXT_CHARS + 1) })] },
          'not a conversation',
        ]),
      );
      expect(parsed.ok && parsed.skipped).toEqual([
        { label: '„Wrong types“', reason: 'Nachricht 1: „text“ sollte ein Text sein' },
        { label: '„Huge“', reason: 'sie enthält einen Text mit mehr als 1.000.000 Zeichen' },
        { label: 'Unterhaltung 3', reason: 'sie ist keine Unterhaltung (der Wert sollte ein Datensatz sein)' },
      ]);
    } finally {
      backToEnglish();
    }
  });
});

describe('Markdown export', () => {
  const conversation: StoredConversation = { id: 'c1', title: 'Tides [and] moons', bot: 'Echo-Bot', createdAt: NOW, updatedAt: NOW };
  const botName = (bot: string) => (bot === 'Echo-Bot' ? 'Echo Bot' : bot);
  const base = { conversationId: 'c1', createdAt: NOW, bot: 'Echo-Bot' } as const;

  it('writes turns with speakers, files as links, how an answer ended, and the cost in a footer', () => {
    const text = conversationMarkdown(
      {
        conversation,
        messages: [
          { ...base, id: 'a', seq: 0, role: 'user', text: 'Why tides?', status: 'complete', attachments: [{ url: 'https://pfst.cf2.poecdn.net/x/moon.png', contentType: 'image/png', name: 'moon [1].png' }] },
          { ...base, id: 'b', seq: 1, role: 'bot', text: 'The **moon**.', status: 'complete', pointsCost: 120, pointsCostUsd: '$0.0036' },
          { ...base, id: 'c', seq: 2, role: 'user', text: 'More?', status: 'complete', attachments: [{ url: 'poe-file:local', contentType: 'application/pdf', name: 'notes.pdf' }] },
          { ...base, id: 'd', seq: 3, role: 'bot', text: 'And the sun', status: 'stopped', pointsCost: 30 },
        ],
      },
      { botName, now: NOW, locale: 'en-GB', timeZone: 'UTC' },
    );
    expect(text).toContain('# Tides [and] moons\n');
    expect(text).toContain('*Echo Bot · started 2 Dec 2026, 12:00 · exported 2 Dec 2026, 12:00 from Poe Toolbar*');
    expect(text).toContain('**You** · 2 Dec 2026, 12:00\n\nWhy tides?\n\n- [moon \\[1\\].png](https://pfst.cf2.poecdn.net/x/moon.png)');
    expect(text).toContain('**Echo Bot** · 2 Dec 2026, 12:00\n\nThe **moon**.');
    expect(text).toContain('- notes.pdf (kept in the extension; not part of this file)');
    expect(text).toContain('And the sun\n\n*Stopped before the end.*');
    expect(text).toContain('## Cost\n\n150 points for 2 answers.\n\n1. Echo Bot: 120 points ($0.0036)\n2. Echo Bot: 30 points');
  });

  it('says how other answers ended, which version is shown, and names an untitled conversation', () => {
    const text = conversationMarkdown(
      {
        conversation: { ...conversation, title: '  ' },
        messages: [
          { ...base, id: 'a', seq: 0, role: 'bot', text: 'Half', status: 'interrupted', error: { kind: 'network', message: 'The connection to Poe was lost.' }, versions: { index: 1, count: 3 } },
          { ...base, id: 'b', seq: 1, role: 'bot', text: 'No', status: 'error' },
          { ...base, id: 'c', seq: 2, role: 'system', text: 'Note', status: 'complete', attachments: [{ url: 'poe-file:x', contentType: 'text/plain', name: '' }] },
        ],
      },
      { botName, now: NOW, locale: 'en-GB', timeZone: 'UTC' },
    );
    expect(text).toContain('# Untitled conversation\n');
    expect(text).toContain('**Echo Bot** · 2 Dec 2026, 12:00 · version 2 of 3\n\nHalf\n\n*Cut off: The connection to Poe was lost.*');
    expect(text).toContain('No\n\n*Failed.*');
    expect(text).toContain('**System** · 2 Dec 2026, 12:00\n\nNote\n\n- file (kept in the extension; not part of this file)');
  });

  it('writes its words, dates and numbers in the UI language', async () => {
    const backToEnglish = await useUiLanguage('de');
    try {
      const text = conversationMarkdown(
        {
          conversation,
          messages: [
            { ...base, id: 'a', seq: 0, role: 'user', text: 'Warum?', status: 'complete', attachments: [{ url: 'poe-file:local', contentType: 'application/pdf', name: 'notes.pdf' }] },
            { ...base, id: 'b', seq: 1, role: 'bot', text: 'Darum', status: 'stopped', pointsCost: 1_200, versions: { index: 0, count: 2 } },
            { ...base, id: 'c', seq: 2, role: 'bot', text: 'Und', status: 'complete', pointsCost: 34 },
          ],
        },
        { botName, now: NOW, timeZone: 'UTC' },
      );
      const date = new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(NOW);
      expect(date).toBe('02.12.2026, 12:00');
      expect(text).toContain(`*Echo Bot · begonnen ${date} · exportiert ${date} aus Poe Toolbar*`);
      expect(text).toContain(`**Sie** · ${date}\n\nWarum?\n\n- notes.pdf (in der Erweiterung gespeichert; nicht Teil dieser Datei)`);
      expect(text).toContain(`**Echo Bot** · ${date} · Version 1 von 2\n\nDarum\n\n*Vor dem Ende gestoppt.*`);
      expect(text).toContain('## Kosten\n\n1.234 Punkte für 2 Antworten.\n\n1. Echo Bot: 1.200 Punkte\n2. Echo Bot: 34 Punkte');
    } finally {
      backToEnglish();
    }
  });

  it('names files after the title, safe on every system', () => {
    expect(exportFileName('Tides: why / how?', NOW, 'md')).toBe('Tides-why-how-2026-12-02.md');
    expect(exportFileName('\u202e..', NOW, 'json')).toBe('conversation-2026-12-02.json');
  });
});
