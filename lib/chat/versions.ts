import { t } from '@/lib/i18n';
import type { ChatRepository, StoredBranches, StoredFork, StoredMessage } from '@/lib/storage/chat-db';
import { goneMessage, RefusedError } from './errors';

/**
 * Versions of a regenerated or edited message (issue 16: branches instead of loss).
 *
 * The `messages` store holds only a conversation's visible path, so everything that pages, searches or prices a
 * conversation sees just that. What is not on screen lives in the conversation's `branches` record: at each fork (the
 * seq of a message with versions) every version but the active one, as the messages of that version from the fork on
 * plus the forks further along its own path. Switching swaps the visible tail with the stored one; nothing is lost.
 * The pure functions work out a change; keepVersion and showVersion write it in one transaction (rewritePath).
 */

export interface VersionInfo {
  index: number;
  count: number;
}

/** A change of the visible path: messages that leave it, messages that join it, and the new branches record. */
export interface PathChange {
  remove: StoredMessage[];
  add: StoredMessage[];
  branches: StoredBranches;
}

const forksOf = (branches: StoredBranches | undefined) => branches?.forks ?? [];

/** Every message of the versions not on screen, at every depth: what a conversation holds beyond its visible path. */
export function hiddenMessages(branches: StoredBranches | undefined): StoredMessage[] {
  const walk = (forks: readonly StoredFork[]): StoredMessage[] =>
    forks.flatMap((fork) => fork.versions.flatMap((version) => (version ? [...version.messages, ...walk(version.forks)] : [])));
  return walk(forksOf(branches));
}

/** Splits a path at `seq`: the forks before it, the fork at it (if any) and those after it. */
function split(forks: readonly StoredFork[], seq: number) {
  return {
    before: forks.filter((fork) => fork.seq < seq),
    at: forks.find((fork) => fork.seq === seq),
    after: forks.filter((fork) => fork.seq > seq),
  };
}

/**
 * Keeps the visible tail from `seq` on (a regenerated answer, an edited question, and what followed) as a version, and
 * makes room for a new one, which becomes the active last version. The caller removes `remove` from the path and
 * stores the new message at `seq` with `versions`.
 */
export function keepAsVersion(conversationId: string, branches: StoredBranches | undefined, path: readonly StoredMessage[], seq: number): PathChange & { versions: VersionInfo } {
  const { before, at, after } = split(forksOf(branches), seq);
  const tail = path.filter((message) => message.seq >= seq);
  const versions = at ? at.versions.slice() : [null];
  versions[at?.active ?? 0] = { messages: tail, forks: after };
  versions.push(null);
  const active = versions.length - 1;
  return {
    remove: tail,
    add: [],
    branches: { conversationId, forks: [...before, { seq, active, versions }] },
    versions: { index: active, count: versions.length },
  };
}

/**
 * Shows version `to` of the fork at `seq`: the visible tail is kept as the active version and the chosen version's
 * messages (and forks) take its place. Undefined when `to` is already shown. Throws a plain Error when there is no
 * such fork or version (the engine words it for people).
 */
export function switchTo(branches: StoredBranches | undefined, path: readonly StoredMessage[], seq: number, to: number): PathChange | undefined {
  const { before, at, after } = split(forksOf(branches), seq);
  if (!at || !Number.isInteger(to) || to < 0 || to >= at.versions.length) throw new Error('no such version');
  if (to === at.active) return undefined;
  const tail = path.filter((message) => message.seq >= seq);
  const versions = at.versions.slice();
  const target = versions[to];
  if (!target) throw new Error('no such version');
  versions[at.active] = { messages: tail, forks: after };
  versions[to] = null;
  // A version that never got its message (the run could not start) is not worth a slot.
  let active = to;
  if (tail.length === 0) {
    versions.splice(at.active, 1);
    if (at.active < to) active -= 1;
  }
  const count = versions.length;
  const [first, ...rest] = target.messages;
  const add = first ? [{ ...first, versions: { index: active, count } }, ...rest] : [];
  const forks = count > 1 ? [...before, { seq, active, versions }, ...target.forks] : [...before, ...target.forks];
  if (count <= 1 && first) delete add[0]!.versions;
  return { remove: tail, add, branches: { conversationId: path[0]?.conversationId ?? branches!.conversationId, forks } };
}

/**
 * Keeps the visible tail from `seq` on as a version and writes it; `next` (an edited question) is written at `seq` in
 * the same transaction, with its `versions`. Throws a RefusedError when the conversation is gone.
 */
export async function keepVersion(
  repo: ChatRepository,
  conversationId: string,
  path: readonly StoredMessage[],
  seq: number,
  next?: StoredMessage,
): Promise<{ versions: VersionInfo; removed: StoredMessage[] }> {
  const kept = keepAsVersion(conversationId, await repo.getBranches(conversationId), path, seq);
  if (next) next.versions = kept.versions;
  if (!(await repo.rewritePath(conversationId, { ...kept, add: next ? [next] : [] }))) throw new RefusedError('not_found', goneMessage());
  return { versions: kept.versions, removed: kept.remove };
}

/**
 * Shows version `to` of the message `messageId` on the visible `path` and writes it; undefined when that version is
 * shown already. Throws a RefusedError, in words for people, when the page asked about versions no longer there.
 */
export async function showVersion(repo: ChatRepository, conversationId: string, path: readonly StoredMessage[], messageId: string, to: number): Promise<PathChange | undefined> {
  const message = path.find((each) => each.id === messageId);
  if (!message?.versions) throw new RefusedError('not_found', t('chatErrors_noVersions'));
  let change: PathChange | undefined;
  try {
    change = switchTo(await repo.getBranches(conversationId), path, message.seq, to);
  } catch {
    throw new RefusedError('invalid_input', t('chatErrors_versionGone'));
  }
  if (change && !(await repo.rewritePath(conversationId, change))) throw new RefusedError('not_found', goneMessage());
  return change;
}
