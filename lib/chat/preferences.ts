import { siteKey } from '@/lib/messaging/bubble-sites';
import type {
  BotParameters,
  GuardPreferences,
  PageBubblePreferences,
  ParameterValue,
  Preferences,
  PromptAction,
  TranslationPreferences,
} from '@/lib/messaging/contracts';
import { RECENT_BOTS_KEPT } from '@/lib/messaging/rules';
import {
  botParametersSetting,
  guardSetting,
  pageBubbleSetting,
  promptActionsSetting,
  recentBotsSetting,
  selectedBotSetting,
  translationSetting,
} from '@/lib/storage/settings';

/**
 * Every preference, owned by the background: pages change them only by command and are told the result. Changes are
 * applied one after another (each reads what the previous one wrote), so quick successive changes never lose one.
 */
export class PreferenceStore {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(preferences: Preferences) => void>();

  async get(): Promise<Preferences> {
    const [selectedBot, botParameters, recentBots, promptActions, guard, pageBubble, translation] = await Promise.all([
      selectedBotSetting.getValue(),
      botParametersSetting.getValue(),
      recentBotsSetting.getValue(),
      promptActionsSetting.getValue(),
      guardSetting.getValue(),
      pageBubbleSetting.getValue(),
      translationSetting.getValue(),
    ]);
    return { selectedBot, botParameters, recentBots, promptActions, guard, pageBubble, translation };
  }

  /** Called with the new preferences after every change. */
  onChange(listener: (preferences: Preferences) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private change(apply: () => Promise<unknown>): Promise<void> {
    const next = this.queue.then(apply).then(async () => {
      const preferences = await this.get();
      for (const listener of this.listeners) listener(preferences);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  selectBot(bot: string): Promise<void> {
    return this.change(async () => {
      if ((await selectedBotSetting.getValue()) !== bot) await selectedBotSetting.setValue(bot);
    });
  }

  /**
   * Sets one parameter of one bot; `null` goes back to the bot's default. Names are data, never paths into an
   * object: a bot or parameter called `__proto__` or `constructor` is stored as that name, like any other.
   */
  setParameter(bot: string, name: string, value: ParameterValue | null): Promise<void> {
    return this.change(async () => {
      const all = await botParametersSetting.getValue();
      const others = Object.entries(ownValue(all, bot) ?? {}).filter(([key]) => key !== name);
      const values: BotParameters = Object.fromEntries(value === null ? others : [...others, [name, value]]);
      await botParametersSetting.setValue(Object.fromEntries([...Object.entries(all).filter(([key]) => key !== bot), [bot, values]]));
    });
  }

  parametersFor(bot: string): Promise<BotParameters> {
    return botParametersSetting.getValue().then((all) => ownValue(all, bot) ?? {});
  }

  /** A bot that answered goes to the top of Recent. */
  noteRecentBot(bot: string): Promise<void> {
    return this.change(async () => {
      const recents = await recentBotsSetting.getValue();
      if (recents[0] === bot) return;
      await recentBotsSetting.setValue([bot, ...recents.filter((name) => name !== bot)].slice(0, RECENT_BOTS_KEPT));
    });
  }

  setPromptActions(actions: PromptAction[]): Promise<void> {
    return this.change(() => promptActionsSetting.setValue(actions));
  }

  // ── Translation (issue 13) ──

  translation(): Promise<TranslationPreferences> {
    return translationSetting.getValue();
  }

  /** The language chosen in Settings ("Translate into"); null: the browser's. */
  setTranslation(into: string | null): Promise<void> {
    return this.change(async () => {
      const current = await translationSetting.getValue();
      if (current.into !== into) await translationSetting.setValue({ ...current, into });
    });
  }

  /** A language picked in a "Translate to…" list: offered next time the text already is in the chosen language. */
  noteTranslatedInto(code: string): Promise<void> {
    return this.change(async () => {
      const current = await translationSetting.getValue();
      if (current.lastUsed !== code) await translationSetting.setValue({ ...current, lastUsed: code });
    });
  }

  // ── Spending guard (issue 12) ──

  guard(): Promise<GuardPreferences> {
    return guardSetting.getValue();
  }

  private changeGuard(update: (guard: GuardPreferences) => GuardPreferences): Promise<void> {
    return this.change(async () => guardSetting.setValue(update(await guardSetting.getValue())));
  }

  /** Setting limits (even to none) answers the first-run suggestion. */
  setSpendingLimits(dailyBudget: number | null, answerCeiling: number | null): Promise<void> {
    return this.changeGuard((guard) => ({ ...guard, dailyBudget, answerCeiling, suggestion: 'dismissed' }));
  }

  dismissGuardSuggestion(): Promise<void> {
    return this.changeGuard((guard) => ({ ...guard, suggestion: 'dismissed' }));
  }

  /** `bot` must be given as the guard compares it (lower-case). */
  allowBot(bot: string): Promise<void> {
    return this.changeGuard((guard) => (guard.allowedBots.includes(bot) ? guard : { ...guard, allowedBots: [...guard.allowedBots, bot] }));
  }

  forgetAllowedBot(bot: string): Promise<void> {
    return this.changeGuard((guard) => ({ ...guard, allowedBots: guard.allowedBots.filter((each) => each !== bot) }));
  }

  // ── The selection bubble (issue 13) ──

  pageBubble(): Promise<PageBubblePreferences> {
    return pageBubbleSetting.getValue();
  }

  /** Only what differs is written, so a change that changes nothing tells no page and re-registers nothing. */
  private changePageBubble(update: (bubble: PageBubblePreferences) => PageBubblePreferences): Promise<void> {
    return this.change(async () => {
      const current = await pageBubbleSetting.getValue();
      const next = update(current);
      if (JSON.stringify(next) !== JSON.stringify(current)) await pageBubbleSetting.setValue(next);
    });
  }

  /** The user's own choice: it answers the suggestion, and forgets why it was off. */
  setPageBubble(enabled: boolean): Promise<void> {
    return this.changePageBubble(({ offBecause: _reason, ...bubble }) => ({ ...bubble, enabled, suggestion: 'dismissed' }));
  }

  /** The browser took the access to all sites back (its own settings): off, and Settings says why. */
  pageBubbleAccessRemoved(): Promise<void> {
    return this.changePageBubble((bubble) => (bubble.enabled ? { ...bubble, enabled: false, offBecause: 'accessRemoved' } : bubble));
  }

  /** "Not on this site": `host` as the browser's sender record has it; anything that is not a host name is ignored. */
  blockSite(host: string): Promise<void> {
    const key = siteKey(host);
    if (!key) return Promise.resolve();
    return this.changePageBubble((bubble) => (bubble.blockedSites.includes(key) ? bubble : { ...bubble, blockedSites: [...bubble.blockedSites, key] }));
  }

  /** "Allow again": the site as Settings listed it (its stored form, so even an entry that is no host name goes). */
  allowBubbleOnSite(site: string): Promise<void> {
    return this.changePageBubble((bubble) => ({ ...bubble, blockedSites: bubble.blockedSites.filter((each) => each !== site) }));
  }

  /**
   * An answer arrived: the first one (with the bubble still off) brings the one-time suggestion. Read before writing,
   * so the answers after it cost one storage read and tell no page anything.
   */
  async noteAnswerArrived(): Promise<void> {
    if ((await pageBubbleSetting.getValue()).suggestion !== 'waiting') return;
    await this.changePageBubble((bubble) => (bubble.suggestion !== 'waiting' ? bubble : { ...bubble, suggestion: bubble.enabled ? 'dismissed' : 'show' }));
  }

  dismissBubbleSuggestion(): Promise<void> {
    return this.changePageBubble((bubble) => ({ ...bubble, suggestion: 'dismissed' }));
  }
}

/** A record's own entry: `constructor`, `toString` or `__proto__` are names like any other, not what every object inherits. */
function ownValue<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
