import type {
  BackgroundEvent,
  BotParameters,
  CostEstimate,
  GuardPreferences,
  HeldSend,
  ModelSummary,
  PendingAttachment,
  Spend,
} from '@/lib/messaging/contracts';
import type { HeldPlan, StoredHold } from '@/lib/storage/settings';
import type { StoredMessage } from '@/lib/storage/chat-db';
import type { DailySpend } from './daily-spend';
import { estimateCost, estimateTokens, pointsRate, type EstimatedMessage } from './estimate';
import { compareTotal, decideCompare } from './compare-guard';
import { botKey, decideSend, spendLevel } from './guard';

/** A command the guard holds for the user's OK; the door answers it with `commandHeld`. */
export class HeldError extends Error {
  override readonly name = 'HeldError';
  constructor(readonly held: HeldSend) {
    super('held');
  }
}

/** Everything the guard needs to judge one command that would start an answer. */
export interface GuardRequest {
  requestId: string;
  plan: HeldPlan;
  bot: string;
  conversationId: string | null;
  /** The question (re-)asked, and its files not yet uploaded. */
  text: string;
  attachments: readonly PendingAttachment[];
  parameters?: BotParameters;
  /** Everything that will be sent, the question last. */
  messages: readonly EstimatedMessage[];
  origin: HeldSend['origin'];
}

export interface SendGuardDeps {
  guard(): Promise<GuardPreferences>;
  allowBot(bot: string): Promise<void>;
  models(): Promise<ModelSummary[]>;
  /** A stored conversation's messages, oldest first. */
  history(conversationId: string): Promise<StoredMessage[]>;
  spend: DailySpend;
  store: { getValue(): Promise<StoredHold[]>; setValue(holds: StoredHold[]): Promise<void> };
  /** Tells every connected page. */
  broadcast(event: BackgroundEvent): void;
  now?: () => number;
}

/** A compare's draft: the bots (each with its saved parameters, in the same order), the question and its files. */
export interface CompareDraft {
  bots: readonly string[];
  text: string;
  attachments: readonly PendingAttachment[];
  parameters: readonly BotParameters[];
}

/** Held sends kept at most (the oldest go first): a page ask repeated many times must not pile up. */
const MAX_HOLDS = 20;

/** The messages of a stored conversation as they will be sent (bot messages without text are left out, as in query.ts). */
export function estimatedHistory(history: readonly StoredMessage[]): EstimatedMessage[] {
  return history
    .filter((message) => message.role !== 'bot' || message.text.length > 0)
    .map((message) => ({ text: message.text, ...(message.attachments ? { attachments: message.attachments } : {}) }));
}

/**
 * The spending guard, in the background where every send passes: it estimates each command that would start an
 * answer (composer, page asks, prompt actions, regenerate, edit), holds those that would pass a limit or go to a bot
 * outside Poe's list, and carries a held one out only when the user confirms it — once, by its request id.
 */
export class SendGuard {
  private holds: StoredHold[] = [];
  readonly ready: Promise<void>;
  private readonly now: () => number;

  constructor(private readonly deps: SendGuardDeps) {
    this.now = deps.now ?? Date.now;
    this.ready = deps.store.getValue().then(
      (stored) => void (this.holds = [...stored, ...this.holds]),
      () => undefined,
    );
  }

  held(): HeldSend[] {
    return this.holds.map((hold) => hold.view);
  }

  private async model(bot: string): Promise<{ model: ModelSummary | undefined; haveList: boolean }> {
    const models = await this.deps.models();
    const key = botKey(bot);
    return { model: models.find((each) => botKey(each.id) === key || botKey(each.displayName) === key), haveList: models.length > 0 };
  }

  /** What sending `messages` (the question last) to `bot` would cost. */
  async estimate(
    bot: string,
    messages: readonly EstimatedMessage[],
    parameters?: BotParameters,
    outputTokens?: number,
    history: 'read' | 'known' = 'read',
  ): Promise<CostEstimate> {
    // `known`: the rate from what was read before, never waiting for Poe (a send with no limits must not wait).
    const [{ model, haveList }, entries] = await Promise.all([
      this.model(bot),
      history === 'read' ? this.deps.spend.forRate() : this.deps.spend.entries(),
    ]);
    return estimateCost({
      // People know a model by its display name ("GPT-5.4"); a bot outside the list keeps the name it was typed as.
      bot: model?.displayName ?? bot,
      model,
      haveList,
      messages,
      ...(parameters ? { parameters } : {}),
      rate: pointsRate(entries),
      ...(outputTokens !== undefined ? { outputTokens } : {}),
    });
  }

  /** A draft's estimate (its conversation's history included) and whether the guard would hold it now. */
  async preview(draft: {
    conversationId: string | null;
    bot: string;
    text: string;
    parameters?: BotParameters;
    attachments: readonly PendingAttachment[];
  }): Promise<{ estimate: CostEstimate; wouldHold: boolean }> {
    const history = draft.conversationId ? await this.deps.history(draft.conversationId) : [];
    const messages = [...estimatedHistory(history), { text: draft.text, attachments: draft.attachments }];
    const estimate = await this.estimate(draft.bot, messages, draft.parameters);
    const limits = await this.deps.guard();
    const spentToday = limits.dailyBudget !== null ? await this.deps.spend.spent() : undefined;
    return { estimate, wouldHold: decideSend({ estimate, limits, ...(spentToday !== undefined ? { spentToday } : {}) }).hold };
  }

  /** Lets the command go, or holds it (throws {@link HeldError}); the pages are told of a new hold. */
  async check(request: GuardRequest): Promise<void> {
    await this.ready;
    const limits = await this.deps.guard();
    const limited = limits.dailyBudget !== null || limits.answerCeiling !== null;
    const estimate = await this.estimate(request.bot, request.messages, request.parameters, undefined, limited ? 'read' : 'known');
    const spentToday = limits.dailyBudget !== null ? await this.deps.spend.spent() : undefined;
    const decision = decideSend({ estimate, limits, ...(spentToday !== undefined ? { spentToday } : {}) });
    if (!decision.hold) return;
    return this.hold(
      {
        requestId: request.requestId,
        action: request.plan.kind,
        origin: request.origin,
        bot: request.bot,
        conversationId: request.conversationId,
        text: request.text,
        attachments: [...request.attachments],
        reasons: decision.reasons,
        ...(decision.upToPoints !== undefined ? { upToPoints: decision.upToPoints } : {}),
        createdAt: this.now(),
      },
      request.plan,
    );
  }

  /**
   * A compare (issue 16): every bot's answer estimated (each with the draft's files, as a send would be), and judged
   * together (decideCompare); let go whole, or held whole (throws {@link HeldError}) with the total as its "up to" and
   * the files kept for the confirmation.
   */
  async checkCompare(request: CompareDraft & { requestId: string }): Promise<void> {
    const { estimates, decision } = await this.judgeCompare(request);
    if (!decision.hold) return;
    return this.hold(
      {
        requestId: request.requestId,
        action: 'compare',
        origin: 'page',
        bot: estimates.map((estimate) => estimate.bot).join(', '),
        conversationId: null,
        text: request.text,
        attachments: [...request.attachments],
        reasons: decision.reasons,
        ...(decision.upToPoints !== undefined ? { upToPoints: decision.upToPoints } : {}),
        createdAt: this.now(),
      },
      {
        kind: 'compare',
        bots: [...request.bots],
        text: request.text,
        attachments: [...request.attachments],
        unknownBots: request.bots.filter((_, index) => {
          const estimate = estimates[index];
          return estimate?.kind === 'unknown' && estimate.reason === 'unknown_bot';
        }),
      },
    );
  }

  /** What a compare would cost, each bot and in all, and whether the guard would hold it now (shown before sending). */
  async previewCompare(request: CompareDraft): Promise<{ estimates: CostEstimate[]; upToPoints?: number; wouldHold: boolean }> {
    const { estimates, decision, total } = await this.judgeCompare(request);
    return { estimates, ...(total !== undefined ? { upToPoints: total } : {}), wouldHold: decision.hold };
  }

  private async judgeCompare(request: CompareDraft) {
    await this.ready;
    const limits = await this.deps.guard();
    const limited = limits.dailyBudget !== null || limits.answerCeiling !== null;
    const estimates = await Promise.all(
      request.bots.map((bot, index) =>
        this.estimate(bot, [{ text: request.text, attachments: request.attachments }], request.parameters[index], undefined, limited ? 'read' : 'known'),
      ),
    );
    const spentToday = limits.dailyBudget !== null ? await this.deps.spend.spent() : undefined;
    const decision = decideCompare({ estimates, limits, ...(spentToday !== undefined ? { spentToday } : {}) });
    return { estimates, decision, total: compareTotal(estimates) };
  }

  private async hold(view: HeldSend, plan: HeldPlan): Promise<never> {
    // The same request held again (a page resending after a reconnect) replaces its first hold.
    await this.save([...this.holds.filter((hold) => hold.view.requestId !== view.requestId), { view, plan }].slice(-MAX_HOLDS));
    throw new HeldError(view);
  }

  /**
   * Takes a held command out, once: a second confirmation of the same hold (a double click, a stale page) finds
   * nothing. A bot the user confirmed is allowed from now on.
   */
  async take(requestId: string, how: { confirmed: boolean }): Promise<StoredHold | undefined> {
    await this.ready;
    const hold = this.holds.find((each) => each.view.requestId === requestId);
    if (!hold) return undefined;
    // Removed before any await: a confirmation racing this one cannot take it too.
    const saved = this.save(this.holds.filter((each) => each !== hold));
    if (how.confirmed && hold.view.reasons.some((reason) => reason.kind === 'unknown_bot')) {
      // A compare names several bots: those outside Poe's list are allowed, each by its own name.
      const bots = hold.plan.kind === 'compare' ? (hold.plan.unknownBots ?? []) : [hold.view.bot];
      for (const bot of bots) await this.deps.allowBot(botKey(bot));
    }
    await saved;
    return hold;
  }

  /** A confirmed command could not be carried out (nothing was sent): it waits again, so nothing is lost. */
  async putBack(hold: StoredHold): Promise<void> {
    if (this.holds.some((each) => each.view.requestId === hold.view.requestId)) return;
    await this.save([...this.holds, hold].slice(-MAX_HOLDS));
  }

  private save(holds: StoredHold[]): Promise<void> {
    this.holds = holds;
    this.deps.broadcast({ type: 'held', held: this.held() });
    return this.deps.store.setValue(holds).catch(() => undefined);
  }

  /** Today's spending from what is known now (no network). */
  async spendNow(): Promise<Spend> {
    const limits = await this.deps.guard();
    const spentToday = limits.dailyBudget !== null ? this.deps.spend.cached() : undefined;
    return this.spendOf(limits, spentToday);
  }

  /** Reads today's spending afresh and tells every page. */
  async pushSpend(): Promise<void> {
    const limits = await this.deps.guard();
    const spentToday = limits.dailyBudget !== null ? await this.deps.spend.spent() : undefined;
    this.deps.broadcast({ type: 'spend', spend: this.spendOf(limits, spentToday) });
  }

  private spendOf(limits: GuardPreferences, spentToday: number | undefined): Spend {
    return {
      ...(spentToday !== undefined ? { spentToday } : {}),
      dailyBudget: limits.dailyBudget,
      answerCeiling: limits.answerCeiling,
      level: spendLevel(spentToday, limits.dailyBudget),
    };
  }

  /**
   * An answer ended: until Poe lists its charge, it counts at what its real length would cost (the history it
   * answered, priced like an estimate, with the answer's own length as the output).
   */
  async answerEnded(answer: StoredMessage): Promise<void> {
    const before = (await this.deps.history(answer.conversationId)).filter((message) => message.seq < answer.seq);
    const parameters = before.findLast((message) => message.role === 'user')?.parameters;
    const estimate = await this.estimate(answer.bot, estimatedHistory(before), parameters, estimateTokens(answer.text));
    const points = estimate.kind === 'tokens' ? estimate.points[1] : estimate.kind === 'request' ? estimate.points : 0;
    this.deps.spend.answerEnded({ id: answer.id, bot: answer.bot, createdAt: answer.createdAt, points });
    await this.pushSpend();
  }
}
