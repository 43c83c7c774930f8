/**
 * The deterministic history the history benches store (history-scale.ts in fake-indexeddb, history-panel.ts in the
 * real browser): `conversations` conversations adding up to `messages` messages of 200 B–4 KB of pseudo-random text
 * (Zipf-distributed common English words and invented words, a little markdown), one conversation of `long` messages
 * (the newest, id `c-0000`), and one word found nowhere else planted in one message. Same seed, same history.
 */
import type { IDBPDatabase } from 'idb';
import type { StoredConversation, StoredMessage } from '@/lib/storage/chat-schema';
import { rng as mulberry32 } from './doc';

const COMMON = (
  'the of and to a in is you that it he was for on are as with his they at be this have from or one had by word but not ' +
  'what all were we when your can said there use an each which she do how their if will up other about out many then ' +
  'them these so some her would make like him into time has look two more write go see number no way could people my ' +
  'than first water been call who oil its now find long down day did get come made may part function value return error'
).split(' ');
const SYLLABLES = 'ka ri to mu sa le po ni ve da lo qu an tri gel mor pha zen sul vor tek lin bra cor fes hum jal'.split(' ');

export interface HistoryText {
  /** The generator's random numbers (the history's shape draws from the same sequence as its text). */
  random(): number;
  /** 20,000 invented words, the most frequent first (Zipf rank order). */
  vocabulary: readonly string[];
  /** About `bytes` characters of text. */
  text(bytes: number): string;
}

export function historyText(seed = 42): HistoryText {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const invented = new Set<string>();
  while (invented.size < 20_000) {
    const length = 2 + Math.floor(random() * 3);
    let word = '';
    for (let index = 0; index < length; index += 1) word += pick(SYLLABLES);
    invented.add(word);
  }
  const vocabulary = [...invented];

  /** Zipf-distributed index into a list of `size` (rank 1 the most frequent). */
  const zipfSampler = (size: number, exponent: number): (() => number) => {
    const cumulative = new Float64Array(size);
    let total = 0;
    for (let rank = 0; rank < size; rank += 1) cumulative[rank] = total += 1 / (rank + 1) ** exponent;
    return () => {
      const target = random() * total;
      let low = 0;
      let high = size - 1;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (cumulative[mid]! < target) low = mid + 1;
        else high = mid;
      }
      return low;
    };
  };
  const commonIndex = zipfSampler(COMMON.length, 1);
  const inventedIndex = zipfSampler(vocabulary.length, 1.05);
  const word = () => (random() < 0.45 ? COMMON[commonIndex()]! : vocabulary[inventedIndex()]!);

  const text = (bytes: number): string => {
    const parts: string[] = [];
    let length = 0;
    let sentence = 0;
    while (length < bytes) {
      let piece = word();
      if (sentence === 0) piece = piece[0]!.toUpperCase() + piece.slice(1);
      const roll = random();
      if (roll < 0.01) piece = `**${piece}**`;
      else if (roll < 0.02) piece = `\`${piece}()\``;
      else if (roll < 0.025) piece = String(Math.floor(random() * 10_000));
      sentence += 1;
      if (sentence > 8 + random() * 12) {
        piece += random() < 0.2 ? '.\n\n' : '. ';
        sentence = 0;
      } else piece += ' ';
      parts.push(piece);
      length += piece.length;
    }
    return parts.join('').slice(0, bytes).trim();
  };
  return { random, vocabulary, text };
}

export interface HistoryShape {
  conversations: number;
  messages: number;
  /** Messages of the one long conversation (`c-0000`, the newest). */
  long: number;
}

/** A word found in one message only: a search must find exactly that conversation. */
export const PLANTED_WORD = 'xylophonequartz';
export const plantedConversation = (conversations: number) => `c-${String(Math.floor(conversations * 0.7)).padStart(4, '0')}`;
export const PLANTED_SEQ = 5;
export const conversationId = (index: number) => `c-${String(index).padStart(4, '0')}`;

/**
 * The history, a conversation at a time (with its messages, oldest first), in the order it is generated: c-0000 (the
 * long one, updated last of all), then c-0001… in time order. Each message is `Bench-Bot`'s or the user's, complete.
 */
export function* generateHistory(source: HistoryText, shape: HistoryShape): Generator<{ conversation: StoredConversation; messages: StoredMessage[] }> {
  const { random, text } = source;
  const planted = plantedConversation(shape.conversations);
  // Message counts: one conversation of `long`, the rest between 10 and ~90, adding up to `messages`.
  const counts = Array.from({ length: shape.conversations }, () => 10 + Math.floor(random() * 80));
  counts[0] = shape.long;
  let excess = counts.reduce((sum, count) => sum + count, 0) - shape.messages;
  for (let index = 1; excess !== 0; index = (index % (shape.conversations - 1)) + 1) {
    const step = excess > 0 ? -1 : 1;
    if (counts[index]! + step >= 2) {
      counts[index]! += step;
      excess += step;
    }
  }
  let clock = 1_700_000_000_000;
  for (let conv = 0; conv < shape.conversations; conv += 1) {
    const id = conversationId(conv);
    const messages: StoredMessage[] = [];
    for (let seq = 0; seq < counts[conv]!; seq += 1) {
      clock += 1_000 + Math.floor(random() * 60_000);
      let body = text(200 + Math.floor(random() * 3_800));
      if (id === planted && seq === PLANTED_SEQ) body = `${body.slice(0, 100)} ${PLANTED_WORD} ${body.slice(100)}`;
      messages.push({
        id: `${id}-m${seq}`,
        conversationId: id,
        seq,
        role: seq % 2 === 0 ? 'user' : 'bot',
        bot: 'Bench-Bot',
        text: body,
        status: 'complete',
        createdAt: clock,
      });
    }
    const title = messages[0]!.text.replace(/\s+/g, ' ').slice(0, 57);
    // The long conversation is the newest: the first in the list.
    const updatedAt = conv === 0 ? 1_900_000_000_000 : clock;
    yield { conversation: { id, title, bot: 'Bench-Bot', createdAt: messages[0]!.createdAt, updatedAt }, messages };
  }
}

/** The stores of schema version 3 (before the search index): what an upgraded history starts from. */
export function createVersion3Stores(database: IDBPDatabase): void {
  database.createObjectStore('conversations', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
  const messages = database.createObjectStore('messages', { keyPath: 'id' });
  messages.createIndex('by-conversation', ['conversationId', 'seq']);
  messages.createIndex('by-status', 'status');
  messages.createIndex('by-points-query', 'pointsQueryId');
}
