/**
 * History-at-scale benchmark (issue 10): the background side of a large history in fake-indexeddb.
 *
 *   node --import tsx tests/bench/history-scale.ts [--conversations 1000] [--messages 50000] [--runs 5]
 *
 * Builds a version-3 database of 1,000 conversations / 50,000 messages (200 B–4 KB of deterministic pseudo-random
 * text each; one conversation has 500 messages), upgrades it to version 4, and prints:
 * - what a panel open reads (the first page of conversations, the latest messages of the newest one) against the
 *   same reads of an empty history, before and after the index is built;
 * - the background build of the index (total, per chunk, size);
 * - pages: the first and a later page of conversations; the last and an earlier page of a 500-message conversation;
 * - search: pasted queries, and every prefix of a query as it is typed, plus a search before the index is built;
 * - what writes cost the index: a streaming save, a final answer, a rename, a delete, and compaction.
 * fake-indexeddb is an in-memory JavaScript implementation: absolute figures differ from Chrome's, ratios less so.
 * The whole database lives in this process's heap (see the heap figure), so garbage collection of it shows in every
 * figure taken after the build; "cpu" counts every thread of the process (the collector's too).
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ChatEngine } from '@/lib/chat/engine';
import { CONVERSATIONS_PAGE, MAX_SEARCH_RESULTS, MESSAGES_PAGE } from '@/lib/messaging/rules';
import { ChatRepository, openChatDb, type StoredMessage } from '@/lib/storage/chat-db';
import { SEARCH_STATE_KEY } from '@/lib/storage/chat-schema';
import { backfillChunk, compact } from '@/lib/storage/search-maintenance';
import { PLANTED_SEQ, PLANTED_WORD, createVersion3Stores, generateHistory, historyText, plantedConversation } from './history-data';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}
const CONVERSATIONS = arg('conversations', 1_000);
const MESSAGES = arg('messages', 50_000);
const RUNS = arg('runs', 5);
const LONG = 500;

// Deterministic text (history-data.ts).
const source = historyText();
const VOCABULARY = source.vocabulary;
const text = source.text;

// ---------------------------------------------------------------------------------------------------------------
// Figures.

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
/** Wall-clock time, and the CPU time of this process meanwhile (steadier on a busy machine). */
async function time<T>(run: () => Promise<T>): Promise<{ ms: number; cpu: number; result: Awaited<T> }> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = await run();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { ms: wall, cpu: (cpu.user + cpu.system) / 1000, result };
}
/** Medians of `RUNS` runs after one warm-up. */
async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; cpu: number; result: Awaited<T> }> {
  let result = await run();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const once = await time(run);
    walls.push(once.ms);
    cpus.push(once.cpu);
    result = once.result;
  }
  return { ms: median(walls), cpu: median(cpus), result };
}
const both = (figure: { ms: number; cpu: number }) => `${ms(figure.ms)} (cpu ${ms(figure.cpu)})`;
const line = (label: string, value: string) => console.log(`  ${label.padEnd(58)} ${value}`);

// ---------------------------------------------------------------------------------------------------------------
// The data, written as a version-3 database (what users have before this change).

/** A conversation and message with a word found nowhere else, to check a search finds exactly it. */
const PLANTED = { word: PLANTED_WORD, conversation: plantedConversation(CONVERSATIONS), seq: PLANTED_SEQ };

async function writeVersion3(name: string): Promise<{ longId: string; newestId: string; bytes: number }> {
  const db = await openDB(name, 3, {
    upgrade: createVersion3Stores,
  });
  let bytes = 0;
  for (const { conversation, messages } of generateHistory(source, { conversations: CONVERSATIONS, messages: MESSAGES, long: LONG })) {
    for (const message of messages) bytes += message.text.length;
    const tx = db.transaction(['conversations', 'messages'], 'readwrite');
    void tx.objectStore('conversations').put(conversation);
    for (const message of messages) void tx.objectStore('messages').put(message);
    await tx.done;
  }
  db.close();
  return { longId: 'c-0000', newestId: 'c-0000', bytes };
}

// ---------------------------------------------------------------------------------------------------------------

function engineOver(repository: ChatRepository): ChatEngine {
  return new ChatEngine({ repository, readApiKey: async () => undefined, readBaseUrl: async () => 'http://bench' });
}

/** What a panel open reads: the first page of conversations and the latest messages of the one it shows. */
async function panelOpen(engine: ChatEngine, conversationId: string | null) {
  return timed(async () => {
    const list = await engine.conversations();
    const view = await engine.messages(conversationId);
    return { list, view };
  });
}

async function main() {
  console.log(`History at scale: ${CONVERSATIONS} conversations, ${MESSAGES} messages (fake-indexeddb, median of ${RUNS})`);
  console.log(`Node ${process.version}, load average ${loadavg().map((each) => each.toFixed(1)).join(' ')} on ${cpus().length} CPUs\n`);

  const empty = new ChatRepository(openChatDb('bench-empty'), { background: false });
  const emptyOpen = await panelOpen(engineOver(empty), null);

  const generated = await time(() => writeVersion3('bench-history'));
  console.log('Data');
  line('version-3 history written (generation included)', ms(generated.ms));
  line('text', `${(generated.result.bytes / 1e6).toFixed(1)} MB`);

  const opened = await time(() => openChatDb('bench-history'));
  const db = opened.result;
  const repository = new ChatRepository(Promise.resolve(db), { background: false });
  const engine = engineOver(repository);
  await engine.ready;
  console.log('\nMigration');
  line('upgrade to version 4 (creates the index stores only)', ms(opened.ms));

  const before = await panelOpen(engine, generated.result.newestId);
  const scan = await time(() => engine.search(`${PLANTED.word}`));
  line('search before the index is built (reads everything)', `${both(scan)} → ${scan.result.length} result(s)`);

  // The background build, chunk by chunk (the repository pauses between chunks; here it does not).
  const chunks: number[] = [];
  let midway: Awaited<ReturnType<typeof time<unknown[]>>> | undefined;
  const build = await time(async () => {
    for (;;) {
      const chunk = await time(() => backfillChunk(db));
      if (!chunk.result) break;
      chunks.push(chunk.ms);
      if (chunks.length === 10) midway = await time(() => engine.search(PLANTED.word));
    }
  });
  console.log('\nIndex build (background, after the upgrade)');
  line('total', `${both(build)} in ${chunks.length} chunks`);
  line('per chunk (several short transactions each)', `median ${ms(median(chunks))}, max ${ms(Math.max(...chunks))}`);
  if (midway) line('a search after 10 chunks (the rest read in full)', `${both(midway)} → ${midway.result.length}`);
  const tx = db.transaction(['searchTerms', 'searchDocs', 'searchState']);
  let blocks = 0;
  let postings = 0;
  const words = new Set<string>();
  let cursor = await tx.objectStore('searchTerms').openCursor();
  while (cursor) {
    blocks += 1;
    postings += cursor.value.length / 2;
    words.add(cursor.key[0]);
    cursor = await cursor.continue();
  }
  const state = await tx.objectStore('searchState').get(SEARCH_STATE_KEY);
  line('size', `${words.size} words, ${blocks} blocks, ${postings} postings (${((postings * 8) / 1e6).toFixed(1)} MB), ${state?.docs} documents`);
  line('JavaScript heap (the whole database is in it)', `${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);

  const after = await panelOpen(engine, generated.result.newestId);
  console.log('\nPanel open (first page of conversations + latest messages), empty history = 1.0×');
  line('empty history', both(emptyOpen));
  line(`${CONVERSATIONS} conversations, before the index is built`, `${both(before)} (${(before.ms / emptyOpen.ms).toFixed(2)}×)`);
  line(`${CONVERSATIONS} conversations, index built`, `${both(after)} (${(after.ms / emptyOpen.ms).toFixed(2)}×)`);
  line('  sent', `${after.result.list.conversations.length} conversations (more: ${after.result.list.more}), ${after.result.view.messages.length} messages (earlier: ${after.result.view.hasEarlier})`);

  console.log('\nPages');
  const firstPage = await timed(() => repository.listConversations({ limit: CONVERSATIONS_PAGE }));
  line(`first ${CONVERSATIONS_PAGE} conversations`, both(firstPage));
  const lastBefore = firstPage.result.conversations.at(-1)!.updatedAt;
  const laterPage = await timed(() => repository.listConversations({ limit: CONVERSATIONS_PAGE, before: lastBefore }));
  line(`next ${CONVERSATIONS_PAGE} (before the last one's updatedAt)`, both(laterPage));
  const all = await timed(() => repository.listConversations());
  line(`all ${all.result.conversations.length} conversations (what the snapshot used to carry)`, both(all));
  const latest = await timed(() => engine.messages(generated.result.longId));
  line(`${LONG}-message conversation: latest ${MESSAGES_PAGE} (what opens it)`, `${both(latest)} (budget 150 ms: ${(latest.ms / 150).toFixed(3)}×)`);
  const earlier = await timed(() => engine.messages(generated.result.longId, latest.result.messages[0]!.seq));
  line(`  the ${MESSAGES_PAGE} before them (loadEarlierMessages)`, both(earlier));
  const whole = await timed(() => repository.listMessages(generated.result.longId));
  line(`  all ${whole.result.length} (what opening it used to read; a question to Poe still does)`, both(whole));

  console.log(`\nSearch (ranked, ≤ ${MAX_SEARCH_RESULTS} results with snippets; budget 100 ms)`);
  const rare = VOCABULARY[15_000]!;
  const middling = VOCABULARY[300]!;
  const pasted = [
    PLANTED.word,
    rare,
    middling,
    'the',
    `${middling} ${VOCABULARY[40]!}`,
    `function value ${VOCABULARY[5]!} ${VOCABULARY[900]!}`,
    `the ${rare}`,
  ];
  for (const query of pasted) {
    const result = await timed(() => engine.search(`${query} `));
    line(`pasted "${query}"`, `${both(result)} (${(result.ms / 100).toFixed(3)}×) → ${result.result.length}`);
  }
  const found = (await engine.search(PLANTED.word))[0];
  line('  the planted word is found in', `${found?.conversation.id}: "${found?.snippet.slice(0, 50)}…" ${JSON.stringify(found?.highlights)}`);

  const typed = `${VOCABULARY[120]!} ${VOCABULARY[2_000]!} error`;
  console.log(`\n  typed "${typed}", each prefix (the last word a prefix):`);
  const perPrefix: number[] = [];
  const perPrefixCpu: number[] = [];
  for (let length = 1; length <= typed.length; length += 1) {
    const prefix = typed.slice(0, length);
    const result = await timed(() => engine.search(prefix));
    perPrefix.push(result.ms);
    perPrefixCpu.push(result.cpu);
    line(`  "${prefix}"`, `${both(result)} → ${result.result.length}`);
  }
  line('  slowest prefix', `${ms(Math.max(...perPrefix))} (${(Math.max(...perPrefix) / 100).toFixed(3)}×), most cpu ${ms(Math.max(...perPrefixCpu))}`);

  console.log('\nWrites (what keeps the index in step)');
  const conversation = generated.result.longId;
  const streaming: StoredMessage = {
    id: 'bench-answer', conversationId: conversation, seq: 10_000, role: 'bot', bot: 'Bench-Bot', text: '', status: 'streaming', createdAt: Date.now(),
  };
  const answerText = text(2_000);
  const saves: number[] = [];
  for (let step = 1; step <= 10; step += 1) {
    streaming.text = answerText.slice(0, step * 200);
    saves.push((await time(() => repository.putMessage({ ...streaming }))).ms);
  }
  line('a streaming save (every ~300 ms while answering)', `median ${ms(median(saves))}`);
  const final = await time(() => repository.putMessage({ ...streaming, status: 'complete' }));
  line('the answer ends: 2 KB indexed', both(final));
  const again = await time(() => repository.putMessage({ ...streaming, status: 'complete', pointsCost: 3 }));
  line('  saved again, text unchanged (points cost)', ms(again.ms));
  const edited = await time(() => repository.putMessage({ ...streaming, status: 'complete', text: `${answerText} edited` }));
  line('  text changed (old document tombstoned, new one indexed)', both(edited));
  const renamed = await time(async () => {
    const current = (await repository.getConversation(conversation))!;
    await repository.putConversation({ ...current, title: 'Renamed for the bench' });
  });
  line('rename (title re-indexed)', ms(renamed.ms));
  const deletes: number[] = [];
  const victims = all.result.conversations.slice(Math.floor(CONVERSATIONS / 10), Math.floor(CONVERSATIONS * 0.4)).map((each) => each.id);
  for (const id of victims) deletes.push((await time(() => repository.deleteConversation(id))).ms);
  line(`delete a conversation (×${victims.length}, median)`, ms(median(deletes)));
  const stale = await engine.search(`${middling} `);
  line('  a search right after: results from deleted conversations', String(stale.filter((hit) => victims.includes(hit.conversation.id)).length));
  const stateBefore = await db.get('searchState', SEARCH_STATE_KEY);
  const compaction = await time(() => compact(db, async () => undefined));
  const stateAfter = await db.get('searchState', SEARCH_STATE_KEY);
  line('compaction', `${both(compaction)} (garbage ${stateBefore?.garbage} → ${stateAfter?.garbage} documents)`);
  const afterCompaction = await timed(() => engine.search(`${middling} `));
  line(`  pasted "${middling}" after compaction`, `${both(afterCompaction)} → ${afterCompaction.result.length}`);
}

await main();
